//! The hand-over between the pupil's device and the guardian's: the
//! request and the answer through their link texts, the intersection of
//! both choices, expiry, and every way an answer can be wrong.

#![allow(clippy::unwrap_used)] // tests fail loudly on unexpected input

mod support;

use limpide_receipt::testing;
use limpide_receipt::{
    Channel, Choices, Collection, Context, Decision, GuardianAnswer, GuardianRequest,
    GuardianStatement, Notice, Receipt, Role, SigningKey,
};
use support::document;

const CREATED: &str = "2026-12-02T10:00:00Z";

fn college() -> Notice {
    Notice::from_json(document("pass-college.json").to_string().as_bytes()).unwrap()
}

fn choices(boxes: &[(&str, Channel)]) -> Choices {
    let mut choices = Choices::refuse_all();
    for (purpose, channel) in boxes {
        choices.grant(purpose, Some(*channel));
    }
    choices
}

fn request(pupil: &Choices) -> GuardianRequest {
    let context = Context::new(
        "0b9f3f8e-3c7a-4a43-9d55-2f1f0c4b6a10".into(),
        CREATED.into(),
        "fr".into(),
        Collection::new("web-form", "limpide/test", "webcrypto-indexeddb"),
    );
    GuardianRequest::new(&college(), pupil, &context).unwrap()
}

fn statement() -> GuardianStatement {
    GuardianStatement {
        holds_parental_authority: true,
        name: Some("M. D.".into()),
    }
}

/// The guardian's device: reads the link, confirms `granted` at `at`, signs.
fn answer(link: &str, granted: &Choices, at: &str) -> GuardianAnswer {
    let read = GuardianRequest::from_fragment(link).unwrap();
    let payload = read.payload(&college(), granted, statement(), at).unwrap();
    let receipt = testing::signed(&payload, &[(Role::Guardian, [2; 32])]);
    let text = GuardianAnswer::of(&receipt).unwrap().to_fragment();
    GuardianAnswer::from_fragment(&text).unwrap()
}

fn granted_boxes(receipt: &Receipt) -> Vec<(String, Option<Channel>)> {
    receipt
        .payload()
        .purposes
        .iter()
        .flat_map(|p| {
            p.decisions()
                .filter(|(_, d)| *d == Decision::Granted)
                .map(|(c, _)| (p.id.clone(), c))
        })
        .collect()
}

fn code(result: Result<Receipt, limpide_receipt::Error>) -> String {
    result.unwrap_err().problems()[0].code().as_str().to_owned()
}

#[test]
fn the_guardian_narrows_and_the_final_grants_are_the_intersection() {
    let pupil = choices(&[("bons-plans", Channel::Sms), ("enquetes", Channel::Email)]);
    let request = request(&pupil);
    let link = request.to_fragment();
    let parent = choices(&[("enquetes", Channel::Email)]);
    let answer = answer(&link, &parent, "2026-12-03T09:00:00Z");
    let mut receipt = request.receipt_from(&college(), &answer).unwrap();
    assert_eq!(receipt.missing_signers(), [Role::Subject]);
    testing::sign(&mut receipt, Role::Subject, &SigningKey::from_seed([1; 32]));
    let joint = Receipt::from_json(receipt.to_json().as_bytes()).unwrap();
    joint.check_against(&college()).unwrap();
    assert_eq!(
        granted_boxes(&joint),
        [("enquetes".to_owned(), Some(Channel::Email))]
    );
    assert_eq!(joint.payload().issued_at, "2026-12-03T09:00:00Z");
    assert_eq!(joint.payload().guardian, Some(statement()));
}

#[test]
fn the_guardian_refusing_everything_grants_nothing_and_still_signs() {
    let request = request(&choices(&[("bons-plans", Channel::Sms)]));
    let answer = answer(
        &request.to_fragment(),
        &Choices::refuse_all(),
        "2026-12-02T11:00:00Z",
    );
    let receipt = request.receipt_from(&college(), &answer).unwrap();
    assert!(granted_boxes(&receipt).is_empty());
    // The guardian's statement is recorded, so both signatures are needed.
    assert_eq!(receipt.missing_signers(), [Role::Subject]);
}

#[test]
fn a_guardian_cannot_grant_what_the_pupil_refused() {
    let request = request(&choices(&[("bons-plans", Channel::Sms)]));
    let wider = choices(&[("bons-plans", Channel::Sms), ("enquetes", Channel::Email)]);
    let error = request
        .payload(&college(), &wider, statement(), "2026-12-02T11:00:00Z")
        .unwrap_err();
    assert_eq!(error.problems()[0].code().as_str(), "guardian-widened");
    assert!(error.problems()[0]
        .message()
        .contains("\"enquetes\" by email"));
}

#[test]
fn an_answer_after_the_notices_period_is_refused() {
    // pass-college: 72 hours.
    let request = request(&choices(&[("bons-plans", Channel::Sms)]));
    assert_eq!(request.expires_at, "2026-12-05T10:00:00Z");
    let start = limpide_receipt::parse_utc(CREATED).unwrap();
    assert!(!request.is_expired(start + 72 * 3600 - 1));
    assert!(request.is_expired(start + 72 * 3600));
    let late = answer(
        &request.to_fragment(),
        &Choices::refuse_all(),
        "2026-12-05T10:00:00Z",
    );
    assert_eq!(
        code(request.receipt_from(&college(), &late)),
        "request-expired"
    );
    let before = answer(
        &request.to_fragment(),
        &Choices::refuse_all(),
        "2026-12-02T09:59:59Z",
    );
    assert_eq!(
        code(request.receipt_from(&college(), &before)),
        "request-expired"
    );
}

