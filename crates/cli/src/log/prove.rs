//! `limpide log prove DOCUMENT URL --notice NOTICE`: that a document one
//! holds (a withdrawal, say) is in the controller's log at its newest
//! checkpoint, proven from the tiles alone: the whole log is read and
//! checked as a watcher checks it, the document's leaf is found among its
//! entries, and the inclusion proof is built from the leaves read (not
//! asked of the service), in the C2SP tlog-proof format that `limpide
//! verify --proof`, the verify page and My consents check.

use anyhow::Result;
use limpide_receipt::log::{Frontier, LogEntry, LogKey, LogProof, TreeHash};
use limpide_receipt::parse_json;
use tlog_tiles::{split_stored_hash_index, Hash, HashReader};

use super::client::LogClient;
use super::watch::{pass, Seen};

/// The proof of `document` at the newest checkpoint; `Ok(Err(why))` when
/// the log does not hold it (or does not hold as a log must).
pub fn prove(
    client: &LogClient,
    keys: &[LogKey],
    document: &[u8],
) -> Result<std::result::Result<LogProof, String>> {
    let entry = match parse_json(document, "document") {
        Ok(value) => LogEntry::of_document(&value),
        Err(e) => {
            return Ok(Err(format!(
                "the document does not read: {}",
                e.problems()[0]
            )))
        }
    };
    let mut seen = Seen::nothing();
    let (signed, replayed) = match pass(client, keys, &mut seen, true)? {
        Ok(checked) => checked,
        Err(why) => return Ok(Err(why)),
    };
    let Some(index) = replayed.entries.iter().position(|e| *e == entry) else {
        return Ok(Err(format!(
            "this {} is not in the log (checkpoint of {} leaves)",
            entry.kind().name(),
            signed.checkpoint().size()
        )));
    };
    let tree = Levels::of(&replayed.entries);
    let size = signed.checkpoint().size();
    let path = tlog_tiles::prove_record(size, index as u64, &tree)
        .map_err(|e| anyhow::anyhow!("the proof could not be built: {e}"))?;
    let path: Vec<TreeHash> = path.into_iter().map(|h| h.0).collect();
    Ok(Ok(LogProof::new(index as u64, path, signed)))
}

/// Every node of the tree the entries make, level by level.
struct Levels(Vec<Vec<TreeHash>>);

impl Levels {
    fn of(entries: &[LogEntry]) -> Self {
        let mut frontier = Frontier::default();
        let mut levels: Vec<Vec<TreeHash>> = vec![Vec::new(); 64];
        for entry in entries {
            for node in frontier.push(entry.leaf_hash()) {
                levels[node.level as usize].push(node.hash);
            }
        }
        Self(levels)
    }
}

impl HashReader for Levels {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, tlog_tiles::tlog::Error> {
        indexes
            .iter()
            .map(|&i| {
                let (level, n) = split_stored_hash_index(i);
                self.0
                    .get(usize::from(level))
                    .and_then(|nodes| nodes.get(n as usize))
                    .map(|h| Hash(*h))
                    .ok_or(tlog_tiles::tlog::Error::IndexesNotInTree)
            })
            .collect()
    }
}
