//! Checkpoints published while leaves arrive: every half second, a node
//! signs the tree as committed if it grew since the newest checkpoint.
//! Nodes sharing a database may sign the same size at once: Ed25519 is
//! deterministic, so both sign the same note, and it is kept once.

use std::sync::Arc;
use std::time::Duration;

use super::signer::LogSigner;
use crate::store::{Store, StoredCheckpoint, Unavailable};
use crate::time::now_micros;

/// How often a node looks for leaves to sign a checkpoint for: a receipt is
/// in a published checkpoint within about this (docs/server.md).
pub const CHECKPOINT_INTERVAL: Duration = Duration::from_millis(500);

/// Signs and keeps a checkpoint of the tree as committed, unless the
/// newest one has its size already (the first one, of the empty tree
/// included); the one kept, if any.
pub async fn publish_checkpoint(
    store: &Store,
    signer: &LogSigner,
) -> Result<Option<StoredCheckpoint>, Unavailable> {
    let tree = store.log_frontier().await?;
    let latest = store.latest_checkpoint().await?;
    if latest.is_some_and(|c| c.size >= tree.size()) {
        return Ok(None);
    }
    let Some(note) = signer.sign(tree.size(), tree.root()) else {
        return Ok(None);
    };
    let checkpoint = StoredCheckpoint {
        size: tree.size(),
        note,
    };
    store.insert_checkpoint(&checkpoint, now_micros()).await?;
    Ok(Some(checkpoint))
}

/// Publishes checkpoints every [`CHECKPOINT_INTERVAL`] for as long as the
/// service runs. A database that fails is said on standard error (without
/// the data) and tried again at the next tick.
pub fn spawn_publisher(store: Store, signer: Arc<LogSigner>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(CHECKPOINT_INTERVAL);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            if let Err(e) = publish_checkpoint(&store, &signer).await {
                eprintln!("limpide-server: no checkpoint published this time: {e}");
            }
        }
    })
}
