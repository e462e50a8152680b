//! What `verify` checks in one input, read as the verify page reads a file
//! (`limpide_receipt::read_receipt_file`): one document (a receipt or a
//! controller record, each as its kind), or an export whose documents are
//! each checked (named `FILE#/N`, a JSON Pointer in a URI
//! fragment) and then whether they hold as one chain (named `FILE`).

use limpide_receipt::{
    check_chain_among, read_receipt_file, verify_document_value, Notice, ReceiptFile, RecordKind,
    Verified,
};

use crate::report::Checked;

/// The outcomes of one input, in the order they are printed.
pub fn check_input(name: String, bytes: &[u8], notice: Option<&Notice>) -> Vec<Checked> {
    // Each document is read as exactly its kind (its `typ`): a receipt, a
    // campaign manifest, a release record or a one-box withdrawal.
    let one = |name: String, document| {
        let verified = verify_document_value(document, notice);
        let summary = verified
            .as_ref()
            .map(|d| Some(Verified::of_document(d, notice)));
        (
            Checked {
                name,
                kind: Some(RecordKind::of(document)),
                result: summary.map_err(Clone::clone),
            },
            verified.ok().and_then(|d| d.into_receipt()),
        )
    };
    match read_receipt_file(bytes) {
        Err(error) => vec![Checked {
            name,
            kind: None,
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
                kind: None,
                result: chain.verdict().map(|()| None),
            });
            checked
        }
    }
}
