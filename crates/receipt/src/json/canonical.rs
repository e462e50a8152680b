//! RFC 8785 JSON Canonicalization Scheme (JCS): the byte form that digests
//! are taken over, so that two parties who hold the same JSON value compute
//! the same digest whatever spacing or member order they received.

use std::fmt;

use crate::json::Value;

// Here rather than in `value.rs`, so that the value does not depend on its
// canonical form, which depends on it.
impl fmt::Display for Value {
    /// RFC 8785 canonical JSON: compact, members sorted.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&canonical_json(self))
    }
}

/// Writes `value` in its RFC 8785 canonical form.
///
/// Members are sorted by their UTF-16 code units, numbers are written as
/// ECMAScript writes an IEEE 754 double, and strings use the shortest
/// escapes JSON allows.
///
/// ```
/// let value = limpide_receipt::parse_json(r#"{"b": [1.50, "é"], "a": 1e21}"#.as_bytes(), "example")?;
/// let text = limpide_receipt::canonical_json(&value);
/// assert_eq!(text, r#"{"a":1e+21,"b":[1.5,"é"]}"#);
/// # Ok::<(), limpide_receipt::Error>(())
/// ```
pub fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, value);
    out
}

fn write_value(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(n) => {
            // Every JSON number is an IEEE 754 double in JCS; integers beyond
            // 2^53 round exactly as ECMAScript would round them.
            let x = n.as_f64();
            write_number(out, x);
        }
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, item);
            }
            out.push(']');
        }
        Value::Object(members) => {
            let mut sorted: Vec<(&String, &Value)> = members.iter().collect();
            sorted.sort_by(|(a, _), (b, _)| a.encode_utf16().cmp(b.encode_utf16()));
            out.push('{');
            for (i, (name, member)) in sorted.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, name);
                out.push(':');
                write_value(out, member);
            }
            out.push('}');
        }
    }
}

fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// ECMAScript's `Number.prototype.toString()` for a finite double
/// (ECMA-262, Number::toString, radix 10), which RFC 8785 adopts.
pub(crate) fn write_number(out: &mut String, x: f64) {
    if x == 0.0 || !x.is_finite() {
        // -0 is written "0"; JSON has no NaN or infinity to canonicalize.
        out.push('0');
        return;
    }
    if x < 0.0 {
        out.push('-');
    }
    // zmij (serde_json's float writer) writes the shortest digits that
    // round-trip (as ECMAScript requires); only the layout differs. Rather
    // than Rust's `{:e}`, whose Grisu and Dragon tables cost the wasm more.
    let mut buffer = zmij::Buffer::new();
    let shortest = buffer.format_finite(x.abs());
    let (digits, n) = decimal_digits(shortest);
    let k = digits.len() as i32;
    if k <= n && n <= 21 {
        out.push_str(&digits);
        out.extend(std::iter::repeat_n('0', (n - k) as usize));
    } else if 0 < n && n <= 21 {
        out.push_str(&digits[..n as usize]);
        out.push('.');
        out.push_str(&digits[n as usize..]);
    } else if -6 < n && n <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-n) as usize));
        out.push_str(&digits);
    } else {
        out.push_str(&digits[..1]);
        if k > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        out.push(if n > 0 { '+' } else { '-' });
        out.push_str(&(n - 1).abs().to_string());
    }
}

