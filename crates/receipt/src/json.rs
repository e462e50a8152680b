//! Strict JSON reading: UTF-8 only, no duplicate member names, bounded size
//! and depth (I-JSON, RFC 7493, which RFC 8785 requires).

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::error::Error;

/// The largest document read: notices and receipts are a few kilobytes.
pub const MAX_DOCUMENT_BYTES: usize = 1024 * 1024;

/// Parses `bytes` as one JSON document, strictly.
///
/// `what` names the document in messages ("notice", "receipt", …).
pub(crate) fn parse(bytes: &[u8], what: &str) -> Result<Value, Error> {
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(Error::one(
            "",
            "too-large",
            format!(
                "the {what} is {} bytes; at most {} bytes (1 MiB) are accepted",
                bytes.len(),
                MAX_DOCUMENT_BYTES
            ),
        ));
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        return Err(Error::one(
            "",
            "malformed-json",
            format!("the {what} starts with a byte order mark; save it as UTF-8 without BOM"),
        ));
    }
    if let Err(e) = std::str::from_utf8(bytes) {
        return Err(Error::one(
            "",
            "invalid-utf8",
            format!(
                "the {what} is not valid UTF-8 (first bad byte at offset {})",
                e.valid_up_to()
            ),
        ));
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = StrictValue::deserialize(&mut deserializer)
        .and_then(|v| deserializer.end().map(|()| v.0))
        .map_err(|e| json_error(&e, what))?;
    Ok(value)
}

fn json_error(e: &serde_json::Error, what: &str) -> Error {
    let text = e.to_string();
    let (code, detail) = if text.starts_with(DUPLICATE) {
        ("duplicate-key", text.as_str())
    } else if text.starts_with("recursion limit exceeded") {
        ("too-deep", "nested 128 levels deep or more")
    } else {
        ("malformed-json", text.as_str())
    };
    let detail = detail.split(" at line ").next().unwrap_or(detail);
    let place = if e.line() > 0 {
        format!(" at line {}, column {}", e.line(), e.column())
    } else {
        String::new()
    };
    Error::one(
        "",
        code,
        format!("the {what} is not valid JSON{place}: {detail}"),
    )
}

const DUPLICATE: &str = "duplicate member name";

/// A `serde_json::Value` that refuses duplicate member names instead of
/// silently keeping the last one (two parsers could otherwise read two
/// different documents from the same bytes).
struct StrictValue(Value);

impl<'de> Deserialize<'de> for StrictValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StrictVisitor).map(StrictValue)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom("a number out of range"))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(StrictValue(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut members = Map::new();
        while let Some(name) = map.next_key::<String>()? {
            if members.contains_key(&name) {
                return Err(de::Error::custom(format!("{DUPLICATE} {name:?}")));
            }
            let StrictValue(value) = map.next_value()?;
            members.insert(name, value);
        }
        Ok(Value::Object(members))
    }
}

/// Appends one reference token to a JSON Pointer, escaping `~` and `/`
/// as RFC 6901 requires.
pub(crate) fn pointer(base: &str, token: impl fmt::Display) -> String {
    let token = token.to_string().replace('~', "~0").replace('/', "~1");
    format!("{base}/{token}")
}

/// The JSON type of a value, as a person would name it in a message.
pub(crate) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(bytes: &[u8]) -> (String, &'static str) {
        let err = parse(bytes, "notice").unwrap_err();
        let p = &err.problems()[0];
        (p.message().to_owned(), p.code())
    }

    #[test]
    fn duplicate_members_are_refused() {
        let (msg, code) = first(br#"{"a": 1, "a": 2}"#);
        assert_eq!(code, "duplicate-key");
        assert!(msg.contains(r#"duplicate member name "a""#), "{msg}");
    }

    #[test]
    fn nested_duplicates_are_refused() {
        assert_eq!(first(br#"[{"b": {"x": 1, "x": 1}}]"#).1, "duplicate-key");
    }

    #[test]
    fn deep_nesting_is_refused_without_overflow() {
        let deep = "[".repeat(100_000);
        assert_eq!(first(deep.as_bytes()).1, "too-deep");
    }

    #[test]
    fn invalid_utf8_is_named() {
        let (msg, code) = first(b"{\"a\": \"\xff\"}");
        assert_eq!(code, "invalid-utf8");
        assert!(msg.contains("offset 7"), "{msg}");
    }

    #[test]
    fn lone_surrogate_escapes_are_refused() {
        assert_eq!(first(br#"["\ud800"]"#).1, "malformed-json");
    }

    #[test]
    fn trailing_data_is_refused() {
        assert_eq!(first(br#"{} {}"#).1, "malformed-json");
    }

    #[test]
    fn oversized_documents_are_refused_before_parsing() {
        let big = vec![b' '; MAX_DOCUMENT_BYTES + 1];
        assert_eq!(first(&big).1, "too-large");
    }

    #[test]
    fn pointers_escape_tilde_and_slash() {
        assert_eq!(pointer("/a", "b/c~d"), "/a/b~1c~0d");
    }
}
