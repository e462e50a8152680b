//! Edges of the receipt, header and key checks that mutation testing
//! (`cargo xtask mutants`) found unpinned: each test fails on a mutant that
//! the other tests let through (named in its comment).

#![allow(clippy::unwrap_used)] // tests fail loudly on unexpected input

mod support;

use limpide_receipt::testing;
use limpide_receipt::{Choices, Payload, PublicJwk, Receipt, Role};
use support::json;
use support::with_header;

fn payload() -> Payload {
    let context = support::context(
        "5c9f3f8e-3c7a-4a43-9d55-2f1f0c4b6a10",
        "2026-11-24T18:05:09Z",
    );
    Payload::new(&support::demo_notice(), &Choices::refuse_all(), context).unwrap()
}

/// `payload` signed as guardians by the keys of these seeds, in order.
fn signed_by(payload: &Payload, seeds: impl IntoIterator<Item = u8>) -> Receipt {
    let signers: Vec<_> = seeds
        .into_iter()
        .map(|seed| (Role::Guardian, [seed; 32]))
        .collect();
    testing::signed(payload, &signers)
}

/// The one problem `Receipt::from_json` finds: path, code, message.
fn refusal(text: &str) -> (String, &'static str, String) {
    let err = Receipt::from_json(text.as_bytes()).unwrap_err();
    assert_eq!(err.problems().len(), 1, "{err:?}");
    let p = &err.problems()[0];
    (p.path().into(), p.code().as_str(), p.message().into())
}

/// Mutant: `is_signed` always false.
#[test]
fn a_receipt_is_signed_once_a_signature_is_attached() {
    let payload = payload();
    assert!(!Receipt::prepare(&payload).is_signed());
    assert!(signed_by(&payload, [1]).is_signed());
}

/// Mutant: `as_bytes` returning a constant.
#[test]
fn a_key_gives_back_its_bytes() {
    let x: [u8; 32] = std::array::from_fn(|i| i as u8);
    assert_eq!(PublicJwk::from_bytes(x).as_bytes(), &x);
}

/// Mutant: `kty != OKP || crv != Ed25519` with `&&` (either one wrong is
/// enough to refuse the key).
#[test]
fn a_key_of_another_type_or_curve_is_refused() {
    let receipt = signed_by(&payload(), [2]);
    for (kty, crv) in [("OKP", "X25519"), ("OKP", "Ed448"), ("EC", "Ed25519")] {
        let text = with_header(&receipt, |h| {
            h["jwk"]["kty"] = json!(kty);
            h["jwk"]["crv"] = json!(crv);
        });
        let (path, code, _) = refusal(&text);
        assert_eq!(
            (path.as_str(), code),
            ("/signatures/0/protected/jwk", "invalid-jwk"),
            "{kty} {crv}"
        );
    }
}

/// Mutant: the `crit`/`b64` arm deleted (they would get the generic reason,
/// not why they are dangerous).
#[test]
fn crit_and_b64_are_refused_because_they_change_the_check() {
    let receipt = signed_by(&payload(), [3]);
    for name in ["crit", "b64"] {
        let text = with_header(&receipt, |h| h[name] = json!(["b64"]));
        let (_, code, message) = refusal(&text);
        assert_eq!(code, "invalid-header");
        assert!(
            message.contains("changes how the signature is checked"),
            "{message}"
        );
    }
}

/// Mutant: the compact-JWS hint given for every string (`== 3` as `!= 3`).
#[test]
fn only_a_three_part_string_is_called_a_compact_jws() {
    let (_, code, message) = refusal(r#""aGVhZGVy.cGF5bG9hZA.c2ln""#);
    assert_eq!(code, "invalid-jws");
    assert!(message.contains("compact JWS"), "{message}");
    let (_, _, message) = refusal(r#""not a receipt""#);
    assert!(
        message.starts_with("a receipt is a JWS JSON object"),
        "{message}"
    );
}

/// Mutant: the flattened serialization recognized only when it has both
/// `protected` and `signature` (`||` as `&&`).
#[test]
fn either_flattened_member_names_the_flattened_serialization() {
    let receipt = signed_by(&payload(), [4]);
    let v = receipt.to_value();
    for member in ["protected", "signature"] {
        let text = json!({
            "payload": v["payload"],
            member: v["signatures"][0][member],
            "signatures": v["signatures"],
        })
        .to_string();
        let (path, code, message) = refusal(&text);
        assert_eq!((path.as_str(), code), ("", "invalid-jws"), "{member}");
        assert!(message.contains("flattened"), "{member}: {message}");
    }
}

/// Mutants: `len > MAX_SIGNATURES` as `>=` (eight refused) or `==` (nine
/// let through to the per-entry check, refused later and elsewhere).
#[test]
fn eight_signatures_are_read_and_nine_refused_as_a_list() {
    let payload = payload();
    let eight = signed_by(&payload, 10..18);
    let read = Receipt::from_json(eight.to_json().as_bytes()).unwrap();
    assert_eq!(read.signers().len(), 8);
    let ninth = signed_by(&payload, [18]).to_value()["signatures"][0].clone();
    let mut v = eight.to_value();
    v["signatures"].as_array_mut().unwrap().push(ninth);
    let (path, code, message) = refusal(&v.to_string());
    assert_eq!((path.as_str(), code), ("/signatures", "too-many"));
    assert!(message.ends_with("found 9"), "{message}");
}
