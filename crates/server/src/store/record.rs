//! Storing one countersigned receipt: one transaction, all or nothing.

use sqlx::{Any, Row as _, Transaction};

use super::{now_micros, Store, Unavailable};

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

impl From<sqlx::Error> for RecordError {
    fn from(e: sqlx::Error) -> Self {
        Self::Unavailable(Unavailable(e))
    }
}

impl Store {
    /// Stores `receipt` and brings its subject's latest receipt up to date,
    /// in one transaction: on any error nothing is written.
    pub async fn record(&self, receipt: &NewReceipt) -> Result<Recorded, RecordError> {
        // SQLite has one writer at a time: waiting here, in order, beats its
        // busy handler's sleeps (1 to 100 ms) when posts come together.
        let _writer = match self.writer() {
            Some(lock) => Some(lock.lock().await),
            None => None,
        };
        let mut tx = self.pool().begin().await?;
        let outcome = write(&mut tx, receipt).await;
        // Committed or rolled back before the next writer's turn: a
        // rollback left to the transaction's drop would run after it.
        match outcome {
            Ok(Recorded::Stored) => tx.commit().await?,
            _ => tx.rollback().await?,
        }
        outcome
    }
}

/// The transaction's statements; on anything but `Stored`, the caller
/// rolls them back.
async fn write(
    tx: &mut Transaction<'_, Any>,
    receipt: &NewReceipt,
) -> Result<Recorded, RecordError> {
    // A write first: it takes SQLite's write lock at once (waiting for it
    // rather than failing on a stale snapshot), and PostgreSQL's lock on
    // this subject's row, so one subject's posts are stored one after the
    // other and each sees the ones before it.
    let was_latest = lock_chain(tx, receipt).await?;
    if !insert_new(tx, receipt).await? {
        return already_stored(tx, receipt)
            .await
            .map(Recorded::AlreadyStored);
    }
    check_previous(tx, receipt).await?;
    check_followers(tx, receipt).await?;
    insert_decisions(tx, receipt).await?;
    // A first receipt for this subject put its own id in `latest`.
    let first = was_latest == receipt.receipt_id;
    update_latest(tx, receipt, (!first).then_some(was_latest.as_str())).await?;
    Ok(Recorded::Stored)
}

/// Takes this subject's chain row (making it, with this receipt as latest,
/// for a first receipt) and returns the latest receipt it named.
async fn lock_chain(tx: &mut Transaction<'_, Any>, r: &NewReceipt) -> Result<String, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO latest (notice_id, subject, receipt_id) VALUES ($1, $2, $3) \
         ON CONFLICT (notice_id, subject) DO UPDATE SET receipt_id = latest.receipt_id \
         RETURNING receipt_id",
    )
    .bind(&r.notice_id)
    .bind(&r.subject)
    .bind(&r.receipt_id)
    .fetch_one(&mut **tx)
    .await
}

/// The stored copy of a receipt whose id is taken: this very receipt, or
/// an error if the id is another payload's.
async fn already_stored(
    tx: &mut Transaction<'_, Any>,
    r: &NewReceipt,
) -> Result<String, RecordError> {
    let row = sqlx::query("SELECT digest, jws FROM receipts WHERE receipt_id = $1")
        .bind(&r.receipt_id)
        .fetch_one(&mut **tx)
        .await?;
    if row.try_get::<String, _>(0)? == r.digest {
        Ok(row.try_get(1)?)
    } else {
        Err(RecordError::IdTaken)
    }
}

/// A `previous` the service knows must be this subject's, on this notice,
/// with the digest named. One it does not know is accepted: the pupil may
/// have changed device, or its receipts may arrive out of order.
async fn check_previous(tx: &mut Transaction<'_, Any>, r: &NewReceipt) -> Result<(), RecordError> {
    let Some((id, digest)) = &r.previous else {
        return Ok(());
    };
    let row = sqlx::query("SELECT subject, notice_id, digest FROM receipts WHERE receipt_id = $1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    let Some(row) = row else { return Ok(()) };
    if row.try_get::<String, _>(0)? != r.subject || row.try_get::<String, _>(1)? != r.notice_id {
        return Err(RecordError::PreviousMismatch(
            "the previous receipt it names is another subject's or another notice's",
        ));
    }
    if row.try_get::<String, _>(2)? != *digest {
        return Err(RecordError::PreviousMismatch(
            "the previous receipt it names has another digest",
        ));
    }
    Ok(())
}

/// Receipts stored before this one that name it as `previous` (it arrives
/// late) must name it with its digest, as this subject's on this notice:
/// otherwise a receipt could hide another without following it.
async fn check_followers(tx: &mut Transaction<'_, Any>, r: &NewReceipt) -> Result<(), RecordError> {
    let mismatched: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM receipts WHERE previous_id = $1 \
         AND (previous_digest <> $2 OR subject <> $3 OR notice_id <> $4)",
    )
    .bind(&r.receipt_id)
    .bind(&r.digest)
    .bind(&r.subject)
    .bind(&r.notice_id)
    .fetch_one(&mut **tx)
    .await?;
    if mismatched > 0 {
        return Err(RecordError::PreviousMismatch(
            "a stored receipt names it as its previous one with another digest, subject or notice",
        ));
    }
    Ok(())
}

