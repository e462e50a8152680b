//! The guardian relay's routes (public, CORS): `POST /guardian-requests`,
//! then `GET`, `DELETE /guardian-requests/{id}` and `GET`, `PUT
//! /guardian-requests/{id}/answer`. Bodies are the link texts of
//! `GuardianRequest` and `GuardianAnswer`, as `text/plain`.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use axum::Json;
use serde_json::json;

use super::body::{read_body, BodyTimeout};
use super::error::ApiError;
use super::extract::Path;
use crate::relay::{Relay, MAX_RELAY_BYTES};

async fn text_body(
    timeout: BodyTimeout,
    headers: &HeaderMap,
    body: Body,
) -> Result<String, ApiError> {
    let bytes = read_body(headers, body, MAX_RELAY_BYTES, timeout).await?;
    String::from_utf8(bytes.to_vec()).map_err(|_| ApiError::not_text())
}

fn plain(text: String) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

/// `POST /guardian-requests`: keeps a pupil's request; `201` with its `id`
/// and `expires_at`.
pub async fn create(
    State(relay): State<Arc<Relay>>,
    State(timeout): State<BodyTimeout>,
    connection: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let mut proof = super::receipts::proof(&headers)?;
    proof.connection = connection.map(|Extension(ConnectInfo(peer))| peer.to_string());
    let text = text_body(timeout, &headers, body).await?;
    let (id, expires_at) = relay.request(text.trim(), &proof).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({"id": id, "expires_at": expires_at})),
    )
        .into_response())
}

/// `GET /guardian-requests/{id}`: the request, for the guardian's device.
pub async fn read(
    State(relay): State<Arc<Relay>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    Ok(plain(relay.read(&id).await?))
}

/// `DELETE /guardian-requests/{id}`: abandoned, or its answer read; `204`.
pub async fn abandon(
    State(relay): State<Arc<Relay>>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    relay.abandon(&id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `PUT /guardian-requests/{id}/answer`: keeps the guardian's answer; `204`.
pub async fn answer(
    State(relay): State<Arc<Relay>>,
    State(timeout): State<BodyTimeout>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<StatusCode, ApiError> {
    let text = text_body(timeout, &headers, body).await?;
    relay.take_answer(&id, text.trim()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /guardian-requests/{id}/answer`: the answer, or `204` while none.
pub async fn read_answer(
    State(relay): State<Arc<Relay>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    Ok(match relay.read_answer(&id).await? {
        Some(answer) => plain(answer),
        None => StatusCode::NO_CONTENT.into_response(),
    })
}
