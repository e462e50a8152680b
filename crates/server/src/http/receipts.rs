//! `POST /receipts`: the widget's endpoint protocol (docs/embedding.md, "The receipt endpoint").

use std::sync::Arc;

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;

use super::body::{read_body, BodyTimeout};
use super::error::ApiError;
use crate::receipts::{Countersigner, Proof};

/// The header of the answer that gives the receipt's leaf in the
/// transparency log (docs/server.md, "The transparency log").
pub const LOG_INDEX: &str = "limpide-log-index";
/// The header that carries a single-use enrollment code (docs/server.md).
pub const ENROLLMENT_CODE: &str = "limpide-enrollment-code";
/// The longest credential or code read: anything longer is not one.
const MAX_PROOF_CHARS: usize = 512;

/// A receipt is a few KiB; anything larger is not one.
pub const MAX_RECEIPT_BYTES: usize = 64 * 1024;
/// `POST /receipts`: the countersigned receipt, or why it was refused.
pub async fn post(
    State(countersigner): State<Arc<Countersigner>>,
    State(timeout): State<BodyTimeout>,
    connection: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    check_content_type(&headers)?;
    let body = read_body(&headers, body, MAX_RECEIPT_BYTES, timeout).await?;
    let mut proof = proof(&headers)?;
    proof.connection = connection.map(|Extension(ConnectInfo(peer))| peer.to_string());
    let taken = countersigner.take(body, &proof).await?;
    let mut answer = (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/jose+json")],
        taken.receipt,
    )
        .into_response();
    if let Some(index) = taken.log_index {
        answer
            .headers_mut()
            .insert(LOG_INDEX, header::HeaderValue::from(index));
    }
    Ok(answer)
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

/// The pupil's credential (`Authorization: Bearer …`) and enrollment code
/// (`Limpide-Enrollment-Code`), if they came. Another scheme, or a value
/// that is not short visible ASCII, is refused rather than ignored: a
/// widget that sent one means it to count.
pub(super) fn proof(headers: &HeaderMap) -> Result<Proof, ApiError> {
    let read = |name: &str| -> Result<Option<String>, ApiError> {
        let Some(value) = headers.get(name) else {
            return Ok(None);
        };
        match value.to_str() {
            Ok(text) if !text.is_empty() && text.len() <= MAX_PROOF_CHARS => {
                Ok(Some(text.trim().to_owned()))
            }
            _ => Err(ApiError::invalid_proof(name)),
        }
    };
    let credential = match read(header::AUTHORIZATION.as_str())? {
        None => None,
        Some(text) => match text.split_once(' ') {
            Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => {
                Some(token.trim().to_owned())
            }
            _ => return Err(ApiError::invalid_proof("authorization")),
        },
    };
    Ok(Proof {
        credential,
        enrollment_code: read(ENROLLMENT_CODE)?,
        connection: None,
    })
}
