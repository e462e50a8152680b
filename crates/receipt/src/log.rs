//! The controller's transparency log, as a verifier sees it: an append-only
//! Merkle tree (RFC 6962 hashing) whose signed tree heads are C2SP
//! checkpoints (signed notes), and whose proofs travel in the C2SP
//! tlog-proof format.
//!
//! Every document the service stores (a receipt, a campaign manifest, a
//! release record, a one-box withdrawal, a device enrollment) is one leaf:
//! a [`LogEntry`], its kind and the SHA-256 of the document's RFC 8785 form.
//! A family that holds a receipt and a [`LogProof`] can check, offline,
//! against the log keys its notice lists (`controller.log_keys`), that the
//! controller published it in its log.
//!
//! The checks are written here rather than taken from a crate: the widget
//! checks signatures with WebCrypto ([`SignatureCheck`]), never with
//! `ed25519-dalek`, and the tiles crates the service uses bring `serde`
//! and `url` into the widget's wasm. The service's tree is built with the
//! `tlog_tiles` crate, and the tests check one against the other.
//!
//! [`SignatureCheck`]: crate::SignatureCheck

mod base64;
mod checkpoint;
mod consistency;
mod entry;
mod frontier;
mod hash;
mod inclusion;
mod key;
mod note;
mod proof;
mod tile_path;

pub use checkpoint::{Checkpoint, SignedCheckpoint};
pub use consistency::check_consistency;
pub use entry::LogEntry;
pub use frontier::{Frontier, Node};
pub use hash::{empty_tree_hash, leaf_hash, node_hash, TreeHash};
pub use inclusion::root_from_inclusion;
pub use key::LogKey;
pub use note::{NoteSignature, SignedNote};
pub use proof::{LogPosition, LogProof};
pub use tile_path::{TilePath, ENTRIES_LEVEL, TILE_WIDTH};

/// An ASCII decimal without leading zeros (but `0`), as the C2SP formats
/// write sizes and indexes: one text for one number.
fn parse_decimal(text: &str) -> Option<u64> {
    let canonical = !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'));
    canonical.then(|| text.parse().ok()).flatten()
}

/// A name read from a proof, cut for a message: whoever made the proof
/// chose it.
fn cut(text: &str) -> String {
    const MAX_CHARS: usize = 80;
    match text.char_indices().nth(MAX_CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}