#[test]
fn a_changed_or_foreign_answer_is_refused() {
    let pupil = choices(&[("bons-plans", Channel::Sms), ("enquetes", Channel::Email)]);
    let request = request(&pupil);
    let narrowed = choices(&[("enquetes", Channel::Email)]);
    let good = answer(&request.to_fragment(), &narrowed, "2026-12-02T12:00:00Z");
    // The grants widened back in transit: the guardian never signed that.
    let mut widened = good.clone();
    widened.choices = pupil.clone();
    assert_eq!(
        code(request.receipt_from(&college(), &widened)),
        "bad-signature"
    );
    // An answer to another request.
    let other = {
        let context = Context::new(
            "1b9f3f8e-3c7a-4a43-9d55-2f1f0c4b6a10".into(),
            CREATED.into(),
            "fr".into(),
            Collection::new("web-form", "limpide/test", "webcrypto-indexeddb"),
        );
        GuardianRequest::new(&college(), &pupil, &context).unwrap()
    };
    assert_eq!(
        code(other.receipt_from(&college(), &good)),
        "request-mismatch"
    );
    // A header that says the signer is the pupil, not a guardian.
    let mut as_subject = good.clone();
    let header = String::from_utf8(limpide_receipt::base64url::decode(&good.protected).unwrap())
        .unwrap()
        .replace("\"role\":\"guardian\"", "\"role\":\"subject\"");
    as_subject.protected = limpide_receipt::base64url::encode(header.as_bytes());
    assert_eq!(
        code(request.receipt_from(&college(), &as_subject)),
        "invalid-role"
    );
}

#[test]
fn the_guardian_must_read_the_same_notice_version() {
    let request = request(&choices(&[("bons-plans", Channel::Sms)]));
    let mut other = document("pass-college.json");
    other["version"] = limpide_receipt::Value::from("2027-01-01");
    let other = Notice::from_json(other.to_string().as_bytes()).unwrap();
    let error = request
        .payload(
            &other,
            &Choices::refuse_all(),
            statement(),
            "2026-12-02T11:00:00Z",
        )
        .unwrap_err();
    assert_eq!(error.problems()[0].code().as_str(), "notice-mismatch");
}

#[test]
fn a_damaged_link_says_so() {
    let link = request(&choices(&[("bons-plans", Channel::Sms)])).to_fragment();
    for damaged in [
        &link[..link.len() / 2],
        "not base64!",
        "e30",
        &"A".repeat(9000),
    ] {
        let error = GuardianRequest::from_fragment(damaged).unwrap_err();
        assert_eq!(
            error.problems()[0].code().as_str(),
            "invalid-request",
            "{damaged:.20}"
        );
    }
    let error = GuardianAnswer::from_fragment(&link).unwrap_err();
    assert_eq!(error.problems()[0].code().as_str(), "invalid-answer");
}

#[test]
fn both_links_fit_a_qr_code_with_every_box_granted() {
    let notice = college();
    let every = Choices::accept_all(&notice);
    let request = request(&every);
    let link = request.to_fragment();
    let answer = answer(&link, &every, "2026-12-02T11:00:00Z").to_fragment();
    eprintln!(
        "request link {} characters, answer {}",
        link.len(),
        answer.len()
    );
    // A version-40 QR code at level M holds 2 331 bytes; the page's address
    // comes before the fragment.
    assert!(link.len() < 1500, "request: {} characters", link.len());
    assert!(answer.len() < 1500, "answer: {} characters", answer.len());
}

#[test]
fn guardian_link_error_messages_are_pinned() {
    let link = request(&choices(&[("bons-plans", Channel::Sms)])).to_fragment();
    let mut request: serde_json::Value =
        serde_json::from_slice(&limpide_receipt::base64url::decode(&link).unwrap()).unwrap();
    let encode = |value: &serde_json::Value| {
        limpide_receipt::base64url::encode(value.to_string().as_bytes())
    };
    let mut cases = vec![("the answer's link given for the request", link.clone())];
    request["colour"] = serde_json::json!("blue");
    cases.push(("an unknown member", encode(&request)));
    request.as_object_mut().unwrap().remove("colour");
    request["notice"].as_object_mut().unwrap().remove("digest");
    cases.push(("a missing member", encode(&request)));
    request["notice"] = serde_json::json!("pass-college");
    cases.push(("a member of the wrong type", encode(&request)));
    let lines: Vec<String> = cases
        .into_iter()
        .map(|(name, text)| {
            let error = if name.starts_with("the answer") {
                GuardianAnswer::from_fragment(&text).unwrap_err()
            } else {
                GuardianRequest::from_fragment(&text).unwrap_err()
            };
            let problem = &error.problems()[0];
            format!("{name}: [{}] {problem}", problem.code().as_str())
        })
        .collect();
    insta::assert_snapshot!(lines.join("\n"));
}
