//! Storing countersigned receipts: one transaction, all or nothing, for
//! one receipt or for a batch of them (group commit, see `recorder`).
//!
//! A batch's outcome is the one storing its receipts in turn would give,
//! or nothing: it is written only if every receipt in it is new and passes
//! every chain check; otherwise it is rolled back, and the caller stores
//! its receipts one by one to learn which failed and why. Two rules make
//! that equivalent:
//! - a batch holds one receipt per chain and per receipt id
//!   ([`Batch::admits`]), so the chain rule of one subject never depends on
//!   another receipt of the batch;
//! - the chain checks compare pairs of stored receipts, so checking them
//!   once with the whole batch inserted finds every mismatch that storing
//!   the receipts in turn would have found.

use std::collections::HashSet;

use super::write::{write_all, Params};
use super::{Store, Unavailable};

/// A receipt ready to be stored, with what the queries read from it.
pub struct NewReceipt {
    /// The payload's `receipt_id`.
    pub receipt_id: String,
    /// The notice it is about.
    pub notice_id: String,
    /// Its version.
    pub notice_version: String,
    /// The controller's id of the subject (from the checked subject value).
    pub subject: String,
    /// `issued_at`, Unix seconds.
    pub issued_at: i64,
    /// The receipt it follows: its id and payload digest.
    pub previous: Option<(String, String)>,
    /// The payload digest.
    pub digest: String,
    /// The countersigned receipt, JWS JSON.
    pub jws: String,
    /// (purpose, channel or "", granted) for every box.
    pub decisions: Vec<(String, String, bool)>,
}

/// What became of a receipt.
#[derive(Debug, PartialEq, Eq)]
pub enum Recorded {
    /// Stored now.
    Stored,
    /// Stored before, with the same payload: this is the stored copy.
    AlreadyStored(String),
}

/// Why a receipt was not stored.
#[derive(Debug)]
pub enum RecordError {
    /// Another payload already has this receipt id.
    IdTaken,
    /// `previous` names a stored receipt of another subject or notice, or
    /// with another digest: the chain would lie.
    PreviousMismatch(&'static str),
    /// The database failed; nothing was written.
    Unavailable(Unavailable),
}

/// Why a transaction was rolled back: the first problem it met.
#[derive(Debug)]
pub enum Unwritten {
    /// A receipt's id is stored already, with this payload: its stored copy.
    AlreadyStored(String),
    /// A receipt's id is stored already, with another payload.
    IdTaken,
    /// A chain check failed.
    PreviousMismatch(&'static str),
    /// The database failed.
    Database(sqlx::Error),
}

impl From<sqlx::Error> for Unwritten {
    fn from(e: sqlx::Error) -> Self {
        Self::Database(e)
    }
}

/// Receipts that may share a transaction: one per subject and notice, one
/// per receipt id.
#[derive(Default)]
pub struct Batch {
    chains: HashSet<(String, String)>,
    ids: HashSet<String>,
}

impl Batch {
    /// Whether `receipt` may join (and then counts it in): not if the batch
    /// has a receipt of the same subject on the same notice, or with the
    /// same id.
    pub fn admits(&mut self, receipt: &NewReceipt) -> bool {
        let chain = (receipt.notice_id.clone(), receipt.subject.clone());
        if self.chains.contains(&chain) || self.ids.contains(&receipt.receipt_id) {
            return false;
        }
        self.chains.insert(chain);
        self.ids.insert(receipt.receipt_id.clone());
        true
    }
}

impl Store {
    /// Stores `receipt` and brings its subject's latest receipt up to date,
    /// in one transaction: on any error nothing is written.
    pub async fn record(&self, receipt: &NewReceipt) -> Result<Recorded, RecordError> {
        match self.record_all(&[receipt]).await {
            Ok(()) => Ok(Recorded::Stored),
            Err(Unwritten::AlreadyStored(jws)) => Ok(Recorded::AlreadyStored(jws)),
            Err(Unwritten::IdTaken) => Err(RecordError::IdTaken),
            Err(Unwritten::PreviousMismatch(why)) => Err(RecordError::PreviousMismatch(why)),
            Err(Unwritten::Database(e)) => Err(RecordError::Unavailable(Unavailable(e))),
        }
    }

    /// Stores every receipt of `receipts` (admitted by one [`Batch`]) in one
    /// transaction, or none of them.
    pub async fn record_all(&self, receipts: &[&NewReceipt]) -> Result<(), Unwritten> {
        // SQLite has one writer at a time: waiting here, in order, beats its
        // busy handler's sleeps (1 to 100 ms) when writes come together.
        let _writer = match self.writer() {
            Some(lock) => Some(lock.lock().await),
            None => None,
        };
        let mut tx = self.pool().begin().await?;
        let params = Params {
            anonymous: self.is_sqlite(),
        };
        let outcome = write_all(&mut tx, params, receipts).await;
        // Committed or rolled back before the next writer's turn: a
        // rollback left to the transaction's drop would run after it.
        match outcome {
            Ok(()) => tx.commit().await?,
            Err(_) => tx.rollback().await?,
        }
        outcome
    }
}
