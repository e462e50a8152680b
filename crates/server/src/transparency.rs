//! The controller's transparency log (docs/server.md, "The transparency
//! log"): every stored document is a leaf of one append-only Merkle tree,
//! published as C2SP tlog-tiles with signed checkpoints, so that families,
//! the DPO and regulators can check that nothing acknowledged was dropped
//! or rewritten.
//!
//! The tree lives in the database (`store/log_tree.rs`), appended in the
//! transaction of each document, its right edge a `Frontier` of the receipt
//! core's (which a watcher keeps too). Here: what a stored document's leaf
//! is (`entry.rs`), the
//! checkpoints' key and their signing (`signer.rs`) and publication
//! (`publisher.rs`), proofs read from the stored nodes (`proofs.rs`), and
//! the tiles' paths (`tile_path.rs`).

mod entry;
mod proofs;
mod publisher;
mod signer;
mod tile_path;

pub use entry::entry_of_stored;
pub use limpide_receipt::log::{Frontier, Node};
pub use proofs::{consistency_path, inclusion_path, ProofError};
pub use publisher::{publish_checkpoint, spawn_publisher, CHECKPOINT_INTERVAL};
pub use signer::{origin_of, LogSigner};
pub use tile_path::{TilePath, ENTRIES_LEVEL, TILE_WIDTH};
