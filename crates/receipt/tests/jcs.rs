//! RFC 8785 test data (cyberphone/json-canonicalization): every input
//! canonicalizes to exactly the expected bytes; and any JSON text, however
//! it is spaced, escaped and ordered, canonicalizes to the one canonical text
//! of its value.

#![allow(clippy::unwrap_used)] // tests fail loudly on unexpected input

use limpide_receipt::{canonical_json, parse_json, Number, Value};
use proptest::prelude::*;

#[path = "support/same_value.rs"]
mod same_value;

use same_value::same_value;

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
        let value = Value::Number(Number::from_f64(x).unwrap());
        assert_eq!(canonical_json(&value), expected, "bits {bits}");
        count += 1;
    }
    assert_eq!(count, 3000);
}

/// A JSON value as the generator knows it, before it is written as text.
/// Numbers are exact decimals, so two spellings of one number are known
/// to be the same value without asking the parser under test.
#[derive(Clone, Debug)]
enum Node {
    Null,
    Bool(bool),
    /// `±digits × 10^exponent`.
    Number(bool, u64, i32),
    String(String),
    Array(Vec<Node>),
    /// Distinct names (a strict reader refuses duplicates).
    Object(Vec<(String, Node)>),
}

/// Characters that exercise every escape rule: quotes, backslashes,
/// controls, `/`, DEL, line separators, non-BMP (surrogate pairs, and the
/// UTF-16 member order), plus anything else.
fn character() -> impl Strategy<Value = char> {
    prop_oneof![
        proptest::char::range('a', 'e'),
        prop::sample::select(vec![
            '"',
            '\\',
            '/',
            '\u{8}',
            '\t',
            '\n',
            '\u{c}',
            '\r',
            '\u{0}',
            '\u{1f}',
            '\u{7f}',
            'é',
            '\u{2028}',
            '\u{fb33}',
            '\u{1f600}',
            '\u{10ffff}',
        ]),
        any::<char>(),
    ]
}

fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(character(), 0..6).prop_map(|c| c.into_iter().collect())
}

fn node() -> impl Strategy<Value = Node> {
    let leaf = prop_oneof![
        Just(Node::Null),
        any::<bool>().prop_map(Node::Bool),
        // Up to 20 significant digits (beyond a double's 17) and exponents
        // that stay well inside the double range.
        (any::<bool>(), any::<u64>(), -40..40i32).prop_map(|(s, d, e)| Node::Number(s, d, e)),
        (any::<bool>(), 0..1000u64, 0..3i32).prop_map(|(s, d, e)| Node::Number(s, d, e)),
        text().prop_map(Node::String),
    ];
    leaf.prop_recursive(4, 40, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Node::Array),
            proptest::collection::btree_map(text(), inner, 0..6)
                .prop_map(|m| Node::Object(m.into_iter().collect())),
        ]
    })
}

/// Writes a [`Node`] as JSON text, choosing spacing, member order, escapes
/// and number forms from a seed: two seeds, two spellings of one value.
struct Writer {
    state: u64,
    out: String,
}

impl Writer {
    fn write(node: &Node, seed: u64) -> String {
        let mut w = Writer {
            state: seed,
            out: String::new(),
        };
        w.space();
        w.node(node);
        w.space();
        w.out
    }

