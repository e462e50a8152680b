//! A payload's own checks, those that need no notice: formats, limits,
//! digests, one decision per purpose, and the subject identifier.

use super::{Payload, RECEIPT_FORMAT};
use crate::code::Code;
use crate::error::{Error, Problems};
use crate::jose::is_digest;
use crate::notice::Channel;
use crate::text::{check_plain_text, check_value};
use crate::time::parse_utc;

/// Checks a pseudonymous subject identifier as a receipt carries it (the
/// embedder's, never a name): not empty, nothing hidden, no control
/// character, at most 200 characters. A payload's check uses this rule.
///
/// ```
/// use limpide_receipt::check_subject;
/// assert!(check_subject("eleve-4f2a").is_ok());
/// let error = check_subject("eleve\u{202e}").unwrap_err();
/// assert_eq!(error.problems()[0].path(), "/subject");
/// assert_eq!(error.problems()[0].code(), "hidden-characters");
/// ```
pub fn check_subject(subject: &str) -> Result<(), Error> {
    let mut problems = Problems::default();
    if let Err((code, message)) = check_value(subject, 200) {
        problems.push("/subject", code, message);
    }
    problems.finish(())
}

impl Payload {
    /// Checks what the types alone cannot: formats, digests, one decision per purpose.
    pub fn check(&self) -> Result<(), Error> {
        let mut problems = Problems::default();
        if self.version != RECEIPT_FORMAT {
            problems.push(
                "/version",
                Code::UnsupportedFormat,
                format!(
                    "this reader knows receipt format {RECEIPT_FORMAT}, found {}",
                    self.version
                ),
            );
        }
        if !is_uuid(&self.receipt_id) {
            problems.push("/receipt_id", Code::InvalidId, "expected a lowercase UUID");
        }
        if parse_utc(&self.issued_at).is_none() {
            problems.push(
                "/issued_at",
                Code::InvalidTime,
                format!(
                    "{:?} is not an RFC 3339 UTC time such as 2026-11-24T18:05:09Z",
                    self.issued_at
                ),
            );
        }
        // What a person reads is held to the notice's text rules; ids,
        // versions, URLs and the subject may be machine-made.
        let prose = [
            ("/controller/name", &self.controller.name, 200),
            ("/controller/address", &self.controller.address, 400),
            ("/controller/dpo", &self.controller.dpo, 400),
        ];
        for (path, text, max) in prose {
            if let Err((code, message)) = check_plain_text(text, max) {
                problems.push(path, code, message);
            }
        }
        let values = [
            ("/language", Some(&self.language), 16),
            ("/jurisdiction", Some(&self.jurisdiction), 16),
            ("/controller/contact", Some(&self.controller.contact), 2000),
            ("/policy_url", Some(&self.policy_url), 2000),
            ("/notice/id", Some(&self.notice.id), 64),
            ("/notice/version", Some(&self.notice.version), 64),
            ("/collection/method", Some(&self.collection.method), 64),
            ("/collection/agent", Some(&self.collection.agent), 64),
            (
                "/collection/key_storage",
                Some(&self.collection.key_storage),
                64,
            ),
        ];
        for (path, value, max) in values {
            if let Some(Err((code, message))) = value.map(|v| check_value(v, max)) {
                problems.push(path, code, message);
            }
        }
        if let Some(Err(error)) = self.subject.as_deref().map(check_subject) {
            problems.extend(error);
        }
        self.check_joint(&mut problems);
        if !is_digest(&self.notice.digest) {
            problems.push(
                "/notice/digest",
                Code::InvalidDigest,
                "expected a SHA-256 digest in base64url (43 characters)",
            );
        }
        if let Some(previous) = &self.previous {
            if previous.receipt_id == self.receipt_id {
                problems.push(
                    "/previous/receipt_id",
                    Code::InvalidChain,
                    "a receipt cannot follow itself",
                );
            }
            if !is_uuid(&previous.receipt_id) {
                problems.push(
                    "/previous/receipt_id",
                    Code::InvalidId,
                    "expected a lowercase UUID",
                );
            }
            if !is_digest(&previous.digest) {
                problems.push(
                    "/previous/digest",
                    Code::InvalidDigest,
                    "expected a SHA-256 digest in base64url",
                );
            }
        }
        if self.purposes.is_empty() {
            problems.push(
                "/purposes",
                Code::EmptyList,
                "a receipt records at least one purpose",
            );
        }
        let mut seen: Vec<&str> = Vec::new();
        for (i, purpose) in self.purposes.iter().enumerate() {
            let path = format!("/purposes/{i}");
            if seen.contains(&purpose.id.as_str()) {
                problems.push(
                    format!("{path}/id"),
                    Code::DuplicateId,
                    format!("\"{}\" is recorded twice", purpose.id),
                );
            }
            seen.push(&purpose.id);
            if !is_digest(&purpose.texts_digest) {
                problems.push(
                    format!("{path}/texts_digest"),
                    Code::InvalidDigest,
                    "expected a SHA-256 digest in base64url",
                );
            }
            match (&purpose.status, &purpose.channels) {
                (Some(_), None) => {}
                (None, Some(channels)) if !channels.is_empty() => {
                    for (name, _) in channels {
                        if Channel::from_name(name).is_none() {
                            problems.push(
                                format!("{path}/channels/{name}"),
                                Code::UnknownChannel,
                                format!("\"{name}\" is not a channel"),
                            );
                        }
                    }
                }
                _ => problems.push(
                    path,
                    Code::InvalidDecision,
                    "a purpose records either \"status\" or a non-empty \"channels\" map, not both",
                ),
            }
        }
        problems.finish(())
    }
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_digit() || ('a'..='f').contains(&c),
        })
}
