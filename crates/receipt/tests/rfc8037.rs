//! RFC 8037 Appendix A: the Ed25519 key, its RFC 7638 thumbprint and the
//! signature of the example JWS.

#![allow(clippy::unwrap_used)] // tests fail loudly on unexpected input

use limpide_receipt::Value;
use limpide_receipt::{base64url, PublicJwk, SigningKey};

#[test]
fn appendix_a_key_thumbprint_and_signature() {
    let text = include_str!("vectors/rfc8037-appendix-a.json");
    let v: Value = serde_json::from_str(text).unwrap();
    let private = serde_json::to_vec(&v["private_jwk"]).unwrap();
    let key = SigningKey::from_jwk(&private).unwrap();
    let public = PublicJwk::from_value(&v["public_jwk"], "").unwrap();
    assert_eq!(key.public_jwk(), public);
    assert_eq!(
        public.thumbprint(),
        v["rfc7638_thumbprint"].as_str().unwrap()
    );

    let protected_b64 = base64url::encode(v["protected_header"].as_str().unwrap().as_bytes());
    assert_eq!(protected_b64, v["protected_b64"].as_str().unwrap());
    let payload_b64 = base64url::encode(v["payload"].as_str().unwrap().as_bytes());
    assert_eq!(payload_b64, v["payload_b64"].as_str().unwrap());
    let signature = key.sign(format!("{protected_b64}.{payload_b64}").as_bytes());
    assert_eq!(
        base64url::encode(&signature),
        v["signature_b64"].as_str().unwrap()
    );
    assert_eq!(
        format!(
            "{protected_b64}.{payload_b64}.{}",
            base64url::encode(&signature)
        ),
        v["compact_jws"].as_str().unwrap()
    );
}

#[test]
fn a_private_key_is_never_accepted_as_a_header_key() {
    let v: Value = serde_json::from_str(include_str!("vectors/rfc8037-appendix-a.json")).unwrap();
    let err = PublicJwk::from_value(&v["private_jwk"], "/jwk").unwrap_err();
    assert_eq!(err.problems()[0].code().as_str(), "private-key-exposed");
    assert!(
        !err.to_string().contains("nWGxne"),
        "the message must not repeat the secret"
    );
}
