//! Values built by hand, for what the core writes (payloads, headers,
//! links, verdicts).

use crate::json::Value;

/// An object of these members. `json!` would run serde's serializer for
/// every member's value, which costs the widget's wasm several kilobytes.
pub(crate) fn object<const N: usize>(members: [(&str, Value); N]) -> Value {
    Value::Object(
        members
            .into_iter()
            .map(|(name, value)| (name.to_owned(), value))
            .collect(),
    )
}

/// A JSON string.
pub(crate) fn string(text: &str) -> Value {
    Value::String(text.to_owned())
}
