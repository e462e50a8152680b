//! Counts for the data-protection officer: where each purpose and channel
//! stands now, and how decisions came in over time.

use sqlx::Row as _;

use super::pool::Store;
use super::unavailable::Unavailable;

/// Counts for one purpose and channel of one notice.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Tally {
    /// The notice id.
    pub notice: String,
    /// The purpose id.
    pub purpose: String,
    /// The channel, `""` for a purpose without channels.
    pub channel: String,
    /// Granted.
    pub granted: i64,
    /// Refused, and never granted before.
    pub refused: i64,
    /// Refused after having been granted: a withdrawal (the pupil's, or a
    /// one-box withdrawal by a stop link or an objection).
    pub withdrawn: i64,
    /// Granted, but longer ago than the notice's `grant_validity`: no
    /// longer counted (only in `current`).
    pub lapsed: i64,
}

/// A day's decisions for one purpose and channel.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct DailyCount {
    /// The UTC day, `YYYY-MM-DD`, of the receipts' `issued_at`.
    pub day: String,
    /// The counts of decisions made that day.
    #[serde(flatten)]
    pub tally: Tally,
}

/// `GET /stats`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    /// Each subject counted once, by its latest receipt.
    pub current: Vec<Tally>,
    /// Every receipt's decisions, by the day it was issued.
    pub daily: Vec<DailyCount>,
}

/// Each subject's latest decision per box, against what the gate counts
/// (`grants`, `$1` now): a grant the gate has is granted or lapsed; a grant
/// it lost to a one-box withdrawal is withdrawn, as is a refusal after a
/// grant.
const CURRENT: &str = "SELECT l.notice_id, d.purpose, d.channel, \
     CAST(SUM(CASE WHEN d.granted = 1 AND g.subject IS NOT NULL \
       AND (g.lapses_at IS NULL OR g.lapses_at > $1) THEN 1 ELSE 0 END) AS BIGINT), \
     CAST(SUM(CASE WHEN (d.granted = 1 AND g.subject IS NULL) OR (d.granted = 0 AND EXISTS ( \
         SELECT 1 FROM receipts r JOIN decisions e ON e.subject = r.subject AND e.receipt_id = r.receipt_id \
         WHERE r.notice_id = l.notice_id AND r.subject = l.subject \
         AND e.purpose = d.purpose AND e.channel = d.channel AND e.granted = 1)) \
       THEN 1 ELSE 0 END) AS BIGINT), \
     CAST(COUNT(*) AS BIGINT), \
     CAST(SUM(CASE WHEN d.granted = 1 AND g.lapses_at <= $1 THEN 1 ELSE 0 END) AS BIGINT) \
     FROM latest l JOIN decisions d ON d.subject = l.subject AND d.receipt_id = l.receipt_id \
     LEFT JOIN grants g ON g.notice_id = l.notice_id AND g.subject = l.subject \
       AND g.purpose = d.purpose AND g.channel = d.channel \
     GROUP BY l.notice_id, d.purpose, d.channel \
     ORDER BY l.notice_id, d.purpose, d.channel";

/// A refusal is a withdrawal when the receipt it follows granted that box.
const DAILY: &str = "SELECT r.notice_id, d.purpose, d.channel, \
     CAST(SUM(CASE WHEN d.granted = 1 THEN 1 ELSE 0 END) AS BIGINT), \
     CAST(SUM(CASE WHEN d.granted = 0 AND p.granted = 1 THEN 1 ELSE 0 END) AS BIGINT), \
     CAST(COUNT(*) AS BIGINT), CAST(0 AS BIGINT), CAST(r.issued_at / 86400 AS BIGINT) \
     FROM receipts r JOIN decisions d ON d.subject = r.subject AND d.receipt_id = r.receipt_id \
     LEFT JOIN decisions p ON p.subject = r.subject AND p.receipt_id = r.previous_id \
       AND p.purpose = d.purpose AND p.channel = d.channel \
     GROUP BY r.notice_id, d.purpose, d.channel, CAST(r.issued_at / 86400 AS BIGINT) \
     ORDER BY CAST(r.issued_at / 86400 AS BIGINT), r.notice_id, d.purpose, d.channel";

impl Store {
    /// The counts, now and by day.
    pub async fn stats(&self) -> Result<Stats, Unavailable> {
        let tally = |row: &sqlx::any::AnyRow| -> Result<Tally, sqlx::Error> {
            let (granted, withdrawn, total, lapsed): (i64, i64, i64, i64) = (
                row.try_get(3)?,
                row.try_get(4)?,
                row.try_get(5)?,
                row.try_get(6)?,
            );
            Ok(Tally {
                notice: row.try_get(0)?,
                purpose: row.try_get(1)?,
                channel: row.try_get(2)?,
                granted,
                refused: total - granted - withdrawn - lapsed,
                withdrawn,
                lapsed,
            })
        };
        let current = sqlx::query(CURRENT)
            .bind(crate::time::now_seconds())
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(tally)
            .collect::<Result<_, _>>()?;
        let daily = sqlx::query(DAILY)
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|row| {
                let day: i64 = row.try_get(7)?;
                Ok(DailyCount {
                    day: limpide_receipt::format_utc(day * 86_400)[..10].to_owned(),
                    tally: tally(row)?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()?;
        Ok(Stats { current, daily })
    }
}
