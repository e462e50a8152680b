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
//! The answer also lists the pupil's devices (their keys' thumbprints and
//! when each was enrolled), which the form shows beside this device's own.

use limpide_receipt::{
    base64url, parse_json, Channel, Notice, PupilRequest, Value, WITHDRAWAL_TYP,
};
use web_sys::{AbortSignal, Headers, RequestInit};

use crate::error::{describe_js, ErrorCode, WidgetError};
use crate::form::records::{Device, Message, Records, Stop};
use crate::platform::browser::{fetch_text, now_utc};
use crate::signing::subject_key::subject_key;
use crate::signing::verify::is_signed_by;

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
    let mut records = read_answer(&text, notice).await.map_err(|why| {
        WidgetError::new(
            ErrorCode::EndpointInvalid,
            format!("the service's records do not read: {why}"),
        )
    })?;
    records.this_device = key.public.thumbprint();
    Ok(records)
}

/// The answer, `{"withdrawals": [...], "messages": [...], "devices": [...]}`
/// (`devices` may be missing: an older service). A withdrawal
/// counts only if its one signature is the controller's, by a key the
/// notice shown lists, and holds (`trusted_payload`); one that does not is
/// left out. A withdrawal can only untick a box, never tick one.
async fn read_answer(text: &str, notice: &Notice) -> Result<Records, String> {
    let value = parse_json(text.as_bytes(), "answer").map_err(|e| e.to_string())?;
    let list = |name: &str| {
        value
            .get(name)
            .and_then(Value::as_array)
            .ok_or_else(|| format!("no \"{name}\" list"))
    };
    let mut records = Records::default();
    for withdrawal in list("withdrawals")? {
        let Some(payload) = trusted_payload(withdrawal, notice).await else {
            continue;
        };
        let text = |name: &str| payload.get(name).and_then(Value::as_str);
        let named = payload
            .get("notice")
            .and_then(|n| n.get("id"))
            .and_then(Value::as_str);
        let channel = text("channel").map(Channel::from_name);
        let stop = (|| {
            Some(Stop {
                purpose: text("purpose")?.to_owned(),
                channel: match channel {
                    Some(known) => Some(known?),
                    None => None,
                },
                issued_at: text("issued_at")?.to_owned(),
                stop_link: text("via")? == "stop-link",
            })
        })();
        if let Some(stop) = stop.filter(|_| named == Some(notice.id.as_str())) {
            records.stops.push(stop);
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
    // A device the answer cannot name is left out: it only informs.
    let devices = value.get("devices").and_then(Value::as_array);
    for d in devices.into_iter().flatten() {
        let text = |name: &str| d.get(name).and_then(Value::as_str).map(str::to_owned);
        if let (Some(key), Some(enrolled_at)) = (text("key"), text("enrolled_at")) {
            records.devices.push(Device { key, enrolled_at });
        }
    }
    Ok(records)
}

/// The payload of a controller record (`limpide-withdrawal+jws;v=1`) whose
/// one signature holds, by a key the notice shown lists. The widget checks
/// no more of it: the service made it, and all it can do is untick a box
/// (`limpide verify` checks such records completely).
async fn trusted_payload(record: &Value, notice: &Notice) -> Option<Value> {
    let payload_b64 = record.get("payload")?.as_str()?;
    let [signature] = record.get("signatures")?.as_array()?.as_slice() else {
        return None;
    };
    let protected_b64 = signature.get("protected")?.as_str()?;
    let header = parse_json(&base64url::decode(protected_b64).ok()?, "header").ok()?;
    let says = |name: &str| header.get(name).and_then(Value::as_str);
    if says("alg")? != "EdDSA" || says("typ")? != WITHDRAWAL_TYP || says("role")? != "controller" {
        return None;
    }
    let x = base64url::decode(header.get("jwk")?.get("x")?.as_str()?).ok()?;
    let key = *notice
        .controller
        .keys
        .iter()
        .find(|k| k.as_bytes()[..] == x[..])?;
    let bytes: [u8; 64] = base64url::decode(signature.get("signature")?.as_str()?)
        .ok()?
        .try_into()
        .ok()?;
    let message = format!("{protected_b64}.{payload_b64}");
    if !is_signed_by(key, message.as_bytes(), bytes).await {
        return None;
    }
    parse_json(&base64url::decode(payload_b64).ok()?, "payload").ok()
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
