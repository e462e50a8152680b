//! The staff's API routes: permissions, subjects, the audit
//! export, the access log. Each checks its role (`auth.rs`) and leaves an
//! entry in the access log, which names the account, never a subject.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use bytes::Bytes;
use limpide_receipt::{format_utc, SigningKey};
use serde_json::json;
use tokio::sync::mpsc;

use super::auth::{Role, Staff};
use super::body::{read_body, BodyTimeout};
use super::error::ApiError;
use super::extract::{Path, Query};
use super::receipts_page;
use crate::controller::notices::{self, NoticeSet};
use crate::controller::{credential, subject};
use crate::receipts::enrollment_code_hash;
use crate::store::{AccessEntry, Store, Unavailable};
use crate::time::now_seconds;

type Params = Query<BTreeMap<String, String>>;

fn required<'p>(params: &'p BTreeMap<String, String>, name: &str) -> Result<&'p str, ApiError> {
    params
        .get(name)
        .map(String::as_str)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| ApiError::missing_parameter(name))
}

/// The permission asked for, checked against the notices served: a typo in
/// a purpose or channel is an error, not an empty list.
fn permission_query(
    notices: &NoticeSet,
    params: &BTreeMap<String, String>,
) -> Result<PermissionQuery, ApiError> {
    let notice = required(params, "notice")?;
    let purpose = required(params, "purpose")?;
    let channel = params.get("channel").map(String::as_str).unwrap_or("");
    notices::check_permission(notices, notice, purpose, channel)
        .map_err(ApiError::unknown_permission)?;
    Ok(PermissionQuery {
        notice: notice.to_owned(),
        purpose: purpose.to_owned(),
        channel: channel.to_owned(),
    })
}

/// The box `/permissions` lists.
struct PermissionQuery {
    notice: String,
    purpose: String,
    channel: String,
}

/// A streamed body of JSON lines from a channel of rows. A database error
/// midway ends the body abruptly, so a client never takes a cut list for
/// a whole one.
fn json_lines<T: Send + 'static>(
    rows: mpsc::Receiver<Result<T, Unavailable>>,
    line: impl Fn(T) -> String + Send + 'static,
) -> Response {
    let stream = futures_util::stream::unfold((rows, line), |(mut rows, line)| async move {
        let item = rows.recv().await?;
        let bytes = item.map(|row| Bytes::from(format!("{}\n", line(row))));
        Some((bytes, (rows, line)))
    });
    (
        [(header::CONTENT_TYPE, "application/jsonl")],
        Body::from_stream(stream),
    )
        .into_response()
}

/// `GET /permissions?notice=&purpose=&channel=`: JSON lines
/// `{"subject": …, "receipt_id": …}`, in subject order, streamed.
pub async fn permissions(
    staff: Staff,
    State(notices): State<Arc<NoticeSet>>,
    State(store): State<Store>,
    Query(params): Params,
) -> Result<Response, ApiError> {
    staff.require(&[Role::Dpo])?;
    let q = permission_query(&notices, &params)?;
    store
        .log_access(&about(staff.access("permissions"), &q))
        .await?;
    let rows = store.permissions(&q.notice, &q.purpose, &q.channel, now_seconds());
    Ok(json_lines(rows, |p| {
        json!({"subject": p.subject, "receipt_id": p.receipt_id}).to_string()
    }))
}

/// `POST /subjects` with `{"id": "…"}` (and `"valid_for"`, seconds, if
/// not a day): the pupil's credential for the widget, and when it expires.
pub async fn issue_subject(
    staff: Staff,
    State(store): State<Store>,
    State(key): State<Arc<SigningKey>>,
    State(timeout): State<BodyTimeout>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    staff.require(&[Role::Integration])?;
    let body = read_body(&headers, body, 4096, timeout).await?;
    let bad = ApiError::invalid_subject_id;
    let value: serde_json::Value = serde_json::from_slice(&body)
        .map_err(|e| bad(format!("expected {{\"id\": \"…\"}}: {e}")))?;
    let id = value
        .get("id")
        .and_then(serde_json::Value::as_str)
        .ok_or_else(|| bad("expected {\"id\": \"…\"}".to_owned()))?;
    let valid_for = match value.get("valid_for") {
        None => credential::DEFAULT_VALIDITY_SECONDS,
        Some(v) => v
            .as_i64()
            .filter(|s| (60..=credential::MAX_VALIDITY_SECONDS).contains(s))
            .ok_or_else(|| {
                bad(format!(
                    "\"valid_for\" is whole seconds from 60 to {}",
                    credential::MAX_VALIDITY_SECONDS
                ))
            })?,
    };
    let expires_at = now_seconds() + valid_for;
    let issued = credential::issue(&key, id, expires_at).map_err(|e| bad(e.to_string()))?;
    store.log_access(&staff.access("subject-issued")).await?;
    Ok((
        StatusCode::CREATED,
        [(header::CACHE_CONTROL, "no-store")],
        Json(json!({"id": id, "credential": issued, "expires_at": format_utc(expires_at)})),
    )
        .into_response())
}

