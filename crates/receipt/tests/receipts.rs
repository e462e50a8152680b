//! Receipts: sign then verify round-trips; any change to payload, header or
//! signature is refused; hostile JWS shapes get specific errors.

#![allow(clippy::unwrap_used)] // tests fail loudly on unexpected input

mod support;

use limpide_receipt::testing::ReceiptSpec;
use limpide_receipt::Value;
use limpide_receipt::{
    base64url, Channel, Choices, Collection, Context, ControllerCheck, Notice, Payload,
    PreviousReceipt, Receipt, Role, SigningKey,
};
use proptest::prelude::*;
use support::json;
use support::{demo_notice as notice, with_header};

/// A receipt of `choices` signed by the pupil's key of this seed.
fn signed(seed: u8, choices: &Choices) -> Receipt {
    ReceiptSpec {
        choices: choices.clone(),
        ..ReceiptSpec::default()
    }
    .id(&format!("{seed:02x}9f3f8e-3c7a-4a43-9d55-2f1f0c4b6a10"))
    .signers(&[(Role::Subject, [seed; 32])])
    .receipt(&notice())
}

fn code_of(text: &str) -> String {
    let err = Receipt::from_json(text.as_bytes()).unwrap_err();
    err.problems()[0].code().as_str().to_owned()
}

#[test]
fn a_receipt_records_every_purpose_and_channel_explicitly() {
    let mut choices = Choices::refuse_all();
    choices.grant("bons-plans", Some(Channel::Sms));
    let receipt = signed(1, &choices);
    let notice = notice();
    receipt.payload().check_against(&notice).unwrap();
    let p = &receipt.payload().purposes;
    assert_eq!(p.len(), notice.purposes.len());
    assert_eq!(
        receipt.payload().to_value()["purposes"][0]["channels"],
        json!({"sms": "granted", "email": "refused"})
    );
    assert_eq!(Choices::from_payload(receipt.payload()), choices);
}

#[test]
fn a_countersignature_keeps_the_payload_digest() {
    let mut receipt = signed(2, &Choices::refuse_all());
    let before = receipt.digest().to_owned();
    let controller = SigningKey::from_seed([9; 32]);
    let input = receipt.signing_input(Role::Controller, controller.public_jwk());
    let sig = controller.sign(input.as_bytes());
    receipt.attach(input, &sig).unwrap();
    let read = Receipt::from_json(receipt.to_json().as_bytes()).unwrap();
    assert_eq!(read.digest(), before);
    assert_eq!(read.signers().len(), 2);
    assert_eq!(read.signers()[1].role, Role::Controller);
}

#[test]
fn a_chained_receipt_names_the_previous_one() {
    let first = signed(3, &Choices::accept_all(&notice()));
    let notice = notice();
    let mut context = Context::new(
        "aa9f3f8e-3c7a-4a43-9d55-2f1f0c4b6a10".into(),
        "2026-11-25T08:00:00Z".into(),
        "en".into(),
        Collection::new("cli", "limpide-test", "jwk-file"),
    );
    context.previous = Some(PreviousReceipt {
        receipt_id: first.payload().receipt_id.clone(),
        digest: first.digest().into(),
    });
    let payload = Payload::new(&notice, &Choices::refuse_all(), context).unwrap();
    assert_eq!(payload.previous.as_ref().unwrap().digest, first.digest());
    payload.check_against(&notice).unwrap();
}

#[test]
fn a_bad_signer_is_caught_when_attaching() {
    let receipt = signed(4, &Choices::refuse_all());
    let mut fresh = Receipt::prepare(receipt.payload());
    let key = SigningKey::from_seed([4; 32]);
    let input = fresh.signing_input(Role::Subject, key.public_jwk());
    let err = fresh.attach(input, &[0u8; 64]).unwrap_err();
    assert_eq!(err.problems()[0].code().as_str(), "bad-signature");
    assert!(!fresh.is_signed());
}

#[test]
fn the_same_key_cannot_sign_twice() {
    let mut receipt = signed(5, &Choices::refuse_all());
    let key = SigningKey::from_seed([5; 32]);
    let input = receipt.signing_input(Role::Guardian, key.public_jwk());
    let sig = key.sign(input.as_bytes());
    assert_eq!(
        receipt.attach(input, &sig).unwrap_err().problems()[0]
            .code()
            .as_str(),
        "duplicate-signature"
    );
    let mut v = receipt.to_value();
    let entry = v["signatures"][0].clone();
    v["signatures"].as_array_mut().unwrap().push(entry);
    assert_eq!(code_of(&v.to_string()), "duplicate-signature");
}

