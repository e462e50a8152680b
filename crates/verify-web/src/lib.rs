//! The verify page's verifier (`www/verify.html`): `limpide-receipt`
//! compiled to wasm, giving the verdict `limpide verify --json` gives
//! (`limpide_receipt::verdict_value`), with what the page shows in plain
//! words beside it. Nothing here fetches or stores anything.
#![forbid(unsafe_code)]

mod changes;
mod details;
mod log_proof;
mod record_details;

use limpide_receipt::{
    check_chain_among, document_verdict, parse_json, read_receipt_file, verdict_value,
    verify_document_value, Document, Error, Notice, Receipt, ReceiptFile, RecordKind, Value,
    Verified,
};
use wasm_bindgen::prelude::*;

/// Verifies a receipt's text (or a controller record's: a campaign
/// manifest, a release record, a one-box withdrawal, each read as its
/// kind), against a notice's text when one is given.
///
/// Returns JSON: `verdict` (exactly the CLI's for that document and
/// notice, with its `kind`), `notice` (`null` without one; else `valid` and
/// its `problems`, for a notice that is itself invalid and so checks
/// nothing) and, for a valid document, `details` (`details.rs` for a
/// receipt, `record_details.rs` for a record).
#[wasm_bindgen]
pub fn verify(receipt: &str, notice: Option<String>) -> String {
    report(receipt.as_bytes(), notice.as_deref().map(str::as_bytes)).to_string()
}

/// Checks a document's proof of inclusion in the controller's
/// transparency log (a C2SP tlog-proof) against the log keys `notice`
/// lists: JSON `{valid, index, size, origin, checkpoint_digest}`, or
/// `{valid: false, problems}` (`log_proof.rs`).
#[wasm_bindgen]
pub fn verify_log_proof(document: &str, notice: &str, proof: &str) -> String {
    log_proof::verdict(document, notice, proof).to_string()
}

/// Verifies what one file or one pasted text holds, read as `limpide
/// verify` reads a file (`limpide_receipt::read_receipt_file`): a receipt
/// ([`verify`]'s report), or an export's list of receipts ([`verify_all`]'s
/// report). An empty text is an invalid receipt, as for the CLI.
#[wasm_bindgen]
pub fn verify_text(text: &str, notice: Option<String>) -> String {
    let notice = read_notice(notice.as_deref());
    match read_receipt_file(text.as_bytes()) {
        Ok(ReceiptFile::Export(list)) => {
            several(list.into_iter().map(Ok).collect(), notice.as_ref())
        }
        Ok(ReceiptFile::Receipt(receipt)) => checked(Ok(receipt), notice.as_ref()).0,
        Err(error) => checked(Err(error), notice.as_ref()).0,
    }
    .to_string()
}

/// Verifies several receipts (several files, each a receipt or an export,
/// whose receipts are taken in turn) and whether their links hold as one
/// chain.
///
/// Returns JSON: `notice` as [`verify`]'s, `receipts` (each receipt's
/// [`verify`] report, in the order given) and `chain` (`holds`, `chains`,
/// and positions in the order given: `order`, first to latest, then
/// `missing_previous` and `replaced_twice`; among the receipts that
/// verified only).
#[wasm_bindgen]
pub fn verify_all(receipts: Vec<String>, notice: Option<String>) -> String {
    let notice = read_notice(notice.as_deref());
    let mut documents = Vec::new();
    for text in &receipts {
        match read_receipt_file(text.as_bytes()) {
            Ok(ReceiptFile::Export(list)) => documents.extend(list.into_iter().map(Ok)),
            Ok(ReceiptFile::Receipt(receipt)) => documents.push(Ok(receipt)),
            Err(error) => documents.push(Err(error)),
        }
    }
    several(documents, notice.as_ref()).to_string()
}

