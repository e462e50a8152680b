//! What `lint` and `verify` print: `path: message` lines, or `--json`.

use limpide_receipt::{ControllerCheck, Error, Notice, Receipt};
use serde_json::{json, Value};

/// The outcome of one input, without the document itself.
pub struct Checked {
    pub name: String,
    pub result: Result<Option<Summary>, Error>,
}

/// What is reported of a valid receipt.
pub struct Summary {
    receipt_id: String,
    digest: String,
    signers: Vec<(&'static str, String)>,
    controller: ControllerCheck,
}

impl Summary {
    /// The summary of a receipt already checked against `notice`, if given
    /// (so an unlisted controller key has already been refused).
    pub fn of(receipt: &Receipt, notice: Option<&Notice>) -> Self {
        Self {
            controller: receipt
                .controller_check(notice)
                .unwrap_or(ControllerCheck::Unchecked),
            receipt_id: receipt.payload().receipt_id.clone(),
            digest: receipt.digest().to_owned(),
            signers: receipt
                .signers()
                .into_iter()
                .map(|s| (s.role.as_str(), s.kid))
                .collect(),
        }
    }
}

/// Prints one input's lines: bare `path: message` lines, or each prefixed
/// with the input's name when there may be several inputs.
pub fn print_text(item: &Checked, prefixed: bool) {
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
                .map(|(role, kid)| format!("{role} {kid}"))
                .collect();
            println!(
                "{lead}valid receipt {} signed by {}{}",
                summary.receipt_id,
                signers.join(", "),
                controller_note(summary.controller)
            );
        }
        Ok(None) => println!("{lead}valid"),
        Err(e) => {
            for problem in e.problems() {
                println!("{lead}{problem}");
            }
        }
    }
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

/// The controller check's name in `--json`.
fn controller_name(check: ControllerCheck) -> &'static str {
    match check {
        ControllerCheck::Listed => "listed",
        ControllerCheck::Unchecked => "unchecked",
        _ => "unsigned",
    }
}

/// The `--json` report (documented in `docs/cli.md`).
pub fn to_json(checked: &[Checked]) -> Value {
    let inputs: Vec<Value> = checked
        .iter()
        .map(|item| match &item.result {
            Ok(summary) => {
                let mut v = json!({"input": item.name, "valid": true, "problems": []});
                if let Some(s) = summary {
                    v["receipt_id"] = json!(s.receipt_id);
                    v["digest"] = json!(s.digest);
                    v["signers"] = s
                        .signers
                        .iter()
                        .map(|(role, kid)| json!({"role": role, "kid": kid}))
                        .collect();
                    v["controller"] = json!(controller_name(s.controller));
                }
                v
            }
            Err(e) => json!({
                "input": item.name,
                "valid": false,
                "problems": e.problems().iter().map(|p| json!({
                    "path": p.path(), "code": p.code(), "message": p.message()
                })).collect::<Vec<_>>(),
            }),
        })
        .collect();
    json!({"valid": checked.iter().all(|c| c.result.is_ok()), "inputs": inputs})
}