#[test]
fn hostile_shapes_get_specific_errors() {
    let receipt = signed(6, &Choices::refuse_all());
    let v = receipt.to_value();
    let sig = &v["signatures"][0];
    let compact = format!(
        "\"{}.{}.{}\"",
        sig["protected"].as_str().unwrap(),
        v["payload"].as_str().unwrap(),
        sig["signature"].as_str().unwrap()
    );
    assert_eq!(code_of(&compact), "invalid-jws");
    let flattened = json!({"payload": v["payload"], "protected": sig["protected"], "signature": sig["signature"]});
    assert_eq!(code_of(&flattened.to_string()), "invalid-jws");
    let mut unprotected = v.clone();
    unprotected["signatures"][0]["header"] = json!({"kid": "x"});
    assert_eq!(code_of(&unprotected.to_string()), "unprotected-header");
    let mut unsigned = v.clone();
    unsigned["signatures"] = json!([]);
    assert_eq!(code_of(&unsigned.to_string()), "unsigned");
    let mut not_json = v.clone();
    not_json["payload"] = json!(base64url::encode(b"consent: yes"));
    assert_eq!(code_of(&not_json.to_string()), "malformed-json");

    assert_eq!(
        code_of(&with_header(&receipt, |h| h["alg"] = json!("none"))),
        "unsupported-alg"
    );
    assert_eq!(
        code_of(&with_header(&receipt, |h| h["alg"] = json!("HS256"))),
        "unsupported-alg"
    );
    assert_eq!(
        code_of(&with_header(&receipt, |h| {
            h.as_object_mut().unwrap().remove("jwk");
        })),
        "missing-jwk"
    );
    let other = SigningKey::from_seed([99; 32]).public_jwk().to_value();
    assert_eq!(
        code_of(&with_header(&receipt, |h| h["jwk"] = other)),
        "kid-mismatch"
    );
    assert_eq!(
        code_of(&with_header(&receipt, |h| h["crit"] = json!(["b64"]))),
        "invalid-header"
    );
    assert_eq!(
        code_of(&with_header(&receipt, |h| h["role"] = json!("witness"))),
        "invalid-role"
    );
    // "Ed25519" (RFC 9864) is accepted; the header changed, so only the signature fails.
    assert_eq!(
        code_of(&with_header(&receipt, |h| h["alg"] = json!("Ed25519"))),
        "bad-signature"
    );
}

#[test]
fn non_canonical_base64url_is_refused() {
    let receipt = signed(7, &Choices::refuse_all());
    let mut v = receipt.to_value();
    let sig = v["signatures"][0]["signature"].as_str().unwrap().to_owned();
    // 64 bytes = 86 characters: the last one carries 4 unused bits.
    let last = sig.chars().last().unwrap();
    let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let twin = alphabet
        .chars()
        .nth(alphabet.find(last).unwrap() + 1)
        .unwrap();
    v["signatures"][0]["signature"] = json!(format!("{}{twin}", &sig[..sig.len() - 1]));
    assert_eq!(code_of(&v.to_string()), "invalid-base64url");
    v["signatures"][0]["signature"] = json!(format!("{sig}=="));
    assert_eq!(code_of(&v.to_string()), "invalid-base64url");
}

#[test]
fn a_receipt_about_another_notice_text_is_refused_against_the_notice() {
    let receipt = signed(8, &Choices::refuse_all());
    let text = String::from_utf8(
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../www/notices/pass-region-2026-12-01.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let changed =
        Notice::from_json(text.replace("au plus 1 an", "au plus 5 ans").as_bytes()).unwrap();
    let err = receipt.payload().check_against(&changed).unwrap_err();
    let codes: Vec<_> = err.problems().iter().map(|p| p.code().as_str()).collect();
    assert_eq!(codes, ["digest-mismatch", "digest-mismatch"], "{err}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn sign_then_verify_round_trips(seed in any::<u8>(), grants in proptest::collection::vec(any::<bool>(), 11)) {
        let notice = notice();
        let mut choices = Choices::refuse_all();
        let boxes = notice.purposes.iter().flat_map(|p| {
            if p.channels.is_empty() { vec![(p.id.clone(), None)] } else { p.channels.iter().map(|c| (p.id.clone(), Some(*c))).collect() }
        });
        for ((purpose, channel), grant) in boxes.zip(grants) {
            if grant { choices.grant(&purpose, channel) }
        }
        let receipt = signed(seed, &choices);
        let read = Receipt::from_json(receipt.to_json().as_bytes()).unwrap();
        prop_assert_eq!(&read, &receipt);
        prop_assert_eq!(Choices::from_payload(read.payload()), choices);
    }

    #[test]
    fn any_changed_byte_is_refused(seed in any::<u8>(), position in any::<prop::sample::Index>(), delta in 1u8..=255) {
        let text = signed(seed, &Choices::refuse_all()).to_json().into_bytes();
        let mut tampered = text.clone();
        let i = position.index(text.len());
        tampered[i] = tampered[i].wrapping_add(delta);
        prop_assert!(Receipt::from_json(&tampered).is_err(), "byte {} changed and still valid", i);
    }
}

#[test]
fn documented_example_receipts_verify_and_chain() {
    let read = |name: &str| {
        let path = format!("{}/../../docs/examples/{name}", env!("CARGO_MANIFEST_DIR"));
        Receipt::from_json(&std::fs::read(path).unwrap()).unwrap()
    };
    let first = read("receipt-example.json");
    let second = read("receipt-withdrawal.json");
    // Issued under the notice version published before `controller.keys`
    // existed: they keep verifying against it, and the controller's
    // signature is reported as not checked, never as genuine.
    let notice = Notice::from_json(
        &std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../www/notices/pass-region-2026-09-01.json"
        ))
        .unwrap(),
    )
    .unwrap();
    first.check_against(&notice).unwrap();
    second.check_against(&notice).unwrap();
    assert_eq!(
        first.controller_check(Some(&notice)),
        Ok(ControllerCheck::Unchecked)
    );
    let roles: Vec<_> = first.signers().iter().map(|s| s.role).collect();
    assert_eq!(roles, [Role::Subject, Role::Controller]);
    let previous = second.payload().previous.as_ref().unwrap();
    assert_eq!(previous.receipt_id, first.payload().receipt_id);
    assert_eq!(
        previous.digest,
        first.digest(),
        "the countersignature did not break the chain"
    );
}

