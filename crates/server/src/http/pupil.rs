//! `POST /pupil/records`: what the service recorded for a pupil, read by the
//! pupil's own device (docs/server.md, "Whose records are they?"). The body
//! is a pupil's signed request (`limpide_receipt::PupilRequest`, a compact
//! JWS by the device key); the answer holds the one-box withdrawals the
//! controller recorded for that pupil and notice, and the messages its
//! campaigns released to them. Nothing is answered unless the request is
//! recent, its subject a controller's id, and its key one of that pupil's
//! enrolled devices. The answer lists those devices too, so that a family
//! sees one it does not know.

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::Json;
use limpide_receipt::{format_utc, parse_utc, MessageText, PupilRequest, StrictEd25519};
use serde_json::{json, Value};

use super::body::{read_body, BodyTimeout};
use super::error::ApiError;
use crate::campaigns::template::{from_stored, language_for};
use crate::campaigns::Campaigns;
use crate::controller::notices::ListedKeys;
use crate::controller::subject;
use crate::store::{ReceivedMessage, Store};
use crate::time::{now_seconds, CLOCK_SKEW};

/// A request is a few hundred bytes.
const MAX_PUPIL_REQUEST_BYTES: usize = 4 * 1024;

/// Why a pupil's request gets nothing.
#[derive(Debug)]
pub enum PupilRefused {
    /// Not sent as `application/jose`.
    MediaType,
    /// It does not read or its signature does not hold (the core's words).
    Invalid(String),
    /// Its `issued_at` is more than five minutes from the service's clock.
    Stale,
    /// Its subject is not a controller's id.
    SubjectNotIssued,
    /// No notice with its id is served.
    UnknownNotice(String),
    /// Its key is not one of that pupil's enrolled devices.
    UnknownDevice,
}

impl std::fmt::Display for PupilRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::MediaType => f.write_str("a pupil's request is sent as Content-Type: application/jose"),
            Self::Invalid(why) => write!(f, "the pupil's request does not verify: {why}"),
            Self::Stale => write!(
                f,
                "the request's issued_at is more than {} minutes from the service's clock: sign a new one",
                CLOCK_SKEW / 60
            ),
            Self::SubjectNotIssued => {
                f.write_str("the request's subject is not a controller's id (1 to 100 letters, digits, - _ . : @)")
            }
            Self::UnknownNotice(id) => {
                write!(f, "the service serves no notice {}", crate::echo::quoted(id))
            }
            Self::UnknownDevice => f.write_str(
                "the request's key is not one of this pupil's devices: send a receipt from it first",
            ),
        }
    }
}

/// `POST /pupil/records`: `{"withdrawals": [...], "messages": [...]}`.
pub async fn records(
    State(store): State<Store>,
    State(keys): State<ListedKeys>,
    State(campaigns): State<Campaigns>,
    State(timeout): State<BodyTimeout>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let media_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase());
    if media_type.as_deref() != Some("application/jose") {
        return Err(PupilRefused::MediaType.into());
    }
    let body = read_body(&headers, body, MAX_PUPIL_REQUEST_BYTES, timeout).await?;
    let text = std::str::from_utf8(&body)
        .map_err(|_| PupilRefused::Invalid("the body is not UTF-8 text".to_owned()))?;
    let signed = PupilRequest::verify(text.trim(), &StrictEd25519)
        .map_err(|e| PupilRefused::Invalid(e.to_string()))?;
    let request = signed.request;
    // `verify` read `issued_at` as an RFC 3339 UTC time already.
    let recent = parse_utc(&request.issued_at)
        .is_some_and(|at| at.abs_diff(now_seconds()) <= CLOCK_SKEW.unsigned_abs());
    if !recent {
        return Err(PupilRefused::Stale.into());
    }
    let id = subject::id_of(&keys, &request.subject).map_err(|_| PupilRefused::SubjectNotIssued)?;
    if !campaigns
        .notices()
        .all()
        .any(|p| p.notice.id == request.notice)
    {
        return Err(PupilRefused::UnknownNotice(request.notice).into());
    }
    if !store.is_enrolled(id, &signed.key.thumbprint()).await? {
        return Err(PupilRefused::UnknownDevice.into());
    }
    let withdrawals: Vec<Value> = store
        .subject_withdrawals(&request.notice, id)
        .await?
        .iter()
        .filter_map(|jws| serde_json::from_str(jws).ok())
        .collect();
    let links = campaigns.links();
    let messages: Vec<Value> = store
        .subject_messages(&request.notice, id)
        .await?
        .iter()
        .map(|m| message(m, &links.campaign_url(&m.campaign_id)))
        .collect();
    let devices: Vec<Value> = store
        .subject_devices(id)
        .await?
        .iter()
        .map(|d| json!({"key": d.key, "enrolled_at": format_utc(d.enrolled_at), "how": d.how}))
        .collect();
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        Json(json!({ "withdrawals": withdrawals, "messages": messages, "devices": devices })),
    )
        .into_response())
}

/// One message as the pupil's device shows it: the text in the language it
/// was released in, without the footer (its stop link is the pupil's own
/// and already used or not; the campaign's page says the rest).
fn message(m: &ReceivedMessage, page_url: &str) -> Value {
    let template = from_stored(&m.template);
    let (language, text) = template
        .as_ref()
        .map(|t| {
            let language = language_for(t, Some(&m.language));
            let text = match t.get(language) {
                Some(MessageText::Text { text, .. }) => text.clone(),
                Some(MessageText::Email { subject, body, .. }) => format!("{subject}\n\n{body}"),
                None => String::new(),
            };
            (language.to_owned(), text)
        })
        .unwrap_or_else(|| (m.language.clone(), String::new()));
    json!({
        "campaign_id": m.campaign_id,
        "released_at": format_utc(m.released_at),
        "sender": m.sender,
        "purpose": m.purpose,
        "channel": (!m.channel.is_empty()).then_some(&m.channel),
        "language": language,
        "text": text,
        "page_url": page_url,
    })
}
