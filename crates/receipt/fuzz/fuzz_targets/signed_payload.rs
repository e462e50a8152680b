//! Payload reading behind a valid signature: the fuzzer cannot forge a
//! signature, so the `receipt` target rarely gets past the signature check.
//! Here the input is the payload bytes, signed properly; the receipt must
//! then never be refused for its signature, and one that is accepted reads
//! back as the same receipt.
#![no_main]
#![forbid(unsafe_code)]

use libfuzzer_sys::fuzz_target;
use limpide_receipt::{base64url, Receipt, SigningKey, RECEIPT_TYP};
use serde_json::json;

fuzz_target!(|data: &[u8]| {
    let text = signed_receipt(data);
    match Receipt::from_json(text.as_bytes()) {
        Ok(receipt) => {
            let again = Receipt::from_json(receipt.to_json().as_bytes())
                .expect("a verified receipt reads back");
            assert_eq!(again, receipt);
        }
        Err(e) => assert!(
            e.problems().iter().all(|p| p.code() != "bad-signature"),
            "a good signature refused: {e:?}"
        ),
    }
});

/// A receipt JWS of `payload`, signed by a fixed key over its signing input.
fn signed_receipt(payload: &[u8]) -> String {
    let key = SigningKey::from_seed([7; 32]);
    let public = key.public_jwk();
    let header = json!({
        "alg": "EdDSA",
        "typ": RECEIPT_TYP,
        "jwk": public.to_value(),
        "kid": public.thumbprint(),
        "role": "subject",
    });
    let protected = base64url::encode(header.to_string().as_bytes());
    let payload = base64url::encode(payload);
    let signature = key.sign(format!("{protected}.{payload}").as_bytes());
    json!({
        "payload": payload,
        "signatures": [{"protected": protected, "signature": base64url::encode(&signature)}],
    })
    .to_string()
}
