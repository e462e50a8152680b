//! The optional receipt endpoint (docs/embedding.md). The receipt is sent as
//! `POST` with `Content-Type: application/jose+json`; a 2xx answer whose
//! body is the same payload with every signature sent and a valid added
//! `controller` signature, made with a key the notice lists in
//! `controller.keys`, is the acknowledged receipt. Anything else leaves
//! the receipt as it was, not acknowledged, to be sent again on a later open.
//! Without an endpoint, nothing leaves the device.
//!
//! The page's credential and enrollment code go with every post, as
//! headers (`target.rs`); a refusal of whose receipt it is (`{code}` in
//! the answer's body, one of [`ErrorCode::REFUSALS`]) comes back as that code.

use limpide_receipt::{parse_json, ControllerCheck, Notice, Receipt, Role, Value};
use web_sys::{AbortSignal, Headers, RequestInit};

use crate::endpoint::target::Endpoint;
use crate::error::{describe_js, ErrorCode, WidgetError};
use crate::platform::browser::fetch_answer;
use crate::signing::verify::read_receipt_json;

/// How long the endpoint has to answer, in milliseconds.
const ENDPOINT_TIMEOUT_MS: u32 = 10_000;

/// Whether the controller has countersigned this receipt.
pub(crate) fn is_acknowledged(receipt: &Receipt) -> bool {
    receipt.signers().iter().any(|s| s.role == Role::Controller)
}

/// Sends `receipt` to `endpoint` and returns the controller's countersigned
/// copy, after checking it vouches for exactly what was sent, with a key
/// `notice` lists; and its leaf in the controller's transparency log, when
/// the service says it (`Limpide-Log-Index`).
pub(crate) async fn send(
    endpoint: &Endpoint,
    receipt: &Receipt,
    notice: &Notice,
) -> Result<(Receipt, Option<u64>), WidgetError> {
    let url = endpoint.url.as_str();
    let failed = |detail: String| {
        WidgetError::new(
            ErrorCode::EndpointFailed,
            format!("the receipt could not be sent to {url}: {detail}"),
        )
    };
    let headers = Headers::new().map_err(|e| failed(describe_js(&e)))?;
    headers
        .append("Content-Type", "application/jose+json")
        .map_err(|e| failed(describe_js(&e)))?;
    endpoint
        .add_proofs(&headers)
        .map_err(|e| failed(describe_js(&e)))?;
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&receipt.to_json().into());
    // An endpoint that never answers must not leave the pupil waiting on
    // "sending" forever: the receipt is then marked not acknowledged (and,
    // stored, sent again on a later open).
    init.set_signal(Some(&AbortSignal::timeout_with_u32(ENDPOINT_TIMEOUT_MS)));
    let (status, body, headers) = fetch_answer(url, Some(&init)).await.map_err(failed)?;
    if !(200..300).contains(&status) {
        return Err(refusal(&body).unwrap_or_else(|| failed(format!("HTTP {status}"))));
    }
    let log_index = headers
        .get("limpide-log-index")
        .ok()
        .flatten()
        .and_then(|index| index.parse().ok());
    // Verifies every signature, strictly.
    let acknowledged = check_acknowledgement(receipt, read_receipt_json(&body).await, notice)?;
    Ok((acknowledged, log_index))
}

/// The service's refusal of whose receipt it is, from an answer's body
/// `{"code": …, "message": …}`. The service's own message is not repeated:
/// the embedder's logs get ours, which can hold nothing the page sent.
fn refusal(body: &str) -> Option<WidgetError> {
    let value = parse_json(body.as_bytes(), "answer").ok()?;
    let said = value.get("code").and_then(Value::as_str)?;
    let code = ErrorCode::REFUSALS
        .into_iter()
        .find(|c| c.as_str() == said)?;
    Some(WidgetError::new(
        code,
        format!(
            "the receipt service refused the receipt ({said}); it stays kept on this device \
             and is sent again when the form opens with a valid credential or enrollment code"
        ),
    ))
}

