//! The admin token: everything that names a subject sits behind it.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use limpide_receipt::sha256_base64url;

use super::error::ApiError;

/// The digest of the admin token. Comparing digests keeps the comparison's
/// time from telling how much of a guessed token was right.
#[derive(Clone)]
pub struct AdminToken(String);

impl AdminToken {
    /// The shortest token accepted.
    pub const MIN_CHARS: usize = 32;

    /// A token from the first line of its file.
    pub fn from_file_text(text: &str) -> Result<Self, String> {
        let token = text.lines().next().unwrap_or_default().trim();
        if token.chars().count() < Self::MIN_CHARS {
            return Err(format!(
                "the admin token has fewer than {} characters; make one with e.g. `head -c 32 /dev/urandom | base64 > admin.token`",
                Self::MIN_CHARS
            ));
        }
        Ok(Self(sha256_base64url(token.as_bytes())))
    }

    fn accepts(&self, presented: &str) -> bool {
        sha256_base64url(presented.as_bytes()) == self.0
    }
}

/// Lets the request through only with `Authorization: Bearer <token>`.
pub async fn require_admin(
    State(token): State<Option<AdminToken>>,
    request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let Some(token) = token else {
        return Err(ApiError::admin_disabled());
    };
    let presented = request
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    match presented {
        Some(p) if token.accepts(p.trim()) => Ok(next.run(request).await),
        _ => Err(ApiError::unauthorized()),
    }
}
