//! Inclusion proofs (RFC 9162 §2.1.3.2): from a leaf, its index, the tree's
//! size and the audit path, the root they lead to.

use super::hash::{node_hash, TreeHash};

/// The root that `path` leads to from the leaf `leaf` at `index` in a tree
/// of `size` leaves, or `None` when the path cannot belong to such a tree
/// (an index out of the tree, a path too short or too long). The leaf is in
/// the tree whose root is `root` exactly when this returns `Some(root)`.
///
/// ```
/// use limpide_receipt::log::{leaf_hash, node_hash, root_from_inclusion};
/// let (a, b) = (leaf_hash(b"a"), leaf_hash(b"b"));
/// let root = node_hash(&a, &b);
/// assert_eq!(root_from_inclusion(1, 2, &b, &[a]), Some(root));
/// assert_eq!(root_from_inclusion(2, 2, &b, &[a]), None);
/// ```
pub fn root_from_inclusion(
    index: u64,
    size: u64,
    leaf: &TreeHash,
    path: &[TreeHash],
) -> Option<TreeHash> {
    if index >= size {
        return None;
    }
    let (mut f_n, mut s_n) = (index, size - 1);
    let mut root = *leaf;
    for sibling in path {
        if s_n == 0 {
            return None;
        }
        if f_n & 1 == 1 || f_n == s_n {
            root = node_hash(sibling, &root);
            // A right edge: the nodes above have no sibling on the right,
            // up to the next level where this one is a right child.
            while f_n & 1 == 0 && f_n != 0 {
                f_n >>= 1;
                s_n >>= 1;
            }
        } else {
            root = node_hash(&root, sibling);
        }
        f_n >>= 1;
        s_n >>= 1;
    }
    (s_n == 0).then_some(root)
}
