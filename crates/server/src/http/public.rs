//! The public routes besides `/receipts`: what anyone may read.

use std::sync::Arc;

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use super::error::ApiError;
use super::extract::Path;
use crate::controller::notices::{ListedKeys, NoticeSet};

/// `GET /keys`: the controller's JWKS, every key the notices list (the one
/// in use and those being rotated), each with its `kid`.
pub async fn keys(State(listed): State<ListedKeys>) -> Json<serde_json::Value> {
    let keys: Vec<_> = listed
        .iter()
        .map(|k| {
            let mut jwk = serde_json::Value::from(k.to_value());
            jwk["kid"] = json!(k.thumbprint());
            jwk["alg"] = json!("EdDSA");
            jwk["use"] = json!("sig");
            jwk
        })
        .collect();
    Json(json!({ "keys": keys }))
}

/// `GET /notices/{id}/{version}`: the notice as published, byte for byte,
/// with its RFC 8785 digest (what receipts name) in `Limpide-Notice-Digest`.
pub async fn notice(
    State(notices): State<Arc<NoticeSet>>,
    Path((id, version)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let published = notices
        .get(&id, &version)
        .ok_or_else(|| ApiError::no_notice(&id, &version))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json".to_owned()),
            (
                header::HeaderName::from_static("limpide-notice-digest"),
                published.notice.digest().to_owned(),
            ),
        ],
        published.bytes.clone(),
    )
        .into_response())
}
