//! The campaign API (docs/server.md, "Campaigns"): drafts, the DPO's
//! decision, the release of an approved campaign's list, objections, and
//! the public manifest. Each handler checks the role, reads its input and
//! hands it to `crate::campaigns`; the workflows live there.

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::de::DeserializeOwned;
use serde_json::json;

use super::auth::{Role, Staff};
use super::body::{read_body, BodyTimeout};
use super::error::ApiError;
use super::extract::Path;
use crate::campaigns::template::{from_stored, render};
use crate::campaigns::{
    Actor, CampaignRefused, Campaigns, Objection, ReleasedList, MAX_LIST_BYTES,
};
use crate::store::{CampaignRow, ReleaseRow};

/// A draft's JSON: its texts in every language.
const MAX_DRAFT_BYTES: usize = 256 * 1024;

fn actor(staff: &Staff) -> Actor<'_> {
    Actor {
        account: &staff.account,
        role: staff.role,
    }
}

/// Reads a JSON body of type `T`; a wrong shape is 400 `invalid-campaign`.
async fn json_body<T: DeserializeOwned>(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
    timeout: BodyTimeout,
) -> Result<T, ApiError> {
    let bytes = read_body(headers, body, limit, timeout).await?;
    serde_json::from_slice(&bytes)
        .map_err(|e| CampaignRefused::Invalid(format!("the body does not read: {e}")).into())
}

/// A campaign as `GET /campaigns/{id}` answers it.
pub fn campaign_json(c: &CampaignRow, releases: &[ReleaseRow]) -> serde_json::Value {
    let time = |t: i64| limpide_receipt::format_utc(t);
    let template = from_stored(&c.template).map(|t| t.to_value());
    json!({
        "id": c.campaign_id,
        "status": c.status_shown(),
        "notice": c.notice_id,
        "notice_version": c.notice_version,
        "purpose": c.purpose,
        "channel": Some(&c.channel).filter(|ch| !ch.is_empty()),
        "sender": c.sender,
        "template": template.map(serde_json::Value::from),
        "text_digest": c.text_digest,
        "not_before": time(c.not_before),
        "not_after": time(c.not_after),
        "drafted_by": c.drafted_by,
        "drafted_at": time(c.drafted_at),
        "decided_by": c.decided_by,
        "decided_at": c.decided_at.map(time),
        "reason": c.reason,
        "releases_allowed": c.releases_allowed,
        "releases": releases.iter().map(|r| json!({
            "release": r.release_no,
            "released_at": time(r.released_at),
            "released_by": r.released_by,
            "rows_kept": r.rows_kept,
            "rows_dropped": r.rows_dropped,
        })).collect::<Vec<_>>(),
    })
}

/// Each language's message with its footer, `{stop_url}` still in it.
fn messages(c: &CampaignRow) -> serde_json::Value {
    let Some(template) = from_stored(&c.template) else {
        return json!({});
    };
    let entries = template.0.iter().map(|(language, _)| {
        let rendered = render(&template, language, limpide_receipt::STOP_URL_PLACEHOLDER);
        let message = match rendered.subject {
            Some(subject) => json!({"subject": subject, "body": rendered.text}),
            None => json!(rendered.text),
        };
        (language.clone(), message)
    });
    serde_json::Value::Object(entries.collect())
}

/// `POST /campaigns` (communications): 201 `{"id", "status", "message"}`.
pub async fn create(
    staff: Staff,
    State(campaigns): State<Campaigns>,
    State(timeout): State<BodyTimeout>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    staff.require(&[Role::Communications])?;
    let request = json_body(&headers, body, MAX_DRAFT_BYTES, timeout).await?;
    let campaign = campaigns.draft(actor(&staff), request).await?;
    let answer = json!({
        "id": campaign.campaign_id,
        "status": campaign.status_shown(),
        "text_digest": campaign.text_digest,
        "message": messages(&campaign),
    });
    Ok((StatusCode::CREATED, Json(answer)).into_response())
}

/// `GET /campaigns` (communications, dpo): the latest campaigns.
pub async fn list(staff: Staff, State(campaigns): State<Campaigns>) -> Result<Response, ApiError> {
    staff.require(&[Role::Communications, Role::Dpo])?;
    let rows = campaigns.store().campaigns(500).await?;
    campaigns
        .store()
        .log_access(&staff.access("campaigns-listed"))
        .await?;
    let list: Vec<_> = rows.iter().map(|c| campaign_json(c, &[])).collect();
    Ok(Json(json!({"campaigns": list})).into_response())
}

