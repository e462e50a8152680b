//! The guardian relay's routes (public, CORS): `POST /guardian-requests`,
//! then `GET`, `DELETE /guardian-requests/{id}` and `GET`, `PUT
//! /guardian-requests/{id}/answer`. Bodies are the link texts of
//! `GuardianRequest` and `GuardianAnswer`, as `text/plain`.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use super::body::read_body;
use super::error::{unknown_notice, ApiError};
use super::state::AppState;
use crate::relay::{RelayRefused, MAX_RELAY_BYTES};

async fn text_body(state: &AppState, headers: &HeaderMap, body: Body) -> Result<String, ApiError> {
    let bytes = read_body(headers, body, MAX_RELAY_BYTES, state.body_timeout).await?;
    String::from_utf8(bytes.to_vec()).map_err(|_| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid-request",
            "the body is not UTF-8 text",
        )
    })
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
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let text = text_body(&state, &headers, body).await?;
    let (id, expires_at) = state.service.relay_request(text.trim()).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({"id": id, "expires_at": expires_at})),
    )
        .into_response())
}

/// `GET /guardian-requests/{id}`: the request, for the guardian's device.
pub async fn read(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    Ok(plain(state.service.relay_read(&id).await?))
}

/// `DELETE /guardian-requests/{id}`: abandoned, or its answer read; `204`.
pub async fn abandon(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    state.service.relay_abandon(&id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `PUT /guardian-requests/{id}/answer`: keeps the guardian's answer; `204`.
pub async fn answer(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<StatusCode, ApiError> {
    let text = text_body(&state, &headers, body).await?;
    state.service.relay_take_answer(&id, text.trim()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /guardian-requests/{id}/answer`: the answer, or `204` while none.
pub async fn read_answer(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    Ok(match state.service.relay_read_answer(&id).await? {
        Some(answer) => plain(answer),
        None => StatusCode::NO_CONTENT.into_response(),
    })
}

impl From<RelayRefused> for ApiError {
    fn from(refused: RelayRefused) -> Self {
        match refused {
            RelayRefused::Invalid(e) => {
                let code = e.problems().first().map_or("invalid-request", |p| p.code());
                Self::new(StatusCode::UNPROCESSABLE_ENTITY, code, e.to_string())
            }
            RelayRefused::UnknownNotice(id, version) => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "unknown-notice",
                unknown_notice(&id, &version),
            ),
            RelayRefused::BadPeriod => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid-request",
                "the request's expiry is not the notice's period from the moment the pupil chose",
            ),
            RelayRefused::SubjectNotIssued => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "subject-not-issued",
                "the request has no subject value this controller issued",
            ),
            RelayRefused::UnknownRequest => Self::new(
                StatusCode::NOT_FOUND,
                "unknown-request",
                "no such request: it expired, was abandoned, or its answer was read",
            ),
            RelayRefused::Expired => Self::new(
                StatusCode::GONE,
                "request-expired",
                "the request's time for a guardian's answer is over: the pupil makes their choices again",
            ),
            RelayRefused::AlreadyAnswered => Self::new(
                StatusCode::CONFLICT,
                "already-answered",
                "this request has an answer already",
            ),
            RelayRefused::Unavailable(e) => e.into(),
        }
    }
}
