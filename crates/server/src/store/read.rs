//! What the controller's staff read: permissions (which the gate reads
//! too), one subject's receipts, the audit export. Long answers are streamed through a bounded channel,
//! so 100 000 subjects are never held in memory at once.

use futures_util::TryStreamExt as _;
use sqlx::Row as _;
use tokio::sync::mpsc;

use super::pool::Store;
use super::unavailable::Unavailable;

/// Rows sent ahead of the reader before the query waits for it.
const STREAM_AHEAD: usize = 256;

/// A subject allowed to be contacted, with the receipt that proves it.
#[derive(Debug, PartialEq, Eq)]
pub struct Permission {
    /// The controller's id.
    pub subject: String,
    /// The latest receipt, which grants it.
    pub receipt_id: String,
    /// The language that receipt was read in (`None` for receipts stored
    /// before the service kept it).
    pub language: Option<String>,
}

/// The audit export: every signed record, by the time it was stored
/// (microseconds; a manifest at its approval, a release record when made),
/// then its id. Each line is a JWS that `limpide verify -` reads as its kind.
const AUDIT: &str = "SELECT jws FROM ( \
     SELECT jws, stored_at AS t, receipt_id AS k FROM receipts WHERE stored_at >= $1 \
     UNION ALL SELECT jws, stored_at, withdrawal_id FROM box_withdrawals WHERE stored_at >= $1 \
     UNION ALL SELECT manifest, decided_at * 1000000, campaign_id FROM campaigns \
       WHERE manifest IS NOT NULL AND decided_at * 1000000 >= $1 \
     UNION ALL SELECT record, released_at * 1000000, campaign_id || '/' || CAST(release_no AS TEXT) \
       FROM campaign_releases WHERE released_at * 1000000 >= $1 \
     UNION ALL SELECT record, enrolled_at, enrollment_id FROM device_keys WHERE enrolled_at >= $1 \
     ) AS audit ORDER BY t, k";

/// One record of the audit export: its JWS JSON.
pub type AuditLine = String;

/// The subjects whose latest receipt on a notice grants a purpose on a
/// channel ('' for a purpose without channels), and whose grant has not
/// lapsed by `$4`: one range of `grants`.
const PERMISSIONS: &str = "SELECT subject, receipt_id, language FROM grants \
     WHERE notice_id = $1 AND purpose = $2 AND channel = $3 \
     AND (lapses_at IS NULL OR lapses_at > $4) ORDER BY subject";

impl Store {
    /// Every permission for `purpose` on `channel` of `notice_id` that has
    /// not lapsed by `now` (Unix seconds), in subject order, streamed.
    pub fn permissions(
        &self,
        notice_id: &str,
        purpose: &str,
        channel: &str,
        now: i64,
    ) -> mpsc::Receiver<Result<Permission, Unavailable>> {
        let pool = self.pool().clone();
        let binds = [notice_id, purpose, channel].map(str::to_owned);
        stream_rows(move |tx| async move {
            let [notice_id, purpose, channel] = binds;
            let mut rows = sqlx::query(PERMISSIONS)
                .bind(notice_id)
                .bind(purpose)
                .bind(channel)
                .bind(now)
                .fetch(&pool);
            while let Some(row) = rows.try_next().await? {
                let permission = Permission {
                    subject: row.try_get(0)?,
                    receipt_id: row.try_get(1)?,
                    language: row.try_get(2)?,
                };
                if tx.send(Ok(permission)).await.is_err() {
                    break; // the reader went away
                }
            }
            Ok(())
        })
    }

    /// A subject's receipts (JWS JSON, countersigned), oldest first.
    pub async fn subject_receipts(&self, subject: &str) -> Result<Vec<String>, Unavailable> {
        Ok(sqlx::query_scalar(
            "SELECT jws FROM receipts WHERE subject = $1 \
             ORDER BY issued_at, stored_at, receipt_id",
        )
        .bind(subject)
        .fetch_all(self.pool())
        .await?)
    }

    /// Every record stored at or after `since_micros`, in storage order
    /// (the time it was stored, then its id), streamed: receipts, one-box
    /// withdrawals, campaign manifests (at approval) and release records.
    pub fn audit(&self, since_micros: i64) -> mpsc::Receiver<Result<AuditLine, Unavailable>> {
        let pool = self.pool().clone();
        stream_rows(move |tx| async move {
            let mut rows = sqlx::query_scalar::<_, String>(AUDIT)
                .bind(since_micros)
                .fetch(&pool);
            while let Some(jws) = rows.try_next().await? {
                if tx.send(Ok(jws)).await.is_err() {
                    break;
                }
            }
            Ok(())
        })
    }
}

/// Runs `produce` in its own task, sending rows into a bounded channel; a
/// database error ends the stream with that error.
pub(super) fn stream_rows<T, F, Fut>(produce: F) -> mpsc::Receiver<Result<T, Unavailable>>
where
    T: Send + 'static,
    F: FnOnce(mpsc::Sender<Result<T, Unavailable>>) -> Fut,
    Fut: std::future::Future<Output = Result<(), sqlx::Error>> + Send + 'static,
{
    let (tx, rx) = mpsc::channel(STREAM_AHEAD);
    let errors = tx.clone();
    let work = produce(tx);
    tokio::spawn(async move {
        if let Err(e) = work.await {
            let _ = errors.send(Err(Unavailable(e))).await;
        }
    });
    rx
}
