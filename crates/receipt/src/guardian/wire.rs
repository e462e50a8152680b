//! The request and the answer as they travel: compact JSON (RFC 8785) in
//! base64url, for a URL fragment (never sent to a server) or a QR code.
//! Read strictly: an unknown, missing or mistyped member is refused.

use super::{GuardianAnswer, GuardianRequest};
use crate::age::GuardianStatement;
use crate::code::Code;
use crate::error::Error;
use crate::jose::base64url;
use crate::json::{canonical_json, expected, object, parse, pointer, string, Map, Members, Value};
use crate::notice::Channel;
use crate::payload::{Choices, Collection, NoticeRef, PreviousReceipt};

/// The wire format's version (`"v": 1`).
const WIRE_VERSION: u64 = 1;

/// A request or answer link longer than this is not one of ours: a QR code
/// holds under 3 KB, and a fragment this size is already unwieldy.
const MAX_FRAGMENT: usize = 8 * 1024;

impl GuardianRequest {
    /// The request as base64url text, for `#limpide-guardian=…`.
    pub fn to_fragment(&self) -> String {
        let mut value = object([
            ("v", Value::from(WIRE_VERSION)),
            ("notice", self.notice.to_value()),
            ("receipt_id", string(&self.receipt_id)),
            ("language", string(&self.language)),
            ("created_at", string(&self.created_at)),
            ("expires_at", string(&self.expires_at)),
            ("grants", grants_value(&self.choices)),
            ("collection", self.collection.to_value()),
        ]);
        if let Some(previous) = &self.previous {
            value["previous"] = previous.to_value();
        }
        if let Some(subject) = &self.subject {
            value["subject"] = string(subject);
        }
        base64url::encode(canonical_json(&value).as_bytes())
    }

    /// Reads a request from [`GuardianRequest::to_fragment`]'s text.
    pub fn from_fragment(text: &str) -> Result<Self, Error> {
        let value = decode(text, Code::InvalidRequest, "guardian request")?;
        let mut read = Reader::new(Code::InvalidRequest);
        let request = read.request(&value);
        read.finish(request)
    }
}

impl GuardianAnswer {
    /// The answer as base64url text, for `#limpide-answer=…`.
    pub fn to_fragment(&self) -> String {
        let value = object([
            ("v", Value::from(WIRE_VERSION)),
            ("receipt_id", string(&self.receipt_id)),
            ("issued_at", string(&self.issued_at)),
            ("grants", grants_value(&self.choices)),
            ("guardian", self.guardian.to_value()),
            ("protected", string(&self.protected)),
            (
                "signature",
                Value::String(base64url::encode(&self.signature)),
            ),
        ]);
        base64url::encode(canonical_json(&value).as_bytes())
    }

    /// Reads an answer from [`GuardianAnswer::to_fragment`]'s text.
    pub fn from_fragment(text: &str) -> Result<Self, Error> {
        let value = decode(text, Code::InvalidAnswer, "guardian's answer")?;
        let mut read = Reader::new(Code::InvalidAnswer);
        let answer = read.answer(&value);
        read.finish(answer)
    }
}

fn grants_value(choices: &Choices) -> Value {
    Value::Array(
        choices
            .iter()
            .map(|(purpose, channel)| {
                Value::Array(vec![
                    string(purpose),
                    channel.map_or(Value::Null, |c| string(c.as_str())),
                ])
            })
            .collect(),
    )
}

/// The JSON value a fragment's base64url text holds.
fn decode(text: &str, code: Code, what: &str) -> Result<Value, Error> {
    if text.len() > MAX_FRAGMENT {
        return Err(Error::one(
            "",
            code,
            format!("this {what} is longer than {MAX_FRAGMENT} characters: it is not one"),
        ));
    }
    let bytes = base64url::decode(text).map_err(|e| {
        Error::one(
            "",
            code,
            format!("this {what} is damaged (the link was cut or changed): {e}"),
        )
    })?;
    parse(&bytes, what).map_err(|e| Error::one("", code, format!("this {what} is damaged: {e}")))
}

/// Reads members, keeping the first problem (a damaged link has one cause
/// worth saying; the rest follow from it).
struct Reader {
    code: Code,
    problem: Option<(String, String)>,
}

impl Reader {
    fn new(code: Code) -> Self {
        Self {
            code,
            problem: None,
        }
    }

    fn fail(&mut self, path: &str, message: String) {
        if self.problem.is_none() {
            self.problem = Some((path.to_owned(), message));
        }
    }

    fn finish<T>(self, value: Option<T>) -> Result<T, Error> {
        match (self.problem, value) {
            (None, Some(value)) => Ok(value),
            (Some((path, message)), _) => Err(Error::one(&path, self.code, message)),
            (None, None) => Err(Error::one("", self.code, "it could not be read".to_owned())),
        }
    }

