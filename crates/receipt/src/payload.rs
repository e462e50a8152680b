//! The receipt payload: what the pupil chose, about which exact texts.

mod joint;
mod json;

use crate::age::{AgeBracket, AgeRecord, GuardianStatement};
use crate::code::Code;
use crate::digest::is_digest;
use crate::error::{Error, Problems};
use crate::notice::{Channel, Notice};
use crate::text::{check_plain_text, check_value};
use crate::time::parse_utc;
use crate::value::Value;

/// The receipt format written and read (`"version": 1`).
pub const RECEIPT_FORMAT: u32 = 1;

/// The payload of a receipt (see `docs/receipt-format.md` for each field
/// and its Kantara Consent Receipt v1.1 counterpart).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Payload {
    /// The receipt format, [`RECEIPT_FORMAT`].
    pub version: u32,
    /// A random UUID (version 4, lowercase).
    pub receipt_id: String,
    /// When the choices were signed, RFC 3339 UTC.
    pub issued_at: String,
    /// The language the texts were shown in.
    pub language: String,
    /// The notice's jurisdiction.
    pub jurisdiction: String,
    /// The controller, as the notice names it.
    pub controller: ControllerRecord,
    /// The notice's privacy policy.
    pub policy_url: String,
    /// Which notice was shown.
    pub notice: NoticeRef,
    /// One entry per purpose of the notice, in its order.
    pub purposes: Vec<PurposeRecord>,
    /// The receipt this one replaces, when it changes or withdraws a choice.
    pub previous: Option<PreviousReceipt>,
    /// How the choices were collected and signed.
    pub collection: Collection,
    /// A pseudonymous subject identifier the embedder supplies (never a name).
    pub subject: Option<String>,
    /// The pupil's age bracket, when the form asked (never a birth date).
    pub age: Option<AgeRecord>,
    /// The guardian's statement, for a pupil under the age who consents.
    pub guardian: Option<GuardianStatement>,
}

/// The controller, copied from the notice.
#[derive(Clone, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct ControllerRecord {
    pub name: String,
    pub address: String,
    pub contact: String,
    pub dpo: String,
}

/// The notice shown: id, version and canonical digest.
#[derive(Clone, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct NoticeRef {
    pub id: String,
    pub version: String,
    pub digest: String,
}

/// The decision on one purpose: `status` for a purpose without channels,
/// `channels` (one decision per channel) otherwise.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct PurposeRecord {
    /// The purpose's id in the notice.
    pub id: String,
    /// Its one category.
    pub category: String,
    /// Digest of [`Notice::shown_texts`] in the receipt's language.
    pub texts_digest: String,
    /// The decision, for a purpose without channels.
    pub status: Option<Decision>,
    /// One decision per channel, for a purpose with channels, sorted by
    /// channel name (a list, not a B-tree: a purpose has a handful of
    /// channels, and each B-tree costs the widget's wasm).
    pub channels: Option<Vec<(String, Decision)>>,
}

impl PurposeRecord {
    /// The decision on each box the record holds: the purpose's own
    /// (`None`), or each channel's (a channel name this version does not
    /// know is left out).
    pub fn decisions(&self) -> impl Iterator<Item = (Option<Channel>, Decision)> + '_ {
        let own = self.status.map(|decision| (None, decision));
        let channels = self.channels.iter().flatten();
        own.into_iter().chain(
            channels
                .filter_map(|(name, decision)| Some((Some(Channel::from_name(name)?), *decision))),
        )
    }

    /// The decision recorded for a channel, by name.
    pub fn channel_decision(&self, name: &str) -> Option<Decision> {
        self.channels
            .iter()
            .flatten()
            .find(|(channel, _)| channel == name)
            .map(|(_, decision)| *decision)
    }

    /// Records the decision on one box of [`crate::Purpose::boxes`].
    fn record(&mut self, channel: Option<Channel>, decision: Decision) {
        match channel {
            None => self.status = Some(decision),
            Some(channel) => {
                let channels = self.channels.get_or_insert_with(Vec::new);
                let name = channel.as_str();
                match channels.binary_search_by(|(n, _)| n.as_str().cmp(name)) {
                    Ok(i) => channels[i].1 = decision,
                    Err(i) => channels.insert(i, (name.to_owned(), decision)),
                }
            }
        }
    }
}

/// An explicit answer: nothing is ever assumed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// The pupil ticked the box.
    Granted,
    /// The pupil left it unticked, refused all, or unticked it.
    Refused,
}

/// The receipt this one follows.
#[derive(Clone, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct PreviousReceipt {
    pub receipt_id: String,
    /// SHA-256 of the previous receipt's payload bytes.
    pub digest: String,
}

