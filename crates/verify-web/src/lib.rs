//! The verify page's verifier (`www/verify.html`): `limpide-receipt`
//! compiled to wasm, giving the verdict `limpide verify --json` gives
//! (`limpide_receipt::verdict_value`), with what the page shows in plain
//! words beside it. Nothing here fetches or stores anything.
#![forbid(unsafe_code)]

mod details;

use limpide_receipt::{verdict_value, verify_receipt, Notice, Value, Verified};
use wasm_bindgen::prelude::*;

/// Verifies a receipt's text, against a notice's text when one is given.
///
/// Returns JSON: `verdict` (exactly the CLI's for that receipt and notice),
/// `notice` (`null` without one; else `valid` and its `problems`, for a
/// notice that is itself invalid and so checks nothing) and, for a valid
/// receipt, `details` (`details.rs`).
#[wasm_bindgen]
pub fn verify(receipt: &str, notice: Option<String>) -> String {
    report(receipt.as_bytes(), notice.as_deref().map(str::as_bytes)).to_string()
}

/// [`verify`]'s report as a value.
pub fn report(receipt: &[u8], notice: Option<&[u8]>) -> Value {
    let mut report = Value::Null;
    let notice = match notice.map(Notice::from_json) {
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
            report["notice"] = verdict_value(Err(&error));
            report["verdict"] = Value::Null;
            return report;
        }
    };
    match verify_receipt(receipt, notice.as_ref()) {
        Ok(verified) => {
            let summary = Verified::of(&verified, notice.as_ref());
            report["verdict"] = verdict_value(Ok(Some(&summary)));
            report["details"] = details::of(&verified, notice.as_ref());
        }
        Err(error) => report["verdict"] = verdict_value(Err(&error)),
    }
    report
}
