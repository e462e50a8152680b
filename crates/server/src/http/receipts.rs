//! `POST /receipts`: the widget's endpoint protocol (design §4).

use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use super::{ApiError, AppState};

/// A receipt is a few KiB; anything larger is not one.
pub const MAX_RECEIPT_BYTES: usize = 64 * 1024;
/// A client has this long to send its body, unless `--body-timeout` says
/// otherwise: a slow sender must not hold a connection (and its memory) open.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(10);

pub async fn post(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    check_content_type(&headers)?;
    let body = read_body(&headers, body, MAX_RECEIPT_BYTES, state.body_timeout).await?;
    let answer = state.service.take(body).await?;
    Ok((
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/jose+json")],
        answer,
    )
        .into_response())
}

fn check_content_type(headers: &HeaderMap) -> Result<(), ApiError> {
    let media_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase());
    if media_type.as_deref() == Some("application/jose+json") {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "a receipt is sent as Content-Type: application/jose+json",
        ))
    }
}

/// The body, at most `limit` bytes, within `timeout`.
pub(super) async fn read_body(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
    timeout: Duration,
) -> Result<bytes::Bytes, ApiError> {
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too-large",
            format!("the body is over {} KiB", limit / 1024),
        )
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    match tokio::time::timeout(timeout, axum::body::to_bytes(body, limit)).await {
        Err(_) => Err(ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            "body-timeout",
            format!("the body did not arrive within {} ms", timeout.as_millis()),
        )),
        // `to_bytes` fails on a body over the limit, or a broken connection.
        Ok(Err(_)) => Err(too_large()),
        Ok(Ok(bytes)) => Ok(bytes),
    }
}
