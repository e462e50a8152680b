//! Edges of the strict reader, error display, text limits and key files
//! that mutation testing (`cargo xtask mutants`) found unpinned: each test
//! fails on a mutant the other tests let through (named in its comment).

#![allow(clippy::unwrap_used)] // tests fail loudly on unexpected input

mod support;

use limpide_receipt::Value;
use limpide_receipt::{parse_json, Notice, SigningKey, MAX_DOCUMENT_BYTES};
use support::json;

fn document() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../www/notices/pass-region.json"
    );
    parse_json(&std::fs::read(path).unwrap(), "notice").unwrap()
}

/// Mutant: `len > MAX_DOCUMENT_BYTES` as `>=` (a document of exactly
/// 1 MiB refused).
#[test]
fn a_document_of_exactly_the_limit_is_read() {
    let mut text = vec![b' '; MAX_DOCUMENT_BYTES];
    text[0] = b'[';
    text[MAX_DOCUMENT_BYTES - 1] = b']';
    assert_eq!(parse_json(&text, "test").unwrap(), json!([]));
}

/// Mutant: `i > 0` as `>=` in `Display for Error` (a blank first line).
#[test]
fn an_error_shows_one_line_per_problem() {
    let mut doc = document();
    doc["id"] = json!("Not An Id");
    doc["jurisdiction"] = json!("france");
    let err = Notice::from_json(doc.to_string().as_bytes()).unwrap_err();
    let text = err.to_string();
    assert_eq!(err.problems().len(), 2, "{text}");
    assert_eq!(text.lines().count(), 2, "{text:?}");
    assert!(text.starts_with("/id: "), "{text:?}");
}

/// Mutant: `count > max_chars` as `>=` (a text of exactly the limit
/// refused); the controller's name allows 200 characters.
#[test]
fn a_text_of_exactly_the_limit_is_accepted() {
    let path = "/controller/name";
    for (n, refused) in [(200, false), (201, true)] {
        let mut doc = document();
        doc["controller"]["name"] = json!("a".repeat(n));
        let result = Notice::from_json(doc.to_string().as_bytes());
        let too_long = result.err().is_some_and(|e| {
            e.problems()
                .iter()
                .any(|p| p.path() == path && p.code().as_str() == "too-long")
        });
        assert_eq!(too_long, refused, "{n} characters");
    }
}

/// Mutant: `to_jwk` returning a constant (a key file that cannot be read).
#[test]
fn a_key_file_reads_back_as_the_same_key() {
    let key = SigningKey::from_seed([5; 32]);
    let read = SigningKey::from_jwk(key.to_jwk().as_bytes()).unwrap();
    assert_eq!(read.public_jwk(), key.public_jwk());
    assert_eq!(read.sign(b"m"), key.sign(b"m"));
}

/// Mutant: `Debug for SigningKey` writing nothing: it names the key by its
/// thumbprint, and never shows the seed.
#[test]
fn a_secret_key_debugs_as_its_kid_only() {
    let key = SigningKey::from_seed([5; 32]);
    let shown = format!("{key:?}");
    assert!(shown.contains(&key.public_jwk().thumbprint()), "{shown}");
    let jwk: Value = serde_json::from_str(&key.to_jwk()).unwrap();
    assert!(!shown.contains(jwk["d"].as_str().unwrap()), "{shown}");
}

/// Mutants: each `||` of the characters `is_email` refuses as `&&`.
#[test]
fn a_contact_address_has_no_angle_brackets_or_hidden_characters() {
    let path = "/controller/contact";
    for (contact, refused) in [
        ("dpo@region.fr", false),
        ("d<po@region.fr", true),
        ("dpo>@region.fr", true),
        ("dpo\u{202e}@region.fr", true),
        ("dpo\u{7}@region.fr", true),
        ("dpo @region.fr", true),
    ] {
        let mut doc = document();
        doc["controller"]["contact"] = json!(contact);
        let result = Notice::from_json(doc.to_string().as_bytes());
        let invalid = result.err().is_some_and(|e| {
            e.problems()
                .iter()
                .any(|p| p.path() == path && p.code().as_str() == "invalid-contact")
        });
        assert_eq!(invalid, refused, "{contact:?}");
    }
}
