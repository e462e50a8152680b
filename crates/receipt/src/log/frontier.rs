//! The right edge of the log's tree: the roots of its perfect subtrees,
//! largest first (one per bit set in the size). It is all an append needs:
//! a new leaf completes the subtrees its index's trailing ones close, and
//! the tree's root folds the edge from the right (RFC 6962's MTH).

use super::hash::{empty_tree_hash, node_hash, TreeHash};
use crate::jose::base64url;

/// A node the tree gains: its level (0 for a leaf), its index among the
/// nodes of that level, its hash. Stored where the tiles are read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Node {
    /// 0 for a leaf; a node of level `l` covers `2^l` leaves.
    pub level: u32,
    /// Its index among the nodes of its level.
    pub index: u64,
    /// Its hash.
    pub hash: TreeHash,
}

/// The tree's size and right edge: what the service keeps to append, and
/// what a watcher keeps to check that the log only grows.
///
/// ```
/// use limpide_receipt::log::{leaf_hash, node_hash, Frontier};
/// let mut tree = Frontier::default();
/// tree.push(leaf_hash(b"a"));
/// let gained = tree.push(leaf_hash(b"b"));
/// assert_eq!(gained.len(), 2, "the leaf, and the subtree it completes");
/// assert_eq!(tree.root(), node_hash(&leaf_hash(b"a"), &leaf_hash(b"b")));
/// assert_eq!(Frontier::decode(2, &tree.encode()), Some(tree));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Frontier {
    size: u64,
    roots: Vec<TreeHash>,
}

impl Frontier {
    /// The number of leaves.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Appends a leaf (its hash): the nodes the tree gains, the leaf first,
    /// then each subtree it completes, lowest first.
    pub fn push(&mut self, leaf: TreeHash) -> Vec<Node> {
        let index = self.size;
        let mut nodes = vec![Node {
            level: 0,
            index,
            hash: leaf,
        }];
        let mut hash = leaf;
        let mut level = 0;
        while (index >> level) & 1 == 1 {
            let Some(left) = self.roots.pop() else {
                break; // Not reached: one root per bit set in the size.
            };
            hash = node_hash(&left, &hash);
            level += 1;
            nodes.push(Node {
                level,
                index: index >> level,
                hash,
            });
        }
        self.roots.push(hash);
        self.size += 1;
        nodes
    }

    /// The tree's root.
    pub fn root(&self) -> TreeHash {
        let mut roots = self.roots.iter().rev();
        let Some(last) = roots.next() else {
            return empty_tree_hash();
        };
        roots.fold(*last, |right, left| node_hash(left, &right))
    }

    /// The edge as the database keeps it: base64url hashes, space-separated.
    pub fn encode(&self) -> String {
        self.roots
            .iter()
            .map(|h| base64url::encode(h))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The edge of a tree of `size` leaves read back; `None` when it is not
    /// one (a hash that does not read, a count that does not match the size).
    pub fn decode(size: u64, encoded: &str) -> Option<Self> {
        let roots = encoded
            .split(' ')
            .filter(|h| !h.is_empty())
            .map(|h| base64url::decode(h).ok()?.try_into().ok())
            .collect::<Option<Vec<TreeHash>>>()?;
        (roots.len() == size.count_ones() as usize).then_some(Self { size, roots })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::log::leaf_hash;
    use tlog_tiles::HashReader;

    struct Stored(Vec<tlog_tiles::Hash>);
    impl HashReader for Stored {
        fn read_hashes(
            &self,
            indexes: &[u64],
        ) -> Result<Vec<tlog_tiles::Hash>, tlog_tiles::tlog::Error> {
            Ok(indexes.iter().map(|&i| self.0[i as usize]).collect())
        }
    }

    /// The nodes an append gives are the hashes `tlog_tiles` (Go's
    /// `sumdb/tlog`) stores for it, and the root is its tree hash, at every
    /// size: the tiles read from these nodes are the ones Go would serve.
    #[test]
    fn appends_store_what_go_stores() {
        let mut frontier = Frontier::default();
        let mut stored = Stored(Vec::new());
        for n in 0..600u64 {
            let data = n.to_be_bytes();
            let nodes = frontier.push(leaf_hash(&data));
            let theirs = tlog_tiles::stored_hashes(n, &data, &stored).unwrap();
            assert_eq!(nodes.len(), theirs.len());
            for (node, hash) in nodes.iter().zip(&theirs) {
                assert_eq!(node.hash, hash.0);
                assert_eq!(
                    tlog_tiles::stored_hash_index(node.level as u8, node.index),
                    stored.0.len() as u64 + nodes.iter().position(|x| x == node).unwrap() as u64
                );
            }
            stored.0.extend(theirs);
            assert_eq!(
                frontier.root(),
                tlog_tiles::tree_hash(n + 1, &stored).unwrap().0
            );
            let back = Frontier::decode(frontier.size(), &frontier.encode()).unwrap();
            assert_eq!(back, frontier);
        }
        assert_eq!(Frontier::default().root(), empty_tree_hash());
        assert_eq!(Frontier::decode(3, ""), None);
    }
}
