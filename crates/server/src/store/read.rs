//! What the controller's staff read: permissions (which a campaign's
//! release reads too), one subject's receipts, the audit export. Long
//! answers are streamed a page at a time (`paged.rs`), so 100 000 subjects
//! are never held in memory at once, and a reader that stops reading holds
//! no connection of the pool.

use sqlx::Row as _;
use tokio::sync::mpsc;

use super::paged::{stream_pages, PAGE};
use super::pool::Store;
use super::unavailable::Unavailable;

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

/// A page of the audit export: every signed record, by the time it was
/// stored (microseconds; a manifest at its approval, a release record when
/// made), then its id, then its subject (two subjects' receipts may share an
/// id), from `$1` on (the first page) or after the key `($1, $2, $3)`.
/// Each line is a JWS that `limpide verify -` reads as its kind. Each part
/// is cut to a page by its own index first, so that a page reads a page's
/// rows, not the rest of the table.
fn audit_page(first: bool) -> String {
    let after = |t: &str, k: &str, s: &str| {
        if first {
            format!("{t} >= $1")
        } else {
            format!("({t}, {k}, {s}) > ($1, $2, $3)")
        }
    };
    let part = |select: &str, from: &str, t: &str, k: &str, s: &str| {
        let filter = if from.contains("WHERE") {
            "AND"
        } else {
            "WHERE"
        };
        // PostgreSQL refuses a constant in ORDER BY: a part without
        // subjects is in order by time and id alone.
        let order = if s == "''" {
            format!("{t}, {k}")
        } else {
            format!("{t}, {k}, {s}")
        };
        format!(
            "SELECT * FROM (SELECT {select}, {t} AS t, {k} AS k, {s} AS s FROM {from} \
             {filter} {} ORDER BY {order} LIMIT {PAGE}) AS part",
            after(t, k, s)
        )
    };
    let release_id = "campaign_id || '/' || CAST(release_no AS TEXT)";
    format!(
        "SELECT jws, t, k, s FROM ({} UNION ALL {} UNION ALL {} UNION ALL {} UNION ALL {}) AS audit \
         ORDER BY t, k, s LIMIT {PAGE}",
        part("jws", "receipts", "stored_at", "receipt_id", "subject"),
        part("jws", "box_withdrawals", "stored_at", "withdrawal_id", "''"),
        part(
            "manifest AS jws",
            "campaigns WHERE manifest IS NOT NULL",
            "decided_at * 1000000",
            "campaign_id",
            "''"
        ),
        part(
            "record AS jws",
            "campaign_releases",
            "released_at * 1000000",
            release_id,
            "''"
        ),
        part(
            "record AS jws",
            "device_keys",
            "enrolled_at",
            "enrollment_id",
            "''"
        ),
    )
}

/// Where a page of the audit export ends: (time, id, subject).
type AuditKey = (i64, String, String);

/// Where a page of one subject's receipts ends: (issued at, stored at,
/// receipt id), their order.
pub type ReceiptsCursor = (i64, i64, String);

/// One record of the audit export: its JWS JSON.
pub type AuditLine = String;

