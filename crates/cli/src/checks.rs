//! What `verify` checks in one input, read as the verify page reads a file
//! (`limpide_receipt::read_receipt_file`): one receipt, or an export whose
//! receipts are each checked (named `FILE#/N`, a JSON Pointer in a URI
//! fragment) and then whether they hold as one chain (named `FILE`).

use limpide_receipt::{
    check_chain_among, read_receipt_file, verify_receipt_value, Notice, ReceiptFile, Verified,
};

use crate::report::Checked;

/// The outcomes of one input, in the order they are printed.
pub fn check_input(name: String, bytes: &[u8], notice: Option<&Notice>) -> Vec<Checked> {
    let one = |name: String, receipt| {
        let verified = verify_receipt_value(receipt, notice);
        let summary = verified.as_ref().map(|r| Some(Verified::of(r, notice)));
        (
            Checked {
                name,
                result: summary.map_err(Clone::clone),
            },
            verified.ok(),
        )
    };
    match read_receipt_file(bytes) {
        Err(error) => vec![Checked {
            name,
            result: Err(error),
        }],
        Ok(ReceiptFile::Receipt(receipt)) => vec![one(name, &receipt).0],
        Ok(ReceiptFile::Export(list)) => {
            let (mut checked, verified): (Vec<Checked>, Vec<_>) = list
                .iter()
                .enumerate()
                .map(|(i, receipt)| one(format!("{name}#/{i}"), receipt))
                .unzip();
            let chain = check_chain_among(verified);
            checked.push(Checked {
                name,
                result: chain.verdict().map(|()| None),
            });
            checked
        }
    }
}
