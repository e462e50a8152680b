//! Joint consent below the age of digital consent: the bracket and the
//! guardian's statement in the payload, the simpler texts it binds, and the
//! rule that a pupil under the age who grants anything needs a guardian's
//! signature over the same payload.

#![allow(clippy::unwrap_used)] // tests fail loudly on unexpected input

mod support;

use limpide_receipt::testing;
use limpide_receipt::{
    AgeBracket, Channel, Choices, Context, GuardianStatement, Notice, Payload, Receipt, Role,
    SigningKey, Wording,
};
use support::{document, json, sign};

const PUPIL: [u8; 32] = [1; 32];
const PARENT: [u8; 32] = [2; 32];

/// `www/notices/pass-college.json`: simpler texts, initials asked, 72 hours.
fn college() -> Notice {
    Notice::from_json(document("pass-college.json").to_string().as_bytes()).unwrap()
}

fn one_grant() -> Choices {
    let mut choices = Choices::refuse_all();
    choices.grant("bons-plans", Some(Channel::Email));
    choices
}

fn statement(name: Option<&str>) -> GuardianStatement {
    GuardianStatement {
        holds_parental_authority: true,
        name: name.map(str::to_owned),
    }
}

fn context(age: Option<AgeBracket>, guardian: Option<GuardianStatement>) -> Context {
    let mut context = support::context(
        "0b9f3f8e-3c7a-4a43-9d55-2f1f0c4b6a10",
        "2026-12-02T10:00:00Z",
    );
    context.age = age;
    context.guardian = guardian;
    context
}

/// A receipt of `payload` signed by each of `signers`.
fn signed_by(payload: &Payload, signers: &[(Role, [u8; 32])]) -> String {
    testing::signed(payload, signers).to_json()
}

fn codes(text: &str) -> Vec<String> {
    match Receipt::from_json(text.as_bytes()) {
        Ok(_) => Vec::new(),
        Err(e) => e
            .problems()
            .iter()
            .map(|p| p.code().as_str().to_owned())
            .collect(),
    }
}

fn joint_payload() -> Payload {
    let guardian = statement(Some("M. D."));
    Payload::new(
        &college(),
        &one_grant(),
        context(Some(AgeBracket::Under), Some(guardian)),
    )
    .unwrap()
}

#[test]
fn a_joint_receipt_signed_by_the_pupil_and_a_guardian_verifies_against_its_notice() {
    let payload = joint_payload();
    let value = payload.to_value();
    assert_eq!(
        value["age"],
        json!({"bracket": "under", "digital_consent_age": 15})
    );
    assert_eq!(
        value["guardian"],
        json!({"holds_parental_authority": true, "name": "M. D."})
    );
    let text = signed_by(
        &payload,
        &[(Role::Subject, PUPIL), (Role::Guardian, PARENT)],
    );
    let receipt = Receipt::from_json(text.as_bytes()).unwrap();
    receipt.check_against(&college()).unwrap();
    assert_eq!(receipt.payload(), &payload);
}

#[test]
fn an_under_age_grant_without_the_guardians_signature_is_refused() {
    let payload = joint_payload();
    let alone = signed_by(&payload, &[(Role::Subject, PUPIL)]);
    assert_eq!(codes(&alone), ["joint-signature-missing"]);
    let error = Receipt::from_json(alone.as_bytes()).unwrap_err();
    assert_eq!(error.problems()[0].path(), "/signatures");
    assert!(error.problems()[0]
        .message()
        .contains("guardian's signature"));
    // The guardian alone is not enough either: the child is not overridden.
    let parent_only = signed_by(&payload, &[(Role::Guardian, PARENT)]);
    assert_eq!(codes(&parent_only), ["joint-signature-missing"]);
    // Both roles by one key: the second signature is refused.
    let mut receipt = Receipt::prepare(&payload);
    sign(&mut receipt, Role::Subject, &SigningKey::from_seed(PUPIL));
    let key = SigningKey::from_seed(PUPIL);
    let input = receipt.signing_input(Role::Guardian, key.public_jwk());
    let signature = key.sign(input.as_bytes());
    let error = receipt.attach(input, &signature).unwrap_err();
    assert_eq!(error.problems()[0].code().as_str(), "duplicate-signature");
}

