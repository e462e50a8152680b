//! One-box withdrawals the controller records (a stop link, an objection):
//! proof like the receipts, stored with the grant they end, in one
//! transaction. A withdrawal counts against every receipt of its subject
//! and notice issued before it; `write.rs` keeps it when a later-arriving
//! receipt issued before it becomes the latest.

use sqlx::Row as _;

use super::access::{write_access, AccessEntry};
use super::log_tree::append_to_log;
use super::pool::Store;
use super::unavailable::Unavailable;
use crate::time::now_micros;
use crate::transparency::entry_of_stored;

/// A withdrawal to store.
pub struct NewWithdrawal {
    /// Its id (for a stop link, derived from the link: pressing twice
    /// records it once).
    pub withdrawal_id: String,
    /// The notice id.
    pub notice_id: String,
    /// The controller's id for the pupil.
    pub subject: String,
    /// The purpose withdrawn.
    pub purpose: String,
    /// Its channel, `""` for a purpose without channels.
    pub channel: String,
    /// Unix seconds.
    pub issued_at: i64,
    /// `stop-link` or `objection`.
    pub via: &'static str,
    /// The campaign whose stop link it came from.
    pub campaign_id: Option<String>,
    /// The signed record (JWS JSON).
    pub jws: String,
}

/// What became of a withdrawal.
#[derive(Debug, PartialEq, Eq)]
pub enum WithdrawalRecorded {
    /// Stored now; the grant it ends is gone from the gate.
    Stored,
    /// Stored before under this id: the stored record.
    AlreadyStored(String),
}

impl Store {
    /// Stores `w` and removes the grant it ends, in one transaction, with
    /// the access log's entry of the account that relayed it (none for a
    /// pupil's own stop link).
    pub async fn record_withdrawal(
        &self,
        w: &NewWithdrawal,
        entry: Option<&AccessEntry>,
    ) -> Result<WithdrawalRecorded, Unavailable> {
        let _turn = self.writer_turn().await;
        let mut tx = self.pool().begin().await?;
        // The chain's row first, as a receipt's transaction takes it: one
        // subject's receipts and withdrawals are written one at a time.
        sqlx::query(
            "UPDATE latest SET receipt_id = receipt_id WHERE notice_id = $1 AND subject = $2",
        )
        .bind(&w.notice_id)
        .bind(&w.subject)
        .execute(&mut *tx)
        .await?;
        let inserted = sqlx::query(
            "INSERT INTO box_withdrawals (withdrawal_id, notice_id, subject, purpose, channel, \
             issued_at, stored_at, via, campaign_id, jws) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
             ON CONFLICT (withdrawal_id) DO NOTHING",
        )
        .bind(&w.withdrawal_id)
        .bind(&w.notice_id)
        .bind(&w.subject)
        .bind(&w.purpose)
        .bind(&w.channel)
        .bind(w.issued_at)
        .bind(now_micros())
        .bind(w.via)
        .bind(w.campaign_id.as_deref())
        .bind(&w.jws)
        .execute(&mut *tx)
        .await?;
        if inserted.rows_affected() == 0 {
            let stored: String =
                sqlx::query_scalar("SELECT jws FROM box_withdrawals WHERE withdrawal_id = $1")
                    .bind(&w.withdrawal_id)
                    .fetch_one(&mut *tx)
                    .await?;
            return Ok(WithdrawalRecorded::AlreadyStored(stored));
        }
        sqlx::query(
            "DELETE FROM grants WHERE notice_id = $1 AND subject = $2 AND purpose = $3 \
             AND channel = $4 AND EXISTS (SELECT 1 FROM receipts r \
             WHERE r.subject = grants.subject AND r.receipt_id = grants.receipt_id \
             AND r.issued_at <= $5)",
        )
        .bind(&w.notice_id)
        .bind(&w.subject)
        .bind(&w.purpose)
        .bind(&w.channel)
        .bind(w.issued_at)
        .execute(&mut *tx)
        .await?;
        if let Some(entry) = entry {
            write_access(&mut tx, entry).await?;
        }
        append_to_log(&mut tx, self.params(), &[entry_of_stored(&w.jws)?]).await?;
        tx.commit().await?;
        Ok(WithdrawalRecorded::Stored)
    }

    /// The withdrawal with this id (JWS JSON).
    pub async fn withdrawal(&self, id: &str) -> Result<Option<String>, Unavailable> {
        Ok(
            sqlx::query_scalar("SELECT jws FROM box_withdrawals WHERE withdrawal_id = $1")
                .bind(id)
                .fetch_optional(self.pool())
                .await?,
        )
    }

    /// A pupil's recorded withdrawals on a notice (JWS JSON), oldest first.
    pub async fn subject_withdrawals(
        &self,
        notice_id: &str,
        subject: &str,
    ) -> Result<Vec<String>, Unavailable> {
        let rows = sqlx::query(
            "SELECT jws FROM box_withdrawals WHERE notice_id = $1 AND subject = $2 \
             ORDER BY issued_at, stored_at, withdrawal_id",
        )
        .bind(notice_id)
        .bind(subject)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .iter()
            .map(|row| row.try_get(0))
            .collect::<Result<_, _>>()?)
    }
}
