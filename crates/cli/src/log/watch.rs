//! `limpide log watch URL --notice NOTICE [--once] [--state FILE]`: a
//! monitor of a controller's transparency log. Each pass reads the newest
//! checkpoint, checks its signature against the log keys the notice lists,
//! and checks that the log only grew since the checkpoint seen before: a
//! smaller log (a rollback), another root for the same size or leaves that
//! do not lead to the new root (a fork, a rewritten leaf or tile) are said
//! at once, with both signed checkpoints, which together prove it.

use std::path::Path;
use std::time::Duration;

use anyhow::{bail, Context as _, Result};
use limpide_receipt::log::{Frontier, LogKey, SignedCheckpoint};
use limpide_receipt::StrictEd25519;
use serde_json::{json, Value};

use super::client::{LogClient, MAX_CHECKPOINT_BYTES};
use super::replay::{replay, Replayed};
use crate::output::{say, Output};

/// What a watcher keeps between passes: the last checkpoint it checked,
/// and the tree it holds up to there.
pub struct Seen {
    /// The tree up to the checkpoint (its size and right edge).
    pub tree: Frontier,
    /// That checkpoint, as signed.
    pub checkpoint: Option<String>,
}

impl Seen {
    /// Nothing seen yet: the empty tree.
    pub fn nothing() -> Self {
        Self {
            tree: Frontier::default(),
            checkpoint: None,
        }
    }

    /// Reads a state file (`--state`); a file that does not exist is a
    /// watcher's first pass.
    pub fn load(path: &Path) -> Result<Self> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::nothing()),
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        };
        let value: Value = serde_json::from_str(&text)
            .with_context(|| format!("{} is not a watcher's state", path.display()))?;
        let size = value["size"].as_u64();
        let edge = value["frontier"].as_str();
        let (Some(size), Some(edge)) = (size, edge) else {
            bail!(
                "{} is not a watcher's state (size, frontier)",
                path.display()
            );
        };
        let Some(tree) = Frontier::decode(size, edge) else {
            bail!("{}: its frontier does not match its size", path.display());
        };
        Ok(Self {
            tree,
            checkpoint: value["checkpoint"].as_str().map(str::to_owned),
        })
    }

    /// Writes the state file whole, or not at all (a new file renamed).
    pub fn save(&self, path: &Path) -> Result<()> {
        let value = json!({
            "size": self.tree.size(),
            "frontier": self.tree.encode(),
            "checkpoint": self.checkpoint,
        });
        let partial = path.with_extension("partial");
        std::fs::write(&partial, format!("{value:#}\n"))
            .with_context(|| format!("cannot write {}", partial.display()))?;
        std::fs::rename(&partial, path).with_context(|| format!("cannot write {}", path.display()))
    }
}

/// One pass: the newest checkpoint checked against what was seen. `Ok(Ok)`:
/// the log grew (or stayed) as a log must; `Ok(Err(why))`: it did not, or
/// its checkpoint is not the controller's; `Err`: it could not be read.
pub fn pass(
    client: &LogClient,
    keys: &[LogKey],
    seen: &mut Seen,
    keep_entries: bool,
) -> Result<std::result::Result<(SignedCheckpoint, Replayed), String>> {
    let Some(note) = client.get("checkpoint", MAX_CHECKPOINT_BYTES)? else {
        return Ok(Err(
            "the service publishes no checkpoint (GET /log/checkpoint: 404)".to_owned(),
        ));
    };
    let note = String::from_utf8_lossy(&note).into_owned();
    let signed = match SignedCheckpoint::parse(&note, "") {
        Ok(signed) => signed,
        Err(e) => {
            return Ok(Err(format!(
                "the checkpoint does not read: {}",
                e.problems()[0].message()
            )))
        }
    };
    let head = match signed.verify(keys, &StrictEd25519, "") {
        Ok(head) => head.clone(),
        Err(e) => {
            return Ok(Err(format!(
                "{} ({})",
                e.problems()[0].message(),
                e.problems()[0].code()
            )))
        }
    };
    let before = seen.tree.size();
    if head.size() < before {
        return Ok(Err(format!(
            "ROLLBACK: the log had {before} leaves at the checkpoint seen before, and its checkpoint now says {}",
            head.size()
        )));
    }
    let mut tree = seen.tree.clone();
    let replayed = match replay(client, &mut tree, head.size(), keep_entries)? {
        Ok(replayed) => replayed,
        Err(why) => return Ok(Err(why)),
    };
    if tree.root() != *head.root() {
        return Ok(Err(format!(
            "FORK: the checkpoint of {} leaves does not extend the one of {before} leaves seen before with the leaves the log serves: \
             the log was rewritten, or its tiles lie",
            head.size()
        )));
    }
    seen.tree = tree;
    seen.checkpoint = Some(note);
    Ok(Ok((signed, replayed)))
}

/// Says a pass that held: the checkpoint, and what was new.
pub fn say_pass(
    out: &mut Output,
    before: u64,
    signed: &SignedCheckpoint,
    replayed: &Replayed,
) -> Result<()> {
    let head = signed.checkpoint();
    let kinds: Vec<String> = replayed
        .kinds
        .iter()
        .map(|(kind, n)| format!("{n} {kind}"))
        .collect();
    say!(
        out,
        "checkpoint of {} leaves of {} (digest {}): extends the {before} seen before{}",
        head.size(),
        head.origin(),
        signed.digest(),
        if kinds.is_empty() {
            String::new()
        } else {
            format!("; new: {}", kinds.join(", "))
        }
    );
    Ok(())
}

/// Says what a pass found, with the checkpoints that prove it.
pub fn say_problem(out: &mut Output, why: &str, seen: &Seen, client: &LogClient) -> Result<()> {
    say!(out, "{why}");
    if let Some(before) = &seen.checkpoint {
        say!(out, "the checkpoint seen before:\n{before}");
    }
    if let Ok(Some(now)) = client.get("checkpoint", MAX_CHECKPOINT_BYTES) {
        say!(
            out,
            "the checkpoint now:\n{}",
            String::from_utf8_lossy(&now)
        );
    }
    Ok(())
}

/// The pause between passes when watching without `--once`.
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(10);
