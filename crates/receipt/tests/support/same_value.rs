//! Equality of parsed JSON values with numbers compared as the doubles JCS
//! writes: 1, 1.0 and 1e0 are one JCS number, and integers beyond 2^53
//! round as ECMAScript rounds them. Shared by tests/jcs.rs and the fuzz
//! target `jcs` (which includes this file by path).

use limpide_receipt::Value;

/// Whether `a` and `b` are the same JCS value.
pub fn same_value(a: &Value, b: &Value) -> bool {
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
