//! JSON values as the receipt core reads, checks and writes them: the
//! notice, receipts and payloads. Its own type rather than `serde_json`'s,
//! whose B-tree objects, sorts and serde machinery cost the widget's wasm
//! tens of kilobytes. Objects keep their members sorted by name (as
//! `serde_json`'s did), so that iteration, equality and messages follow one
//! order. With the feature `serde-json`, values convert to and from
//! `serde_json::Value` (tests, the CLI and the service).
//!
//! ```
//! use limpide_receipt::{parse_json, Value};
//!
//! let value = parse_json(r#"{"b": [1, "é"], "a": null}"#.as_bytes(), "example")?;
//! assert_eq!(value["b"][1].as_str(), Some("é"));
//! assert!(value["a"].is_null() && value["missing"].is_null());
//! assert_eq!(value.to_string(), r#"{"a":null,"b":[1,"é"]}"#);
//! # Ok::<(), limpide_receipt::Error>(())
//! ```

use std::ops::{Index, IndexMut};

/// A JSON value.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Value {
    /// `null`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object.
    Object(Map),
}

/// A JSON number: an integer while it fits 64 bits, else a finite double.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Number(N);

#[derive(Clone, Copy, Debug, PartialEq)]
enum N {
    Unsigned(u64),
    Negative(i64),
    Float(f64),
}

impl Number {
    /// The number of a finite double; `None` for NaN or an infinity.
    pub fn from_f64(x: f64) -> Option<Self> {
        x.is_finite().then_some(Self(N::Float(x)))
    }

    /// Its value as an unsigned integer, if it is one.
    pub fn as_u64(&self) -> Option<u64> {
        match self.0 {
            N::Unsigned(n) => Some(n),
            _ => None,
        }
    }

    /// Its value as a signed integer, if it is one that fits.
    pub fn as_i64(&self) -> Option<i64> {
        match self.0 {
            N::Unsigned(n) => i64::try_from(n).ok(),
            N::Negative(n) => Some(n),
            N::Float(_) => None,
        }
    }

    /// Its value as a double (integers beyond 2^53 rounded).
    pub fn as_f64(&self) -> f64 {
        match self.0 {
            N::Unsigned(n) => n as f64,
            N::Negative(n) => n as f64,
            N::Float(x) => x,
        }
    }
}

impl From<u64> for Number {
    fn from(n: u64) -> Self {
        Self(N::Unsigned(n))
    }
}

impl From<i64> for Number {
    fn from(n: i64) -> Self {
        match u64::try_from(n) {
            Ok(n) => Self(N::Unsigned(n)),
            Err(_) => Self(N::Negative(n)),
        }
    }
}

/// A JSON object: its members sorted by name, each name once.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Map {
    members: Vec<(String, Value)>,
}

impl Map {
    /// An empty object.
    pub fn new() -> Self {
        Self::default()
    }

    /// An object of members already sorted by name, each name once (the
    /// parser sorts a whole object once rather than inserting each member).
    pub(crate) fn from_sorted(members: Vec<(String, Value)>) -> Self {
        debug_assert!(members.windows(2).all(|w| w[0].0 < w[1].0));
        Self { members }
    }

    fn find(&self, name: &str) -> Result<usize, usize> {
        self.members
            .binary_search_by(|(member, _)| member.as_str().cmp(name))
    }

    /// The value of a member.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.find(name).ok().map(|i| &self.members[i].1)
    }

    /// The value of a member, to change it.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut Value> {
        self.find(name).ok().map(|i| &mut self.members[i].1)
    }

    /// Whether the object has this member.
    pub fn contains_key(&self, name: &str) -> bool {
        self.find(name).is_ok()
    }

    /// Sets a member, returning its previous value.
    pub fn insert(&mut self, name: String, value: Value) -> Option<Value> {
        match self.find(&name) {
            Ok(i) => Some(std::mem::replace(&mut self.members[i].1, value)),
            Err(i) => {
                self.members.insert(i, (name, value));
                None
            }
        }
    }

    /// Removes a member, returning its value.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        self.find(name).ok().map(|i| self.members.remove(i).1)
    }

    /// The number of members.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Whether it has no member.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// The member names, sorted.
    pub fn keys(&self) -> impl Iterator<Item = &String> + '_ {
        self.members.iter().map(|(name, _)| name)
    }

    /// The members, sorted by name.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> + '_ {
        self.members.iter().map(|(name, value)| (name, value))
    }

    /// The members, sorted by name, their values to change.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&String, &mut Value)> + '_ {
        self.members.iter_mut().map(|(name, value)| (&*name, value))
    }
}

