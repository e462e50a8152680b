//! The example notice is valid; each broken fixture fails with every one of
//! its problems, pinned by snapshot.

#![allow(clippy::unwrap_used)] // tests fail loudly on unexpected input

use limpide_receipt::{Error, Notice};

fn read(path: &str) -> Vec<u8> {
    std::fs::read(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn errors(fixture: &str) -> String {
    let err: Error =
        Notice::from_json(&read(&format!("tests/fixtures/notices/{fixture}.json"))).unwrap_err();
    err.problems()
        .iter()
        .map(|p| format!("[{}] {p}", p.code().as_str()))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn example_notice_is_valid() {
    let notice = Notice::from_json(&read("../../www/notices/pass-region.json")).unwrap();
    assert_eq!(notice.languages, ["fr", "en"]);
    assert_eq!(notice.age_of_digital_consent, 15);
    assert!(notice.purposes.len() >= 5);
    assert!(!notice.accept_all);
    let ids: Vec<_> = notice.purposes.iter().map(|p| p.id.as_str()).collect();
    assert!(ids.contains(&"messages-institutionnels"));
    for purpose in &notice.purposes {
        for language in &notice.languages {
            assert!(notice.texts_digest(&purpose.id, language).is_some());
        }
    }
}

#[test]
fn pre_ticking_and_hiding_refusal_are_refused() {
    insta::assert_snapshot!(errors("pre-ticked"));
}

#[test]
fn bundled_purposes_missing_retention_and_recipients_are_refused() {
    insta::assert_snapshot!(errors("bundled"));
}

#[test]
fn translations_placeholders_duplicates_and_unknown_fields_are_refused() {
    insta::assert_snapshot!(errors("translations"));
}

#[test]
fn malformed_json_names_line_and_column() {
    insta::assert_snapshot!(errors("not-json"));
}

#[test]
fn wrong_types_are_named() {
    let err = Notice::from_json(br#"{"format": "1", "id": 7, "languages": "fr"}"#).unwrap_err();
    let text = err.to_string();
    insta::assert_snapshot!(text);
}

#[test]
fn digest_ignores_spacing_and_member_order() {
    let bytes = read("../../www/notices/pass-region.json");
    let notice = Notice::from_json(&bytes).unwrap();
    let compact =
        serde_json::to_vec(&serde_json::from_slice::<serde_json::Value>(&bytes).unwrap()).unwrap();
    assert_eq!(
        Notice::from_json(&compact).unwrap().digest(),
        notice.digest()
    );
    let changed = String::from_utf8(bytes)
        .unwrap()
        .replace("au plus 1 an", "au plus 2 ans");
    assert_ne!(
        Notice::from_json(changed.as_bytes()).unwrap().digest(),
        notice.digest()
    );
}
