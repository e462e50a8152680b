//! The strict JSON parser: UTF-8 only, no duplicate member names, bounded
//! size and depth (I-JSON, RFC 7493, which RFC 8785 requires).

use crate::code::Code;
use crate::error::Error;
use crate::json::{Map, Number, Value};

/// The largest document read: notices and receipts are a few kilobytes.
pub const MAX_DOCUMENT_BYTES: usize = 1024 * 1024;

/// Parses `bytes` as one JSON document, strictly.
///
/// `what` names the document in messages ("notice", "receipt", …).
pub(crate) fn parse(bytes: &[u8], what: &str) -> Result<Value, Error> {
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(Error::one(
            "",
            Code::TooLarge,
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
            Code::MalformedJson,
            format!("the {what} starts with a byte order mark; save it as UTF-8 without BOM"),
        ));
    }
    if let Err(e) = std::str::from_utf8(bytes) {
        return Err(Error::one(
            "",
            Code::InvalidUtf8,
            format!(
                "the {what} is not valid UTF-8 (first bad byte at offset {})",
                e.valid_up_to()
            ),
        ));
    }
    let mut reader = Reader { bytes, at: 0 };
    reader
        .document()
        .map_err(|failure| failure.into_error(bytes, what))
}

/// Why a document is not JSON, and at which byte.
struct Failure {
    at: usize,
    code: Code,
    detail: String,
}

impl Failure {
    /// The problem, placed at a line and column as an editor counts them
    /// (the column in bytes, from 1; at the end, on the last byte).
    fn into_error(self, bytes: &[u8], what: &str) -> Error {
        let at = self.at.min(bytes.len().saturating_sub(1));
        let before = &bytes[..at];
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let column = at - line_start + 1;
        Error::one(
            "",
            self.code,
            format!(
                "the {what} is not valid JSON at line {line}, column {column}: {}",
                self.detail
            ),
        )
    }
}

/// Nesting refused from this depth on (serde_json's limit, which the
/// documents and their tests were written against).
const MAX_DEPTH: usize = 128;