    /// The object at `path` with exactly `required` and some of `optional`.
    fn object<'v>(
        &mut self,
        value: &'v Value,
        path: &str,
        required: &'static [&'static str],
        optional: &'static [&'static str],
    ) -> Option<&'v Map> {
        let members = Members { required, optional };
        match members.read_first(value, path, "an object") {
            Ok(map) => Some(map),
            Err(problem) => {
                self.fail(&problem.path, problem.message);
                None
            }
        }
    }

    fn string(&mut self, map: &Map, name: &str, path: &str) -> Option<String> {
        match map.get(name)? {
            Value::String(s) => Some(s.clone()),
            other => {
                self.fail(&pointer(path, name), expected("a string", other));
                None
            }
        }
    }

    fn version(&mut self, map: &Map) -> Option<()> {
        if map.get("v").and_then(Value::as_u64) == Some(WIRE_VERSION) {
            return Some(());
        }
        self.fail(
            "/v",
            format!("this reader knows version {WIRE_VERSION} of these links"),
        );
        None
    }

    fn grants(&mut self, value: Option<&Value>) -> Option<Choices> {
        let Some(items) = value?.as_array() else {
            self.fail(
                "/grants",
                "expected a list of [purpose, channel] pairs".to_owned(),
            );
            return None;
        };
        let mut choices = Choices::refuse_all();
        for (i, item) in items.iter().enumerate() {
            let path = pointer("/grants", i);
            let pair = item.as_array().filter(|pair| pair.len() == 2);
            let parsed = pair.and_then(|pair| {
                let purpose = pair[0].as_str()?;
                let channel = match &pair[1] {
                    Value::Null => None,
                    other => Some(Channel::from_name(other.as_str()?)?),
                };
                Some((purpose, channel))
            });
            match parsed {
                Some((purpose, channel)) => choices.grant(purpose, channel),
                None => {
                    self.fail(&path, "expected [purpose, channel or null]".to_owned());
                    return None;
                }
            }
        }
        Some(choices)
    }

    fn request(&mut self, value: &Value) -> Option<GuardianRequest> {
        const MEMBERS: &[&str] = &[
            "v",
            "notice",
            "receipt_id",
            "language",
            "created_at",
            "expires_at",
            "grants",
            "collection",
        ];
        let map = self.object(value, "", MEMBERS, &["previous", "subject"])?;
        self.version(map)?;
        let notice = self.object(
            map.get("notice")?,
            "/notice",
            &["id", "version", "digest"],
            &[],
        )?;
        let notice = NoticeRef {
            id: self.string(notice, "id", "/notice")?,
            version: self.string(notice, "version", "/notice")?,
            digest: self.string(notice, "digest", "/notice")?,
        };
        let collection = self.object(
            map.get("collection")?,
            "/collection",
            &["method", "agent", "key_storage"],
            &[],
        )?;
        let collection = Collection::new(
            &self.string(collection, "method", "/collection")?,
            &self.string(collection, "agent", "/collection")?,
            &self.string(collection, "key_storage", "/collection")?,
        );
        let previous = match map.get("previous") {
            None => None,
            Some(value) => {
                let previous = self.object(value, "/previous", &["receipt_id", "digest"], &[])?;
                Some(PreviousReceipt {
                    receipt_id: self.string(previous, "receipt_id", "/previous")?,
                    digest: self.string(previous, "digest", "/previous")?,
                })
            }
        };
        let subject = match map.get("subject") {
            None => None,
            Some(_) => Some(self.string(map, "subject", "")?),
        };
        Some(GuardianRequest {
            notice,
            receipt_id: self.string(map, "receipt_id", "")?,
            language: self.string(map, "language", "")?,
            created_at: self.string(map, "created_at", "")?,
            expires_at: self.string(map, "expires_at", "")?,
            choices: self.grants(map.get("grants"))?,
            previous,
            subject,
            collection,
        })
    }

    fn answer(&mut self, value: &Value) -> Option<GuardianAnswer> {
        const MEMBERS: &[&str] = &[
            "v",
            "receipt_id",
            "issued_at",
            "grants",
            "guardian",
            "protected",
            "signature",
        ];
        let map = self.object(value, "", MEMBERS, &[])?;
        self.version(map)?;
        let guardian = self.object(
            map.get("guardian")?,
            "/guardian",
            &["holds_parental_authority"],
            &["name"],
        )?;
        let holds = match guardian.get("holds_parental_authority") {
            Some(Value::Bool(b)) => *b,
            _ => {
                self.fail(
                    "/guardian/holds_parental_authority",
                    "expected true or false".to_owned(),
                );
                return None;
            }
        };
        let name = match guardian.get("name") {
            None => None,
            Some(_) => Some(self.string(guardian, "name", "/guardian")?),
        };
        let signature = self.string(map, "signature", "")?;
        let Ok(signature) = base64url::decode(&signature) else {
            self.fail("/signature", "the signature is not base64url".to_owned());
            return None;
        };
        Some(GuardianAnswer {
            receipt_id: self.string(map, "receipt_id", "")?,
            issued_at: self.string(map, "issued_at", "")?,
            choices: self.grants(map.get("grants"))?,
            guardian: GuardianStatement {
                holds_parental_authority: holds,
                name,
            },
            protected: self.string(map, "protected", "")?,
            signature,
        })
    }
}