/// The report of receipts verified together: each one's, and their chain.
fn several(documents: Vec<Result<Value, Error>>, notice: Option<&Result<Notice, Error>>) -> Value {
    // Each receipt is verified once, for its report and for the chain.
    let (reports, verified): (Vec<Value>, Vec<Option<Receipt>>) = documents
        .into_iter()
        .map(|document| checked(document, notice))
        .unzip();
    let mut result = Value::Null;
    result["notice"] = reports.first().map_or(Value::Null, |r| r["notice"].clone());
    let chain = check_chain_among(verified);
    let positions =
        |list: &[usize]| -> Value { list.iter().map(|&i| Value::from(i as u64)).collect() };
    let mut links = Value::Null;
    links["holds"] = Value::Bool(chain.holds());
    links["chains"] = Value::from(chain.chains as u64);
    links["order"] = positions(&chain.order);
    links["missing_previous"] = positions(&chain.missing_previous);
    links["replaced_twice"] = positions(&chain.replaced_twice);
    result["receipts"] = Value::Array(reports);
    result["chain"] = links;
    result
}

/// What changed between two notice versions' texts.
///
/// Returns JSON: `older` and `newer` (each `valid` and its `problems`, as
/// `limpide lint --json` says them) and, when both are valid, `changes`:
/// `purposes` (each `id`, `change`: `added`, `removed`, `changed` or
/// `same`, and for `changed` the `languages` whose texts differ), `members`
/// (the other members that differ) and `same_texts`.
#[wasm_bindgen]
pub fn compare_notices(older: &str, newer: &str) -> String {
    let read = |text: &str| Notice::from_json(text.as_bytes());
    let (older, newer) = (read(older), read(newer));
    let mut report = Value::Null;
    report["older"] = verdict_value(older.as_ref().map(|_| None));
    report["newer"] = verdict_value(newer.as_ref().map(|_| None));
    report["changes"] = match (&older, &newer) {
        (Ok(older), Ok(newer)) => changes::value(&newer.changes_since(older)),
        _ => Value::Null,
    };
    report.to_string()
}

/// The QR code of `text` (a receipt's digest, for its printed copy) as an
/// SVG document, drawn by the `qrcode` crate.
#[wasm_bindgen]
pub fn qr_svg(text: &str) -> Result<String, JsError> {
    use qrcode::render::svg;
    let code = qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::M)
        .map_err(|e| JsError::new(&format!("no QR code for this text: {e}")))?;
    Ok(code
        .render::<svg::Color>()
        .min_dimensions(160, 160)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build())
}

/// [`verify`]'s report as a value.
pub fn report(receipt: &[u8], notice: Option<&[u8]>) -> Value {
    let notice = notice.map(Notice::from_json);
    checked(parse_json(receipt, "receipt"), notice.as_ref()).0
}

/// The notice given, read once for every receipt checked against it.
fn read_notice(notice: Option<&str>) -> Option<Result<Notice, Error>> {
    notice.map(|n| Notice::from_json(n.as_bytes()))
}

/// A receipt's report against a notice already read, and the receipt when
/// it verified.
fn checked(
    receipt: Result<Value, Error>,
    notice: Option<&Result<Notice, Error>>,
) -> (Value, Option<Receipt>) {
    let mut report = Value::Null;
    let notice = match notice {
        None => {
            report["notice"] = Value::Null;
            None
        }
        Some(Ok(notice)) => {
            report["notice"] = verdict_value(Ok(None));
            Some(notice)
        }
        Some(Err(error)) => {
            // As `limpide verify --notice` refuses to check against a broken
            // notice, the receipt is not checked against this one.
            report["notice"] = verdict_value(Err(error));
            report["verdict"] = Value::Null;
            return (report, None);
        }
    };
    // Read as exactly its kind (its `typ`), as `limpide verify` reads it.
    let document = match receipt {
        Ok(document) => document,
        Err(error) => {
            report["verdict"] = verdict_value(Err(&error));
            return (report, None);
        }
    };
    let kind = RecordKind::of(&document);
    match verify_document_value(&document, notice) {
        Ok(verified) => {
            let summary = Verified::of_document(&verified, notice);
            report["verdict"] = document_verdict(kind, Ok(Some(&summary)));
            report["details"] = match &verified {
                Document::Receipt(receipt) => details::of(receipt, notice),
                record => record_details::of(record, notice),
            };
            (report, verified.into_receipt())
        }
        Err(error) => {
            report["verdict"] = document_verdict(kind, Err(&error));
            (report, None)
        }
    }
}