impl FromIterator<(String, Value)> for Map {
    /// Later members replace earlier ones of the same name.
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(members: I) -> Self {
        let mut map = Self::new();
        for (name, value) in members {
            map.insert(name, value);
        }
        map
    }
}

impl<'a> IntoIterator for &'a Map {
    type Item = (&'a String, &'a Value);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, Value)>,
        fn(&'a (String, Value)) -> (&'a String, &'a Value),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.members.iter().map(|(name, value)| (name, value))
    }
}

impl Value {
    /// The string, if it is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::String(s) => Some(s),
            _ => None,
        }
    }

    /// The boolean, if it is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Self::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The unsigned integer, if it is one.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Self::Number(n) => n.as_u64(),
            _ => None,
        }
    }

    /// The number as a double, if it is a number.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Self::Number(n) => Some(n.as_f64()),
            _ => None,
        }
    }

    /// The array, if it is one.
    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Self::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The array, if it is one, to change it.
    pub fn as_array_mut(&mut self) -> Option<&mut Vec<Value>> {
        match self {
            Self::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The object, if it is one.
    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Self::Object(map) => Some(map),
            _ => None,
        }
    }

    /// The object, if it is one, to change it.
    pub fn as_object_mut(&mut self) -> Option<&mut Map> {
        match self {
            Self::Object(map) => Some(map),
            _ => None,
        }
    }

    /// Whether it is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Self::Null)
    }

    /// Whether it is an object.
    pub fn is_object(&self) -> bool {
        matches!(self, Self::Object(_))
    }

    /// A member of an object; `None` for a missing member or another type.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.as_object()?.get(name)
    }
}

/// The `null` that a missing member or item reads as.
static NULL: Value = Value::Null;

impl Index<&str> for Value {
    type Output = Value;

    /// A member of an object; `null` for a missing member or another type.
    fn index(&self, name: &str) -> &Value {
        self.get(name).unwrap_or(&NULL)
    }
}

impl Index<usize> for Value {
    type Output = Value;

    /// An item of an array; `null` beyond its end or for another type.
    fn index(&self, index: usize) -> &Value {
        self.as_array().and_then(|a| a.get(index)).unwrap_or(&NULL)
    }
}

impl IndexMut<&str> for Value {
    /// A member of an object, added as `null` when missing; `null` becomes
    /// an empty object first.
    ///
    /// # Panics
    /// On a value that is neither an object nor `null` (a programming
    /// error: the core only sets members on objects it built).
    fn index_mut(&mut self, name: &str) -> &mut Value {
        if self.is_null() {
            *self = Value::Object(Map::new());
        }
        let Value::Object(map) = self else {
            panic!("cannot set member {name:?} of a JSON value that is not an object");
        };
        if !map.contains_key(name) {
            map.insert(name.to_owned(), Value::Null);
        }
        map.get_mut(name)
            .unwrap_or_else(|| unreachable!("just inserted"))
    }
}

impl IndexMut<usize> for Value {
    /// An item of an array.
    ///
    /// # Panics
    /// Beyond the end of the array, or on another type (a programming error).
    fn index_mut(&mut self, index: usize) -> &mut Value {
        match self.as_array_mut().and_then(|items| items.get_mut(index)) {
            Some(item) => item,
            None => panic!("no item {index} in this JSON value"),
        }
    }
}

impl From<&str> for Value {
    fn from(text: &str) -> Self {
        Self::String(text.to_owned())
    }
}

impl From<String> for Value {
    fn from(text: String) -> Self {
        Self::String(text)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Self::Bool(b)
    }
}

impl From<u32> for Value {
    fn from(n: u32) -> Self {
        Self::Number(u64::from(n).into())
    }
}

