//! `POST /receipts`: the widget's endpoint protocol (docs/embedding.md, "Receipt endpoint").

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use super::body::read_body;
use super::error::ApiError;
use super::state::AppState;

/// A receipt is a few KiB; anything larger is not one.
pub const MAX_RECEIPT_BYTES: usize = 64 * 1024;
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
        Err(ApiError::not_jose())
    }
}
