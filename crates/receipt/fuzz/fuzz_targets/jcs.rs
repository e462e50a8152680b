//! RFC 8785: the canonical JSON of any text the strict reader accepts reads
//! back as the same value (numbers as the doubles JCS writes) and
//! canonicalizes to the same bytes.
#![no_main]
#![forbid(unsafe_code)]

use libfuzzer_sys::fuzz_target;
use limpide_receipt::{canonical_json, parse_json};
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Ok(value) = parse_json(data, "input") else {
        return;
    };
    let canonical = canonical_json(&value);
    let again = parse_json(canonical.as_bytes(), "canonical").expect("canonical JSON reads back");
    assert!(same_value(&value, &again), "{canonical}");
    assert_eq!(canonical_json(&again), canonical);
});

/// Equality of values with numbers compared as doubles: 1, 1.0 and 1e0 are
/// one JCS number, and integers beyond 2^53 round as ECMAScript rounds them.
fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_value(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_value(v, w)))
        }
        _ => a == b,
    }
}
