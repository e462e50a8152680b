//! A document's place in the controller's transparency log: its C2SP
//! tlog-proof checked offline against the log keys the notice lists, by the
//! receipt core's one rule (`LogProof::verify_for_notice`), as `limpide
//! verify --proof` checks it.

use limpide_receipt::log::{LogEntry, LogProof};
use limpide_receipt::{parse_json, Error, Notice, StrictEd25519, Value};

/// The verdict: `{valid, index, size, origin, checkpoint_digest}` for a
/// proof that holds; `{valid: false, problems: [{code, message}]}` for one
/// that does not (as serious as a forged signature), a notice that lists
/// no log key, or texts that do not read.
pub fn verdict(document: &str, notice: &str, proof: &str) -> Value {
    match position(document, notice, proof) {
        Ok(at) => {
            let mut v = Value::Null;
            v["valid"] = true.into();
            v["index"] = at.index.into();
            v["size"] = at.size.into();
            v["origin"] = at.origin.into();
            v["checkpoint_digest"] = at.checkpoint_digest.into();
            v
        }
        Err(e) => {
            let mut v = Value::Null;
            v["valid"] = false.into();
            v["problems"] = Value::Array(
                e.problems()
                    .iter()
                    .map(|p| {
                        let mut problem = Value::Null;
                        problem["code"] = p.code().as_str().into();
                        problem["message"] = p.message().into();
                        problem
                    })
                    .collect(),
            );
            v
        }
    }
}

fn position(
    document: &str,
    notice: &str,
    proof: &str,
) -> Result<limpide_receipt::log::LogPosition, Error> {
    let notice = Notice::from_json(notice.as_bytes())?;
    let entry = LogEntry::of_document(&parse_json(document.as_bytes(), "document")?);
    LogProof::parse(proof)?.verify_for_notice(&entry, &notice, &StrictEd25519)
}
