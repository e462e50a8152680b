//! Cross-site requests: every state-changing console form is a POST whose
//! `Origin` must be the service's own (`--public-url`), and, once signed
//! in, which carries the session's token in a hidden field. A browser
//! that sends no `Origin` passes only with `Sec-Fetch-Site: same-origin`.
//! Bearer API calls carry no cookie, so they need neither.

use axum::http::HeaderMap;
use limpide_receipt::sha256_base64url;

use super::error::ApiError;
use super::public_url::PublicUrl;
use super::session::Session;

/// Refuses a request that a page of another origin sent.
pub fn same_origin(headers: &HeaderMap, public_url: &PublicUrl) -> Result<(), ApiError> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    match header("origin") {
        Some(origin) if origin == public_url.origin() => Ok(()),
        Some(_) => Err(ApiError::cross_site()),
        None if header("sec-fetch-site") == Some("same-origin") => Ok(()),
        None => Err(ApiError::cross_site()),
    }
}

/// Refuses a signed-in form from another origin or without the session's
/// token (`csrf`, the hidden field `page.rs`' `csrf_field` writes).
pub fn check_form(
    headers: &HeaderMap,
    public_url: &PublicUrl,
    session: &Session,
    csrf: &str,
) -> Result<(), ApiError> {
    same_origin(headers, public_url)?;
    // Digests compared: the time says nothing of a guess's right prefix.
    if sha256_base64url(csrf.as_bytes()) == sha256_base64url(session.csrf.as_bytes()) {
        Ok(())
    } else {
        Err(ApiError::cross_site())
    }
}