/// The subjects whose latest receipt on a notice grants a purpose on a
/// channel ('' for a purpose without channels), and whose grant has not
/// lapsed by `$4`, after the subject `$5`: a page of one range of `grants`.
fn permissions_page(first: bool) -> String {
    format!(
        "SELECT subject, receipt_id, language FROM grants \
         WHERE notice_id = $1 AND purpose = $2 AND channel = $3 \
         AND (lapses_at IS NULL OR lapses_at > $4) {} ORDER BY subject LIMIT {PAGE}",
        if first { "" } else { "AND subject > $5" }
    )
}

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
        let [notice_id, purpose, channel] = [notice_id, purpose, channel].map(str::to_owned);
        stream_pages(move |after: Option<String>| {
            let pool = pool.clone();
            let binds = (notice_id.clone(), purpose.clone(), channel.clone());
            async move {
                let sql = permissions_page(after.is_none());
                let mut query = sqlx::query(&sql)
                    .bind(binds.0)
                    .bind(binds.1)
                    .bind(binds.2)
                    .bind(now);
                if let Some(subject) = after {
                    query = query.bind(subject);
                }
                let mut page = Vec::new();
                for row in query.fetch_all(&pool).await? {
                    let permission = Permission {
                        subject: row.try_get(0)?,
                        receipt_id: row.try_get(1)?,
                        language: row.try_get(2)?,
                    };
                    let key = permission.subject.clone();
                    page.push((permission, key));
                }
                Ok(page)
            }
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

    /// Up to `limit` of a subject's receipts (JWS JSON, countersigned),
    /// oldest first, after `after` (from the first without it); and, if
    /// more follow, where the next page starts.
    pub async fn subject_receipts_page(
        &self,
        subject: &str,
        after: Option<&ReceiptsCursor>,
        limit: usize,
    ) -> Result<(Vec<String>, Option<ReceiptsCursor>), Unavailable> {
        // One more than asked: whether a next page exists, without a query.
        let sql = format!(
            "SELECT jws, issued_at, stored_at, receipt_id FROM receipts WHERE subject = $1 {} \
             ORDER BY issued_at, stored_at, receipt_id LIMIT {}",
            if after.is_some() {
                "AND (issued_at, stored_at, receipt_id) > ($2, $3, $4)"
            } else {
                ""
            },
            limit.saturating_add(1)
        );
        let mut query = sqlx::query(&sql).bind(subject);
        if let Some((issued_at, stored_at, id)) = after {
            query = query.bind(*issued_at).bind(*stored_at).bind(id);
        }
        let mut rows = query.fetch_all(self.pool()).await?;
        let more = rows.len() > limit;
        rows.truncate(limit);
        let next = match rows.last() {
            Some(row) if more => Some((row.try_get(1)?, row.try_get(2)?, row.try_get(3)?)),
            _ => None,
        };
        let receipts = rows
            .iter()
            .map(|row| row.try_get(0))
            .collect::<Result<_, _>>()?;
        Ok((receipts, next))
    }

    /// Every record stored at or after `since_micros`, in storage order
    /// (the time it was stored, then its id), streamed: receipts, one-box
    /// withdrawals, campaign manifests (at approval) and release records.
    pub fn audit(&self, since_micros: i64) -> mpsc::Receiver<Result<AuditLine, Unavailable>> {
        self.audit_rows(since_micros, |jws, _| jws)
    }

    /// [`Self::audit`], each record with its id and its subject (a
    /// receipt's; `""` for the controller's records): what the log's
    /// backfill needs to write each document's leaf on its row.
    pub(super) fn audit_keyed(
        &self,
        since_micros: i64,
    ) -> mpsc::Receiver<Result<(AuditLine, String, String), Unavailable>> {
        self.audit_rows(since_micros, |jws, (_, id, subject)| (jws, id, subject))
    }

    fn audit_rows<T: Send + 'static>(
        &self,
        since_micros: i64,
        shape: fn(AuditLine, AuditKey) -> T,
    ) -> mpsc::Receiver<Result<T, Unavailable>> {
        let pool = self.pool().clone();
        stream_pages(move |after: Option<AuditKey>| {
            let pool = pool.clone();
            async move {
                let sql = audit_page(after.is_none());
                let query = match after {
                    None => sqlx::query(&sql).bind(since_micros),
                    Some((t, k, s)) => sqlx::query(&sql).bind(t).bind(k).bind(s),
                };
                let mut page = Vec::new();
                for row in query.fetch_all(&pool).await? {
                    let jws: String = row.try_get(0)?;
                    let key: AuditKey = (row.try_get(1)?, row.try_get(2)?, row.try_get(3)?);
                    page.push((shape(jws, key.clone()), key));
                }
                Ok(page)
            }
        })
    }
}
