//! What `lint` and `verify` print: `path: message` lines, or `--json`.

use anyhow::Result;
use limpide_receipt::{
    document_verdict, verdict_value, ControllerCheck, Error, RecordKind, Verified,
};
use serde_json::{json, Value};

use crate::output::{say, Output};

/// The outcome of one input, without the document itself.
pub struct Checked {
    pub name: String,
    /// The kind of a signed document read as JSON (its `typ`); `None` for
    /// a notice, a chain, or what is not JSON.
    pub kind: Option<RecordKind>,
    pub result: Result<Option<Verified>, Error>,
}

/// Prints one input's lines: bare `path: message` lines, or each prefixed
/// with the input's name when there may be several inputs.
pub fn print_text(out: &mut Output, item: &Checked, prefixed: bool) -> Result<()> {
    let lead = if prefixed {
        format!("{}: ", item.name)
    } else {
        String::new()
    };
    match &item.result {
        Ok(Some(summary)) => {
            let signers: Vec<String> = summary
                .signers
                .iter()
                .map(|(role, kid)| format!("{} {kid}", role.as_str()))
                .collect();
            say!(
                out,
                "{lead}valid {} {} signed by {}{}",
                summary.kind.name(),
                summary.receipt_id,
                signers.join(", "),
                controller_note(summary.controller)
            );
        }
        Ok(None) => say!(out, "{lead}valid"),
        Err(e) => {
            for problem in e.problems() {
                say!(out, "{lead}{problem}");
            }
        }
    }
    Ok(())
}

/// What is said of the controller's signature after the signers.
fn controller_note(check: ControllerCheck) -> &'static str {
    match check {
        ControllerCheck::Unchecked => {
            "; the controller's key could not be checked (no notice listing its keys): its signature is not known to be the controller's"
        }
        ControllerCheck::Listed => "; the controller's key is listed in the notice",
        _ => "",
    }
}

/// The `--json` report (documented in `docs/cli.md`).
pub fn to_json(checked: &[Checked]) -> Value {
    // Each input's verdict is the receipt core's, as the verify page's is.
    let inputs: Vec<Value> = checked
        .iter()
        .map(|item| {
            let result = item.result.as_ref().map(Option::as_ref);
            let mut verdict = Value::from(match item.kind {
                Some(kind) => document_verdict(kind, result),
                None => verdict_value(result),
            });
            verdict["input"] = json!(item.name);
            verdict
        })
        .collect();
    json!({"valid": checked.iter().all(|c| c.result.is_ok()), "inputs": inputs})
}
