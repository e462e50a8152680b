//! Which of the tree's inner nodes the database keeps: every fourth level
//! (4, 8, 12…), among them the levels the tiles serve (multiples of 8).
//!
//! A node that every leaf completes on its way up would cost each append
//! a second row beside its leaf's; keeping one level in four writes about
//! one node for 15 leaves (what it saves is measured in docs/server.md,
//! "Figures"). A node between two kept levels is folded on read from
//! at most 8 nodes of the kept level below it, so a proof reads a few
//! dozen hashes more than it returns.

use limpide_receipt::log::{node_hash, TreeHash};

/// Inner nodes are kept at the levels that are multiples of this; leaves
/// (level 0) are always kept, with their entries.
pub const KEPT_LEVEL_STEP: u32 = 4;

/// Whether the database keeps the nodes of `level`.
///
/// ```
/// use limpide_server::transparency::keeps_level;
/// assert!(keeps_level(0) && keeps_level(8) && keeps_level(12));
/// assert!(!keeps_level(1) && !keeps_level(7));
/// ```
pub fn keeps_level(level: u32) -> bool {
    level % KEPT_LEVEL_STEP == 0
}

/// The kept nodes that node `(level, index)` is folded from: their level,
/// the first one's index and how many (a power of two, at most 8). A kept
/// node is its own one.
///
/// ```
/// use limpide_server::transparency::folded_from;
/// assert_eq!(folded_from(8, 5), Some((8, 5, 1)));
/// assert_eq!(folded_from(7, 3), Some((4, 24, 8)));
/// assert_eq!(folded_from(1, 0), Some((0, 0, 2)));
/// ```
pub fn folded_from(level: u32, index: u64) -> Option<(u32, u64, u64)> {
    let above = level % KEPT_LEVEL_STEP;
    let count = 1u64 << above;
    Some((level - above, index.checked_mul(count)?, count))
}

/// The root of consecutive sibling nodes (a power of two of them, as
/// `folded_from` counts), hashed pairwise as RFC 6962 does; `None` for
/// any other count.
pub fn fold(hashes: &[TreeHash]) -> Option<TreeHash> {
    if !hashes.len().is_power_of_two() {
        return None;
    }
    let mut level: Vec<TreeHash> = hashes.to_vec();
    while level.len() > 1 {
        level = level
            .chunks(2)
            .map(|pair| node_hash(&pair[0], &pair[1]))
            .collect();
    }
    level.first().copied()
}

#[cfg(test)]
mod tests {
    use limpide_receipt::log::{leaf_hash, Frontier};

    use super::*;

    /// Every node of a 64-leaf tree, folded from the kept ones, is the
    /// node the tree gained.
    #[test]
    fn each_node_folds_from_the_kept_ones_below_it() {
        let mut frontier = Frontier::default();
        let mut all = std::collections::HashMap::new();
        for i in 0..64u64 {
            for node in frontier.push(leaf_hash(&i.to_be_bytes())) {
                all.insert((node.level, node.index), node.hash);
            }
        }
        for (&(level, index), hash) in &all {
            let (from, first, count) = folded_from(level, index).unwrap();
            assert!(keeps_level(from));
            let kept: Vec<TreeHash> = (first..first + count).map(|i| all[&(from, i)]).collect();
            assert_eq!(fold(&kept).as_ref(), Some(hash), "node {level}/{index}");
        }
        assert_eq!(fold(&[]), None);
        assert_eq!(fold(&[[0; 32]; 3]), None);
    }
}
