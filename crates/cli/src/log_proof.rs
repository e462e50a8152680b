//! `verify DOCUMENT --notice NOTICE --proof PROOF`: whether the controller's
//! transparency log holds the document, by a C2SP tlog-proof checked
//! offline against the log keys the notice lists (`controller.log_keys`).

use std::path::Path;

use anyhow::{Context as _, Result};
use limpide_receipt::log::{LogEntry, LogPosition, LogProof};
use limpide_receipt::{parse_json, Error, Notice, StrictEd25519};
use serde_json::{json, Value};

use crate::input::read_file;
use crate::output::{say, Output};

/// The log's verdict on a document: where it is, or why the proof does
/// not hold (as serious as a forged signature). A proof file that cannot
/// be read is a usage error instead.
pub fn check(document: &[u8], proof: &Path, notice: &Notice) -> Result<Result<LogPosition, Error>> {
    let text = read_file(proof)?;
    let text = String::from_utf8(text)
        .with_context(|| format!("{} is not a text file (a C2SP tlog-proof)", proof.display()))?;
    Ok(verdict(document, &text, notice))
}

fn verdict(document: &[u8], proof: &str, notice: &Notice) -> Result<LogPosition, Error> {
    let entry = LogEntry::of_document(&parse_json(document, "document")?);
    LogProof::parse(proof)?.verify_for_notice(&entry, notice, &StrictEd25519)
}

/// Prints the verdict as lines: `log: recorded …`, or the proof's name and
/// each problem.
pub fn print(out: &mut Output, proof: &Path, verdict: &Result<LogPosition, Error>) -> Result<()> {
    match verdict {
        Ok(at) => say!(
            out,
            "log: recorded in the controller's public log {} at index {} (checkpoint of {} entries, digest {})",
            at.origin,
            at.index,
            at.size,
            at.checkpoint_digest
        ),
        Err(e) => {
            for problem in e.problems() {
                say!(out, "{}: {} ({})", proof.display(), problem.message(), problem.code());
            }
        }
    }
    Ok(())
}

/// The `log` member of `--json`'s report (docs/cli.md).
pub fn to_json(verdict: &Result<LogPosition, Error>) -> Value {
    match verdict {
        Ok(at) => json!({
            "valid": true,
            "origin": at.origin,
            "index": at.index,
            "size": at.size,
            "checkpoint_digest": at.checkpoint_digest,
        }),
        Err(e) => json!({
            "valid": false,
            "problems": e
                .problems()
                .iter()
                .map(|p| json!({"code": p.code().as_str(), "message": p.message()}))
                .collect::<Vec<_>>(),
        }),
    }
}
