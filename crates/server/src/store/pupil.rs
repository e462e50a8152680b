//! What a pupil's own device may read about them (`POST /pupil/records`):
//! the messages released to them, each with its campaign. Their one-box
//! withdrawals are `withdrawals.rs`'s `subject_withdrawals`.

use sqlx::Row as _;

use super::pool::Store;
use super::unavailable::Unavailable;

/// One message released to a pupil: a row of a campaign's release that
/// kept them, with what the campaign fixed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceivedMessage {
    /// The campaign.
    pub campaign_id: String,
    /// When its list was released (Unix seconds).
    pub released_at: i64,
    /// The sender line.
    pub sender: String,
    /// The stored template (RFC 8785 JSON).
    pub template: String,
    /// The purpose.
    pub purpose: String,
    /// The channel, `""` for a purpose without channels.
    pub channel: String,
    /// The language the row was released in.
    pub language: String,
}

impl Store {
    /// The messages released to `subject` (the controller's id) under
    /// notice `notice_id`, oldest first: each stop link joined with its
    /// campaign and its release.
    pub async fn subject_messages(
        &self,
        notice_id: &str,
        subject: &str,
    ) -> Result<Vec<ReceivedMessage>, Unavailable> {
        let rows = sqlx::query(
            "SELECT s.campaign_id, r.released_at, c.sender, c.template, c.purpose, c.channel, \
             s.language FROM stop_links s \
             JOIN campaigns c ON c.campaign_id = s.campaign_id \
             JOIN campaign_releases r ON r.campaign_id = s.campaign_id \
             AND r.release_no = s.release_no \
             WHERE s.subject = $1 AND c.notice_id = $2 \
             ORDER BY r.released_at, s.campaign_id, s.release_no",
        )
        .bind(subject)
        .bind(notice_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(ReceivedMessage {
                    campaign_id: row.try_get(0)?,
                    released_at: row.try_get(1)?,
                    sender: row.try_get(2)?,
                    template: row.try_get(3)?,
                    purpose: row.try_get(4)?,
                    channel: row.try_get(5)?,
                    language: row.try_get(6)?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(Unavailable::from)
    }
}
