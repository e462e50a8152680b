//! Proofs read from the stored tree: `tlog_tiles` (Go's `sumdb/tlog`)
//! says which nodes a proof needs and builds it; the nodes come from the
//! database in one query.

use std::cell::RefCell;
use std::collections::HashMap;

use limpide_receipt::log::TreeHash;
use tlog_tiles::{split_stored_hash_index, Hash, HashReader};

use crate::store::{Store, Unavailable};

/// Why a proof was not made.
#[derive(Debug)]
pub enum ProofError {
    /// The index or size is not in the tree (`index >= size`, a size
    /// larger than the tree).
    OutOfRange,
    /// The database failed.
    Unavailable(Unavailable),
}

impl From<Unavailable> for ProofError {
    fn from(e: Unavailable) -> Self {
        Self::Unavailable(e)
    }
}

/// The audit path of leaf `index` in the tree of `size` leaves (RFC 6962),
/// from the leaf's sibling up.
pub async fn inclusion_path(
    store: &Store,
    index: u64,
    size: u64,
) -> Result<Vec<TreeHash>, ProofError> {
    if index >= size || size > store.log_frontier().await?.size() {
        return Err(ProofError::OutOfRange);
    }
    with_stored_nodes(store, |r| tlog_tiles::prove_record(size, index, r)).await
}

/// Runs `prove` twice: first to learn which stored hashes it reads (it
/// reads once), then, with those read from the database, for the proof.
async fn with_stored_nodes<F>(store: &Store, prove: F) -> Result<Vec<TreeHash>, ProofError>
where
    F: Fn(&Nodes) -> Result<Vec<Hash>, tlog_tiles::tlog::Error>,
{
    let wanted = Nodes::Wanted(RefCell::new(Vec::new()));
    if let Ok(proof) = prove(&wanted) {
        return Ok(proof.into_iter().map(|h| h.0).collect()); // it read nothing
    }
    let Nodes::Wanted(indexes) = wanted else {
        return Err(ProofError::OutOfRange);
    };
    let indexes = indexes.into_inner();
    let nodes: Vec<(u32, u64)> = indexes
        .iter()
        .map(|&i| {
            let (level, index) = split_stored_hash_index(i);
            (u32::from(level), index)
        })
        .collect();
    let hashes = store.log_nodes(&nodes).await?;
    let known = Nodes::Known(
        indexes
            .into_iter()
            .zip(hashes.into_iter().map(Hash))
            .collect(),
    );
    prove(&known)
        .map(|proof| proof.into_iter().map(|h| h.0).collect())
        .map_err(|_| ProofError::OutOfRange)
}

/// The stored hashes a proof reads: first the ones it asks for, then the
/// ones read.
enum Nodes {
    Wanted(RefCell<Vec<u64>>),
    Known(HashMap<u64, Hash>),
}

impl HashReader for Nodes {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, tlog_tiles::tlog::Error> {
        match self {
            Self::Wanted(wanted) => {
                wanted.borrow_mut().extend_from_slice(indexes);
                Err(tlog_tiles::tlog::Error::IndexesNotInTree)
            }
            Self::Known(known) => indexes
                .iter()
                .map(|i| {
                    known
                        .get(i)
                        .copied()
                        .ok_or(tlog_tiles::tlog::Error::IndexesNotInTree)
                })
                .collect(),
        }
    }
}
