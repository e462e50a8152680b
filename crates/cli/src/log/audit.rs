//! `limpide log audit EXPORT URL --notice NOTICE`: whether a controller's
//! audit export (`limpide-server export`, `GET /audit`) and its public log
//! agree, leaf for leaf: every document exported is in the log, and every
//! leaf of the log is a document exported (but those appended after the
//! export's last). Then, from the export alone, each release recounted
//! against who could be contacted then (`gate.rs`).

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context as _, Result};
use limpide_receipt::log::{LogEntry, LogKey};
use limpide_receipt::{parse_json, verify_document_value, Document, PublicJwk};

use super::client::LogClient;
use super::gate::recount;
use super::watch::{pass, say_problem, Seen};
use crate::output::{say, Output};

/// Runs the audit; the exit status (0 all agree, 1 something does not).
pub fn audit(
    out: &mut Output,
    client: &LogClient,
    log_keys: &[LogKey],
    controller_keys: &[PublicJwk],
    export: &Path,
) -> Result<i32> {
    let text = std::fs::read_to_string(export)
        .with_context(|| format!("cannot read {}", export.display()))?;
    let mut seen = Seen::nothing();
    let (signed, replayed) = match pass(client, log_keys, &mut seen, true)? {
        Ok(checked) => checked,
        Err(why) => {
            say_problem(out, &why, &seen, client)?;
            return Ok(1);
        }
    };
    let mut problems = 0;
    let mut documents = Vec::new();
    // Each leaf's indexes, by its entry: a document is matched to one.
    let mut leaves: HashMap<Vec<u8>, Vec<u64>> = HashMap::new();
    for (index, entry) in (0..).zip(&replayed.entries) {
        leaves.entry(entry.to_bytes()).or_default().push(index);
    }
    let mut matched_up_to = None;
    for (number, line) in (1..).zip(text.lines()) {
        if line.trim().is_empty() {
            continue;
        }
        let value = match parse_json(line.as_bytes(), "line") {
            Ok(value) => value,
            Err(e) => {
                say!(out, "line {number}: {}", e.problems()[0]);
                problems += 1;
                continue;
            }
        };
        let entry = LogEntry::of_document(&value);
        let leaf = leaves
            .get_mut(&entry.to_bytes())
            .and_then(|indexes| indexes.pop());
        match leaf {
            Some(index) => matched_up_to = matched_up_to.max(Some(index)),
            None => {
                say!(
                    out,
                    "line {number}: this {} is not in the log",
                    entry.kind().name()
                );
                problems += 1;
            }
        }
        match verify_document_value(&value, None) {
            // Recounted in the log's order, the order they were stored in
            // (the export's is by time to the second for some kinds).
            Ok(document) => documents.push((leaf.unwrap_or(u64::MAX), number, document)),
            Err(e) => {
                say!(out, "line {number}: {}", e.problems()[0]);
                problems += 1;
            }
        }
    }
    let mut unmatched: Vec<(u64, &LogEntry)> = leaves
        .values()
        .flatten()
        .map(|&index| (index, &replayed.entries[index as usize]))
        .collect();
    unmatched.sort_by_key(|(index, _)| *index);
    let mut later = 0;
    for (index, entry) in unmatched {
        if matched_up_to.is_none_or(|last| index > last) {
            later += 1;
        } else {
            say!(
                out,
                "leaf {index}: this {} is in the log and not in the export",
                entry.kind().name()
            );
            problems += 1;
        }
    }
    let head = signed.checkpoint();
    say!(
        out,
        "log {} at {} leaves (checkpoint digest {}): {} documents of the export matched{}",
        head.origin(),
        head.size(),
        signed.digest(),
        documents.len(),
        if later > 0 {
            format!("; {later} leaves appended after the export's last document (export again to account for them)")
        } else {
            String::new()
        }
    );
    documents.sort_by_key(|(leaf, number, _)| (*leaf, *number));
    let in_log_order: Vec<(usize, Document)> = documents
        .into_iter()
        .map(|(_, number, document)| (number, document))
        .collect();
    for r in recount(&in_log_order, controller_keys) {
        match r.could {
            None => {
                say!(
                    out,
                    "line {}: release {} of campaign {}: its manifest is not in the export",
                    r.line,
                    r.release,
                    r.campaign_id
                );
                problems += 1;
            }
            Some(could) if r.kept > could => {
                say!(
                    out,
                    "line {}: release {} of campaign {} kept {} rows, but only {could} pupils could be contacted then: the gate let through more than consent allowed",
                    r.line, r.release, r.campaign_id, r.kept
                );
                problems += 1;
            }
            Some(could) => {
                say!(
                out,
                "release {} of campaign {}: kept {} rows, {could} pupils could be contacted then",
                r.release, r.campaign_id, r.kept
            )
            }
        }
    }
    Ok(if problems == 0 { 0 } else { 1 })
}
