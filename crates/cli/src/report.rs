//! What `lint` and `verify` print: `path: message` lines, or `--json`.

use limpide_receipt::{Error, Receipt};
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
}

impl Summary {
    pub fn of(receipt: &Receipt) -> Self {
        Self {
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
                "{lead}valid receipt {} signed by {}",
                summary.receipt_id,
                signers.join(", ")
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
