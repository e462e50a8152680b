//! Project Wycheproof's Ed25519 vectors (Apache-2.0, see
//! `vectors/wycheproof-LICENSE`), every one of them, through the check that
//! receipts apply.
//!
//! A Wycheproof vector signs an arbitrary message (empty, `78`, …), never a
//! JWS signing input (`BASE64URL(header).BASE64URL(payload)`), so no vector
//! can be replayed as a valid receipt. What can be checked honestly:
//!
//! - every vector's key and signature bytes, put in a receipt, reach the
//!   signature check of `Receipt::from_json` and are refused there, with the
//!   length refusal for the signatures that are not 64 bytes;
//! - every verdict matches `PublicJwk::verify`, the function that check
//!   calls, on the vector's own message (none skipped: the lengths that
//!   function cannot take are the receipt's length refusal above);
//! - the defects that do not depend on the message (a wrong length, `S ≥ L`)
//!   applied to a genuine receipt signature make `Receipt::from_json` refuse
//!   a receipt it accepts untouched; and a small-order key, which the lax
//!   RFC 8032 equation accepts for any message, is refused in a receipt too.
//!
//! The defects in `R` or in the key's encoding are tied to the message
//! (`S` depends on `H(R ‖ A ‖ M)`), so they are checked on the vector's
//! message only.

#![allow(clippy::unwrap_used)] // tests fail loudly on unexpected input

mod support;

use limpide_receipt::testing::ReceiptSpec;
use limpide_receipt::Value;
use limpide_receipt::{base64url, Notice, PublicJwk, Receipt, Role, SigningKey, RECEIPT_TYP};
use support::json;

/// The group order `L = 2^252 + 27742317777372353535851937790883648493`,
/// little-endian as Ed25519 encodes `S`.
const L: [u8; 32] = [
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
];

