//! Notice format 2: `grant_validity` and `campaigns.quiet_periods`, read
//! only in a notice that declares it; format 1 read as it always was; a
//! newer format refused with one problem. The messages are pinned.

#![allow(clippy::unwrap_used)] // tests fail loudly on unexpected input

mod support;

use limpide_receipt::{parse_utc, Notice, Value, NOTICE_FORMAT};
use support::{document, json};

fn example() -> Value {
    let path = format!(
        "{}/../../docs/examples/notice-format-2.json",
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

#[test]
fn the_format_2_example_reads_with_its_validity_and_quiet_periods() {
    assert_eq!(NOTICE_FORMAT, 3);
    let notice = read(&example()).unwrap();
    assert_eq!(notice.format, 2);
    assert_eq!(notice.grant_validity().unwrap().as_str(), "P1Y");
    let period = &notice.quiet_periods()[0];
    assert_eq!(period.dates(), ("2027-09-15", "2028-03-15"));
    assert_eq!(period.from, parse_utc("2027-09-15T00:00:00Z").unwrap());
    assert_eq!(period.to, parse_utc("2028-03-16T00:00:00Z").unwrap());
    assert!(period.reason("fr").unwrap().contains("élection"));
}

#[test]
fn format_1_notices_read_as_before_without_validity_or_periods() {
    let bytes = std::fs::read(format!(
        "{}/../../www/notices/pass-region-2026-12-01.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let notice = Notice::from_json(&bytes).unwrap();
    assert_eq!(notice.format, 1);
    assert!(notice.grant_validity().is_none());
    assert!(notice.quiet_periods().is_empty());
    // The digest is that of the published bytes' canonical form, as before.
    let value = limpide_receipt::parse_json(&bytes, "notice").unwrap();
    assert_eq!(notice.digest(), limpide_receipt::canonical_digest(&value));
    // Format 2 without the new members is read too.
    let mut two = document("pass-region-2026-12-01.json");
    two["format"] = json!(2);
    assert!(read(&two).unwrap().grant_validity().is_none());
}

#[test]
fn a_newer_format_gets_one_problem_only() {
    let mut newer = example();
    newer["format"] = json!(4);
    newer["send_reminders"] = json!({"every": "P1M"});
    newer["purposes"] = json!("something else entirely");
    assert_eq!(problems(&newer), ["unsupported-format /format"]);
}

#[test]
fn format_2_members_need_format_2() {
    let mut old = example();
    old["format"] = json!(1);
    assert_eq!(
        problems(&old),
        [
            "needs-newer-format /grant_validity",
            "needs-newer-format /campaigns"
        ]
    );
}

fn broken() -> Vec<(&'static str, Value)> {
    let with = |edit: &dyn Fn(&mut Value)| {
        let mut v = example();
        edit(&mut v);
        v
    };
    vec![
        ("hours", with(&|v| v["grant_validity"] = json!("PT12H"))),
        ("no time", with(&|v| v["grant_validity"] = json!("P0D"))),
        ("a number", with(&|v| v["grant_validity"] = json!(365))),
        (
            "not a date",
            with(&|v| v["grant_validity"] = json!("2027-02-30")),
        ),
        (
            "a period backwards",
            with(&|v| {
                v["campaigns"]["quiet_periods"][0]["to"] = json!("2027-09-01");
            }),
        ),
        (
            "a period with a time, no reason in English, an extra member",
            with(&|v| {
                let period = &mut v["campaigns"]["quiet_periods"][0];
                period["from"] = json!("2027-09-15T00:00:00Z");
                period["reason"] = json!({"fr": "Élections"});
                period["note"] = json!("x");
            }),
        ),
        (
            "no periods",
            with(&|v| v["campaigns"]["quiet_periods"] = json!([])),
        ),
        (
            "unknown campaigns member",
            with(&|v| v["campaigns"]["max_per_week"] = json!(2)),
        ),
        ("a newer format", with(&|v| v["format"] = json!(7))),
        ("format zero", with(&|v| v["format"] = json!(0))),
    ]
}

#[test]
fn format_2_problems_have_their_codes() {
    let said: Vec<String> = broken()
        .iter()
        .map(|(name, v)| format!("{name}: {}", problems(v).join(", ")))
        .collect();
    assert_eq!(
        said,
        [
            "hours: invalid-validity /grant_validity",
            "no time: invalid-validity /grant_validity",
            "a number: wrong-type /grant_validity",
            "not a date: invalid-validity /grant_validity",
            "a period backwards: invalid-period /campaigns/quiet_periods/0/to",
            "a period with a time, no reason in English, an extra member: unknown-field /campaigns/quiet_periods/0/note, invalid-date /campaigns/quiet_periods/0/from, missing-translation /campaigns/quiet_periods/0/reason",
            "no periods: empty-list /campaigns/quiet_periods",
            "unknown campaigns member: unknown-field /campaigns/max_per_week",
            "a newer format: unsupported-format /format",
            "format zero: unsupported-format /format",
        ]
    );
}

#[test]
fn format_2_error_messages_are_pinned() {
    let said: Vec<String> = broken()
        .iter()
        .map(|(name, v)| format!("# {name}\n{}", read(v).unwrap_err()))
        .collect();
    insta::assert_snapshot!(said.join("\n"));
}
