//! RFC 8785: the canonical JSON of any text the strict reader accepts reads
//! back as the same value (numbers as the doubles JCS writes) and
//! canonicalizes to the same bytes.
#![no_main]
#![forbid(unsafe_code)]

use libfuzzer_sys::fuzz_target;
use limpide_receipt::{canonical_json, parse_json};

#[path = "../../tests/support/same_value.rs"]
mod same_value;

use same_value::same_value;

fuzz_target!(|data: &[u8]| {
    let Ok(value) = parse_json(data, "input") else {
        return;
    };
    let canonical = canonical_json(&value);
    let again = parse_json(canonical.as_bytes(), "canonical").expect("canonical JSON reads back");
    assert!(same_value(&value, &again), "{canonical}");
    assert_eq!(canonical_json(&again), canonical);
});