impl From<u64> for Value {
    fn from(n: u64) -> Self {
        Self::Number(n.into())
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Self {
        Self::Number(n.into())
    }
}

impl From<Vec<Value>> for Value {
    fn from(items: Vec<Value>) -> Self {
        Self::Array(items)
    }
}

impl FromIterator<Value> for Value {
    /// An array of these items.
    fn from_iter<I: IntoIterator<Item = Value>>(items: I) -> Self {
        Self::Array(items.into_iter().collect())
    }
}

impl From<Map> for Value {
    fn from(map: Map) -> Self {
        Self::Object(map)
    }
}

#[cfg(feature = "serde-json")]
mod serde_json_conversions {
    use super::{Number, Value, N};

    impl serde::Serialize for Value {
        /// As the same `serde_json::Value` (so that `json!` takes one).
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serde_json::Value::from(self.clone()).serialize(serializer)
        }
    }

    impl<'de> serde::Deserialize<'de> for Value {
        /// As a `serde_json::Value` (duplicate names are not refused here:
        /// `parse_json` is the strict reader).
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            serde_json::Value::deserialize(deserializer).map(Value::from)
        }
    }

    impl From<serde_json::Value> for Value {
        /// The same value (a double that serde_json holds beyond ±1.8e308
        /// cannot occur: it holds only finite ones).
        fn from(value: serde_json::Value) -> Self {
            match value {
                serde_json::Value::Null => Value::Null,
                serde_json::Value::Bool(b) => Value::Bool(b),
                serde_json::Value::Number(n) => Value::Number(if let Some(u) = n.as_u64() {
                    u.into()
                } else if let Some(i) = n.as_i64() {
                    i.into()
                } else {
                    Number(N::Float(n.as_f64().unwrap_or(0.0)))
                }),
                serde_json::Value::String(s) => Value::String(s),
                serde_json::Value::Array(items) => {
                    Value::Array(items.into_iter().map(Value::from).collect())
                }
                serde_json::Value::Object(members) => Value::Object(
                    members
                        .into_iter()
                        .map(|(k, v)| (k, Value::from(v)))
                        .collect(),
                ),
            }
        }
    }

    impl From<Value> for serde_json::Value {
        fn from(value: Value) -> Self {
            match value {
                Value::Null => serde_json::Value::Null,
                Value::Bool(b) => serde_json::Value::Bool(b),
                Value::Number(Number(N::Unsigned(n))) => n.into(),
                Value::Number(Number(N::Negative(n))) => n.into(),
                Value::Number(Number(N::Float(x))) => serde_json::Number::from_f64(x)
                    .map_or(serde_json::Value::Null, serde_json::Value::Number),
                Value::String(s) => serde_json::Value::String(s),
                Value::Array(items) => {
                    serde_json::Value::Array(items.into_iter().map(Into::into).collect())
                }
                Value::Object(map) => serde_json::Value::Object(
                    map.members
                        .into_iter()
                        .map(|(k, v)| (k, v.into()))
                        .collect(),
                ),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_keep_one_member_per_name_in_name_order() {
        let mut map: Map = [("b", 1u64), ("a", 2), ("b", 3)]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), Value::from(v)))
            .collect();
        assert_eq!(
            map.keys().map(String::as_str).collect::<Vec<_>>(),
            ["a", "b"]
        );
        assert_eq!(map.get("b"), Some(&Value::from(3u64)));
        assert_eq!(
            map.insert("a".to_owned(), Value::Null),
            Some(Value::from(2u64))
        );
        assert_eq!(map.remove("a"), Some(Value::Null));
        assert!(!map.contains_key("a") && map.len() == 1);
    }

    #[test]
    fn index_reads_null_where_nothing_is_and_sets_members() {
        let mut value = Value::Null;
        value["a"] = Value::from("x");
        assert_eq!(value["a"].as_str(), Some("x"));
        assert!(value["missing"].is_null() && value[3].is_null());
        assert_eq!(value.to_string(), r#"{"a":"x"}"#);
    }

    #[test]
    fn numbers_are_integers_while_they_fit() {
        assert_eq!(Number::from(-3i64).as_i64(), Some(-3));
        assert_eq!(Number::from(3i64).as_u64(), Some(3));
        assert_eq!(Number::from_f64(1.5).map(|n| n.as_f64()), Some(1.5));
        assert_eq!(Number::from_f64(f64::NAN), None);
    }
}
