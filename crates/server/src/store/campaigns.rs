//! Campaigns' rows: the draft, the DPO's decision, the releases and their
//! stop links. A decision is one conditional update (a draft, decided by
//! someone else than its author), so two nodes cannot both decide; a
//! release takes its number as a primary key, so two nodes cannot both
//! release.

use sqlx::any::AnyRow;
use sqlx::Row as _;

use super::access::{write_access, AccessEntry};
use super::log_tree::append_to_log;
use super::params::Params;
use super::pool::Store;
use super::unavailable::Unavailable;
use crate::transparency::entry_of_stored;

/// A campaign as stored.
#[derive(Clone, Debug)]
pub struct CampaignRow {
    /// Its id.
    pub campaign_id: String,
    /// The notice id.
    pub notice_id: String,
    /// The notice version it was checked against.
    pub notice_version: String,
    /// The purpose.
    pub purpose: String,
    /// The channel, `""` for a purpose without channels.
    pub channel: String,
    /// The sender line.
    pub sender: String,
    /// The template, RFC 8785 JSON.
    pub template: String,
    /// The template's digest.
    pub text_digest: String,
    /// The window, Unix seconds.
    pub not_before: i64,
    /// The window's end.
    pub not_after: i64,
    /// Who drafted it (an account id).
    pub drafted_by: String,
    /// When, Unix seconds.
    pub drafted_at: i64,
    /// `draft`, `approved` or `rejected`.
    pub status: String,
    /// Who approved or rejected it.
    pub decided_by: Option<String>,
    /// When.
    pub decided_at: Option<i64>,
    /// Why it was rejected.
    pub reason: Option<String>,
    /// The signed manifest, once approved.
    pub manifest: Option<String>,
    /// How many releases the DPO allows.
    pub releases_allowed: i64,
    /// How many were made.
    pub releases: i64,
}

impl CampaignRow {
    /// Its status as the API and the console say it: `draft`, `rejected`,
    /// `approved`, or `released` once an approved campaign's list was made.
    pub fn status_shown(&self) -> &str {
        if self.status == "approved" && self.releases > 0 {
            "released"
        } else {
            &self.status
        }
    }
}

/// A release as stored.
#[derive(Clone, Debug)]
pub struct ReleaseRow {
    /// Its number, from 1.
    pub release_no: i64,
    /// When, Unix seconds.
    pub released_at: i64,
    /// Who released it.
    pub released_by: String,
    /// Rows kept.
    pub rows_kept: i64,
    /// Rows dropped.
    pub rows_dropped: i64,
    /// The signed release record.
    pub record: String,
}

/// A stop link to store: its token's digest, its pupil, their language.
pub struct NewStopLink {
    /// The token's digest.
    pub token_hash: String,
    /// The controller's id for the pupil.
    pub subject: String,
    /// The language of the pupil's receipt.
    pub language: String,
}

/// What a stop link leads to.
#[derive(Clone, Debug)]
pub struct StopLink {
    /// The campaign.
    pub campaign_id: String,
    /// The controller's id for the pupil.
    pub subject: String,
    /// Their language.
    pub language: String,
}

/// A decision on a draft.
pub struct Decision<'a> {
    /// `approved` or `rejected`.
    pub status: &'a str,
    /// The DPO's account.
    pub by: &'a str,
    /// When, Unix seconds.
    pub at: i64,
    /// Why, for a rejection.
    pub reason: Option<&'a str>,
    /// The signed manifest, for an approval.
    pub manifest: Option<&'a str>,
}

