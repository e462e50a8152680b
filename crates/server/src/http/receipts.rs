//! `POST /receipts`: the widget's endpoint protocol (docs/embedding.md, "The receipt endpoint").

use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use super::body::{read_body, BodyTimeout};
use super::error::ApiError;
use crate::receipts::Countersigner;

/// A receipt is a few KiB; anything larger is not one.
pub const MAX_RECEIPT_BYTES: usize = 64 * 1024;
/// `POST /receipts`: the countersigned receipt, or why it was refused.
pub async fn post(
    State(countersigner): State<Arc<Countersigner>>,
    State(timeout): State<BodyTimeout>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    check_content_type(&headers)?;
    let body = read_body(&headers, body, MAX_RECEIPT_BYTES, timeout).await?;
    let answer = countersigner.take(body).await?;
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