/// How long an enrollment code lasts: the time to pick up the new phone.
const ENROLLMENT_CODE_SECONDS: i64 = 10 * 60;

/// `POST /subjects/{id}/enrollment-codes`: a single-use code with which a
/// new device of this pupil enrolls (docs/server.md, "A new device").
pub async fn enrollment_code(
    staff: Staff,
    State(store): State<Store>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    staff.require(&[Role::Integration])?;
    subject::check_id(&id).map_err(|e| ApiError::invalid_subject_id(e.to_string()))?;
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|e| Unavailable(sqlx::Error::Protocol(format!("no random source: {e}"))))?;
    let code = limpide_receipt::base64url::encode(&bytes);
    let expires_at = now_seconds() + ENROLLMENT_CODE_SECONDS;
    store
        .add_enrollment_code(
            &enrollment_code_hash(&code),
            &id,
            expires_at,
            &staff.access("enrollment-code-issued"),
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        [(header::CACHE_CONTROL, "no-store")],
        Json(json!({"id": id, "code": code, "expires_at": format_utc(expires_at)})),
    )
        .into_response())
}

/// `GET /subjects/{id}/receipts[?limit=N][&after=CURSOR]`: a page of the
/// subject's receipts, oldest first, and `next`, the cursor of the page
/// after it (`null` on the last).
pub async fn subject_receipts(
    staff: Staff,
    State(store): State<Store>,
    Path(id): Path<String>,
    Query(params): Params,
) -> Result<Response, ApiError> {
    staff.require(&[Role::Dpo])?;
    subject::check_id(&id).map_err(|e| ApiError::invalid_subject_id(e.to_string()))?;
    let (limit, after) = receipts_page::read(&params).map_err(ApiError::invalid_page)?;
    // The entry says that a subject's receipts were read, never whose.
    store.log_access(&staff.access("subject-receipts")).await?;
    let (receipts, next) = store
        .subject_receipts_page(&id, after.as_ref(), limit)
        .await?;
    let list: Vec<serde_json::Value> = receipts
        .iter()
        .filter_map(|jws| serde_json::from_str(jws).ok())
        .collect();
    let next = next.as_ref().map(receipts_page::cursor);
    Ok(Json(json!({"subject": id, "receipts": list, "next": next})).into_response())
}

/// `GET /audit[?since=RFC3339]`: every receipt stored since then, one JWS
/// per line, in storage order; each line passes `limpide verify -`.
pub async fn audit(
    staff: Staff,
    State(store): State<Store>,
    Query(params): Params,
) -> Result<Response, ApiError> {
    staff.require(&[Role::Dpo])?;
    let since = since(&params)?;
    store.log_access(&staff.access("audit")).await?;
    Ok(json_lines(store.audit(since), |jws| jws))
}

/// `GET /access-log[?since=RFC3339]`: every staff action since then, one
/// JSON object per line, oldest first (`docs/console.md`).
pub async fn access_log(
    staff: Staff,
    State(store): State<Store>,
    Query(params): Params,
) -> Result<Response, ApiError> {
    staff.require(&[Role::Dpo])?;
    let since = since(&params)?;
    store.log_access(&staff.access("access-log")).await?;
    Ok(json_lines(store.access_log(since), |entry| {
        serde_json::to_string(&entry).unwrap_or_default()
    }))
}

fn since(params: &BTreeMap<String, String>) -> Result<i64, ApiError> {
    match params.get("since") {
        None => Ok(0),
        Some(text) => crate::time::since_micros(text).map_err(ApiError::invalid_since),
    }
}

/// `entry` naming the notice, purpose and channel of `q`.
fn about(mut entry: AccessEntry, q: &PermissionQuery) -> AccessEntry {
    entry.notice = Some(q.notice.clone());
    entry.purpose = Some(q.purpose.clone());
    entry.channel = Some(q.channel.clone()).filter(|c| !c.is_empty());
    entry
}
