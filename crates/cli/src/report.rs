//! What `lint` and `verify` print: `path: message` lines, or `--json`.

use limpide_receipt::{Error, Receipt};
use serde_json::{json, Value};

/// The outcome of one input.
pub struct Checked {
    pub name: String,
    pub result: Result<Option<Receipt>, Error>,
}

/// Prints the text report: for one input, bare `path: message` lines; for
/// several, each line prefixed with the input's name.
pub fn print_text(checked: &[Checked]) {
    let prefix = checked.len() > 1;
    for item in checked {
        let lead = if prefix {
            format!("{}: ", item.name)
        } else {
            String::new()
        };
        match &item.result {
            Ok(Some(receipt)) => {
                let signers: Vec<String> = receipt
                    .signers()
                    .iter()
                    .map(|s| format!("{} {}", s.role.as_str(), s.kid))
                    .collect();
                println!(
                    "{lead}valid receipt {} signed by {}",
                    receipt.payload().receipt_id,
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
}

/// The `--json` report (documented in `docs/cli.md`).
pub fn to_json(checked: &[Checked]) -> Value {
    let inputs: Vec<Value> = checked
        .iter()
        .map(|item| match &item.result {
            Ok(receipt) => {
                let mut v = json!({"input": item.name, "valid": true, "problems": []});
                if let Some(r) = receipt {
                    v["receipt_id"] = json!(r.payload().receipt_id);
                    v["digest"] = json!(r.digest());
                    v["signers"] = r
                        .signers()
                        .iter()
                        .map(|s| json!({"role": s.role.as_str(), "kid": s.kid}))
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