/// How the receipt was made.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Collection {
    /// `web-form` (the widget) or `cli` (a controller's tool).
    pub method: String,
    /// The software and its version, e.g. `limpide/0.1.0`.
    pub agent: String,
    /// Where the subject's key lives: `webcrypto-indexeddb`,
    /// `webcrypto-session` (the key could not be stored), `wasm-indexeddb`
    /// or `wasm-session` (no WebCrypto Ed25519: the widget's fallback) or
    /// `jwk-file`.
    pub key_storage: String,
}

impl Collection {
    /// A collection record.
    pub fn new(method: &str, agent: &str, key_storage: &str) -> Self {
        Self {
            method: method.to_owned(),
            agent: agent.to_owned(),
            key_storage: key_storage.to_owned(),
        }
    }
}

/// The boxes the pupil ticked; every other box is recorded as refused.
#[derive(Clone, Debug, Default, Eq)]
pub struct Choices {
    // A handful of boxes: a list, not a set, which would add a B-tree of
    // its own to the widget's wasm.
    granted: Vec<(String, Option<Channel>)>,
}

/// The same boxes ticked, whatever the order they were ticked in.
impl PartialEq for Choices {
    fn eq(&self, other: &Self) -> bool {
        self.granted.len() == other.granted.len()
            && self.granted.iter().all(|(p, c)| other.is_granted(p, *c))
    }
}

impl Choices {
    /// No box ticked: every purpose refused.
    pub fn refuse_all() -> Self {
        Self::default()
    }

    /// Every box of `notice` ticked.
    pub fn accept_all(notice: &Notice) -> Self {
        let mut choices = Self::default();
        for purpose in &notice.purposes {
            for channel in purpose.boxes() {
                choices.grant(&purpose.id, channel);
            }
        }
        choices
    }

    /// Ticks a box: a purpose without channels (`None`), or one channel of it.
    pub fn grant(&mut self, purpose: &str, channel: Option<Channel>) {
        if !self.is_granted(purpose, channel) {
            self.granted.push((purpose.to_owned(), channel));
        }
    }

    /// Unticks a box.
    pub fn refuse(&mut self, purpose: &str, channel: Option<Channel>) {
        self.granted
            .retain(|(p, c)| !(p == purpose && *c == channel));
    }

    /// The ticked boxes, in the order they were ticked.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Option<Channel>)> + '_ {
        self.granted.iter().map(|(p, c)| (p.as_str(), *c))
    }

    /// Whether a box is ticked.
    pub fn is_granted(&self, purpose: &str, channel: Option<Channel>) -> bool {
        self.granted
            .iter()
            .any(|(p, c)| p == purpose && *c == channel)
    }

    /// The choices a payload records.
    pub fn from_payload(payload: &Payload) -> Self {
        let mut choices = Self::default();
        for purpose in &payload.purposes {
            for (channel, decision) in purpose.decisions() {
                if decision == Decision::Granted {
                    choices.grant(&purpose.id, channel);
                }
            }
        }
        choices
    }
}

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

/// What a payload needs besides the notice and the choices.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Context {
    /// A random UUID v4 (lowercase).
    pub receipt_id: String,
    /// RFC 3339 UTC time of signing.
    pub issued_at: String,
    /// One of the notice's languages: the one shown.
    pub language: String,
    /// The receipt replaced, if any.
    pub previous: Option<PreviousReceipt>,
    /// How the choices were collected.
    pub collection: Collection,
    /// A pseudonymous identifier from the embedder.
    pub subject: Option<String>,
    /// The bracket the pupil said they are in; below the age, the texts
    /// recorded are the simpler ones ([`AgeBracket::wording`]).
    pub age: Option<AgeBracket>,
    /// The guardian's statement, when a guardian confirms.
    pub guardian: Option<GuardianStatement>,
}

impl Context {
    /// A context for a first receipt, with no previous one and no subject.
    pub fn new(
        receipt_id: String,
        issued_at: String,
        language: String,
        collection: Collection,
    ) -> Self {
        Self {
            receipt_id,
            issued_at,
            language,
            previous: None,
            collection,
            subject: None,
            age: None,
            guardian: None,
        }
    }
}