/// One Wycheproof case, with its group's key.
struct Vector {
    id: u64,
    comment: String,
    valid: bool,
    key: [u8; 32],
    message: Vec<u8>,
    signature: Vec<u8>,
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn vectors() -> Vec<Vector> {
    let v: Value =
        serde_json::from_str(include_str!("vectors/wycheproof-ed25519_test.json")).unwrap();
    let mut all = Vec::new();
    for group in v["testGroups"].as_array().unwrap() {
        // Every group's key is 32 bytes; a shorter one would fail here, loudly.
        let key: [u8; 32] = hex(group["publicKey"]["pk"].as_str().unwrap())
            .try_into()
            .unwrap();
        for test in group["tests"].as_array().unwrap() {
            all.push(Vector {
                id: test["tcId"].as_u64().unwrap(),
                comment: test["comment"].as_str().unwrap().to_owned(),
                valid: test["result"].as_str().unwrap() == "valid",
                key,
                message: hex(test["msg"].as_str().unwrap()),
                signature: hex(test["sig"].as_str().unwrap()),
            });
        }
    }
    all
}

/// All 151 cases are read: 88 valid, 63 invalid (12 of them not 64 bytes).
#[test]
fn every_vector_is_read() {
    let all = vectors();
    let valid = all.iter().filter(|v| v.valid).count();
    let not_64 = all.iter().filter(|v| v.signature.len() != 64).count();
    assert_eq!((all.len(), valid, not_64), (151, 88, 12));
    assert!(all
        .iter()
        .filter(|v| v.signature.len() != 64)
        .all(|v| !v.valid));
}

/// A genuine receipt, signed by a key of ours over its real signing input.
fn genuine() -> (Receipt, SigningKey) {
    let notice = Notice::from_json(
        &std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../www/notices/pass-region.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let receipt = ReceiptSpec::default()
        .signers(&[(Role::Subject, [9; 32])])
        .receipt(&notice);
    let key = SigningKey::from_seed([9; 32]);
    (receipt, key)
}

/// A well-formed protected header naming `key` (its JWK and thumbprint).
fn protected_for(key: [u8; 32]) -> String {
    let key = PublicJwk::from_bytes(key);
    let header = json!({
        "alg": "EdDSA",
        "typ": RECEIPT_TYP,
        "jwk": key.to_value(),
        "kid": key.thumbprint(),
        "role": "subject",
    });
    base64url::encode(header.to_string().as_bytes())
}

/// `receipt` with its one signature entry replaced.
fn with_entry(receipt: &Receipt, protected: &str, signature: &[u8]) -> String {
    let mut v = receipt.to_value();
    v["signatures"][0] = json!({
        "protected": protected,
        "signature": base64url::encode(signature),
    });
    v.to_string()
}

/// The one problem `Receipt::from_json` finds: path, code, message.
fn refusal(text: &str) -> (String, String, String) {
    let err = Receipt::from_json(text.as_bytes()).unwrap_err();
    assert_eq!(err.problems().len(), 1, "{err:?}");
    let p = &err.problems()[0];
    (
        p.path().into(),
        p.code().as_str().into(),
        p.message().into(),
    )
}

/// The refusal expected of a signature of `len` bytes that does not match.
fn assert_bad_signature(text: &str, len: usize, what: &str) {
    let (path, code, message) = refusal(text);
    assert_eq!(
        (path.as_str(), code.as_str()),
        ("/signatures/0/signature", "bad-signature"),
        "{what}"
    );
    let expected = if len == 64 {
        "does not match".to_owned()
    } else {
        format!("64 bytes, found {len}")
    };
    assert!(message.contains(&expected), "{what}: {message}");
}

/// Each vector's key in the header and its signature bytes in the entry:
/// the header is read, and the signature check refuses every one (the valid
/// ones too: they sign their message, not this receipt's signing input).
#[test]
fn every_vector_reaches_the_receipt_signature_check() {
    let (receipt, _) = genuine();
    let mut count = 0;
    for v in vectors() {
        let text = with_entry(&receipt, &protected_for(v.key), &v.signature);
        let what = format!("tcId {} ({})", v.id, v.comment);
        assert_bad_signature(&text, v.signature.len(), &what);
        count += 1;
    }
    assert_eq!(count, 151);
}

/// Every verdict, on the vector's own message, is the one the receipt
/// check gives: `PublicJwk::verify` (strict) for 64-byte signatures, and the
/// length refusal, checked above through `Receipt::from_json`, otherwise.
#[test]
fn every_verdict_matches_the_receipt_verifier() {
    let (mut valid, mut invalid) = (0, 0);
    for v in vectors() {
        let got = match <[u8; 64]>::try_from(v.signature.as_slice()) {
            Ok(signature) => PublicJwk::from_bytes(v.key).verify(&v.message, &signature),
            Err(_) => false,
        };
        assert_eq!(got, v.valid, "tcId {} ({})", v.id, v.comment);
        if v.valid {
            valid += 1;
        } else {
            invalid += 1;
        }
    }
    assert_eq!((valid, invalid), (88, 63));
}

/// `a ≥ b`, little-endian 256-bit.
fn at_least(a: &[u8; 32], b: &[u8; 32]) -> bool {
    a.iter().rev().cmp(b.iter().rev()) != std::cmp::Ordering::Less
}

/// `a + b` or `a - b`, little-endian 256-bit, without overflow.
fn add(a: &[u8; 32], b: &[u8; 32], subtract: bool) -> [u8; 32] {
    let mut out = [0; 32];
    let mut carry = 0i16;
    for i in 0..32 {
        let d = if subtract {
            i16::from(a[i]) - i16::from(b[i]) + carry
        } else {
            i16::from(a[i]) + i16::from(b[i]) + carry
        };
        out[i] = d.rem_euclid(256) as u8;
        carry = d.div_euclid(256);
    }
    assert_eq!(carry, 0, "256-bit overflow");
    out
}

/// How many times `L` fits in `s` (0 for a canonical `S`).
fn multiple_of_l(s: &[u8; 32]) -> u32 {
    let (mut s, mut k) = (*s, 0);
    while at_least(&s, &L) {
        s = add(&s, &L, true);
        k += 1;
    }
    k
}

/// The message-independent defect of an invalid vector, applied to a
/// genuine signature; `None` when the defect is tied to the vector's message.
fn transplant(v: &Vector, genuine: &[u8; 64]) -> Option<Vec<u8>> {
    if v.signature.len() < 64 {
        return Some(genuine[..v.signature.len()].to_vec());
    }
    if v.signature.len() > 64 {
        return Some([&genuine[..], &v.signature[64..]].concat());
    }
    let s: [u8; 32] = v.signature[32..].try_into().unwrap();
    let k = multiple_of_l(&s);
    if k == 0 {
        return None;
    }
    // Same R, S + k·L: the same scalar mod L, so only the `S < L` rule
    // (RFC 8032 §5.1.7) can refuse it.
    let mut s: [u8; 32] = genuine[32..].try_into().unwrap();
    for _ in 0..k {
        s = add(&s, &L, false);
    }
    Some([&genuine[..32], &s[..]].concat())
}

/// The wrong lengths and the `S ≥ L` signatures of Wycheproof, carried
/// over to a genuine receipt: refused, where the untouched one is accepted.
#[test]
fn message_independent_defects_are_refused_in_a_genuine_receipt() {
    let (receipt, key) = genuine();
    let text = receipt.to_json();
    Receipt::from_json(text.as_bytes()).unwrap();
    let entry = &receipt.to_value()["signatures"][0];
    let protected = entry["protected"].as_str().unwrap().to_owned();
    let signature = base64url::decode(entry["signature"].as_str().unwrap()).unwrap();
    let signature: [u8; 64] = signature.try_into().unwrap();
    let input = format!(
        "{protected}.{}",
        receipt.to_value()["payload"].as_str().unwrap()
    );
    assert!(key.public_jwk().verify(input.as_bytes(), &signature));
    let (mut lengths, mut high_s) = (0, 0);
    for v in vectors().iter().filter(|v| !v.valid) {
        let Some(bad) = transplant(v, &signature) else {
            continue;
        };
        let what = format!("tcId {} ({}) in a receipt", v.id, v.comment);
        assert_bad_signature(&with_entry(&receipt, &protected, &bad), bad.len(), &what);
        if bad.len() == 64 {
            high_s += 1;
        } else {
            lengths += 1;
        }
    }
    assert_eq!((lengths, high_s), (12, 17));
}

/// A small-order key (here the identity point) with `R` the identity and
/// `S = 0` satisfies the lax equation `SB = R + H(…)A` for any message,
/// this receipt's signing input included; the strict check refuses it.
#[test]
fn a_small_order_key_cannot_sign_a_receipt() {
    let (receipt, _) = genuine();
    let mut identity = [0u8; 32];
    identity[0] = 1;
    let signature = [&identity[..], &[0u8; 32][..]].concat();
    let text = with_entry(&receipt, &protected_for(identity), &signature);
    assert_bad_signature(&text, 64, "identity key, identity R, S = 0");
}
