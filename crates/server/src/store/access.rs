//! The access log: one row per staff action, appended, never changed. It
//! names the account and what it touched (notice, purpose, channel,
//! campaign, counts), never a pupil's id, never a list's content.

use serde::Serialize;
use sqlx::Row as _;
use tokio::sync::mpsc;

use super::paged::{stream_pages, PAGE};
use super::params::Params;
use super::pool::Store;
use super::unavailable::Unavailable;
use crate::staff::Role;

/// One staff action. All but `account`, `role` and `action` are optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct AccessEntry {
    /// The account that acted (for a refused sign-in: the id tried, when
    /// an account has it; otherwise `"(no such account)"`).
    pub account: String,
    /// Its role; `None` only for a sign-in refused to an id no account has.
    pub role: Option<Role>,
    /// What it did: `sign-in`, `sign-in-refused`, `sign-out`,
    /// `permissions`, `audit`, `stats`, `subject-receipts`,
    /// `subject-issued`, `access-log`, `console`… (docs/console.md).
    pub action: String,
    /// The notice id it touched.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
    /// The purpose.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    /// The channel.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// The campaign.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub campaign: Option<String>,
    /// Rows kept (a release).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kept: Option<i64>,
    /// Rows dropped (a release).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dropped: Option<i64>,
}

impl AccessEntry {
    /// `action` by `account` in `role`, touching nothing named yet.
    pub fn new(account: &str, role: Role, action: &str) -> Self {
        Self {
            account: account.to_owned(),
            role: Some(role),
            action: action.to_owned(),
            ..Self::default()
        }
    }
}

/// An entry as read back: when, then the entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LoggedAccess {
    /// RFC 3339 UTC, to the second.
    pub at: String,
    /// The entry.
    #[serde(flatten)]
    pub entry: AccessEntry,
}

/// The columns of an entry, in the order `bind_entry` binds them.
const COLUMNS: &str =
    "(logged_at, entry_id, account, role, action, notice, purpose, channel, campaign, kept, dropped)";
const WIDTH: usize = 11;

/// Appends `entry` on `conn`: inside the transaction of an action that
/// writes other rows (`write_access(&mut tx, &entry)`), so that the action
/// and its entry are stored together or not at all. On SQLite the caller
/// holds the store's writer turn, as for any write.
pub async fn write_access(
    conn: &mut sqlx::AnyConnection,
    entry: &AccessEntry,
) -> Result<(), Unavailable> {
    let numbered = Params { anonymous: false };
    write_access_all(conn, numbered, std::slice::from_ref(entry)).await
}

/// Appends every entry of `entries` with one statement (a batch of
/// receipts that enrolls many devices), as [`write_access`] appends one.
pub(super) async fn write_access_all(
    conn: &mut sqlx::AnyConnection,
    p: Params,
    entries: &[AccessEntry],
) -> Result<(), Unavailable> {
    if entries.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "INSERT INTO access_log {COLUMNS} VALUES {}",
        p.rows(entries.len(), WIDTH)
    );
    let mut query = sqlx::query(&sql);
    let now = crate::time::now_micros();
    for entry in entries {
        let mut id = [0u8; 8];
        getrandom::fill(&mut id)
            .map_err(|e| Unavailable(sqlx::Error::Protocol(format!("no random source: {e}"))))?;
        query = query
            .bind(now)
            .bind(limpide_receipt::base64url::encode(&id))
            .bind(entry.account.clone())
            .bind(entry.role.map_or("", Role::as_str))
            .bind(entry.action.clone())
            .bind(entry.notice.clone())
            .bind(entry.purpose.clone())
            .bind(entry.channel.clone())
            .bind(entry.campaign.clone())
            .bind(entry.kept)
            .bind(entry.dropped);
    }
    query.execute(conn).await?;
    Ok(())
}

const SELECT: &str =
    "SELECT logged_at, account, role, action, notice, purpose, channel, campaign, kept, dropped, \
     entry_id FROM access_log";

/// A row of `SELECT`.
fn logged(row: &sqlx::any::AnyRow) -> Result<LoggedAccess, sqlx::Error> {
    let micros: i64 = row.try_get(0)?;
    let role: String = row.try_get(2)?;
    Ok(LoggedAccess {
        at: limpide_receipt::format_utc(micros.div_euclid(1_000_000)),
        entry: AccessEntry {
            account: row.try_get(1)?,
            role: Role::from_name(&role),
            action: row.try_get(3)?,
            notice: row.try_get(4)?,
            purpose: row.try_get(5)?,
            channel: row.try_get(6)?,
            campaign: row.try_get(7)?,
            kept: row.try_get(8)?,
            dropped: row.try_get(9)?,
        },
    })
}

impl Store {
    /// Appends `entry` to the access log, with the time.
    pub async fn log_access(&self, entry: &AccessEntry) -> Result<(), Unavailable> {
        let _turn = self.writer_turn().await;
        let mut conn = self.pool().acquire().await?;
        write_access(&mut conn, entry).await
    }

    /// The latest `limit` entries, newest first (the DPO's console).
    pub async fn recent_access(&self, limit: i64) -> Result<Vec<LoggedAccess>, Unavailable> {
        let rows = sqlx::query(&format!(
            "{SELECT} ORDER BY logged_at DESC, entry_id DESC LIMIT $1"
        ))
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(logged)
            .collect::<Result<_, _>>()
            .map_err(Unavailable)
    }

    /// The access log from `since_micros` on, oldest first, streamed.
    pub fn access_log(
        &self,
        since_micros: i64,
    ) -> mpsc::Receiver<Result<LoggedAccess, Unavailable>> {
        let pool = self.pool().clone();
        stream_pages(move |after: Option<(i64, String)>| {
            let pool = pool.clone();
            async move {
                let sql = format!(
                    "{SELECT} WHERE {} ORDER BY logged_at, entry_id LIMIT {PAGE}",
                    if after.is_none() {
                        "logged_at >= $1"
                    } else {
                        "(logged_at, entry_id) > ($1, $2)"
                    }
                );
                let query = match after {
                    None => sqlx::query(&sql).bind(since_micros),
                    Some((at, id)) => sqlx::query(&sql).bind(at).bind(id),
                };
                let mut page = Vec::new();
                for row in query.fetch_all(&pool).await? {
                    let key = (row.try_get(0)?, row.try_get(10)?);
                    page.push((logged(&row)?, key));
                }
                Ok(page)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{write_access, AccessEntry};
    use crate::staff::Role;
    use crate::store::Store;

    /// An entry written inside another transaction is stored with it, or
    /// not at all.
    #[tokio::test]
    async fn write_access_joins_the_transaction() {
        let dir = std::env::temp_dir().join(format!("limpide-access-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap_or_default();
        let url = format!("sqlite://{}", dir.join("access.db").display());
        let store = Store::open(&url).await.expect("the store opens");
        let entry = AccessEntry {
            campaign: Some("c-1".to_owned()),
            kept: Some(3),
            dropped: Some(1),
            ..AccessEntry::new("comms", Role::Communications, "release")
        };
        for commit in [false, true] {
            let _turn = store.writer_turn().await;
            let mut tx = store.pool().begin().await.expect("a transaction");
            write_access(&mut tx, &entry).await.expect("written");
            if commit {
                tx.commit().await.expect("committed");
            } else {
                tx.rollback().await.expect("rolled back");
            }
        }
        let recent = store.recent_access(10).await.expect("read");
        assert_eq!(recent.len(), 1);
        assert_eq!(recent[0].entry, entry);
        store.close().await;
        let _ = std::fs::remove_dir_all(&dir);
    }
}
