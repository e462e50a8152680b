//! RFC 8785 test data (cyberphone/json-canonicalization): every input
//! canonicalizes to exactly the expected bytes.

#![allow(clippy::unwrap_used)] // tests fail loudly on unexpected input

use limpide_receipt::{canonical_json, parse_json};

#[test]
fn every_rfc8785_test_file_canonicalizes_exactly() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/jcs");
    let mut count = 0;
    for entry in std::fs::read_dir(format!("{dir}/input")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        let input = std::fs::read(&path).unwrap();
        let expected = std::fs::read(format!("{dir}/output/{name}")).unwrap();
        let value = parse_json(&input, "test input").unwrap();
        assert_eq!(
            canonical_json(&value).as_bytes(),
            expected.as_slice(),
            "{name}"
        );
        count += 1;
    }
    assert_eq!(count, 6, "all six RFC 8785 test files are read");
}

/// 3 000 doubles written as V8 writes them (`vectors/numbers-v8.txt`, made
/// by `tests/tools/numbers-v8.mjs`): random bit patterns, and values exactly
/// halfway between two 17-digit strings, where ECMAScript takes the even one.
#[test]
fn numbers_are_written_as_ecmascript_writes_them() {
    let text = include_str!("vectors/numbers-v8.txt");
    let mut count = 0;
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let (bits, expected) = line.split_once(' ').unwrap();
        let x = f64::from_bits(u64::from_str_radix(bits, 16).unwrap());
        let value = serde_json::Value::from(x);
        assert_eq!(canonical_json(&value), expected, "bits {bits}");
        count += 1;
    }
    assert_eq!(count, 3000);
}
