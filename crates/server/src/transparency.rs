//! The controller's transparency log (docs/server.md, "The transparency
//! log"): every stored document is a leaf of one append-only Merkle tree,
//! published as C2SP tlog-tiles with signed checkpoints, so that families,
//! the DPO and regulators can check that nothing acknowledged was dropped
//! or rewritten.
//!
//! The tree lives in the database (`store/log_tree.rs`), appended in the
//! transaction of each document, its right edge a `Frontier` of the receipt
//! core's (which a watcher keeps too), one level of inner nodes in four
//! kept (`kept_levels.rs`). Here: what a stored document's leaf is
//! (`entry.rs`), the
//! checkpoints' key and their signing (`signer.rs`) and publication
//! (`publisher.rs`), and proofs read from the stored nodes (`proofs.rs`).
//! The tiles' paths are the receipt core's `log::TilePath`.

mod entry;
mod kept_levels;
mod proofs;
mod publisher;
mod signer;

pub use entry::entry_of_stored;
pub use kept_levels::{fold, folded_from, keeps_level, KEPT_LEVEL_STEP};
pub use limpide_receipt::log::{Frontier, Node};
pub use limpide_receipt::log::{TilePath, ENTRIES_LEVEL, TILE_WIDTH};
pub use proofs::{inclusion_path, ProofError};
pub use publisher::{publish_checkpoint, spawn_publisher, CHECKPOINT_INTERVAL};
pub use signer::{origin_of, LogSigner};
