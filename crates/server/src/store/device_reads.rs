//! A pupil's devices outside the receipts transaction: the enrollment codes
//! the staff's `integration` accounts issue, the devices a pupil's own
//! device may list (`POST /pupil/records`), and the enrollment of the keys
//! that signed receipts stored before keys were enrolled.

use sqlx::Row as _;

use super::access::{write_access, AccessEntry};
use super::devices::{insert_keys, PendingEnrollment};
use super::log_tree::append_to_log;
use super::params::Params;
use super::pool::Store;
use super::unavailable::Unavailable;

/// One of a pupil's enrolled devices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnrolledDevice {
    /// The key's RFC 7638 thumbprint.
    pub key: String,
    /// When (Unix seconds).
    pub enrolled_at: i64,
    /// `first-receipt`, `enrollment-code` or `stored-receipt`.
    pub how: String,
}

/// A stored receipt whose key is not yet known.
#[derive(Clone, Debug)]
pub struct UnkeyedReceipt {
    /// Its id.
    pub receipt_id: String,
    /// The controller's id of its pupil.
    pub subject: String,
    /// As countersigned, JWS JSON.
    pub jws: String,
}

impl Store {
    /// Keeps an enrollment code (by its hash) for `subject` until
    /// `expires_at` (Unix seconds), with the access log's entry.
    pub async fn add_enrollment_code(
        &self,
        code_hash: &str,
        subject: &str,
        expires_at: i64,
        entry: &AccessEntry,
    ) -> Result<(), Unavailable> {
        let _turn = self.writer_turn().await;
        let mut tx = self.pool().begin().await?;
        // Codes over a day past their time are of no use to anyone.
        sqlx::query("DELETE FROM enrollment_codes WHERE expires_at < $1")
            .bind(expires_at - 2 * 24 * 60 * 60)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO enrollment_codes (code_hash, subject, expires_at) VALUES ($1, $2, $3)",
        )
        .bind(code_hash)
        .bind(subject)
        .bind(expires_at)
        .execute(&mut *tx)
        .await?;
        write_access(&mut tx, entry).await?;
        tx.commit().await?;
        Ok(())
    }

    /// `subject`'s enrolled devices, oldest first.
    pub async fn subject_devices(&self, subject: &str) -> Result<Vec<EnrolledDevice>, Unavailable> {
        let rows = sqlx::query(
            "SELECT key_thumbprint, enrolled_at, how FROM device_keys WHERE subject = $1 \
             ORDER BY enrolled_at, enrollment_id",
        )
        .bind(subject)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(EnrolledDevice {
                    key: row.try_get(0)?,
                    enrolled_at: row.try_get::<i64, _>(1)?.div_euclid(1_000_000),
                    how: row.try_get(2)?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(Unavailable)
    }

    /// Whether `key` is one of `subject`'s enrolled devices.
    pub async fn is_enrolled(&self, subject: &str, key: &str) -> Result<bool, Unavailable> {
        let found =
            sqlx::query("SELECT 1 FROM device_keys WHERE subject = $1 AND key_thumbprint = $2")
                .bind(subject)
                .bind(key)
                .fetch_optional(self.pool())
                .await?;
        Ok(found.is_some())
    }

    /// Up to `limit` stored receipts whose key is not yet known, in
    /// storage order.
    pub async fn unkeyed_receipts(&self, limit: i64) -> Result<Vec<UnkeyedReceipt>, Unavailable> {
        let rows = sqlx::query(
            "SELECT receipt_id, subject, jws FROM receipts WHERE device_key IS NULL \
             ORDER BY stored_at, receipt_id LIMIT $1",
        )
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(UnkeyedReceipt {
                    receipt_id: row.try_get(0)?,
                    subject: row.try_get(1)?,
                    jws: row.try_get(2)?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(Unavailable)
    }

    /// Records the key of each of these receipts and enrolls those not
    /// enrolled yet (`enrollments`: subject, key, record), in one
    /// transaction.
    pub async fn key_receipts(
        &self,
        keyed: &[(UnkeyedReceipt, String)],
        enrollments: &[(String, String, PendingEnrollment)],
    ) -> Result<(), Unavailable> {
        let _turn = self.writer_turn().await;
        let mut tx = self.pool().begin().await?;
        for (receipt, key) in keyed {
            sqlx::query(
                "UPDATE receipts SET device_key = $1 WHERE subject = $2 AND receipt_id = $3",
            )
            .bind(key)
            .bind(&receipt.subject)
            .bind(&receipt.receipt_id)
            .execute(&mut *tx)
            .await?;
        }
        let now = crate::time::now_micros();
        let p = Params {
            anonymous: self.is_sqlite(),
        };
        let keys: Vec<(&str, &str, &PendingEnrollment)> = enrollments
            .iter()
            .map(|(subject, key, enrollment)| (subject.as_str(), key.as_str(), enrollment))
            .collect();
        let records = insert_keys(&mut tx, p, &keys, now).await?;
        append_to_log(&mut tx, p, &records).await?;
        if !enrollments.is_empty() {
            let entry = AccessEntry {
                account: STORED_RECEIPTS.to_owned(),
                action: "device-enrolled-by-stored-receipt".to_owned(),
                kept: i64::try_from(enrollments.len()).ok(),
                ..AccessEntry::default()
            };
            write_access(&mut tx, &entry).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// Who acted, in the access log, when the keys of stored receipts were
/// enrolled (`kept`: how many).
pub const STORED_RECEIPTS: &str = "(the service, from stored receipts)";
