//! Storing countersigned receipts: one transaction, all or nothing, for
//! one receipt or for a batch of them (group commit, see `receipts/recorder.rs`).
//!
//! A batch's outcome is the one storing its receipts in turn would give,
//! or nothing. A receipt posted again (its subject's id stored with the
//! same payload) is answered with its stored copy and left out of the
//! batch's other statements: a replay never rolls a batch back. Any other
//! refusal rolls the batch back, and the caller stores its receipts one by
//! one to learn which failed and why. Two rules make that equivalent:
//! - a batch holds one receipt per subject and per receipt id
//!   ([`Batch::admits`]), so the chain rule of one subject never depends on
//!   another receipt of the batch;
//! - the chain checks compare pairs of stored receipts, so checking them
//!   once with the whole batch inserted finds every mismatch that storing
//!   the receipts in turn would have found.

use std::collections::HashSet;

use super::new_receipt::{NewReceipt, RecordError, Recorded};
use super::params::Params;
use super::pool::Store;
use super::write::write_all;

/// Receipts that may share a transaction: one per subject (so one per
/// chain, and a pupil's device keys decided once), one per receipt id.
#[derive(Default)]
pub struct Batch {
    subjects: HashSet<String>,
    ids: HashSet<String>,
}

impl Batch {
    /// Whether `receipt` may join (and then counts it in): not if the batch
    /// has a receipt of the same subject, or with the same id.
    pub fn admits(&mut self, receipt: &NewReceipt) -> bool {
        if self.subjects.contains(&receipt.subject) || self.ids.contains(&receipt.receipt_id) {
            return false;
        }
        self.subjects.insert(receipt.subject.clone());
        self.ids.insert(receipt.receipt_id.clone());
        true
    }
}

impl Store {
    /// Stores `receipt` and brings its subject's latest receipt up to date,
    /// in one transaction: on any error nothing is written.
    pub async fn record(&self, receipt: &NewReceipt) -> Result<Recorded, RecordError> {
        let mut outcomes = self.record_all(&[receipt]).await?;
        Ok(outcomes
            .pop()
            .unwrap_or(Recorded::Stored { log_index: None }))
    }

    /// Stores every receipt of `receipts` (admitted by one [`Batch`]) in one
    /// transaction, or none of them; each one's outcome, in order (a
    /// receipt stored before is answered with its stored copy).
    pub async fn record_all(&self, receipts: &[&NewReceipt]) -> Result<Vec<Recorded>, RecordError> {
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
            Ok(_) => tx.commit().await?,
            Err(_) => tx.rollback().await?,
        }
        outcome
    }
}