#[test]
fn a_pupil_under_the_age_refuses_or_withdraws_alone() {
    let payload = Payload::new(
        &college(),
        &Choices::refuse_all(),
        context(Some(AgeBracket::Under), None),
    )
    .unwrap();
    assert!(!payload.needs_guardian());
    let text = signed_by(&payload, &[(Role::Subject, PUPIL)]);
    Receipt::from_json(text.as_bytes())
        .unwrap()
        .check_against(&college())
        .unwrap();
}

#[test]
fn the_statement_is_required_below_the_age_and_refused_above_it() {
    let missing = Payload::new(
        &college(),
        &one_grant(),
        context(Some(AgeBracket::Under), None),
    )
    .unwrap_err();
    assert_eq!(
        missing.problems()[0].code().as_str(),
        "guardian-statement-missing"
    );
    let above = Payload::new(
        &college(),
        &one_grant(),
        context(Some(AgeBracket::AtOrOver), Some(statement(None))),
    )
    .unwrap_err();
    assert_eq!(above.problems()[0].code().as_str(), "guardian-not-needed");
    let no_authority = GuardianStatement {
        holds_parental_authority: false,
        name: Some("M. D.".into()),
    };
    let refused = Payload::new(
        &college(),
        &one_grant(),
        context(Some(AgeBracket::Under), Some(no_authority)),
    )
    .unwrap_err();
    assert_eq!(
        refused.problems()[0].code().as_str(),
        "no-parental-authority"
    );
    assert_eq!(
        refused.problems()[0].path(),
        "/guardian/holds_parental_authority"
    );
}

#[test]
fn a_name_is_recorded_exactly_when_the_notice_asks_for_it() {
    // pass-college asks for initials: none given is refused against it.
    let unnamed = Payload::new(
        &college(),
        &one_grant(),
        context(Some(AgeBracket::Under), Some(statement(None))),
    )
    .unwrap();
    let error = unnamed.check_against(&college()).unwrap_err();
    assert_eq!(error.problems()[0].code().as_str(), "guardian-name-missing");
    let long = Payload::new(
        &college(),
        &one_grant(),
        context(
            Some(AgeBracket::Under),
            Some(statement(Some("Marie-Christine Dupont"))),
        ),
    )
    .unwrap();
    assert_eq!(
        long.check_against(&college()).unwrap_err().problems()[0]
            .code()
            .as_str(),
        "too-long"
    );
    // pass-region asks for nothing: a name is refused against it.
    let region = support::demo_notice();
    let named = Payload::new(
        &region,
        &one_grant(),
        context(Some(AgeBracket::Under), Some(statement(Some("M. D.")))),
    )
    .unwrap();
    assert_eq!(
        named.check_against(&region).unwrap_err().problems()[0]
            .code()
            .as_str(),
        "guardian-name-not-asked"
    );
}

#[test]
fn below_the_age_the_receipt_binds_the_simpler_texts() {
    let notice = college();
    let payload = joint_payload();
    let record = &payload.purposes[0];
    assert_eq!(
        Some(record.texts_digest.clone()),
        notice.texts_digest_in(&record.id, "fr", Wording::Simpler)
    );
    assert_ne!(
        Some(record.texts_digest.clone()),
        notice.texts_digest(&record.id, "fr")
    );
    // The same choices recorded as shown in the standard texts, but said
    // to be for a pupil under the age: the texts do not match.
    let mut value = payload.to_value();
    value["purposes"][0]["texts_digest"] = json!(notice.texts_digest(&record.id, "fr").unwrap());
    let altered = Payload::read_unchecked(&value).unwrap();
    let error = altered.check_against(&notice).unwrap_err();
    assert_eq!(error.problems()[0].code().as_str(), "digest-mismatch");
    assert_eq!(error.problems()[0].path(), "/purposes/0/texts_digest");
    // A notice without simpler texts shows its standard texts to everyone.
    let region = support::demo_notice();
    let id = &region.purposes[0].id;
    assert_eq!(
        region.texts_digest_in(id, "fr", Wording::Simpler),
        region.texts_digest(id, "fr")
    );
}

