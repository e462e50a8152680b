//! The documents stored before the log existed, appended as its first
//! leaves, in storage order (the audit export's), once: at the first
//! opening of a database that held some when the log's migration ran.

use limpide_receipt::log::LogEntry;
use limpide_receipt::RecordKind;
use sqlx::Row as _;

use super::campaigns::keep_manifest_index;
use super::log_tree::{append_to_log, keep_receipt_indexes};
use super::pool::Store;
use super::unavailable::Unavailable;
use crate::transparency::entry_of_stored;

impl Store {
    /// Appends every stored document to the log if the log's migration
    /// found some and they are not appended yet; the number appended.
    /// Several nodes starting at once: the first takes the log's row and
    /// appends, the others then find it done.
    pub(super) async fn append_stored_documents(&self) -> Result<u64, Unavailable> {
        let done: i64 = sqlx::query_scalar("SELECT backfilled FROM log_state WHERE id = 1")
            .fetch_one(self.pool())
            .await?;
        if done == 1 {
            return Ok(0);
        }
        let _turn = self.writer_turn().await;
        let mut tx = self.pool().begin().await?;
        let row = sqlx::query(
            "UPDATE log_state SET backfilled = 1 WHERE id = 1 RETURNING backfilled, size",
        )
        .fetch_one(&mut *tx)
        .await?;
        let size: i64 = row.try_get(1)?;
        if size > 0 {
            // Another node appended them while this one waited.
            tx.commit().await?;
            return Ok(0);
        }
        // Read through the pool, beside this transaction: nothing else
        // writes documents while the log's row is taken and not yet filled.
        let mut entries: Vec<LogEntry> = Vec::new();
        let mut keys: Vec<(String, String)> = Vec::new();
        let mut stream = self.audit_keyed(i64::MIN);
        while let Some(line) = stream.recv().await {
            let (jws, id, subject) = line?;
            entries.push(entry_of_stored(&jws).map_err(Unavailable)?);
            keys.push((id, subject));
        }
        let p = self.params();
        let appended = append_to_log(&mut tx, p, &entries).await?;
        // Each receipt's and each manifest's leaf on its row, as the
        // documents stored from now on keep theirs.
        let mut receipts = Vec::new();
        for ((entry, (id, subject)), index) in entries.iter().zip(&keys).zip(&appended) {
            match entry.kind() {
                RecordKind::Receipt => receipts.push((subject.as_str(), id.as_str(), *index)),
                RecordKind::CampaignManifest => {
                    keep_manifest_index(&mut tx, id, Some(*index)).await?;
                }
                _ => {}
            }
        }
        keep_receipt_indexes(&mut tx, p, &receipts).await?;
        tx.commit().await?;
        Ok(entries.len() as u64)
    }
}