/// Inserts the receipt's row; `false` if its id is already stored (one
/// round trip either way, the common case first).
async fn insert_new(tx: &mut Transaction<'_, Any>, r: &NewReceipt) -> Result<bool, sqlx::Error> {
    let inserted = sqlx::query(
        "INSERT INTO receipts (receipt_id, notice_id, notice_version, subject, issued_at, \
         stored_at, previous_id, previous_digest, digest, jws) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (receipt_id) DO NOTHING",
    )
    .bind(&r.receipt_id)
    .bind(&r.notice_id)
    .bind(&r.notice_version)
    .bind(&r.subject)
    .bind(r.issued_at)
    .bind(now_micros())
    .bind(r.previous.as_ref().map(|(id, _)| id.as_str()))
    .bind(r.previous.as_ref().map(|(_, digest)| digest.as_str()))
    .bind(&r.digest)
    .bind(&r.jws)
    .execute(&mut **tx)
    .await?;
    Ok(inserted.rows_affected() == 1)
}

async fn insert_decisions(
    tx: &mut Transaction<'_, Any>,
    r: &NewReceipt,
) -> Result<(), sqlx::Error> {
    // All decisions in one statement: one round trip, whatever the notice.
    let mut sql =
        String::from("INSERT INTO decisions (receipt_id, purpose, channel, granted) VALUES ");
    for i in 0..r.decisions.len() {
        let n = 3 * i + 2;
        if i > 0 {
            sql.push_str(", ");
        }
        sql.push_str(&format!("($1, ${n}, ${}, ${})", n + 1, n + 2));
    }
    let mut query = sqlx::query(&sql).bind(&r.receipt_id);
    for (purpose, channel, granted) in &r.decisions {
        query = query.bind(purpose).bind(channel).bind(i64::from(*granted));
    }
    query.execute(&mut **tx).await?;
    Ok(())
}

/// The chain rule (docs/server.md): among this subject's receipts on this
/// notice that no other of them names as `previous` (the chain's ends), the
/// latest is the one issued last, then the greatest receipt id. Written
/// into the subject's `latest` row, which it returns.
const UPDATE_LATEST: &str = "UPDATE latest SET receipt_id = ( \
       SELECT r.receipt_id FROM receipts r \
       WHERE r.notice_id = $1 AND r.subject = $2 AND NOT EXISTS ( \
         SELECT 1 FROM receipts s WHERE s.previous_id = r.receipt_id \
         AND s.notice_id = r.notice_id AND s.subject = r.subject) \
       ORDER BY r.issued_at DESC, r.receipt_id DESC LIMIT 1) \
     WHERE notice_id = $1 AND subject = $2 RETURNING receipt_id";

/// Applies the chain rule after `r` and, when the latest receipt changed
/// (`before` is `None` for a first receipt), rewrites the subject's grants.
async fn update_latest(
    tx: &mut Transaction<'_, Any>,
    r: &NewReceipt,
    before: Option<&str>,
) -> Result<(), sqlx::Error> {
    let latest: String = sqlx::query_scalar(UPDATE_LATEST)
        .bind(&r.notice_id)
        .bind(&r.subject)
        .fetch_one(&mut **tx)
        .await?;
    if before == Some(latest.as_str()) {
        return Ok(());
    }
    sqlx::query("DELETE FROM grants WHERE notice_id = $1 AND subject = $2")
        .bind(&r.notice_id)
        .bind(&r.subject)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO grants (notice_id, purpose, channel, subject, receipt_id) \
         SELECT $1, purpose, channel, $2, receipt_id FROM decisions \
         WHERE receipt_id = $3 AND granted = 1",
    )
    .bind(&r.notice_id)
    .bind(&r.subject)
    .bind(&latest)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
