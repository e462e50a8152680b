//! Request bodies: read whole, up to a size, within a time.

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, HeaderMap};

use super::error::ApiError;

/// A client has this long to send its body, unless `--body-timeout` says
/// otherwise: a slow sender must not hold a connection (and its memory) open.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a client has to send its body (`--body-timeout`).
#[derive(Clone, Copy, Debug)]
pub struct BodyTimeout(pub Duration);

/// The body, at most `limit` bytes, within `timeout`.
pub(super) async fn read_body(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
    BodyTimeout(timeout): BodyTimeout,
) -> Result<bytes::Bytes, ApiError> {
    let too_large = || ApiError::too_large(limit);
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    match tokio::time::timeout(timeout, axum::body::to_bytes(body, limit)).await {
        Err(_) => Err(ApiError::body_timeout(timeout)),
        // `to_bytes` fails on a body over the limit, or a broken connection.
        Ok(Err(_)) => Err(too_large()),
        Ok(Ok(bytes)) => Ok(bytes),
    }
}
