//! Verifying receipts in the browser. WebCrypto checks each Ed25519
//! signature (the fallback module where it has no Ed25519); then
//! `limpide-receipt` reads the receipt with those answers, so that every
//! other check is the one the CLI and the service make. A receipt that
//! does not verify is refused, as natively.

use std::cell::RefCell;

use js_sys::{Array, Uint8Array};
use limpide_receipt::Value;
use limpide_receipt::{
    Error, GuardianAnswer, GuardianRequest, Notice, PublicJwk, Receipt, SignatureCheck,
    SigningInput,
};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::CryptoKey;

use crate::error::WidgetError;
use crate::platform::browser::window;
use crate::signing::fallback;

/// One signature a receipt holds: who, over what.
#[derive(Clone, PartialEq)]
struct Signed {
    key: PublicJwk,
    message: Vec<u8>,
    signature: [u8; 64],
}

/// Reading's first pass: notes every signature to check, and says yes.
#[derive(Default)]
struct Collect(RefCell<Vec<Signed>>);

impl SignatureCheck for Collect {
    fn is_valid(&self, key: &PublicJwk, message: &[u8], signature: &[u8; 64]) -> bool {
        let signed = Signed {
            key: *key,
            message: message.to_vec(),
            signature: *signature,
        };
        self.0.borrow_mut().push(signed);
        true
    }
}

/// The second pass: the signatures the browser found valid.
struct Valid(Vec<Signed>);

impl SignatureCheck for Valid {
    fn is_valid(&self, key: &PublicJwk, message: &[u8], signature: &[u8; 64]) -> bool {
        self.0
            .iter()
            .any(|s| s.key == *key && s.message == message && s.signature == *signature)
    }
}

/// Reads a receipt and verifies it completely (structure, every signature,
/// the payload), as `Receipt::from_value` does natively.
pub(crate) async fn read_receipt(value: &Value) -> Result<Receipt, Error> {
    checked(|check| Receipt::from_value_checked(value, check)).await
}

/// The joint receipt a guardian's answer makes of the pupil's request,
/// the guardian's signature checked by the browser (see
/// `GuardianRequest::receipt_from`).
pub(crate) async fn joint_receipt(
    request: &GuardianRequest,
    notice: &Notice,
    answer: &GuardianAnswer,
) -> Result<Receipt, Error> {
    checked(|check| request.receipt_from_checked(notice, answer, check)).await
}

/// Whether `signature` is `key`'s valid Ed25519 signature of `message`,
/// as the browser checks it (WebCrypto, else the fallback module).
pub(crate) async fn is_signed_by(key: PublicJwk, message: &[u8], signature: [u8; 64]) -> bool {
    is_valid(&Signed {
        key,
        message: message.to_vec(),
        signature,
    })
    .await
}

/// Runs `read` twice: first noting every signature it checks, then, once
/// the browser has checked those, with the browser's answers.
async fn checked<T>(read: impl Fn(&dyn SignatureCheck) -> Result<T, Error>) -> Result<T, Error> {
    let collect = Collect::default();
    let first = read(&collect);
    let to_check = collect.0.into_inner();
    if to_check.is_empty() {
        // Refused before any signature: nothing for the browser to check.
        return first;
    }
    let mut valid = Vec::new();
    for signed in to_check {
        if is_valid(&signed).await {
            valid.push(signed);
        }
    }
    read(&Valid(valid))
}

/// Reads a receipt from JSON text; see [`read_receipt`].
pub(crate) async fn read_receipt_json(text: &str) -> Result<Receipt, Error> {
    let value = limpide_receipt::parse_json(text.as_bytes(), "receipt")?;
    read_receipt(&value).await
}

/// Attaches a signature made over `input` once the browser found it valid
/// (so that a faulty signer never makes a receipt that fails later).
pub(crate) async fn attach(
    receipt: &mut Receipt,
    input: SigningInput,
    signature: &[u8],
) -> Result<(), Error> {
    let valid = match <[u8; 64]>::try_from(signature) {
        Ok(bytes) => {
            let signed = Signed {
                key: input.key(),
                message: input.as_bytes().to_vec(),
                signature: bytes,
            };
            if is_valid(&signed).await {
                vec![signed]
            } else {
                Vec::new()
            }
        }
        // The core says what is wrong with its length.
        Err(_) => Vec::new(),
    };
    receipt.attach_checked(input, signature, &Valid(valid))
}

/// Whether the browser finds the signature valid: WebCrypto, else (only
/// where it has no Ed25519) the fallback module; a browser that can do
/// neither finds nothing valid.
async fn is_valid(signed: &Signed) -> bool {
    match webcrypto_verify(signed).await {
        Verdict::Valid => true,
        Verdict::Invalid => false,
        Verdict::Unsupported => {
            fallback::verify(signed.key.as_bytes(), &signed.message, &signed.signature)
                .await
                .unwrap_or(false)
        }
    }
}

enum Verdict {
    Valid,
    Invalid,
    /// No WebCrypto Ed25519 here.
    Unsupported,
}

/// WebCrypto's answer. A key it refuses to import (not a point, say) makes
/// the signature invalid; only a missing algorithm sends it elsewhere.
async fn webcrypto_verify(signed: &Signed) -> Verdict {
    let Some(subtle) = window()
        .ok()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.subtle())
    else {
        return Verdict::Unsupported;
    };
    let raw = Uint8Array::from(&signed.key.as_bytes()[..]);
    let usages = Array::of1(&"verify".into());
    let imported = match subtle.import_key_with_str("raw", &raw, "Ed25519", false, &usages) {
        Ok(promise) => JsFuture::from(promise).await,
        Err(error) => Err(error),
    };
    let key: CryptoKey = match imported.map(JsCast::dyn_into) {
        Ok(Ok(key)) => key,
        Ok(Err(_)) => return Verdict::Invalid,
        Err(error) if is_unsupported(&error) => return Verdict::Unsupported,
        Err(_) => return Verdict::Invalid,
    };
    let verdict = match subtle.verify_with_str_and_u8_array_and_u8_array(
        "Ed25519",
        &key,
        &signed.signature,
        &signed.message,
    ) {
        Ok(promise) => JsFuture::from(promise).await,
        Err(error) => Err(error),
    };
    match verdict {
        Ok(answer) if answer.as_bool() == Some(true) => Verdict::Valid,
        _ => Verdict::Invalid,
    }
}

/// Whether WebCrypto refused because it does not know Ed25519.
fn is_unsupported(error: &JsValue) -> bool {
    matches!(
        WidgetError::dom_name(error).as_deref(),
        Some("NotSupportedError")
    )
}
