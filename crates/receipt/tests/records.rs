//! The controller's records (campaign manifest, release record, one-box
//! withdrawal): known answers (the documented examples, signed with the
//! demo controller's key, byte for byte), the trust rule, and every way a
//! record is refused, with its code; the messages are pinned.

#![allow(clippy::unwrap_used)] // tests fail loudly on unexpected input

mod support;

use limpide_receipt::testing::{
    box_withdrawal, campaign_manifest, device_enrollment, release_record, ReceiptSpec,
};
use limpide_receipt::{
    base64url, parse_json, Channel, ControllerCheck, Error, MessageText, Notice, Receipt,
    RecordKind, SignedEnrollment, SignedManifest, SignedRelease, SignedWithdrawal, SigningKey,
    Value, Via,
};
use support::{demo_notice, json};

fn root(path: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

fn demo_key() -> SigningKey {
    SigningKey::from_jwk(&std::fs::read(root("crates/server/demo/controller.jwk")).unwrap())
        .unwrap()
}

fn stranger() -> SigningKey {
    SigningKey::from_seed([9; 32])
}

fn codes(error: &Error) -> Vec<String> {
    error
        .problems()
        .iter()
        .map(|p| format!("{} {}", p.code(), p.path()))
        .collect()
}

/// The four examples, signed now with the demo controller's key.
fn signed_examples() -> (
    SignedManifest,
    SignedRelease,
    SignedWithdrawal,
    SignedEnrollment,
) {
    let key = demo_key();
    let manifest = campaign_manifest(&demo_notice()).sign(&key).unwrap();
    let release = release_record(&manifest).sign(&key).unwrap();
    let withdrawal = box_withdrawal(&manifest).sign(&key).unwrap();
    let enrollment = device_enrollment(&manifest).sign(&key).unwrap();
    (manifest, release, withdrawal, enrollment)
}

/// Each documented example is exactly what signing its payload with the
/// demo key gives (Ed25519 is deterministic). `LIMPIDE_WRITE_EXAMPLES=1`
/// writes them after a deliberate change.
#[test]
fn the_documented_examples_are_known_answers() {
    let (manifest, release, withdrawal, enrollment) = signed_examples();
    for (name, record) in [
        ("campaign-manifest.json", manifest.to_value()),
        ("release-record.json", release.to_value()),
        ("box-withdrawal.json", withdrawal.to_value()),
        ("device-enrollment.json", enrollment.to_value()),
    ] {
        let path = root("docs/examples").join(name);
        if std::env::var_os("LIMPIDE_WRITE_EXAMPLES").is_some() {
            let pretty =
                serde_json::to_string_pretty(&serde_json::Value::from(record.clone())).unwrap();
            // Indented by four spaces, as the receipt examples are.
            let pretty: String = pretty
                .lines()
                .map(|line| {
                    let text = line.trim_start();
                    format!("{}{text}\n", " ".repeat(2 * (line.len() - text.len())))
                })
                .collect();
            std::fs::write(&path, pretty).unwrap();
        }
        let file = parse_json(&std::fs::read(&path).unwrap(), name).unwrap();
        assert_eq!(file, record, "{name} is not what signing its payload gives");
        assert_eq!(RecordKind::of(&file), record_kind(name));
    }
}

fn record_kind(name: &str) -> RecordKind {
    match name {
        "campaign-manifest.json" => RecordKind::CampaignManifest,
        "release-record.json" => RecordKind::ReleaseRecord,
        "device-enrollment.json" => RecordKind::DeviceEnrollment,
        _ => RecordKind::BoxWithdrawal,
    }
}

#[test]
fn the_examples_verify_and_count_against_the_notice_they_name() {
    let notice = demo_notice();
    let read = |name: &str| std::fs::read(root("docs/examples").join(name)).unwrap();
    let manifest = SignedManifest::from_json(&read("campaign-manifest.json")).unwrap();
    let release = SignedRelease::from_json(&read("release-record.json")).unwrap();
    let withdrawal = SignedWithdrawal::from_json(&read("box-withdrawal.json")).unwrap();
    let enrollment = SignedEnrollment::from_json(&read("device-enrollment.json")).unwrap();
    enrollment.check_against(&notice).unwrap();
    manifest.check_against(&notice).unwrap();
    release.check_against(&notice).unwrap();
    release.check_manifest(&manifest).unwrap();
    withdrawal.check_against(&notice).unwrap();
    assert_eq!(
        manifest.controller_check(Some(&notice)),
        Ok(ControllerCheck::Listed)
    );
    assert_eq!(
        manifest.controller_check(None),
        Ok(ControllerCheck::Unchecked)
    );
    assert_eq!(manifest.kid(), demo_key().public_jwk().thumbprint());
    assert_eq!(
        manifest.payload().text_digest(),
        manifest.payload().template.digest()
    );
    assert_eq!(
        withdrawal.payload().via,
        Via::StopLink {
            campaign_id: "c-2026-rentree".into()
        }
    );
    // The payload is the RFC 8785 form, and the digest that of its bytes.
    let payload = base64url::decode(manifest.to_value()["payload"].as_str().unwrap()).unwrap();
    assert_eq!(
        manifest.digest(),
        limpide_receipt::sha256_base64url(&payload)
    );
    let value = parse_json(&payload, "payload").unwrap();
    assert_eq!(
        limpide_receipt::canonical_json(&value).as_bytes(),
        &payload[..]
    );
    assert_eq!(
        value["text_digest"].as_str(),
        Some(manifest.payload().text_digest().as_str())
    );
}

#[test]
fn a_key_the_notice_does_not_list_never_counts() {
    let notice = demo_notice();
    let forged = campaign_manifest(&notice).sign(&stranger()).unwrap();
    // The signature itself holds: it is the key that does not count.
    let read = SignedManifest::from_json(forged.to_json().as_bytes()).unwrap();
    assert_eq!(read.controller_check(None), Ok(ControllerCheck::Unchecked));
    let refused = read.check_against(&notice).unwrap_err();
    assert_eq!(
        codes(&refused),
        ["unlisted-controller-key /signatures/0/protected"]
    );
    // A notice without keys vouches for nothing.
    let older =
        Notice::from_json(&std::fs::read(root("www/notices/pass-region-2026-09-01.json")).unwrap())
            .unwrap();
    let manifest = campaign_manifest(&older).sign(&demo_key()).unwrap();
    let refused = manifest.check_against(&older).unwrap_err();
    assert_eq!(
        codes(&refused),
        ["unlisted-controller-key /signatures/0/protected"]
    );
    // Another version than the one named.
    let refused = manifest.check_against(&notice).unwrap_err();
    assert_eq!(codes(&refused), ["notice-mismatch /payload/notice"]);
}

#[test]
fn a_record_names_a_box_of_its_notice() {
    let notice = demo_notice();
    let key = demo_key();
    let mut manifest = campaign_manifest(&notice);
    manifest.channel = Some(Channel::Email);
    manifest.template = limpide_receipt::Template(vec![(
        "fr".into(),
        MessageText::Email {
            subject: "Rentrée".into(),
            body: "Bonne rentrée".into(),
            footer: "Stop : {stop_url}".into(),
        },
    )]);
    let refused = manifest
        .sign(&key)
        .unwrap()
        .check_against(&notice)
        .unwrap_err();
    assert_eq!(
        codes(&refused),
        [
            "channel-mismatch /payload/channel",
            "missing-translation /payload/template"
        ]
    );
    let mut manifest = campaign_manifest(&notice);
    manifest.template.0[1].0 = "de".into();
    let refused = manifest
        .sign(&key)
        .unwrap()
        .check_against(&notice)
        .unwrap_err();
    assert_eq!(
        codes(&refused),
        [
            "undeclared-language /payload/template/de",
            "missing-translation /payload/template"
        ]
    );
    let mut withdrawal = box_withdrawal(&campaign_manifest(&notice).sign(&key).unwrap());
    withdrawal.purpose = "tout".into();
    withdrawal.notice.digest = limpide_receipt::sha256_base64url(b"other texts");
    let refused = withdrawal
        .sign(&key)
        .unwrap()
        .check_against(&notice)
        .unwrap_err();
    assert_eq!(
        codes(&refused),
        [
            "digest-mismatch /payload/notice/digest",
            "unknown-purpose /payload/purpose"
        ]
    );
}

#[test]
fn a_release_belongs_to_its_manifest() {
    let (manifest, release, _, _) = signed_examples();
    let mut other = release.payload().clone();
    other.campaign_id = "c-autre".into();
    other.manifest_digest = limpide_receipt::sha256_base64url(b"another manifest");
    let refused = other
        .sign(&demo_key())
        .unwrap()
        .check_manifest(&manifest)
        .unwrap_err();
    assert_eq!(
        codes(&refused),
        [
            "campaign-mismatch /payload/campaign_id",
            "digest-mismatch /payload/manifest_digest"
        ]
    );
}

/// The JWS text of `record` with its payload replaced by `edit`ed payload,
/// re-signed by `key` with the record's own header.
fn resigned(record: &Value, key: &SigningKey, edit: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut payload = parse_json(
        &base64url::decode(record["payload"].as_str().unwrap()).unwrap(),
        "p",
    )
    .unwrap();
    edit(&mut payload);
    let protected = record["signatures"][0]["protected"]
        .as_str()
        .unwrap()
        .to_owned();
    let payload_b64 = base64url::encode(limpide_receipt::canonical_json(&payload).as_bytes());
    let signature = key.sign(format!("{protected}.{payload_b64}").as_bytes());
    json!({"payload": payload_b64, "signatures": [{"protected": protected, "signature": base64url::encode(&signature)}]})
        .to_string()
        .into_bytes()
}

/// The JWS text of `record` with its protected header `edit`ed, re-signed by `key`.
fn with_header(record: &Value, key: &SigningKey, edit: impl FnOnce(&mut Value)) -> Vec<u8> {
    let protected = record["signatures"][0]["protected"].as_str().unwrap();
    let mut header = parse_json(&base64url::decode(protected).unwrap(), "h").unwrap();
    edit(&mut header);
    let protected = base64url::encode(limpide_receipt::canonical_json(&header).as_bytes());
    let payload_b64 = record["payload"].as_str().unwrap();
    let signature = key.sign(format!("{protected}.{payload_b64}").as_bytes());
    json!({"payload": payload_b64, "signatures": [{"protected": protected, "signature": base64url::encode(&signature)}]})
        .to_string()
        .into_bytes()
}

/// Every way a record is refused: its code and path, and its message
/// (pinned below).
fn refusals() -> Vec<(&'static str, Error)> {
    let key = demo_key();
    let (manifest, release, withdrawal, _) = signed_examples();
    let m = manifest.to_value();
    let w = withdrawal.to_value();
    let receipt = ReceiptSpec::default().receipt(&demo_notice());
    let text = manifest.to_json();
    let tampered_payload = {
        let mut v = m.clone();
        let p = v["payload"].as_str().unwrap();
        let flipped = if p.ends_with('A') { "Q" } else { "A" };
        v["payload"] = Value::String(format!("{}{flipped}", &p[..p.len() - 1]));
        v.to_string()
    };
    let m_edit = |edit: &dyn Fn(&mut Value)| {
        SignedManifest::from_json(&resigned(&m, &key, |p| edit(p))).unwrap_err()
    };
    let w_edit = |edit: &dyn Fn(&mut Value)| {
        SignedWithdrawal::from_json(&resigned(&w, &key, |p| edit(p))).unwrap_err()
    };
    vec![
        (
            "tampered payload",
            SignedManifest::from_json(tampered_payload.as_bytes()).unwrap_err(),
        ),
        (
            "tampered signature",
            SignedManifest::from_json(
                text.replacen("\"signature\":\"", "\"signature\":\"A", 1)
                    .as_bytes(),
            )
            .unwrap_err(),
        ),
        (
            "manifest read as a receipt",
            Receipt::from_json(text.as_bytes()).unwrap_err(),
        ),
        (
            "manifest read as a withdrawal",
            SignedWithdrawal::from_json(text.as_bytes()).unwrap_err(),
        ),
        (
            "release read as a manifest",
            SignedManifest::from_json(release.to_json().as_bytes()).unwrap_err(),
        ),
        (
            "receipt read as a manifest",
            SignedManifest::from_json(receipt.to_json().as_bytes()).unwrap_err(),
        ),
        (
            "unknown typ",
            SignedManifest::from_json(&with_header(&m, &key, |h| h["typ"] = json!("JWT")))
                .unwrap_err(),
        ),
        (
            "signed as the subject",
            SignedManifest::from_json(&with_header(&m, &key, |h| h["role"] = json!("subject")))
                .unwrap_err(),
        ),
        (
            "kid of another key",
            SignedManifest::from_json(&with_header(&m, &key, |h| {
                h["kid"] = json!(stranger().public_jwk().thumbprint())
            }))
            .unwrap_err(),
        ),
        (
            "jwk of another key",
            SignedManifest::from_json(&with_header(&m, &key, |h| {
                h["jwk"] = stranger().public_jwk().to_value();
                h["kid"] = json!(stranger().public_jwk().thumbprint());
            }))
            .unwrap_err(),
        ),
        ("two signatures", {
            let mut v = m.clone();
            let first = v["signatures"][0].clone();
            v["signatures"] = Value::Array(vec![first.clone(), first]);
            SignedManifest::from_value(&v).unwrap_err()
        }),
        ("no signature", {
            let mut v = m.clone();
            v["signatures"] = Value::Array(vec![]);
            SignedManifest::from_value(&v).unwrap_err()
        }),
        (
            "compact JWS",
            SignedManifest::from_value(&json!("a.b.c")).unwrap_err(),
        ),
        ("unprotected header", {
            let mut v = m.clone();
            v["signatures"][0]["header"] = json!({"kid": "x"});
            SignedManifest::from_value(&v).unwrap_err()
        }),
        (
            "text changed after approval",
            m_edit(&|p| p["template"]["fr"]["text"] = json!("Votez pour nous !")),
        ),
        (
            "approved by its author",
            m_edit(&|p| p["approved_by"] = json!("acct-communications-1")),
        ),
        (
            "footer without stop link",
            m_edit(&|p| {
                p["template"]["en"]["footer"] = json!("Pass'Région");
            }),
        ),
        (
            "window backwards",
            m_edit(&|p| p["not_after"] = json!("2026-12-01T00:00:00Z")),
        ),
        (
            "unknown and missing members",
            m_edit(&|p| {
                p.as_object_mut().unwrap().remove("sender");
                p["granted"] = json!(true);
            }),
        ),
        ("newer version", m_edit(&|p| p["version"] = json!(2))),
        (
            "e-mail shape for sms",
            m_edit(&|p| {
                p["template"]["fr"] = json!({"subject": "s", "body": "b", "footer": "{stop_url}"})
            }),
        ),
        (
            "withdrawal that grants",
            w_edit(&|p| p["status"] = json!("granted")),
        ),
        (
            "withdrawal of two boxes",
            w_edit(&|p| p["channel"] = json!(["sms", "email"])),
        ),
        (
            "stop link without campaign",
            w_edit(&|p| {
                p.as_object_mut().unwrap().remove("campaign_id");
            }),
        ),
        (
            "objection with a campaign",
            w_edit(&|p| p["via"] = json!("objection")),
        ),
        ("unknown via", w_edit(&|p| p["via"] = json!("guess"))),
        (
            "bad time and channel",
            w_edit(&|p| {
                p["issued_at"] = json!("2026-12-07 12:31");
                p["channel"] = json!("pigeon");
            }),
        ),
    ]
}

#[test]
fn every_refusal_has_its_code() {
    let said: Vec<String> = refusals()
        .iter()
        .map(|(name, error)| format!("{name}: {}", codes(error).join(", ")))
        .collect();
    let expected = [
        "tampered payload: bad-signature /signatures/0/signature",
        "tampered signature: bad-signature /signatures/0/signature",
        "manifest read as a receipt: wrong-kind /signatures/0/protected",
        "manifest read as a withdrawal: wrong-kind /signatures/0/protected",
        "release read as a manifest: wrong-kind /signatures/0/protected",
        "receipt read as a manifest: wrong-kind /signatures/0/protected",
        "unknown typ: invalid-header /signatures/0/protected",
        "signed as the subject: invalid-role /signatures/0/protected",
        "kid of another key: kid-mismatch /signatures/0/protected",
        "jwk of another key: bad-signature /signatures/0/signature",
        "two signatures: too-many /signatures",
        "no signature: unsigned /signatures",
        "compact JWS: invalid-jws ",
        "unprotected header: unprotected-header /signatures/0/header",
        "text changed after approval: digest-mismatch /payload/text_digest",
        "approved by its author: self-approved /payload/approved_by",
        "footer without stop link: missing-stop-url /payload/template/en/footer",
        "window backwards: invalid-window /payload/not_after",
        "unknown and missing members: invalid-payload /payload/granted, invalid-payload /payload",
        "newer version: unsupported-format /payload/version",
        "e-mail shape for sms: invalid-payload /payload/template/fr/body, invalid-payload /payload/template/fr/subject, invalid-payload /payload/template/fr",
        "withdrawal that grants: invalid-payload /payload/status",
        "withdrawal of two boxes: invalid-payload /payload/channel",
        "stop link without campaign: invalid-payload /payload",
        "objection with a campaign: invalid-payload /payload/campaign_id",
        "unknown via: invalid-payload /payload/via",
        "bad time and channel: invalid-time /payload/issued_at, unknown-channel /payload/channel",
    ];
    assert_eq!(said, expected);
}

#[test]
fn record_error_messages_are_pinned() {
    let said: Vec<String> = refusals()
        .iter()
        .map(|(name, error)| format!("# {name}\n{error}"))
        .collect();
    insta::assert_snapshot!(said.join("\n"));
}

#[test]
fn a_withdrawal_counts_against_receipts_issued_before_it() {
    let (_, _, withdrawal, _) = signed_examples();
    let stop = withdrawal.payload();
    assert!(stop.counts_against("2026-12-01T09:00:00Z"));
    assert!(stop.counts_against("2026-12-07T12:31:08Z"));
    assert!(!stop.counts_against("2026-12-07T12:31:08.5Z"));
    assert!(!stop.counts_against("2026-12-08T09:00:00Z"));
    assert!(!stop.counts_against("not a time"));
}

#[test]
fn an_objection_names_no_campaign_and_a_purpose_without_channels_no_channel() {
    let notice = demo_notice();
    let key = demo_key();
    let mut objection = box_withdrawal(&campaign_manifest(&notice).sign(&key).unwrap());
    objection.via = Via::Objection;
    objection.channel = None;
    objection.purpose = "enquetes".into();
    let signed = objection.sign(&key).unwrap();
    let payload = parse_json(
        &base64url::decode(signed.to_value()["payload"].as_str().unwrap()).unwrap(),
        "p",
    )
    .unwrap();
    assert!(payload.get("campaign_id").is_none() && payload.get("channel").is_none());
    assert_eq!(payload["via"].as_str(), Some("objection"));
    // "enquetes" has one channel, e-mail: a box without a channel is not one of its boxes.
    let refused = signed.check_against(&notice).unwrap_err();
    assert_eq!(codes(&refused), ["channel-mismatch /payload/channel"]);
}

#[test]
fn an_invalid_record_is_never_signed() {
    let mut manifest = campaign_manifest(&demo_notice());
    manifest.approved_by = manifest.drafted_by.clone();
    let refused = manifest.sign(&demo_key()).unwrap_err();
    assert_eq!(codes(&refused), ["self-approved /payload/approved_by"]);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Signed then read, a record is the same record, whatever its ids and counts.
        #[test]
        fn a_signed_release_reads_back(seed in any::<[u8; 32]>(), kept in 0u64..1 << 53, dropped in 0u64..1 << 53, release in 1u64..1000) {
            let (manifest, _, _, _) = signed_examples();
            let mut record = release_record(&manifest);
            (record.rows_kept, record.rows_dropped, record.release) = (kept, dropped, release);
            let signed = record.sign(&SigningKey::from_seed(seed)).unwrap();
            let read = SignedRelease::from_json(signed.to_json().as_bytes()).unwrap();
            prop_assert_eq!(read.payload(), &record);
            prop_assert_eq!(read.digest(), signed.digest());
        }

        /// No byte of a signed manifest can change and leave it valid.
        #[test]
        fn any_changed_byte_of_a_manifest_is_refused(position in any::<prop::sample::Index>(), delta in 1u8..=255) {
            let text = campaign_manifest(&demo_notice()).sign(&demo_key()).unwrap().to_json().into_bytes();
            let mut tampered = text.clone();
            let i = position.index(text.len());
            tampered[i] = tampered[i].wrapping_add(delta);
            prop_assert!(SignedManifest::from_json(&tampered).is_err(), "byte {} changed and still valid", i);
        }
    }
}

#[test]
fn counts_stay_within_what_every_json_reader_keeps() {
    let (manifest, _, _, _) = signed_examples();
    let mut record = release_record(&manifest);
    record.rows_kept = (1 << 53) - 1;
    assert!(record.sign(&demo_key()).is_ok());
    record.rows_kept = 1 << 53;
    let refused = record.sign(&demo_key()).unwrap_err();
    assert_eq!(codes(&refused), ["invalid-payload /payload/rows_kept"]);
}
