//! Console sessions: the `limpide_session` cookie (32 random bytes; the
//! database keeps only their SHA-256), its expiry (8 hours after signing
//! in, or 30 minutes idle), and the session's CSRF token.

use axum::http::HeaderMap;
use limpide_receipt::{base64url, sha256_base64url};

use super::error::ApiError;
use super::public_url::PublicUrl;
use crate::staff::{Account, Accounts};
use crate::store::{Store, StoredSession, Unavailable};
use crate::time::now_seconds;

/// The cookie's name.
pub const COOKIE: &str = "limpide_session";
/// A session ends this long after signing in, in seconds.
pub const ABSOLUTE_SECONDS: i64 = 8 * 3600;
/// … or after this long without a request.
pub const IDLE_SECONDS: i64 = 30 * 60;
/// A session's last-seen time is written at most this often.
const TOUCH_SECONDS: i64 = 60;

/// A signed-in session, as a request finds it.
#[derive(Clone, Debug)]
pub struct Session {
    /// The cookie's digest: the session's key in the database.
    pub digest: String,
    /// The session's CSRF token (the console's hidden form field).
    pub csrf: String,
    /// The account.
    pub account: Account,
}

fn random_text() -> Result<String, Unavailable> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| Unavailable(sqlx::Error::Protocol(format!("no random source: {e}"))))?;
    Ok(base64url::encode(&bytes))
}

/// The session cookie's value in `headers`, if any.
pub fn cookie_value(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.trim())
}

/// Opens a session for `account`: (the `Set-Cookie` header's value, the session).
pub async fn open(
    store: &Store,
    account: &Account,
    public_url: &PublicUrl,
) -> Result<(String, Session), ApiError> {
    let value = random_text()?;
    let digest = sha256_base64url(value.as_bytes());
    let now = now_seconds();
    let stored = StoredSession {
        account: account.id.clone(),
        stamp: account.stamp(),
        csrf: random_text()?,
        created_at: now,
        last_seen: now,
    };
    store.session_insert(&digest, &stored).await?;
    let cookie = format!(
        "{COOKIE}={value}; HttpOnly; SameSite=Strict; Path=/; Max-Age={ABSOLUTE_SECONDS}{}",
        if public_url.is_https() {
            "; Secure"
        } else {
            ""
        }
    );
    Ok((
        cookie,
        Session {
            digest,
            csrf: stored.csrf,
            account: account.clone(),
        },
    ))
}

/// The `Set-Cookie` value that removes the cookie.
pub fn cleared(public_url: &PublicUrl) -> String {
    format!(
        "{COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0{}",
        if public_url.is_https() {
            "; Secure"
        } else {
            ""
        }
    )
}

/// The session the request's cookie opens, if it is live: known, not
/// expired, its account still in the staff file with the same entry. A
/// session that fails any of these is deleted.
pub async fn find(
    store: &Store,
    accounts: &Accounts,
    headers: &HeaderMap,
) -> Result<Option<Session>, Unavailable> {
    let Some(value) = cookie_value(headers) else {
        return Ok(None);
    };
    let digest = sha256_base64url(value.as_bytes());
    let Some(stored) = store.session_get(&digest).await? else {
        return Ok(None);
    };
    let now = now_seconds();
    let live = now < stored.created_at + ABSOLUTE_SECONDS && now < stored.last_seen + IDLE_SECONDS;
    let account = accounts
        .get(&stored.account)
        .filter(|a| a.stamp() == stored.stamp);
    let (true, Some(account)) = (live, account) else {
        store.session_delete(&digest).await?;
        return Ok(None);
    };
    if now - stored.last_seen >= TOUCH_SECONDS {
        store.session_touch(&digest, now).await?;
    }
    Ok(Some(Session {
        digest,
        csrf: stored.csrf,
        account: account.clone(),
    }))
}

/// Removes expired sessions and old sign-in failures (at each sign-in).
pub async fn purge(store: &Store, failure_window: i64) -> Result<(), Unavailable> {
    let now = now_seconds();
    store
        .sessions_purge(
            now - ABSOLUTE_SECONDS,
            now - IDLE_SECONDS,
            now - failure_window,
        )
        .await
}