impl Payload {
    /// The payload recording `choices` on `notice`: every purpose gets an
    /// explicit decision and the digest of the texts shown.
    pub fn new(notice: &Notice, choices: &Choices, context: Context) -> Result<Self, Error> {
        let language = context.language;
        if !notice.languages.contains(&language) {
            return Err(Error::one(
                "/language",
                Code::UndeclaredLanguage,
                format!("the notice is not written in \"{language}\""),
            ));
        }
        let decide = |granted| {
            if granted {
                Decision::Granted
            } else {
                Decision::Refused
            }
        };
        let wording = context.age.map(AgeBracket::wording).unwrap_or_default();
        let purposes = notice
            .purposes
            .iter()
            .map(|p| {
                let mut record = PurposeRecord {
                    id: p.id.clone(),
                    category: p.category.clone(),
                    texts_digest: notice
                        .texts_digest_in(&p.id, &language, wording)
                        .unwrap_or_default(),
                    status: None,
                    channels: None,
                };
                for channel in p.boxes() {
                    record.record(channel, decide(choices.is_granted(&p.id, channel)));
                }
                record
            })
            .collect();
        let payload = Self {
            version: RECEIPT_FORMAT,
            receipt_id: context.receipt_id,
            issued_at: context.issued_at,
            language,
            jurisdiction: notice.jurisdiction.clone(),
            controller: ControllerRecord {
                name: notice.controller.name.clone(),
                address: notice.controller.address.clone(),
                contact: notice.controller.contact.clone(),
                dpo: notice.controller.dpo.clone(),
            },
            policy_url: notice.policy_url.clone(),
            notice: NoticeRef {
                id: notice.id.clone(),
                version: notice.version.clone(),
                digest: notice.digest().to_owned(),
            },
            purposes,
            previous: context.previous,
            collection: context.collection,
            subject: context.subject,
            age: context.age.map(|bracket| AgeRecord {
                bracket,
                digital_consent_age: notice.age_of_digital_consent,
            }),
            guardian: context.guardian,
        };
        payload.check()?;
        Ok(payload)
    }

    /// Reads a payload from its JSON value and checks it.
    pub(crate) fn from_value(value: Value) -> Result<Self, Error> {
        let payload = Self::read(&value)?;
        payload.check()?;
        Ok(payload)
    }

    /// Reads a payload's members and types only, without [`Payload::check`]:
    /// for tests and tools that must make a payload the checks refuse (to
    /// see a verifier refuse it). A receipt never holds one.
    pub fn read_unchecked(value: &Value) -> Result<Self, Error> {
        Self::read(value)
    }

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

    /// Checks that this payload records a decision on exactly the purposes
    /// and channels of `notice`, about the texts it shows.
    pub fn check_against(&self, notice: &Notice) -> Result<(), Error> {
        let mut problems = Problems::default();
        if self.notice.id != notice.id || self.notice.version != notice.version {
            problems.push(
                "/notice",
                Code::NoticeMismatch,
                format!(
                    "the receipt is about notice \"{}\" version \"{}\", not \"{}\" version \"{}\"",
                    self.notice.id, self.notice.version, notice.id, notice.version
                ),
            );
        }
        if self.notice.digest != notice.digest() {
            problems.push(
                "/notice/digest",
                Code::DigestMismatch,
                "the notice given is not the one shown: its digest differs",
            );
        }
        if !notice.languages.contains(&self.language) {
            problems.push(
                "/language",
                Code::UndeclaredLanguage,
                format!("the notice is not written in \"{}\"", self.language),
            );
            return problems.finish(());
        }
        self.check_joint_against(notice, &mut problems);
        let wording = self.wording();
        for (i, record) in self.purposes.iter().enumerate() {
            let path = format!("/purposes/{i}");
            let Some(purpose) = notice.purpose(&record.id) else {
                problems.push(
                    format!("{path}/id"),
                    Code::UnknownPurpose,
                    format!("the notice has no purpose \"{}\"", record.id),
                );
                continue;
            };
            if notice
                .texts_digest_in(&record.id, &self.language, wording)
                .as_deref()
                != Some(record.texts_digest.as_str())
            {
                problems.push(
                    format!("{path}/texts_digest"),
                    Code::DigestMismatch,
                    "the texts recorded differ from the notice's texts for this purpose",
                );
            }
            // The recorded names are a map's keys and the notice's channels
            // are unique: the same set when the same size and all recorded.
            let recorded: Vec<&str> = record
                .channels
                .iter()
                .flatten()
                .map(|(n, _)| n.as_str())
                .collect();
            let expected = purpose.channels.iter().map(|c| c.as_str());
            let same = recorded.len() == purpose.channels.len()
                && expected.clone().all(|name| recorded.contains(&name));
            if !same {
                // In the order Channel::ALL names them, whatever the notice's.
                let listed: Vec<&str> = Channel::ALL
                    .iter()
                    .map(|c| c.as_str())
                    .filter(|name| expected.clone().any(|e| e == *name))
                    .collect();
                problems.push(
                    path,
                    Code::ChannelMismatch,
                    format!("the notice's channels are [{}]", listed.join(", ")),
                );
            }
        }
        for purpose in &notice.purposes {
            if !self.purposes.iter().any(|r| r.id == purpose.id) {
                problems.push(
                    "/purposes",
                    Code::MissingPurpose,
                    format!(
                        "no decision recorded for the notice's purpose \"{}\"",
                        purpose.id
                    ),
                );
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
