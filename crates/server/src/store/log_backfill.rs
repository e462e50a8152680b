//! The documents stored before the log existed, appended as its first
//! leaves, in storage order (the audit export's), once: at the first
//! opening of a database that held some when the log's migration ran.

use limpide_receipt::log::LogEntry;
use sqlx::Row as _;

use super::log_tree::append_to_log;
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
        let mut stream = self.audit(i64::MIN);
        while let Some(line) = stream.recv().await {
            entries.push(entry_of_stored(&line?).map_err(Unavailable)?);
        }
        append_to_log(&mut tx, self.params(), &entries).await?;
        tx.commit().await?;
        Ok(entries.len() as u64)
    }
}
