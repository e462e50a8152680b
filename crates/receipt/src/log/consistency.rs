//! Consistency proofs (RFC 9162 §2.1.4.2): that a tree of `new_size`
//! leaves extends a tree of `old_size` leaves, keeping every leaf of it.

use super::hash::{empty_tree_hash, node_hash, TreeHash};

/// Whether `path` proves that the tree `new_root` of `new_size` leaves
/// holds the tree `old_root` of `old_size` leaves as its first leaves: the
/// log was only appended to between the two. The empty tree is consistent
/// with every tree (its proof is empty), and a tree only with itself.
///
/// ```
/// use limpide_receipt::log::{check_consistency, leaf_hash, node_hash};
/// let (a, b) = (leaf_hash(b"a"), leaf_hash(b"b"));
/// let two = node_hash(&a, &b);
/// assert!(check_consistency(1, &a, 2, &two, &[b]));
/// assert!(!check_consistency(1, &b, 2, &two, &[a]));
/// ```
pub fn check_consistency(
    old_size: u64,
    old_root: &TreeHash,
    new_size: u64,
    new_root: &TreeHash,
    path: &[TreeHash],
) -> bool {
    if old_size > new_size {
        return false;
    }
    if old_size == 0 {
        return *old_root == empty_tree_hash() && path.is_empty();
    }
    if old_size == new_size {
        return old_root == new_root && path.is_empty();
    }
    // The old tree is a whole subtree of the new one: its root starts the
    // path rather than being sent in it.
    let start = if old_size.is_power_of_two() {
        std::iter::once(old_root)
            .chain(path)
            .copied()
            .collect::<Vec<_>>()
    } else {
        path.to_vec()
    };
    let Some((first, rest)) = start.split_first() else {
        return false;
    };
    let (mut f_n, mut s_n) = (old_size - 1, new_size - 1);
    while f_n & 1 == 1 {
        f_n >>= 1;
        s_n >>= 1;
    }
    let (mut f_r, mut s_r) = (*first, *first);
    for c in rest {
        if s_n == 0 {
            return false;
        }
        if f_n & 1 == 1 || f_n == s_n {
            f_r = node_hash(c, &f_r);
            s_r = node_hash(c, &s_r);
            while f_n & 1 == 0 && f_n != 0 {
                f_n >>= 1;
                s_n >>= 1;
            }
        } else {
            s_r = node_hash(&s_r, c);
        }
        f_n >>= 1;
        s_n >>= 1;
    }
    f_r == *old_root && s_r == *new_root && s_n == 0
}
