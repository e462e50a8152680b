//! The guardian relay's rows: a pending request, its answer, removed once
//! read, abandoned or expired.

use sqlx::Row as _;

use super::pool::Store;
use super::unavailable::Unavailable;

/// A relayed request as stored.
#[derive(Debug, PartialEq, Eq)]
pub struct RelayedRequest {
    /// The request's link text.
    pub request: String,
    /// The guardian's answer's link text, once given.
    pub answer: Option<String>,
}

impl Store {
    /// Keeps a request under `relay_id` until `expires_at` (Unix seconds),
    /// after deleting every expired one.
    pub async fn relay_insert(
        &self,
        relay_id: &str,
        notice_id: &str,
        request: &str,
        expires_at: i64,
        now: i64,
    ) -> Result<(), Unavailable> {
        let _turn = self.writer_turn().await;
        self.relay_purge(now).await?;
        sqlx::query(
            "INSERT INTO guardian_requests (relay_id, notice_id, request, expires_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(relay_id)
        .bind(notice_id)
        .bind(request)
        .bind(expires_at)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The request under `relay_id`, unless it is unknown or expired at `now`.
    pub async fn relay_get(
        &self,
        relay_id: &str,
        now: i64,
    ) -> Result<Option<RelayedRequest>, Unavailable> {
        let row = sqlx::query(
            "SELECT request, answer FROM guardian_requests \
             WHERE relay_id = $1 AND expires_at > $2",
        )
        .bind(relay_id)
        .bind(now)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(|row| RelayedRequest {
            request: row.get(0),
            answer: row.get(1),
        }))
    }

    /// Keeps the guardian's answer, only if none was given yet: `false`
    /// when the request is unknown, expired or already answered.
    pub async fn relay_answer(
        &self,
        relay_id: &str,
        answer: &str,
        now: i64,
    ) -> Result<bool, Unavailable> {
        let _turn = self.writer_turn().await;
        let done = sqlx::query(
            "UPDATE guardian_requests SET answer = $1 \
             WHERE relay_id = $2 AND answer IS NULL AND expires_at > $3",
        )
        .bind(answer)
        .bind(relay_id)
        .bind(now)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Removes a request (abandoned, or its answer read).
    pub async fn relay_delete(&self, relay_id: &str) -> Result<(), Unavailable> {
        let _turn = self.writer_turn().await;
        sqlx::query("DELETE FROM guardian_requests WHERE relay_id = $1")
            .bind(relay_id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    async fn relay_purge(&self, now: i64) -> Result<(), Unavailable> {
        sqlx::query("DELETE FROM guardian_requests WHERE expires_at <= $1")
            .bind(now)
            .execute(self.pool())
            .await?;
        Ok(())
    }
}