/// The significant digits of a decimal number (`123.45`, `1e21`, `1.5e-7`,
/// `0.001`) without leading or trailing zeros, and `n` such that the value
/// is `0.DIGITS × 10^n`.
fn decimal_digits(text: &str) -> (String, i32) {
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.trim_start_matches('+').parse::<i32>().unwrap_or(0)),
        None => (text, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let mut n = whole.len() as i32 + exponent;
    let all = format!("{whole}{fraction}");
    let trimmed = all.trim_start_matches('0');
    n -= (all.len() - trimmed.len()) as i32;
    let digits = trimmed.trim_end_matches('0');
    if digits.is_empty() {
        return ("0".to_owned(), 1);
    }
    (digits.to_owned(), n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn number(x: f64) -> String {
        let mut s = String::new();
        write_number(&mut s, x);
        s
    }

    #[test]
    fn numbers_follow_ecmascript() {
        // Values from RFC 8785, Appendix B.
        let cases: &[(u64, &str)] = &[
            (0x0000000000000000, "0"),
            (0x8000000000000000, "0"),
            (0x0000000000000001, "5e-324"),
            (0x8000000000000001, "-5e-324"),
            (0x7fefffffffffffff, "1.7976931348623157e+308"),
            (0xffefffffffffffff, "-1.7976931348623157e+308"),
            (0x4340000000000000, "9007199254740992"),
            (0xc340000000000000, "-9007199254740992"),
            (0x4430000000000000, "295147905179352830000"),
            (0x44b52d02c7e14af5, "9.999999999999997e+22"),
            (0x44b52d02c7e14af6, "1e+23"),
            (0x44b52d02c7e14af7, "1.0000000000000001e+23"),
            (0x444b1ae4d6e2ef4e, "999999999999999700000"),
            (0x444b1ae4d6e2ef4f, "999999999999999900000"),
            (0x444b1ae4d6e2ef50, "1e+21"),
            (0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"),
            (0x3eb0c6f7a0b5ed8d, "0.000001"),
            (0x41b3de4355555553, "333333333.3333332"),
            (0x41b3de4355555554, "333333333.33333325"),
            (0x41b3de4355555555, "333333333.3333333"),
            (0x41b3de4355555556, "333333333.3333334"),
            (0x41b3de4355555557, "333333333.33333343"),
            (0xbecbf647612f3696, "-0.0000033333333333333333"),
            // Exactly halfway between two 17-digit strings: ECMAScript takes
            // the even one (V8 prints ...062). Rust's `{:e}`, used here
            // before, gives ...063; serde_json's shortest digits agree with
            // ECMAScript.
            (0x42b645a1432b4610, "24488314088262.062"),
        ];
        for (bits, expected) in cases {
            assert_eq!(
                number(f64::from_bits(*bits)),
                *expected,
                "bits {bits:#018x}"
            );
        }
    }

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<f64>()
                .prop_filter("finite", |x| x.is_finite())
                .prop_map(|x| json!(x)),
            any::<i64>().prop_map(|x| json!(x)),
            "\\PC{0,8}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 32, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                proptest::collection::btree_map("\\PC{0,6}", inner, 0..6)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn numbers_round_trip(bits in any::<u64>()) {
            let x = f64::from_bits(bits);
            prop_assume!(x.is_finite());
            prop_assert_eq!(number(x).parse::<f64>().unwrap(), x);
        }

        #[test]
        fn canonical_form_is_a_fixed_point(value in json_value()) {
            let once = canonical_json(&value);
            // serde_json with float_roundtrip reads every double exactly
            // (the core's own parser only on the fast path: json.rs).
            let reparsed = Value::from(serde_json::from_str::<serde_json::Value>(&once).unwrap());
            prop_assert_eq!(canonical_json(&reparsed), once);
        }
    }

    #[test]
    fn members_sort_by_utf16_code_units() {
        // U+1F600 (surrogates D83D DE00) sorts before U+FB33 in UTF-16,
        // after it in UTF-8 or by code point.
        let v =
            crate::json::parse(r#"{"\ufb33": 1, "\ud83d\ude00": 2}"#.as_bytes(), "test").unwrap();
        assert_eq!(canonical_json(&v), "{\"\u{1f600}\":2,\"\u{fb33}\":1}");
    }

    #[test]
    fn control_characters_use_short_escapes() {
        let v = Value::String("\u{8}\t\n\u{c}\r\u{1}\u{7f}/".into());
        assert_eq!(canonical_json(&v), "\"\\b\\t\\n\\f\\r\\u0001\u{7f}/\"");
    }
}
