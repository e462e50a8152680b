//! Reading a record's payload member by member, every problem reported
//! at its own pointer (under `/payload`), as a receipt's payload is read.

use crate::code::Code;
use crate::error::{Error, Problems};
use crate::jose::is_digest;
use crate::json::{expected, pointer, Map, Members, Value};
use crate::notice::Channel;
use crate::payload::NoticeRef;
use crate::time::parse_utc;

/// The one payload `version` each record kind has so far.
pub(crate) const RECORD_VERSION: u64 = 1;
/// 2⁵³ − 1: larger whole numbers lose digits in many JSON readers.
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;
/// The longest opaque id (campaign, account, subject, withdrawal).
const MAX_ID: usize = 128;

/// Collects the problems of one payload.
#[derive(Default)]
pub(crate) struct Fields {
    pub(crate) problems: Problems,
}

impl Fields {
    /// The payload object, with exactly these members, its `version` the one known.
    pub(crate) fn payload<'v>(&mut self, value: &'v Value, members: &Members) -> Option<&'v Map> {
        let map = self.object(value, "/payload", members)?;
        match map.get("version") {
            Some(v) if v.as_u64() == Some(RECORD_VERSION) => {}
            Some(v) => self.problems.push(
                "/payload/version",
                Code::UnsupportedFormat,
                format!("this reader knows version {RECORD_VERSION}, found {v}"),
            ),
            None => {}
        }
        Some(map)
    }

    /// An object at `path` with these members.
    pub(crate) fn object<'v>(
        &mut self,
        value: &'v Value,
        path: &str,
        members: &Members,
    ) -> Option<&'v Map> {
        let problems = &mut self.problems;
        members.read(value, path, "an object", &mut |p| {
            problems.push(p.path, Code::InvalidPayload, p.message);
        })
    }

    /// A string member (its absence already reported by the shape check).
    pub(crate) fn string(&mut self, map: &Map, name: &str, path: &str) -> Option<String> {
        match map.get(name)? {
            Value::String(s) => Some(s.clone()),
            other => {
                self.problems.push(
                    pointer(path, name),
                    Code::InvalidPayload,
                    expected("a string", other),
                );
                None
            }
        }
    }

    /// A non-empty text of at most `max` characters, without control characters.
    pub(crate) fn text(&mut self, map: &Map, name: &str, path: &str, max: usize) -> Option<String> {
        let s = self.string(map, name, path)?;
        if let Err((code, message)) = crate::text::check_value(&s, max) {
            self.problems.push(pointer(path, name), code, message);
            return None;
        }
        Some(s)
    }

    /// An opaque id: 1 to 128 visible ASCII characters.
    pub(crate) fn id(&mut self, map: &Map, name: &str, path: &str) -> Option<String> {
        let s = self.string(map, name, path)?;
        if s.is_empty() || s.len() > MAX_ID || !s.bytes().all(|b| b.is_ascii_graphic()) {
            self.problems.push(
                pointer(path, name),
                Code::InvalidId,
                format!("expected an id of 1 to {MAX_ID} visible ASCII characters"),
            );
            return None;
        }
        Some(s)
    }

    /// An RFC 3339 UTC time, as written, and as Unix seconds.
    pub(crate) fn time(&mut self, map: &Map, name: &str, path: &str) -> Option<(String, i64)> {
        let s = self.string(map, name, path)?;
        let Some(seconds) = parse_utc(&s) else {
            self.problems.push(
                pointer(path, name),
                Code::InvalidTime,
                format!("{s:?} is not an RFC 3339 UTC time such as \"2026-11-24T18:05:09Z\""),
            );
            return None;
        };
        Some((s, seconds))
    }

    /// A SHA-256 digest, base64url.
    pub(crate) fn digest(&mut self, map: &Map, name: &str, path: &str) -> Option<String> {
        let s = self.string(map, name, path)?;
        if !is_digest(&s) {
            self.problems.push(
                pointer(path, name),
                Code::InvalidDigest,
                "expected a SHA-256 digest, 43 characters of base64url",
            );
            return None;
        }
        Some(s)
    }

    /// A whole number from `min` to 2⁵³ − 1, the largest that every JSON
    /// reader keeps exactly (I-JSON, RFC 7493).
    pub(crate) fn count(&mut self, map: &Map, name: &str, path: &str, min: u64) -> Option<u64> {
        let value = map.get(name)?;
        match value.as_u64() {
            Some(n) if n >= min && n <= MAX_SAFE_INTEGER => Some(n),
            _ => {
                self.problems.push(
                    pointer(path, name),
                    Code::InvalidPayload,
                    format!(
                        "expected a whole number from {min} to {MAX_SAFE_INTEGER}, found {value}"
                    ),
                );
                None
            }
        }
    }

    /// `notice`: `{id, version, digest}`.
    pub(crate) fn notice(&mut self, map: &Map) -> Option<NoticeRef> {
        const PATH: &str = "/payload/notice";
        const MEMBERS: Members = Members {
            required: &["id", "version", "digest"],
            optional: &[],
        };
        let notice = self.object(map.get("notice")?, PATH, &MEMBERS)?;
        let id = self.string(notice, "id", PATH);
        let version = self.string(notice, "version", PATH);
        let digest = self.digest(notice, "digest", PATH);
        Some(NoticeRef {
            id: id?,
            version: version?,
            digest: digest?,
        })
    }

    /// The box: `purpose` and, when present, `channel`.
    pub(crate) fn boxed(&mut self, map: &Map) -> Option<(String, Option<Channel>)> {
        let purpose = self.string(map, "purpose", "/payload");
        let channel = match map.get("channel") {
            None => Some(None),
            Some(_) => {
                let name = self.string(map, "channel", "/payload")?;
                match Channel::from_name(&name) {
                    Some(c) => Some(Some(c)),
                    None => {
                        self.problems.push(
                            "/payload/channel",
                            Code::UnknownChannel,
                            format!("{name:?} is not a channel"),
                        );
                        None
                    }
                }
            }
        };
        Some((purpose?, channel?))
    }

    /// `Ok(value)` when nothing was found wrong, the problems otherwise.
    pub(crate) fn finish<T>(self, value: Option<T>) -> Result<T, Error> {
        self.problems.finish(())?;
        value.ok_or_else(|| {
            Error::one(
                "/payload",
                Code::InvalidPayload,
                "the payload could not be read",
            )
        })
    }
}