/// `GET /campaigns/{id}` (communications, dpo).
pub async fn show(
    staff: Staff,
    State(campaigns): State<Campaigns>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    staff.require(&[Role::Communications, Role::Dpo])?;
    let campaign = campaigns.get(&id).await?;
    let releases = campaigns.store().releases(&id).await?;
    campaigns
        .store()
        .log_access(&actor(&staff).entry("campaign-viewed", &campaign))
        .await?;
    Ok(Json(campaign_json(&campaign, &releases)).into_response())
}

/// `POST /campaigns/{id}/approve` (dpo).
pub async fn approve(
    staff: Staff,
    State(campaigns): State<Campaigns>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    staff.require(&[Role::Dpo])?;
    let campaign = campaigns.approve(actor(&staff), &id).await?;
    Ok(Json(campaign_json(&campaign, &[])).into_response())
}

/// `POST /campaigns/{id}/reject` (dpo) with `{"reason"}`.
pub async fn reject(
    staff: Staff,
    State(campaigns): State<Campaigns>,
    State(timeout): State<BodyTimeout>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    staff.require(&[Role::Dpo])?;
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Reason {
        reason: String,
    }
    let Reason { reason } = json_body(&headers, body, 8 * 1024, timeout).await?;
    let campaign = campaigns.reject(actor(&staff), &id, &reason).await?;
    Ok(Json(campaign_json(&campaign, &[])).into_response())
}

/// `POST /campaigns/{id}/allow-release` (dpo): one release more.
pub async fn allow_release(
    staff: Staff,
    State(campaigns): State<Campaigns>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    staff.require(&[Role::Dpo])?;
    let campaign = campaigns.allow_another_release(actor(&staff), &id).await?;
    Ok(Json(campaign_json(&campaign, &[])).into_response())
}

/// `POST /campaigns/{id}/release` (communications): body the contact CSV;
/// the answer the kept rows with their messages and stop links.
pub async fn release(
    staff: Staff,
    State(campaigns): State<Campaigns>,
    State(timeout): State<BodyTimeout>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    staff.require(&[Role::Communications])?;
    let list = read_body(&headers, body, MAX_LIST_BYTES, timeout).await?;
    let released = campaigns.release(actor(&staff), &id, list).await?;
    Ok(released_list(released, None))
}

/// A released list as the answer: CSV, its counts in `Limpide-Rows-Kept`
/// and `Limpide-Rows-Dropped`; with `file_name`, a file to save (the
/// console's download).
pub fn released_list(released: ReleasedList, file_name: Option<String>) -> Response {
    let mut response = (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CACHE_CONTROL, "no-store".to_owned()),
            (
                header::HeaderName::from_static("limpide-rows-kept"),
                released.kept.to_string(),
            ),
            (
                header::HeaderName::from_static("limpide-rows-dropped"),
                released.dropped.to_string(),
            ),
        ],
        released.csv,
    )
        .into_response();
    let disposition = file_name.and_then(|name| {
        header::HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")).ok()
    });
    if let Some(value) = disposition {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// `GET /campaigns/{id}/manifest` (public): the signed manifest, once
/// approved; 404 `unknown-campaign` before.
pub async fn manifest(
    State(campaigns): State<Campaigns>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let campaign = campaigns.store().campaign(&id).await?;
    let Some(manifest) = campaign.and_then(|c| c.manifest) else {
        return Err(CampaignRefused::Unknown.into());
    };
    Ok(([(header::CONTENT_TYPE, "application/jose+json")], manifest).into_response())
}

/// `POST /objections` (integration): `{"subject", "notice", "purpose",
/// "channel"}`; 201 with the signed one-box withdrawal.
pub async fn object(
    staff: Staff,
    State(campaigns): State<Campaigns>,
    State(timeout): State<BodyTimeout>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    staff.require(&[Role::Integration])?;
    let objection: Objection = json_body(&headers, body, 4096, timeout).await?;
    let jws = campaigns.object(actor(&staff), &objection).await?;
    let withdrawal: serde_json::Value = serde_json::from_str(&jws).unwrap_or_default();
    Ok((StatusCode::CREATED, Json(json!({"withdrawal": withdrawal}))).into_response())
}
