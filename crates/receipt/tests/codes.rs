//! Every problem code (`limpide_receipt::Code`) is documented, and every
//! code the documents' tables list is one: the strings are a contract for
//! the CLI's `--json`, the verify page and the service.

#![allow(clippy::unwrap_used)] // tests fail loudly on unexpected input

use std::collections::BTreeSet;

use limpide_receipt::Code;

/// The backquoted codes in every table column headed "code" or "problem
/// code" of a document in `docs/`.
fn documented(name: &str) -> BTreeSet<String> {
    let path = format!("{}/../../docs/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).unwrap();
    let mut codes = BTreeSet::new();
    let mut column = None;
    for line in text.lines() {
        let Some(row) = line.strip_prefix('|') else {
            column = None;
            continue;
        };
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        if column.is_none() {
            column = Some(
                cells
                    .iter()
                    .position(|c| *c == "code" || *c == "problem code"),
            );
            continue;
        }
        let Some(Some(at)) = column else { continue };
        for code in cells[at].split('`').skip(1).step_by(2) {
            codes.insert(code.to_owned());
        }
    }
    codes
}

#[test]
fn every_code_is_documented_and_every_documented_code_is_one() {
    let mut listed = documented("notice-format.md");
    assert!(listed.len() > 40, "{listed:?}");
    listed.extend(documented("receipt-format.md"));
    let codes: BTreeSet<String> = Code::ALL.iter().map(|c| c.to_string()).collect();
    assert_eq!(codes.len(), Code::ALL.len(), "a code listed twice");
    let undocumented: Vec<_> = codes.difference(&listed).collect();
    assert!(
        undocumented.is_empty(),
        "not in the docs' tables: {undocumented:?}"
    );
    let unknown: Vec<_> = listed.difference(&codes).collect();
    assert!(unknown.is_empty(), "documented but not a Code: {unknown:?}");
}

#[test]
fn a_code_reads_as_its_string() {
    assert_eq!(Code::UnknownField.as_str(), "unknown-field");
    assert_eq!(Code::BadSignature.to_string(), "bad-signature");
    assert_eq!(Code::MalformedJson, "malformed-json");
}
