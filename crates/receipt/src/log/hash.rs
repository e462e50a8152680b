//! The tree's hashes (RFC 6962 §2.1): SHA-256 with one byte that tells a
//! leaf from an inner node, so that no inner node can pass for a leaf.

use sha2::{Digest as _, Sha256};

/// A node of the tree, or its root: 32 bytes of SHA-256.
pub type TreeHash = [u8; 32];

/// The hash of a leaf holding `data`: `SHA-256(0x00 || data)`.
///
/// ```
/// // RFC 6962's test vectors: the leaf of the empty string.
/// let hash = limpide_receipt::log::leaf_hash(b"");
/// assert_eq!(hash[..4], [0x6e, 0x34, 0x0b, 0x9c]);
/// ```
pub fn leaf_hash(data: &[u8]) -> TreeHash {
    let mut hasher = Sha256::new();
    hasher.update([0x00]);
    hasher.update(data);
    hasher.finalize().into()
}

/// The hash of an inner node: `SHA-256(0x01 || left || right)`.
pub fn node_hash(left: &TreeHash, right: &TreeHash) -> TreeHash {
    let mut hasher = Sha256::new();
    hasher.update([0x01]);
    hasher.update(left);
    hasher.update(right);
    hasher.finalize().into()
}

/// The root of the empty tree: `SHA-256("")`.
pub fn empty_tree_hash() -> TreeHash {
    Sha256::digest(b"").into()
}