#[test]
fn the_age_recorded_is_the_notices() {
    let mut value = joint_payload().to_value();
    value["age"]["digital_consent_age"] = json!(13);
    let payload = Payload::read_unchecked(&value).unwrap();
    payload.check().unwrap();
    let error = payload.check_against(&college()).unwrap_err();
    assert_eq!(error.problems()[0].code().as_str(), "age-mismatch");
    value["age"]["digital_consent_age"] = json!(18);
    value["age"]["bracket"] = json!("teen");
    let problems: Vec<String> = Payload::read_unchecked(&value)
        .map(|_| Vec::new())
        .unwrap_or_else(|e| e.problems().iter().map(|p| p.path().to_owned()).collect());
    assert_eq!(problems, ["/age/bracket"]);
    value["age"]["bracket"] = json!("under");
    let too_old = Payload::read_unchecked(&value)
        .unwrap()
        .check()
        .unwrap_err();
    assert_eq!(too_old.problems()[0].code().as_str(), "invalid-age");
}

#[test]
fn a_notices_joint_consent_settings_and_simpler_texts_are_checked() {
    let notice = college();
    assert_eq!(notice.joint_consent.request_valid_hours, 72);
    assert_eq!(notice.joint_consent.guardian_name.as_str(), "initials");
    let defaults = support::demo_notice().joint_consent;
    assert_eq!(defaults.request_valid_hours, 168);
    assert_eq!(defaults.guardian_name.as_str(), "none");

    let mut bad = document("pass-college.json");
    bad["joint_consent"] =
        json!({"guardian_name": "full", "request_valid_hours": 0, "birth_date": true});
    bad["purposes"][0]["simpler"]["title"]
        .as_object_mut()
        .unwrap()
        .remove("en");
    let error = Notice::from_json(bad.to_string().as_bytes()).unwrap_err();
    let found: Vec<(String, String)> = error
        .problems()
        .iter()
        .map(|p| (p.path().to_owned(), p.code().as_str().to_owned()))
        .collect();
    for expected in [
        ("/joint_consent/birth_date", "unknown-field"),
        ("/joint_consent/guardian_name", "invalid-value"),
        ("/joint_consent/request_valid_hours", "invalid-value"),
        ("/purposes/0/simpler/title", "missing-translation"),
    ] {
        assert!(
            found.contains(&(expected.0.to_owned(), expected.1.to_owned())),
            "{expected:?} not in {found:?}"
        );
    }
}

#[test]
fn the_documented_joint_example_verifies_against_pass_college() {
    let path = format!(
        "{}/../../docs/examples/receipt-joint.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let receipt = Receipt::from_json(&std::fs::read(path).unwrap()).unwrap();
    receipt.check_against(&college()).unwrap();
    let roles: Vec<Role> = receipt.signers().iter().map(|s| s.role).collect();
    assert_eq!(roles, [Role::Subject, Role::Guardian, Role::Controller]);
    assert_eq!(
        receipt.payload().age.map(|a| a.bracket),
        Some(AgeBracket::Under)
    );
}

/// `[code] path: message` of each problem.
fn said(error: &limpide_receipt::Error) -> String {
    error
        .problems()
        .iter()
        .map(|p| format!("[{}] {}: {}", p.code().as_str(), p.path(), p.message()))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn joint_consent_error_messages_are_pinned() {
    let payload = joint_payload();
    let mut lines = Vec::new();
    for signers in [
        &[(Role::Subject, PUPIL)][..],
        &[(Role::Guardian, PARENT)][..],
    ] {
        let text = signed_by(&payload, signers);
        lines.push(said(&Receipt::from_json(text.as_bytes()).unwrap_err()));
    }
    let statement_missing = Payload::new(
        &college(),
        &one_grant(),
        context(Some(AgeBracket::Under), None),
    );
    let not_needed = Payload::new(
        &college(),
        &one_grant(),
        context(Some(AgeBracket::AtOrOver), Some(statement(None))),
    );
    let no_authority = Payload::new(
        &college(),
        &one_grant(),
        context(
            Some(AgeBracket::Under),
            Some(GuardianStatement {
                holds_parental_authority: false,
                name: Some("M. D.".into()),
            }),
        ),
    );
    for result in [statement_missing, not_needed, no_authority] {
        lines.push(said(&result.unwrap_err()));
    }
    let unnamed = Payload::new(
        &college(),
        &one_grant(),
        context(Some(AgeBracket::Under), Some(statement(None))),
    )
    .unwrap();
    lines.push(said(&unnamed.check_against(&college()).unwrap_err()));
    insta::assert_snapshot!(lines.join("\n"));
}
