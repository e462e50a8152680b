//! The receipt payload: what the pupil chose, about which exact texts.

mod against_notice;
mod check;
mod choices;
mod joint;
mod json;

pub use check::check_subject;
pub use choices::Choices;
pub(crate) use joint::missing_joint_signers;
pub use joint::needs_guardian;

use crate::age::{AgeBracket, AgeRecord, GuardianStatement};
use crate::code::Code;
use crate::error::Error;
use crate::json::Value;
use crate::notice::{Channel, Notice};

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
}
