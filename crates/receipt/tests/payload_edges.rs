//! Edges of the payload and choice checks that mutation testing
//! (`cargo xtask mutants`) found unpinned by the integration tests: each
//! test fails on a mutant the other tests let through (named in its
//! comment).

#![allow(clippy::unwrap_used)] // tests fail loudly on unexpected input

mod support;

use limpide_receipt::{Channel, Choices, Context, Decision, Notice, Payload};
use support::{demo_notice as notice, document};

/// The example notice with its third purpose (`enquetes`) given no
/// channels: one box for the purpose itself (every example purpose has
/// channels, so a `status` decision was never made by a test).
fn notice_with_a_channelless_purpose() -> Notice {
    let mut doc = document("pass-region.json");
    doc["purposes"][2]
        .as_object_mut()
        .unwrap()
        .remove("channels");
    Notice::from_json(doc.to_string().as_bytes()).unwrap()
}

fn context(receipt_id: &str) -> Context {
    support::context(receipt_id, "2026-11-24T18:05:09Z")
}

const ID: &str = "0b9f3f8e-3c7a-4a43-9d55-2f1f0c4b6a10";

fn codes(result: Result<(), limpide_receipt::Error>) -> Vec<&'static str> {
    result
        .unwrap_err()
        .problems()
        .iter()
        .map(|p| p.code().as_str())
        .collect()
}

/// Mutant: the `(Some(status), None)` arm of `Payload::check` deleted
/// (every status decision refused).
#[test]
fn a_purpose_without_channels_records_a_status() {
    let notice = notice_with_a_channelless_purpose();
    for (choices, expected) in [
        (Choices::refuse_all(), Decision::Refused),
        (Choices::accept_all(&notice), Decision::Granted),
    ] {
        let payload = Payload::new(&notice, &choices, context(ID)).unwrap();
        let record = &payload.purposes[2];
        assert_eq!((record.status, &record.channels), (Some(expected), &None));
        payload.check_against(&notice).unwrap();
    }
}

/// Mutant: the `!channels.is_empty()` guard as `true` (an empty map would
/// record no decision at all).
#[test]
fn an_empty_channel_map_is_no_decision() {
    let mut payload = Payload::new(&notice(), &Choices::refuse_all(), context(ID)).unwrap();
    payload.purposes[0].channels = Some(Default::default());
    assert_eq!(codes(payload.check()), ["invalid-decision"]);
}

/// Mutants: `accept_all` as `Default::default()`; `refuse` doing nothing.
#[test]
fn accept_all_ticks_every_box_and_refuse_unticks_one() {
    let notice = notice();
    let mut choices = Choices::accept_all(&notice);
    for purpose in &notice.purposes {
        for channel in &purpose.channels {
            assert!(choices.is_granted(&purpose.id, Some(*channel)));
        }
    }
    choices.refuse("bons-plans", Some(Channel::Sms));
    assert!(!choices.is_granted("bons-plans", Some(Channel::Sms)));
    assert!(choices.is_granted("bons-plans", Some(Channel::Email)));
}

/// Mutants: `is_uuid` always true, or its length test joined with `||`.
#[test]
fn only_a_lowercase_uuid_is_a_receipt_id() {
    let notice = notice();
    assert!(Payload::new(&notice, &Choices::refuse_all(), context(ID)).is_ok());
    for bad in [
        "0B9F3F8E-3C7A-4A43-9D55-2F1F0C4B6A10", // 36 characters, uppercase
        "0b9f3f8e-3c7a-4a43-9d55-2f1f0c4b6a1",  // one short
        "0b9f3f8e-3c7a-4a43-9d55-2f1f0c4b6a100", // one long
        "0b9f3f8e03c7a04a4309d5502f1f0c4b6a10", // no dashes
    ] {
        let err = Payload::new(&notice, &Choices::refuse_all(), context(bad)).unwrap_err();
        let codes: Vec<_> = err.problems().iter().map(|p| p.code().as_str()).collect();
        assert_eq!(codes, ["invalid-id"], "{bad}");
    }
}

/// Mutant: `id != || version !=` as `&&` (another version of the same
/// notice would not be named as such).
#[test]
fn a_payload_about_another_version_is_a_notice_mismatch() {
    let older = Notice::from_json(
        document("pass-region-2026-09-01.json")
            .to_string()
            .as_bytes(),
    )
    .unwrap();
    let payload = Payload::new(&notice(), &Choices::refuse_all(), context(ID)).unwrap();
    assert_eq!(older.id, notice().id);
    assert!(codes(payload.check_against(&older)).contains(&"notice-mismatch"));
}

/// Mutant: `r.id == purpose.id` as `!=` (a purpose with no decision would
/// go unnoticed while any other purpose is recorded).
#[test]
fn a_purpose_left_out_is_missing() {
    let notice = notice();
    let mut payload = Payload::new(&notice, &Choices::refuse_all(), context(ID)).unwrap();
    payload.purposes.remove(1);
    assert_eq!(codes(payload.check_against(&notice)), ["missing-purpose"]);
}

/// Mutants: `is_digest` always true, or its length test joined with `||`.
#[test]
fn a_texts_digest_is_a_sha256_in_base64url() {
    let good = Payload::new(&notice(), &Choices::refuse_all(), context(ID)).unwrap();
    good.check().unwrap();
    let wrong_length = good.purposes[0].texts_digest[..42].to_owned();
    for bad in ["!".repeat(43), wrong_length, String::new()] {
        let mut payload = good.clone();
        payload.purposes[0].texts_digest = bad.clone();
        assert_eq!(codes(payload.check()), ["invalid-digest"], "{bad:?}");
    }
}
