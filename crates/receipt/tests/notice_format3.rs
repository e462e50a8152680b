//! Notice format 3: `controller.log_keys`, the keys of the controller's
//! transparency log, read only in a notice that declares it. The messages
//! are pinned.

#![allow(clippy::unwrap_used)] // tests fail loudly on unexpected input

mod support;

use limpide_receipt::log::LogKey;
use limpide_receipt::{Notice, SigningKey, Value};
use support::json;

const DEMO_LOG_KEY: &str =
    "limpide-demo.example/log+d294dd42+AfhjbiclVdxAeLgKXmIpRmq74oMYMOK7nHKSOrPGmKeU";

fn example() -> Value {
    let path = format!(
        "{}/../../docs/examples/notice-format-3.json",
        env!("CARGO_MANIFEST_DIR")
    );
    limpide_receipt::parse_json(&std::fs::read(path).unwrap(), "notice").unwrap()
}

fn read(value: &Value) -> Result<Notice, limpide_receipt::Error> {
    Notice::from_json(value.to_string().as_bytes())
}

fn problems(value: &Value) -> Vec<String> {
    read(value)
        .unwrap_err()
        .problems()
        .iter()
        .map(|p| format!("{} {}", p.code(), p.path()))
        .collect()
}

fn another_key(origin: &str) -> String {
    LogKey::new(origin, SigningKey::from_seed([4; 32]).public_jwk())
        .unwrap()
        .to_vkey()
}

#[test]
fn the_format_3_example_lists_its_log_key() {
    let notice = read(&example()).unwrap();
    assert_eq!(notice.format, 3);
    let keys = &notice.controller.log_keys;
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0].name(), "limpide-demo.example/log");
    assert_eq!(keys[0].to_vkey(), DEMO_LOG_KEY);
    // A rotation: a second key of the same log.
    let mut two = example();
    two["controller"]["log_keys"] = json!([DEMO_LOG_KEY, another_key("limpide-demo.example/log")]);
    assert_eq!(read(&two).unwrap().controller.log_keys.len(), 2);
}

#[test]
fn log_keys_need_format_3() {
    let mut old = example();
    old["format"] = json!(2);
    assert_eq!(problems(&old), ["needs-newer-format /controller/log_keys"]);
}

fn broken() -> Vec<(&'static str, Value)> {
    let with = |keys: Value| {
        let mut v = example();
        v["controller"]["log_keys"] = keys;
        v
    };
    let mut wrong_id = DEMO_LOG_KEY.to_owned();
    wrong_id.replace_range(25..33, "00000000");
    vec![
        ("none", with(json!([]))),
        ("not a list", with(json!(DEMO_LOG_KEY))),
        ("not a string", with(json!([{"kty": "OKP"}]))),
        (
            "two parts",
            with(json!(["limpide-demo.example/log+d294dd42"])),
        ),
        ("a wrong key id", with(json!([wrong_id]))),
        (
            "another type of key",
            with(json!([
                "limpide-demo.example/log+d294dd42+AvhjbiclVdxAeLgKXmIpRmq74oMYMOK7nHKSOrPGmKeU"
            ])),
        ),
        (
            "a name with a space",
            with(json!([
                "a log+d294dd42+AfhjbiclVdxAeLgKXmIpRmq74oMYMOK7nHKSOrPGmKeU"
            ])),
        ),
        ("listed twice", with(json!([DEMO_LOG_KEY, DEMO_LOG_KEY]))),
        (
            "two logs",
            with(json!([DEMO_LOG_KEY, another_key("other.example/log")])),
        ),
    ]
}

#[test]
fn format_3_problems_have_their_codes() {
    let said: Vec<String> = broken()
        .iter()
        .map(|(name, v)| format!("{name}: {}", problems(v).join(", ")))
        .collect();
    assert_eq!(
        said,
        [
            "none: invalid-log-key /controller/log_keys",
            "not a list: wrong-type /controller/log_keys",
            "not a string: wrong-type /controller/log_keys/0",
            "two parts: invalid-log-key /controller/log_keys/0",
            "a wrong key id: invalid-log-key /controller/log_keys/0",
            "another type of key: invalid-log-key /controller/log_keys/0",
            "a name with a space: invalid-log-key /controller/log_keys/0",
            "listed twice: duplicate-key /controller/log_keys/1",
            "two logs: invalid-log-key /controller/log_keys/1",
        ]
    );
}

#[test]
fn format_3_error_messages_are_pinned() {
    let said: Vec<String> = broken()
        .iter()
        .map(|(name, v)| format!("# {name}\n{}", read(v).unwrap_err()))
        .collect();
    insta::assert_snapshot!(said.join("\n"));
}