    /// A choice among `n` (splitmix64: deterministic, no dependency).
    fn pick(&mut self, n: usize) -> usize {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) % n as u64) as usize
    }

    fn space(&mut self) {
        let s = ["", "", " ", "\n  ", "\t", "\r\n", "  \n\t "][self.pick(7)];
        self.out.push_str(s);
    }

    fn node(&mut self, node: &Node) {
        match node {
            Node::Null => self.out.push_str("null"),
            Node::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            Node::Number(negative, digits, exponent) => self.number(*negative, *digits, *exponent),
            Node::String(s) => self.string(s),
            Node::Array(items) => {
                let items: Vec<&Node> = items.iter().collect();
                self.list('[', ']', &items, |w, item| w.node(item));
            }
            Node::Object(members) => {
                let mut members: Vec<&(String, Node)> = members.iter().collect();
                self.shuffle(&mut members);
                self.list('{', '}', &members, |w, (name, value)| {
                    w.string(name);
                    w.space();
                    w.out.push(':');
                    w.space();
                    w.node(value);
                });
            }
        }
    }

    fn list<T>(
        &mut self,
        open: char,
        close: char,
        items: &[T],
        mut item: impl FnMut(&mut Self, &T),
    ) {
        self.out.push(open);
        self.space();
        for (i, x) in items.iter().enumerate() {
            if i > 0 {
                self.space();
                self.out.push(',');
                self.space();
            }
            item(self, x);
        }
        self.space();
        self.out.push(close);
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.pick(i + 1);
            items.swap(i, j);
        }
    }

    /// One of the many spellings of `±digits × 10^exponent`: point moved,
    /// trailing and leading zeros, `e`/`E`, explicit `+`.
    fn number(&mut self, negative: bool, digits: u64, exponent: i32) {
        if negative {
            self.out.push('-');
        }
        let mut s = digits.to_string();
        let mut exponent = exponent;
        // Trailing zeros in the digits, paid for by the exponent.
        for _ in 0..self.pick(3) {
            s.push('0');
            exponent -= 1;
        }
        // The point moves left by `shift` places; a leading "0." if it
        // goes past the first digit.
        let shift = self.pick(s.len() + 3);
        exponent += shift as i32;
        let (whole, fraction) = if shift < s.len() {
            let (w, f) = s.split_at(s.len() - shift);
            (w.to_owned(), f.to_owned())
        } else {
            ("0".to_owned(), "0".repeat(shift - s.len()) + &s)
        };
        // JSON allows no leading zero before other digits.
        let whole = match whole.trim_start_matches('0') {
            "" => "0",
            w => w,
        };
        self.out.push_str(whole);
        if !fraction.is_empty() {
            self.out.push('.');
            self.out.push_str(&fraction);
        }
        self.exponent(exponent);
    }

    /// `e`/`E`, an optional `+`, the exponent; sometimes `e0` for none.
    fn exponent(&mut self, exponent: i32) {
        if exponent == 0 && self.pick(4) != 0 {
            return;
        }
        let e = ['e', 'E'][self.pick(2)];
        self.out.push(e);
        if exponent >= 0 && self.pick(2) == 0 {
            self.out.push('+');
        }
        self.out.push_str(&exponent.to_string());
    }

    fn string(&mut self, s: &str) {
        self.out.push('"');
        for c in s.chars() {
            self.character(c);
        }
        self.out.push('"');
    }

    fn character(&mut self, c: char) {
        let short = match c {
            '"' => Some("\\\""),
            '\\' => Some("\\\\"),
            '/' => Some("\\/"),
            '\u{8}' => Some("\\b"),
            '\t' => Some("\\t"),
            '\n' => Some("\\n"),
            '\u{c}' => Some("\\f"),
            '\r' => Some("\\r"),
            _ => None,
        };
        let raw_allowed = !matches!(c, '"' | '\\') && c >= ' ';
        match self.pick(3) {
            0 if raw_allowed => self.out.push(c),
            1 if short.is_some() => self.out.push_str(short.unwrap_or_default()),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let hex = format!("\\u{unit:04x}");
                    let hex = if self.pick(2) == 0 {
                        hex
                    } else {
                        hex.to_uppercase().replace("\\U", "\\u")
                    };
                    self.out.push_str(&hex);
                }
            }
        }
    }
}

