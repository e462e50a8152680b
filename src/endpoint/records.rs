//! What the controller's service recorded for this pupil: the boxes it
//! withdrew (a stop link, an objection) and the messages its campaigns
//! released to them (docs/server.md, "Whose records are they?").
//!
//! The device proves it is one of this pupil's devices by signing a short
//! request with its device key, the key that signs its receipts
//! (`limpide_receipt::PupilRequest`), and posts it to the endpoint's
//! sibling route: the endpoint's last path segment `receipts` replaced by
//! `pupil/records`. An endpoint that does not end in `/receipts`, a form
//! without a `subject`, or a device without a receipt yet asks nothing.

use limpide_receipt::{Channel, Notice, PupilRequest, Value};
use web_sys::{AbortSignal, Headers, RequestInit};

use crate::error::{describe_js, ErrorCode, WidgetError};
use crate::form::records::{Message, Records, Stop};
use crate::platform::browser::{fetch_text, now_utc};
use crate::signing::subject_key::subject_key;
use crate::signing::verify::read_withdrawal;

/// How long the service has to answer, in milliseconds.
const TIMEOUT_MS: u32 = 10_000;

/// The route beside `endpoint` that answers a pupil's signed request, if
/// `endpoint` ends in `/receipts`.
pub(crate) fn records_url(endpoint: &str) -> Option<String> {
    endpoint
        .strip_suffix("/receipts")
        .map(|base| format!("{base}/pupil/records"))
}

/// Asks the service what it recorded for `subject` under `notice`, with a
/// request signed by this device's key; `None` where nothing is asked (see
/// the module's comment).
pub(crate) async fn fetch_records(
    endpoint: &str,
    notice: &Notice,
    subject: &str,
) -> Option<Result<Records, WidgetError>> {
    let url = records_url(endpoint)?;
    Some(fetch(&url, notice, subject).await)
}

async fn fetch(url: &str, notice: &Notice, subject: &str) -> Result<Records, WidgetError> {
    let failed = |detail: String| {
        WidgetError::new(
            ErrorCode::EndpointFailed,
            format!("what the controller recorded could not be read from {url}: {detail}"),
        )
    };
    let key = subject_key().await?;
    let request = PupilRequest {
        subject: subject.to_owned(),
        notice: notice.id.clone(),
        issued_at: now_utc(),
    };
    let input = request.signing_input(key.public);
    let signature = key.sign(input.as_bytes()).await?;
    let body = input
        .attach(&signature)
        .map_err(|e| failed(e.to_string()))?;
    let headers = Headers::new().map_err(|e| failed(describe_js(&e)))?;
    headers
        .append("Content-Type", "application/jose")
        .map_err(|e| failed(describe_js(&e)))?;
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&body.into());
    init.set_signal(Some(&AbortSignal::timeout_with_u32(TIMEOUT_MS)));
    let text = fetch_text(url, Some(&init)).await.map_err(failed)?;
    read_answer(&text, notice).await.map_err(|why| {
        WidgetError::new(
            ErrorCode::EndpointInvalid,
            format!("the service's records do not read: {why}"),
        )
    })
}

/// The answer, `{"withdrawals": [...], "messages": [...]}`. Each withdrawal
/// is verified (its signature, and a key the notice shown lists, the one
/// this widget can check); one that does not verify is left out. A
/// withdrawal can only untick a box, never tick one.
async fn read_answer(text: &str, notice: &Notice) -> Result<Records, String> {
    let value =
        limpide_receipt::parse_json(text.as_bytes(), "answer").map_err(|e| e.to_string())?;
    let list = |name: &str| {
        value
            .get(name)
            .and_then(Value::as_array)
            .ok_or_else(|| format!("no \"{name}\" list"))
    };
    let mut records = Records::default();
    for withdrawal in list("withdrawals")? {
        let Ok(signed) = read_withdrawal(withdrawal).await else {
            continue;
        };
        let w = signed.payload();
        let trusted = if w.notice.version == notice.version {
            signed.check_against(notice).is_ok()
        } else {
            w.notice.id == notice.id && notice.controller.keys.contains(&signed.key())
        };
        if trusted {
            records.stops.push(Stop {
                purpose: w.purpose.clone(),
                channel: w.channel,
                issued_at: w.issued_at.clone(),
                stop_link: w.via.as_str() == "stop-link",
            });
        }
    }
    for m in list("messages")? {
        let text = |name: &str| m.get(name).and_then(Value::as_str).map(str::to_owned);
        let channel = match m.get("channel").and_then(Value::as_str) {
            Some(name) => Some(Channel::from_name(name).ok_or("an unknown channel")?),
            None => None,
        };
        let read = (|| {
            Some(Message {
                purpose: text("purpose")?,
                channel,
                released_at: text("released_at")?,
                sender: text("sender")?,
                text: text("text")?,
                page_url: text("page_url")?,
            })
        })();
        records
            .messages
            .push(read.ok_or("a message without its members")?);
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::records_url;

    #[test]
    fn the_records_route_is_the_receipts_routes_sibling() {
        assert_eq!(
            records_url("https://consent.region.example/receipts").as_deref(),
            Some("https://consent.region.example/pupil/records")
        );
        assert_eq!(
            records_url("/api/limpide/receipts").as_deref(),
            Some("/api/limpide/pupil/records")
        );
        assert_eq!(records_url("https://example.org/countersign"), None);
        assert_eq!(records_url("https://example.org/receipts?x=1"), None);
    }
}