#[test]
fn receipt_error_messages_are_pinned() {
    let receipt = signed(10, &Choices::refuse_all());
    let v = receipt.to_value();
    let mut cases: Vec<(&str, String)> = vec![
        ("not an object", "[1, 2]".into()),
        (
            "unknown member",
            json!({"payload": v["payload"], "signatures": v["signatures"], "extra": 1}).to_string(),
        ),
        (
            "no signatures",
            json!({"payload": v["payload"]}).to_string(),
        ),
        (
            "payload not base64url",
            json!({"payload": "e30=", "signatures": v["signatures"]}).to_string(),
        ),
        (
            "alg none",
            with_header(&receipt, |h| h["alg"] = json!("none")),
        ),
        (
            "typ missing",
            with_header(&receipt, |h| {
                h.as_object_mut().unwrap().remove("typ");
            }),
        ),
        (
            "private key in header",
            with_header(&receipt, |h| h["jwk"]["d"] = json!("c2VjcmV0")),
        ),
        (
            "extra jwk member",
            with_header(&receipt, |h| h["jwk"]["use"] = json!("sig")),
        ),
        (
            "crit in header",
            with_header(&receipt, |h| h["crit"] = json!(["b64"])),
        ),
        (
            "header not an object",
            with_header(&receipt, |h| *h = json!("EdDSA")),
        ),
        (
            "extra signature member",
            json!({"payload": v["payload"], "signatures": [{
                "protected": v["signatures"][0]["protected"],
                "signature": v["signatures"][0]["signature"],
                "kid": "x"
            }]})
            .to_string(),
        ),
    ];
    let mut payload: Value =
        serde_json::from_slice(&base64url::decode(v["payload"].as_str().unwrap()).unwrap())
            .unwrap();
    payload["issued_at"] = json!("yesterday");
    payload["purposes"][0]["status"] = json!("granted");
    payload["ip"] = json!("203.0.113.7");
    let mut bad_payload = v.clone();
    bad_payload["payload"] = json!(base64url::encode(payload.to_string().as_bytes()));
    cases.push(("payload with an unknown member", bad_payload.to_string()));
    payload.as_object_mut().unwrap().remove("ip");
    bad_payload["payload"] = json!(base64url::encode(payload.to_string().as_bytes()));
    cases.push((
        "payload with a bad time and two decisions",
        bad_payload.to_string(),
    ));
    let report: Vec<String> = cases
        .into_iter()
        .map(|(name, text)| {
            let err = Receipt::from_json(text.as_bytes()).unwrap_err();
            let lines: Vec<String> = err
                .problems()
                .iter()
                .map(|p| format!("  [{}] {p}", p.code().as_str()))
                .collect();
            format!("{name}:\n{}", lines.join("\n"))
        })
        .collect();
    insta::assert_snapshot!(report.join("\n"));
}

#[test]
fn alg_ed25519_of_rfc_9864_is_accepted_when_signed() {
    let receipt = signed(11, &Choices::refuse_all());
    let mut v: Value =
        serde_json::from_str(&with_header(&receipt, |h| h["alg"] = json!("Ed25519"))).unwrap();
    let input = format!(
        "{}.{}",
        v["signatures"][0]["protected"].as_str().unwrap(),
        v["payload"].as_str().unwrap()
    );
    let signature = SigningKey::from_seed([11; 32]).sign(input.as_bytes());
    v["signatures"][0]["signature"] = json!(base64url::encode(&signature));
    let read = Receipt::from_json(v.to_string().as_bytes()).unwrap();
    assert_eq!(read.digest(), receipt.digest());
}