/// The answer (as read and verified), if it is `sent` plus a valid
/// controller signature by a key `notice` lists.
fn check_acknowledgement(
    sent: &Receipt,
    answer: Result<Receipt, limpide_receipt::Error>,
    notice: &Notice,
) -> Result<Receipt, WidgetError> {
    let refused = |why: String| {
        WidgetError::new(
            ErrorCode::EndpointInvalid,
            format!("the endpoint's answer is not an acknowledgement of this receipt: {why}"),
        )
    };
    let answer = answer.map_err(|e| refused(e.to_string()))?;
    if answer.digest() != sent.digest() {
        return Err(refused("it is about another payload".to_owned()));
    }
    let answered = answer.signers();
    if let Some(missing) = sent.signers().into_iter().find(|s| !answered.contains(s)) {
        return Err(refused(format!(
            "it drops the {} signature",
            missing.role.as_str()
        )));
    }
    match answer.controller_check(Some(notice)) {
        Ok(ControllerCheck::Listed) => Ok(answer),
        Ok(ControllerCheck::Unsigned) => Err(refused("it has no controller signature".to_owned())),
        Ok(_) => Err(refused(format!(
            "the notice shown (version {}) lists no controller key to check its signature against",
            notice.version
        ))),
        Err(e) => Err(refused(e.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use limpide_receipt::{Choices, Collection, Context, Notice, Payload, SigningKey};

    use super::*;

    fn signed(key: &SigningKey, role: Role, receipt: &mut Receipt) {
        let input = receipt.signing_input(role, key.public_jwk());
        let signature = key.sign(input.as_bytes());
        receipt.attach(input, &signature).unwrap();
    }

    /// The answer as the widget reads it (natively here).
    fn read(text: &str) -> Result<Receipt, limpide_receipt::Error> {
        Receipt::from_json(text.as_bytes())
    }

    fn notice() -> Notice {
        Notice::from_json(include_bytes!("../../www/notices/pass-region.json")).unwrap()
    }

    /// The demo controller's key, the one the example notice lists.
    fn controller() -> SigningKey {
        SigningKey::from_jwk(include_bytes!("../../crates/server/demo/controller.jwk")).unwrap()
    }

    fn subject_receipt(uuid: &str) -> Receipt {
        let notice = notice();
        let context = Context::new(
            uuid.into(),
            "2026-11-24T18:05:09Z".into(),
            "fr".into(),
            Collection::new("web-form", "limpide/test", "webcrypto-indexeddb"),
        );
        let payload = Payload::new(&notice, &Choices::default(), context).unwrap();
        let mut receipt = Receipt::prepare(&payload);
        signed(&SigningKey::from_seed([1; 32]), Role::Subject, &mut receipt);
        receipt
    }

    #[test]
    fn the_services_refusals_of_whose_receipt_it_is_keep_their_code() {
        for code in ErrorCode::REFUSALS {
            let body = format!(
                r#"{{"code":"{}","message":"eleve-0042.1.secret"}}"#,
                code.as_str()
            );
            let error = refusal(&body).unwrap();
            assert_eq!(error.code, code);
            assert!(!error.message.contains("secret"), "{}", error.message);
        }
        assert_eq!(refusal(r#"{"code":"body-too-large","message":"x"}"#), None);
        assert_eq!(refusal("<html>bad gateway</html>"), None);
    }

    #[test]
    fn only_the_same_receipt_countersigned_by_a_controller_is_an_acknowledgement() {
        let sent = subject_receipt("0b9f3f8e-3c7a-4a43-9d55-2f1f0c4b6a10");
        let controller = controller();
        let notice = notice();

        let mut acknowledged = sent.clone();
        signed(&controller, Role::Controller, &mut acknowledged);
        assert_eq!(
            check_acknowledgement(&sent, read(&acknowledged.to_json()), &notice),
            Ok(acknowledged)
        );

        // Echoed back without a controller signature.
        assert_eq!(
            check_acknowledgement(&sent, read(&sent.to_json()), &notice)
                .unwrap_err()
                .code,
            ErrorCode::EndpointInvalid
        );
        // Countersigned, but another payload.
        let mut other = subject_receipt("1b9f3f8e-3c7a-4a43-9d55-2f1f0c4b6a10");
        signed(&controller, Role::Controller, &mut other);
        assert_eq!(
            check_acknowledgement(&sent, read(&other.to_json()), &notice)
                .unwrap_err()
                .code,
            ErrorCode::EndpointInvalid
        );
        // A controller signature that does not verify.
        let mut forged = sent.clone();
        signed(&controller, Role::Controller, &mut forged);
        let text = forged.to_json();
        let last = text.rfind("\"signature\":\"").unwrap() + 13;
        let flipped = if &text[last..=last] == "A" { "B" } else { "A" };
        let forged_text = format!("{}{}{}", &text[..last], flipped, &text[last + 1..]);
        assert_eq!(
            check_acknowledgement(&sent, read(&forged_text), &notice)
                .unwrap_err()
                .code,
            ErrorCode::EndpointInvalid
        );
        // The subject's signature dropped, the controller's alone.
        let mut alone = Receipt::prepare(sent.payload());
        signed(&controller, Role::Controller, &mut alone);
        assert_eq!(
            check_acknowledgement(&sent, read(&alone.to_json()), &notice)
                .unwrap_err()
                .code,
            ErrorCode::EndpointInvalid
        );
        // A valid signature as controller, by a key the notice does not list.
        let mut stranger = sent.clone();
        signed(
            &SigningKey::from_seed([2; 32]),
            Role::Controller,
            &mut stranger,
        );
        let refused = check_acknowledgement(&sent, read(&stranger.to_json()), &notice).unwrap_err();
        assert_eq!(refused.code, ErrorCode::EndpointInvalid);
        assert!(
            refused.message.contains("does not list"),
            "{}",
            refused.message
        );
    }
}