/// Scans canonical text and says what is not canonical in it: whitespace
/// outside strings, a raw control character, or an escape other than the
/// ones RFC 8785 prescribes (the short forms, `\u00XX` for other controls).
fn non_canonical_lexemes(text: &str) -> Option<String> {
    let mut chars = text.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        match (in_string, c) {
            (false, ' ' | '\t' | '\n' | '\r') => return Some(format!("whitespace {c:?}")),
            (false, '"') | (true, '"') => in_string = !in_string,
            (true, c) if c < ' ' => return Some(format!("raw control {c:?}")),
            (true, '\\') => match chars.next() {
                Some('"' | '\\' | 'b' | 't' | 'n' | 'f' | 'r') => {}
                Some('u') => {
                    let hex: String = chars.by_ref().take(4).collect();
                    let code = u32::from_str_radix(&hex, 16).ok()?;
                    let has_short_form = [0x8, 0x9, 0xa, 0xc, 0xd].contains(&code);
                    if code >= 0x20 || has_short_form || hex != hex.to_lowercase() {
                        return Some(format!("escape \\u{hex}"));
                    }
                }
                other => return Some(format!("escape \\{other:?}")),
            },
            _ => {}
        }
    }
    None
}

/// Deserializes canonical text only to check that every object's members
/// come in the order of their names' UTF-16 code units (RFC 8785 §3.2.3),
/// which a parsed `Value` (a sorted map) cannot show.
struct MembersInOrder;

impl<'de> serde::Deserialize<'de> for MembersInOrder {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(MembersInOrder)
    }
}

impl<'de> serde::de::Visitor<'de> for MembersInOrder {
    type Value = MembersInOrder;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JSON")
    }
    fn visit_bool<E>(self, _: bool) -> Result<Self, E> {
        Ok(self)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self, E> {
        Ok(self)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self, E> {
        Ok(self)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self, E> {
        Ok(self)
    }
    fn visit_str<E>(self, _: &str) -> Result<Self, E> {
        Ok(self)
    }
    fn visit_unit<E>(self) -> Result<Self, E> {
        Ok(self)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self, A::Error> {
        while seq.next_element::<MembersInOrder>()?.is_some() {}
        Ok(self)
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self, A::Error> {
        let mut previous: Option<Vec<u16>> = None;
        while let Some(name) = map.next_key::<String>()? {
            let units: Vec<u16> = name.encode_utf16().collect();
            if previous.as_ref().is_some_and(|p| *p >= units) {
                return Err(serde::de::Error::custom(format!("{name:?} out of order")));
            }
            previous = Some(units);
            map.next_value::<MembersInOrder>()?;
        }
        Ok(self)
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Text in, not a value: the canonicaliser is fed what a peer may send
    /// (spacing, escapes, number forms, member order), and its output must
    /// be the one canonical text of that value.
    #[test]
    fn any_spelling_of_a_value_canonicalizes_to_the_same_bytes(
        node in node(), seed1 in any::<u64>(), seed2 in any::<u64>()
    ) {
        let (text1, text2) = (Writer::write(&node, seed1), Writer::write(&node, seed2));
        let value1 = parse_json(text1.as_bytes(), "text").unwrap();
        let value2 = parse_json(text2.as_bytes(), "text").unwrap();
        let canonical = canonical_json(&value1);
        // Equal values give equal bytes, however they were spelled.
        prop_assert_eq!(&canonical_json(&value2), &canonical, "{} / {}", text1, text2);
        // No insignificant whitespace, only the prescribed escapes.
        prop_assert_eq!(non_canonical_lexemes(&canonical), None, "{}", canonical);
        let order = serde_json::from_str::<MembersInOrder>(&canonical).map(|_| ());
        prop_assert!(order.is_ok(), "{:?} in {}", order, canonical);
        // The canonical text reads back as the same value, and is a fixed point.
        let reread = parse_json(canonical.as_bytes(), "canonical").unwrap();
        prop_assert!(same_value(&reread, &value1), "{} -> {}", text1, canonical);
        prop_assert_eq!(canonical_json(&reread), canonical);
    }
}