/// Keeps a campaign's manifest leaf on its row.
pub(super) async fn keep_manifest_index(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    campaign_id: &str,
    index: Option<u64>,
) -> Result<(), sqlx::Error> {
    let index = index.and_then(|i| i64::try_from(i).ok());
    sqlx::query("UPDATE campaigns SET manifest_log_index = $1 WHERE campaign_id = $2")
        .bind(index)
        .bind(campaign_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A release to record, with its stop links.
pub struct NewRelease<'a> {
    /// The campaign.
    pub campaign_id: &'a str,
    /// Its number: one more than those made.
    pub release_no: i64,
    /// The release, as stored.
    pub row: &'a ReleaseRow,
    /// One per kept row.
    pub stop_links: &'a [NewStopLink],
}

const COLUMNS: &str = "c.campaign_id, c.notice_id, c.notice_version, c.purpose, c.channel, \
     c.sender, c.template, c.text_digest, c.not_before, c.not_after, c.drafted_by, c.drafted_at, \
     c.status, c.decided_by, c.decided_at, c.reason, c.manifest, c.releases_allowed, \
     (SELECT COUNT(*) FROM campaign_releases r WHERE r.campaign_id = c.campaign_id)";

fn campaign_row(row: &AnyRow) -> Result<CampaignRow, sqlx::Error> {
    Ok(CampaignRow {
        campaign_id: row.try_get(0)?,
        notice_id: row.try_get(1)?,
        notice_version: row.try_get(2)?,
        purpose: row.try_get(3)?,
        channel: row.try_get(4)?,
        sender: row.try_get(5)?,
        template: row.try_get(6)?,
        text_digest: row.try_get(7)?,
        not_before: row.try_get(8)?,
        not_after: row.try_get(9)?,
        drafted_by: row.try_get(10)?,
        drafted_at: row.try_get(11)?,
        status: row.try_get(12)?,
        decided_by: row.try_get(13)?,
        decided_at: row.try_get(14)?,
        reason: row.try_get(15)?,
        manifest: row.try_get(16)?,
        releases_allowed: row.try_get(17)?,
        releases: row.try_get(18)?,
    })
}

impl Store {
    /// Stores a new draft, and its access log entry.
    pub async fn insert_campaign(
        &self,
        c: &CampaignRow,
        entry: &AccessEntry,
    ) -> Result<(), Unavailable> {
        let _turn = self.writer_turn().await;
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "INSERT INTO campaigns (campaign_id, notice_id, notice_version, purpose, channel, \
             sender, template, text_digest, not_before, not_after, drafted_by, drafted_at, \
             status, releases_allowed) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'draft', 1)",
        )
        .bind(&c.campaign_id)
        .bind(&c.notice_id)
        .bind(&c.notice_version)
        .bind(&c.purpose)
        .bind(&c.channel)
        .bind(&c.sender)
        .bind(&c.template)
        .bind(&c.text_digest)
        .bind(c.not_before)
        .bind(c.not_after)
        .bind(&c.drafted_by)
        .bind(c.drafted_at)
        .execute(&mut *tx)
        .await?;
        write_access(&mut tx, entry).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The campaign with this id.
    pub async fn campaign(&self, id: &str) -> Result<Option<CampaignRow>, Unavailable> {
        let sql = format!("SELECT {COLUMNS} FROM campaigns c WHERE c.campaign_id = $1");
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.as_ref().map(campaign_row).transpose()?)
    }

    /// The latest campaigns, newest first (at most `limit`).
    pub async fn campaigns(&self, limit: i64) -> Result<Vec<CampaignRow>, Unavailable> {
        let sql = format!(
            "SELECT {COLUMNS} FROM campaigns c ORDER BY c.drafted_at DESC, c.campaign_id LIMIT $1"
        );
        let rows = sqlx::query(&sql).bind(limit).fetch_all(self.pool()).await?;
        Ok(rows.iter().map(campaign_row).collect::<Result<_, _>>()?)
    }

    /// Decides a draft, if it is still a draft and `decision.by` did not
    /// draft it, with its access log entry. `false`: nothing changed.
    pub async fn decide_campaign(
        &self,
        id: &str,
        decision: &Decision<'_>,
        entry: &AccessEntry,
    ) -> Result<bool, Unavailable> {
        let update = sqlx::query(
            "UPDATE campaigns SET status = $1, decided_by = $2, decided_at = $3, reason = $4, \
             manifest = $5 WHERE campaign_id = $6 AND status = 'draft' AND drafted_by <> $2",
        )
        .bind(decision.status)
        .bind(decision.by)
        .bind(decision.at)
        .bind(decision.reason)
        .bind(decision.manifest)
        .bind(id);
        // An approval's signed manifest is a leaf of the log, and the
        // campaign keeps where (its page says it).
        let manifest = decision.manifest.map(entry_of_stored).transpose()?;
        let leaf = manifest.map(|m| (m, id));
        self.update_one_logged(update, entry, leaf).await
    }

    /// Allows one release more of an approved campaign whose allowed
    /// releases were all made, with its access log entry. `false`: nothing
    /// changed.
    pub async fn allow_release(&self, id: &str, entry: &AccessEntry) -> Result<bool, Unavailable> {
        let update = sqlx::query(
            "UPDATE campaigns SET releases_allowed = releases_allowed + 1 \
             WHERE campaign_id = $1 AND status = 'approved' AND releases_allowed <= \
             (SELECT COUNT(*) FROM campaign_releases r WHERE r.campaign_id = $1)",
        )
        .bind(id);
        self.update_one_logged(update, entry, None).await
    }

    /// Runs `update`, a conditional update of one campaign, and logs
    /// `entry` with it (and appends `manifest` to the transparency log,
    /// keeping its leaf on that campaign's row), in one transaction;
    /// `false`: its condition did not hold, nothing changed and nothing is
    /// logged.
    async fn update_one_logged<'q>(
        &self,
        update: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
        entry: &AccessEntry,
        manifest: Option<(limpide_receipt::log::LogEntry, &str)>,
    ) -> Result<bool, Unavailable> {
        let _turn = self.writer_turn().await;
        let mut tx = self.pool().begin().await?;
        if update.execute(&mut *tx).await?.rows_affected() != 1 {
            return Ok(false);
        }
        write_access(&mut tx, entry).await?;
        if let Some((leaf, campaign_id)) = manifest {
            let appended = append_to_log(&mut tx, self.params(), &[leaf]).await?;
            keep_manifest_index(&mut tx, campaign_id, appended.first().copied()).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// A campaign's releases, first first.
    pub async fn releases(&self, id: &str) -> Result<Vec<ReleaseRow>, Unavailable> {
        let rows = sqlx::query(
            "SELECT release_no, released_at, released_by, rows_kept, rows_dropped, record \
             FROM campaign_releases WHERE campaign_id = $1 ORDER BY release_no",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        let read = |row: &AnyRow| -> Result<ReleaseRow, sqlx::Error> {
            Ok(ReleaseRow {
                release_no: row.try_get(0)?,
                released_at: row.try_get(1)?,
                released_by: row.try_get(2)?,
                rows_kept: row.try_get(3)?,
                rows_dropped: row.try_get(4)?,
                record: row.try_get(5)?,
            })
        };
        Ok(rows.iter().map(read).collect::<Result<_, _>>()?)
    }

    /// Records a release, its stop links and its access log entry in one
    /// transaction. `false`: that release number was taken (by another
    /// node, at the same time), and nothing was written.
    pub async fn record_release(
        &self,
        release: &NewRelease<'_>,
        entry: &AccessEntry,
    ) -> Result<bool, Unavailable> {
        let _turn = self.writer_turn().await;
        let mut tx = self.pool().begin().await?;
        let row = release.row;
        let inserted = sqlx::query(
            "INSERT INTO campaign_releases (campaign_id, release_no, released_at, released_by, \
             rows_kept, rows_dropped, record) VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (campaign_id, release_no) DO NOTHING",
        )
        .bind(release.campaign_id)
        .bind(release.release_no)
        .bind(row.released_at)
        .bind(&row.released_by)
        .bind(row.rows_kept)
        .bind(row.rows_dropped)
        .bind(&row.record)
        .execute(&mut *tx)
        .await?;
        if inserted.rows_affected() != 1 {
            return Ok(false);
        }
        let p = Params {
            anonymous: self.is_sqlite(),
        };
        // Five parameters a row, well under both engines' limits.
        for part in release.stop_links.chunks(5_000) {
            let sql = format!(
                "INSERT INTO stop_links (token_hash, campaign_id, subject, language, release_no) \
                 VALUES {}",
                p.rows(part.len(), 5)
            );
            let mut query = sqlx::query(&sql);
            for link in part {
                query = query
                    .bind(&link.token_hash)
                    .bind(release.campaign_id)
                    .bind(&link.subject)
                    .bind(&link.language)
                    .bind(release.release_no);
            }
            query.execute(&mut *tx).await?;
        }
        write_access(&mut tx, entry).await?;
        append_to_log(&mut tx, p, &[entry_of_stored(&row.record)?]).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// What the stop link with this token digest leads to.
    pub async fn stop_link(&self, token_hash: &str) -> Result<Option<StopLink>, Unavailable> {
        let row = sqlx::query(
            "SELECT campaign_id, subject, language FROM stop_links WHERE token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(StopLink {
            campaign_id: row.try_get(0)?,
            subject: row.try_get(1)?,
            language: row.try_get(2)?,
        }))
    }
}
