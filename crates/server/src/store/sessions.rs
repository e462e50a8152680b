//! Console sessions and the sign-in throttle, in the database so that
//! every node agrees (docs/console.md).

use sqlx::Row as _;

use super::pool::Store;
use super::unavailable::Unavailable;

/// A session as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredSession {
    /// The account signed in.
    pub account: String,
    /// The account entry's stamp at sign-in.
    pub stamp: String,
    /// The session's CSRF token.
    pub csrf: String,
    /// Unix seconds: signed in.
    pub created_at: i64,
    /// Unix seconds: last request.
    pub last_seen: i64,
}

impl Store {
    /// Keeps a new session under `digest` (the cookie's SHA-256).
    pub async fn session_insert(
        &self,
        digest: &str,
        session: &StoredSession,
    ) -> Result<(), Unavailable> {
        let _turn = self.writer_turn().await;
        sqlx::query(
            "INSERT INTO staff_sessions (session_digest, account, stamp, csrf, created_at, last_seen) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(digest)
        .bind(session.account.as_str())
        .bind(session.stamp.as_str())
        .bind(session.csrf.as_str())
        .bind(session.created_at)
        .bind(session.last_seen)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The session under `digest`, if any.
    pub async fn session_get(&self, digest: &str) -> Result<Option<StoredSession>, Unavailable> {
        let row = sqlx::query(
            "SELECT account, stamp, csrf, created_at, last_seen FROM staff_sessions \
             WHERE session_digest = $1",
        )
        .bind(digest)
        .fetch_optional(self.pool())
        .await?;
        row.map(|row| {
            Ok(StoredSession {
                account: row.try_get(0)?,
                stamp: row.try_get(1)?,
                csrf: row.try_get(2)?,
                created_at: row.try_get(3)?,
                last_seen: row.try_get(4)?,
            })
        })
        .transpose()
        .map_err(Unavailable)
    }

    /// Marks the session seen at `now`.
    pub async fn session_touch(&self, digest: &str, now: i64) -> Result<(), Unavailable> {
        let _turn = self.writer_turn().await;
        sqlx::query("UPDATE staff_sessions SET last_seen = $1 WHERE session_digest = $2")
            .bind(now)
            .bind(digest)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Ends a session (sign-out, expiry, a changed or removed account).
    pub async fn session_delete(&self, digest: &str) -> Result<(), Unavailable> {
        let _turn = self.writer_turn().await;
        sqlx::query("DELETE FROM staff_sessions WHERE session_digest = $1")
            .bind(digest)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Removes the sessions signed in before `created_before` or idle since
    /// `idle_before`, and the failures older than `failures_before`.
    pub async fn sessions_purge(
        &self,
        created_before: i64,
        idle_before: i64,
        failures_before: i64,
    ) -> Result<(), Unavailable> {
        let _turn = self.writer_turn().await;
        sqlx::query("DELETE FROM staff_sessions WHERE created_at < $1 OR last_seen < $2")
            .bind(created_before)
            .bind(idle_before)
            .execute(self.pool())
            .await?;
        sqlx::query("DELETE FROM sign_in_failures WHERE failed_at < $1")
            .bind(failures_before)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Records a wrong sign-in for the account id whose digest is `account_digest`.
    pub async fn sign_in_failed(
        &self,
        failure_id: &str,
        account_digest: &str,
        now: i64,
    ) -> Result<(), Unavailable> {
        let _turn = self.writer_turn().await;
        sqlx::query(
            "INSERT INTO sign_in_failures (failure_id, account_digest, failed_at) VALUES ($1, $2, $3)",
        )
        .bind(failure_id)
        .bind(account_digest)
        .bind(now)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Wrong sign-ins since `since`: (for this account digest, its oldest
    /// time or `None`, overall).
    pub async fn sign_in_failures(
        &self,
        account_digest: &str,
        since: i64,
    ) -> Result<(i64, Option<i64>, i64), Unavailable> {
        let row = sqlx::query(
            "SELECT COUNT(*), MIN(failed_at) FROM sign_in_failures \
             WHERE account_digest = $1 AND failed_at >= $2",
        )
        .bind(account_digest)
        .bind(since)
        .fetch_one(self.pool())
        .await?;
        let overall: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM sign_in_failures WHERE failed_at >= $1")
                .bind(since)
                .fetch_one(self.pool())
                .await?;
        Ok((row.try_get(0)?, row.try_get(1)?, overall))
    }

    /// Marks `account`'s one-time code of `step` used: `false` if it was
    /// already (a replayed code). Steps older than `before` are forgotten.
    pub async fn totp_use(
        &self,
        account: &str,
        step: i64,
        before: i64,
    ) -> Result<bool, Unavailable> {
        let _turn = self.writer_turn().await;
        sqlx::query("DELETE FROM totp_used WHERE step < $1")
            .bind(before)
            .execute(self.pool())
            .await?;
        let inserted = sqlx::query(
            "INSERT INTO totp_used (account, step) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(account)
        .bind(step)
        .execute(self.pool())
        .await?;
        Ok(inserted.rows_affected() == 1)
    }

    /// Forgets an account's wrong sign-ins (after a right one).
    pub async fn sign_in_succeeded(&self, account_digest: &str) -> Result<(), Unavailable> {
        let _turn = self.writer_turn().await;
        sqlx::query("DELETE FROM sign_in_failures WHERE account_digest = $1")
            .bind(account_digest)
            .execute(self.pool())
            .await?;
        Ok(())
    }
}