/// A strict recursive-descent reader over UTF-8 already checked: RFC 8259
/// grammar only, no duplicate member names, numbers read exactly (integers
/// as integers, fractions correctly rounded by `str::parse`). Written for
/// the widget's size: serde's deserializer and its visitors cost its wasm
/// tens of kilobytes.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn document(&mut self) -> Result<Value, Failure> {
        let value = self.value(0)?;
        self.skip_whitespace();
        if self.at < self.bytes.len() {
            return Err(self.fail(Code::MalformedJson, "trailing characters"));
        }
        Ok(value)
    }

    fn fail(&self, code: Code, detail: impl Into<String>) -> Failure {
        Failure {
            at: self.at,
            code,
            detail: detail.into(),
        }
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn value(&mut self, depth: usize) -> Result<Value, Failure> {
        self.skip_whitespace();
        match self.peek() {
            None => Err(self.fail(Code::MalformedJson, "EOF while parsing a value")),
            Some(b'{' | b'[') if depth + 1 >= MAX_DEPTH => {
                Err(self.fail(Code::TooDeep, "nested 128 levels deep or more"))
            }
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.word("true", Value::Bool(true)),
            Some(b'f') => self.word("false", Value::Bool(false)),
            Some(b'n') => self.word("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.fail(Code::MalformedJson, "expected value")),
        }
    }

    fn word(&mut self, word: &str, value: Value) -> Result<Value, Failure> {
        if self.bytes[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.fail(Code::MalformedJson, "expected ident"))
        }
    }

    /// After the item of a list or object: `,` (true), the closing
    /// bracket (false), or an error naming both.
    fn next_or_close(&mut self, close: u8, what: &str) -> Result<bool, Failure> {
        self.skip_whitespace();
        match self.peek() {
            Some(b',') => {
                self.at += 1;
                Ok(true)
            }
            Some(b) if b == close => {
                self.at += 1;
                Ok(false)
            }
            Some(_) => Err(self.fail(
                Code::MalformedJson,
                format!("expected `,` or `{}`", char::from(close)),
            )),
            None => Err(self.fail(Code::MalformedJson, format!("EOF while parsing {what}"))),
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, Failure> {
        self.at += 1; // [
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(Value::Array(items));
        }
        loop {
            if self.peek().is_none() {
                return Err(self.fail(Code::MalformedJson, "EOF while parsing a list"));
            }
            items.push(self.value(depth)?);
            if !self.next_or_close(b']', "a list")? {
                return Ok(Value::Array(items));
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, Failure> {
        self.at += 1; // {
                      // Each member with where its name starts, sorted once at the end:
                      // inserting one by one into a sorted object would be quadratic.
        let mut members: Vec<(String, usize, Value)> = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Value::Object(Map::new()));
        }
        loop {
            self.skip_whitespace();
            match self.peek() {
                Some(b'"') => {}
                Some(_) => return Err(self.fail(Code::MalformedJson, "key must be a string")),
                None => return Err(self.fail(Code::MalformedJson, "EOF while parsing an object")),
            }
            let name_at = self.at;
            let name = self.string()?;
            self.skip_whitespace();
            match self.peek() {
                Some(b':') => self.at += 1,
                Some(_) => return Err(self.fail(Code::MalformedJson, "expected `:`")),
                None => return Err(self.fail(Code::MalformedJson, "EOF while parsing an object")),
            }
            let value = self.value(depth)?;
            members.push((name, name_at, value));
            if !self.next_or_close(b'}', "an object")? {
                return sorted_object(members);
            }
        }
    }

    fn string(&mut self) -> Result<String, Failure> {
        self.at += 1; // "
        let mut text = String::new();
        loop {
            let run_start = self.at;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.at += 1;
            }
            // Whole UTF-8 sequences: the run stops only at ASCII bytes.
            text.push_str(std::str::from_utf8(&self.bytes[run_start..self.at]).unwrap_or_default());
            match self.peek() {
                None => return Err(self.fail(Code::MalformedJson, "EOF while parsing a string")),
                Some(b'"') => {
                    self.at += 1;
                    return Ok(text);
                }
                Some(b'\\') => {
                    self.at += 1;
                    text.push(self.escape()?);
                }
                Some(_) => {
                    return Err(self.fail(
                        Code::MalformedJson,
                        "control character (\\u0000-\\u001F) found while parsing a string",
                    ))
                }
            }
        }
    }

    /// The character an escape after `\\` stands for.
    fn escape(&mut self) -> Result<char, Failure> {
        let Some(b) = self.peek() else {
            return Err(self.fail(Code::MalformedJson, "EOF while parsing a string"));
        };
        self.at += 1;
        Ok(match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => return self.unicode_escape(),
            _ => {
                self.at -= 1;
                return Err(self.fail(Code::MalformedJson, "invalid escape"));
            }
        })
    }

    /// `\\uXXXX`, or a surrogate pair of two; a lone surrogate is refused
    /// (it is no character, and no UTF-8 text can hold it).
    fn unicode_escape(&mut self) -> Result<char, Failure> {
        let high = self.hex4()?;
        let code = match high {
            0xD800..=0xDBFF => {
                if !self.bytes[self.at..].starts_with(b"\\u") {
                    return Err(
                        self.fail(Code::MalformedJson, "lone leading surrogate in hex escape")
                    );
                }
                self.at += 2;
                let low = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&low) {
                    return Err(
                        self.fail(Code::MalformedJson, "lone leading surrogate in hex escape")
                    );
                }
                0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
            }
            0xDC00..=0xDFFF => {
                return Err(self.fail(Code::MalformedJson, "invalid unicode code point"));
            }
            code => code,
        };
        char::from_u32(code)
            .ok_or_else(|| self.fail(Code::MalformedJson, "invalid unicode code point"))
    }

    fn hex4(&mut self) -> Result<u32, Failure> {
        let digits = self
            .bytes
            .get(self.at..self.at + 4)
            .and_then(|d| std::str::from_utf8(d).ok())
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|d| u32::from_str_radix(d, 16).ok());
        match digits {
            Some(code) => {
                self.at += 4;
                Ok(code)
            }
            None if self.at + 4 > self.bytes.len() => {
                self.at = self.bytes.len();
                Err(self.fail(Code::MalformedJson, "EOF while parsing a string"))
            }
            None => Err(self.fail(Code::MalformedJson, "invalid escape")),
        }
    }

    /// `-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?`: an integer stays
    /// one when it fits 64 bits; anything else becomes an `f64`
    /// ([`decimal_to_f64`]).
    fn number(&mut self) -> Result<Value, Failure> {
        let start = self.at;
        let digits = |reader: &mut Self| {
            let from = reader.at;
            while reader.peek().is_some_and(|b| b.is_ascii_digit()) {
                reader.at += 1;
            }
            reader.at > from
        };
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        let leading_zero = self.peek() == Some(b'0');
        if !digits(self)
            || (leading_zero && self.at - start > 1 + usize::from(self.bytes[start] == b'-'))
        {
            return Err(self.fail(Code::MalformedJson, "invalid number"));
        }
        let mut integer = true;
        if self.peek() == Some(b'.') {
            self.at += 1;
            integer = false;
            if !digits(self) {
                return Err(self.fail(Code::MalformedJson, "invalid number"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            integer = false;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            if !digits(self) {
                return Err(self.fail(Code::MalformedJson, "invalid number"));
            }
        }
        let text = std::str::from_utf8(&self.bytes[start..self.at]).unwrap_or_default();
        // `-0` is the float -0.0, as serde_json reads it (RFC 8785 writes 0).
        if integer && text != "-0" {
            if let Ok(n) = text.parse::<u64>() {
                return Ok(Value::Number(n.into()));
            }
            if let Ok(n) = text.parse::<i64>() {
                return Ok(Value::Number(n.into()));
            }
        }
        Number::from_f64(to_f64(text))
            .map(Value::Number)
            .ok_or_else(|| Failure {
                at: start,
                code: Code::MalformedJson,
                detail: "number out of range".to_owned(),
            })
    }
}

const DUPLICATE: &str = "duplicate member name";

/// The object of these members, or the first repeated name (the one
/// latest in the document of the earliest pair): two parsers could
/// otherwise read two different documents from the same bytes.
fn sorted_object(mut members: Vec<(String, usize, Value)>) -> Result<Value, Failure> {
    members.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    let repeated = members
        .windows(2)
        .filter(|pair| pair[0].0 == pair[1].0)
        .min_by_key(|pair| pair[1].1);
    if let Some(pair) = repeated {
        return Err(Failure {
            at: pair[1].1,
            code: Code::DuplicateKey,
            detail: format!("{DUPLICATE} {:?}", pair[1].0),
        });
    }
    Ok(Value::Object(Map::from_sorted(
        members
            .into_iter()
            .map(|(name, _, value)| (name, value))
            .collect(),
    )))
}

/// The `f64` of a JSON number with a fraction or an exponent, or too large
/// an integer: natively the exactly rounded one (`str::parse`); in the
/// widget's wasm [`decimal_to_f64`]'s, exact on the fast path and within a
/// unit in the last place beyond. No valid notice or receipt holds such a
/// number (validation refuses them, with their paths), so the widget never
/// digests one, and `str::parse` would bring 10 KB of tables into its wasm.
fn to_f64(text: &str) -> f64 {
    #[cfg(target_arch = "wasm32")]
    return decimal_to_f64(text);
    #[cfg(not(target_arch = "wasm32"))]
    return text.parse().unwrap_or(f64::INFINITY);
}

/// A JSON number's `f64` without Rust's float parser: exact when its
/// digits fit 2^53 and its decimal exponent is within ±22 (Clinger's fast
/// path: `1.5`, `0.01`, `2e3`), else within a unit in the last place.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn decimal_to_f64(text: &str) -> f64 {
    const EXACT_POWERS: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (digits, exponent) = match text.find(['e', 'E']) {
        Some(at) => (
            &text[..at],
            text[at + 1..].parse::<i32>().unwrap_or(i32::MAX),
        ),
        None => (text, 0),
    };
    let (mut mantissa, mut exponent) = (0u64, i64::from(exponent));
    let mut seen_point = false;
    for b in digits.bytes() {
        match b {
            b'.' => seen_point = true,
            _ if mantissa < u64::MAX / 10 - 9 => {
                mantissa = mantissa * 10 + u64::from(b - b'0');
                exponent -= i64::from(seen_point);
            }
            // Digits past the 19th only scale what is kept.
            _ => exponent += i64::from(!seen_point),
        }
    }
    let value = if mantissa < 1 << 53 && exponent.unsigned_abs() < 23 {
        let power = EXACT_POWERS[exponent.unsigned_abs() as usize];
        if exponent < 0 {
            mantissa as f64 / power
        } else {
            mantissa as f64 * power
        }
    } else if mantissa == 0 {
        0.0
    } else {
        // In two halves: 10^-318 alone would be 1/∞.
        let exponent = exponent.clamp(-800, 800) as i32;
        mantissa as f64 * 10f64.powi(exponent / 2) * 10f64.powi(exponent - exponent / 2)
    };
    if negative {
        -value
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(bytes: &[u8]) -> (String, Code) {
        let err = parse(bytes, "notice").unwrap_err();
        let p = &err.problems()[0];
        (p.message().to_owned(), p.code())
    }

    #[test]
    fn duplicate_members_are_refused() {
        let (msg, code) = first(br#"{"a": 1, "a": 2}"#);
        assert_eq!(code, Code::DuplicateKey);
        assert!(msg.contains(r#"duplicate member name "a""#), "{msg}");
    }

    #[test]
    fn nested_duplicates_are_refused() {
        assert_eq!(first(br#"[{"b": {"x": 1, "x": 1}}]"#).1, Code::DuplicateKey);
    }

    #[test]
    fn deep_nesting_is_refused_without_overflow() {
        let deep = "[".repeat(100_000);
        assert_eq!(first(deep.as_bytes()).1, Code::TooDeep);
    }

    #[test]
    fn invalid_utf8_is_named() {
        let (msg, code) = first(b"{\"a\": \"\xff\"}");
        assert_eq!(code, Code::InvalidUtf8);
        assert!(msg.contains("offset 7"), "{msg}");
    }

    #[test]
    fn lone_surrogate_escapes_are_refused() {
        assert_eq!(first(br#"["\ud800"]"#).1, Code::MalformedJson);
    }

    #[test]
    fn trailing_data_is_refused() {
        assert_eq!(first(br#"{} {}"#).1, Code::MalformedJson);
    }

    #[test]
    fn oversized_documents_are_refused_before_parsing() {
        let big = vec![b' '; MAX_DOCUMENT_BYTES + 1];
        assert_eq!(first(&big).1, Code::TooLarge);
    }

    #[test]
    fn a_document_reads_as_serde_json_reads_it() {
        let notice = include_bytes!("../../../../www/notices/pass-region.json");
        let expected = Value::from(serde_json::from_slice::<serde_json::Value>(notice).unwrap());
        assert_eq!(parse(notice, "notice").unwrap(), expected);
        let text = r#"{"s":"a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00é","n":[0,-0,7,-7,1.5,2e3,1E-2,18446744073709551615,-9223372036854775808],"o":{},"a":[],"t":true,"f":false,"z":null}"#;
        let expected = Value::from(serde_json::from_str::<serde_json::Value>(text).unwrap());
        assert_eq!(parse(text.as_bytes(), "test").unwrap(), expected);
    }

    #[test]
    fn fractions_on_the_fast_path_are_exact() {
        for text in [
            "1.5",
            "0.01",
            "2e3",
            "-0.5",
            "1E-2",
            "123.456",
            "9007199254740991.0",
            "1e22",
            "0.0",
        ] {
            assert_eq!(decimal_to_f64(text), text.parse::<f64>().unwrap(), "{text}");
        }
        for text in [
            "1.2345678901234567890123e-300",
            "123456789012345678901",
            "6.02214076e23",
        ] {
            let (close, exact) = (decimal_to_f64(text), text.parse::<f64>().unwrap());
            assert!(
                ((close - exact) / exact).abs() < 1e-15,
                "{text}: {close} {exact}"
            );
        }
        assert!(decimal_to_f64("1e400").is_infinite());
    }

    #[test]
    fn numbers_follow_the_json_grammar() {
        for bad in [
            "01", "1.", ".5", "-", "1e", "1e+", "+1", "0x10", "1.5e", "-01",
        ] {
            assert_eq!(first(bad.as_bytes()).1, Code::MalformedJson, "{bad}");
        }
        let (message, code) = first(b"[1e400]");
        assert_eq!(code, Code::MalformedJson);
        assert!(message.ends_with("number out of range"), "{message}");
    }

    #[test]
    fn strings_refuse_control_characters_and_bad_escapes() {
        for bad in [
            "\"a\tb\"",
            r#""\x""#,
            r#""\u12""#,
            r#""\udc00""#,
            r#""\ud800\u0041""#,
            r#""abc"#,
        ] {
            assert_eq!(first(bad.as_bytes()).1, Code::MalformedJson, "{bad}");
        }
    }

    #[test]
    fn errors_name_the_line_and_column_of_the_offending_byte() {
        let (message, _) = first(b"[\n1\n2]");
        assert_eq!(
            message,
            "the notice is not valid JSON at line 3, column 1: expected `,` or `]`"
        );
        let (message, _) = first(b"[1,");
        assert_eq!(
            message,
            "the notice is not valid JSON at line 1, column 3: EOF while parsing a list"
        );
        let (message, _) = first(br#"{"a" 1}"#);
        assert_eq!(
            message,
            "the notice is not valid JSON at line 1, column 6: expected `:`"
        );
        let (message, _) = first(b"{1:2}");
        assert_eq!(
            message,
            "the notice is not valid JSON at line 1, column 2: key must be a string"
        );
        let depth_127 = format!("{}{}", "[".repeat(127), "]".repeat(127));
        assert!(parse(depth_127.as_bytes(), "notice").is_ok());
    }
}
