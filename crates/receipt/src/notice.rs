//! The notice: what a controller publishes and the widget renders.
//!
//! A notice is read only through [`Notice::from_json`], which checks it
//! completely (see `docs/notice-format.md`); a value of this type is
//! therefore always a notice that may be shown to a pupil.

mod categories;
pub(crate) mod changes;
mod quiet;
mod validate;
mod validity;

use crate::age::Wording;
use crate::error::Error;
use crate::jose::{canonical_digest, PublicJwk};
use crate::json;
use crate::json::{object, string, Value};
use crate::log::LogKey;

pub use categories::{is_known_category, DPV_PURPOSES, KANTARA_CATEGORIES};
pub use quiet::QuietPeriod;
pub use validity::GrantValidity;

/// The newest notice format this crate reads (`"format": 3`); it reads
/// every format from 1 up to it. Format 2 adds `grant_validity` and
/// `campaigns`, format 3 `controller.log_keys`; a notice of an older format is read as it always was, its bytes and
/// digest unchanged. A notice of a newer format is refused with one
/// `unsupported-format` problem: the reader must be updated first.
pub const NOTICE_FORMAT: u64 = 3;

/// A checked notice.
///
/// ```
/// let bytes = std::fs::read("../../www/notices/pass-region.json").unwrap();
/// let notice = limpide_receipt::Notice::from_json(&bytes).unwrap();
/// assert_eq!(notice.languages, ["fr", "en"]);
/// assert!(notice.purposes.len() >= 5);
/// assert_eq!(notice.digest().len(), 43);
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Notice {
    /// Stable identifier, e.g. `pass-region`.
    pub id: String,
    /// The controller's version label; a new one means the texts changed.
    pub version: String,
    /// ISO 3166-1 country (optionally with a subdivision), e.g. `FR`.
    pub jurisdiction: String,
    /// The languages every text is written in, the default first.
    pub languages: Vec<String>,
    /// Below this age, a holder of parental responsibility consents too (15 in France).
    pub age_of_digital_consent: u8,
    /// How a guardian is brought in below that age (`joint_consent`).
    pub joint_consent: JointConsent,
    /// Who decides what is done with the data.
    pub controller: Controller,
    /// The full privacy policy (https).
    pub policy_url: String,
    /// How to withdraw consent, in plain language.
    pub withdrawal: LocalizedText,
    /// Whether an accept-all button may be shown (refuse-all always is).
    pub accept_all: bool,
    /// Processing that does not rest on consent: shown for information, never as a checkbox.
    pub required_processing: Vec<RequiredProcessing>,
    /// The purposes the pupil chooses, one by one.
    pub purposes: Vec<Purpose>,
    /// The notice's `format` (1 or 2).
    pub format: u64,
    grant_validity: Option<GrantValidity>,
    quiet_periods: Vec<QuietPeriod>,
    document: Value,
    digest: String,
}

/// How joint consent runs for this notice: what the guardian gives of
/// themselves, and how long a pending request waits for them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct JointConsent {
    /// Whether the guardian writes their name, their initials, or nothing.
    pub guardian_name: GuardianName,
    /// Hours a pending request waits for the guardian before it expires.
    pub request_valid_hours: u32,
}

impl JointConsent {
    /// Seven days when the notice does not say: long enough for a parent
    /// who sees the message a few days late, short enough that an old
    /// request is not confirmed by surprise.
    pub const DEFAULT_REQUEST_VALID_HOURS: u32 = 168;
    /// Thirty days at most.
    pub const MAX_REQUEST_VALID_HOURS: u32 = 720;
}

impl Default for JointConsent {
    fn default() -> Self {
        Self {
            guardian_name: GuardianName::None,
            request_valid_hours: Self::DEFAULT_REQUEST_VALID_HOURS,
        }
    }
}

/// What a guardian writes of themselves when confirming, as the notice asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum GuardianName {
    /// Nothing: the statement of parental authority alone (the default).
    #[default]
    None,
    /// Initials only.
    Initials,
    /// A name.
    Name,
}

impl GuardianName {
    /// `none`, `initials` or `name`, as notices write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Initials => "initials",
            Self::Name => "name",
        }
    }

    /// The choice with this name.
    pub fn from_name(name: &str) -> Option<Self> {
        [Self::None, Self::Initials, Self::Name]
            .into_iter()
            .find(|g| g.as_str() == name)
    }
}

/// The controller and how to reach it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Controller {
    /// The controller's name.
    pub name: String,
    /// Postal address.
    pub address: String,
    /// An e-mail address or https URL for questions.
    pub contact: String,
    /// How to reach the data-protection officer (e-mail, URL or postal address).
    pub dpo: String,
    /// The public keys that may countersign receipts for this controller
    /// (`controller.keys`): the current one, and those being rotated in or
    /// out. Empty for a notice published without keys: such a notice
    /// vouches for no controller signature.
    pub keys: Vec<PublicJwk>,
    /// The keys that sign the controller's transparency log's checkpoints
    /// (`controller.log_keys`, format 3), all of one log: the current one,
    /// and those being rotated in or out. Empty for a notice without a log.
    pub log_keys: Vec<LogKey>,
}

impl Controller {
    /// Whether `kid` is the RFC 7638 thumbprint of a key this notice lists.
    pub fn lists_key(&self, kid: &str) -> bool {
        self.keys.iter().any(|k| k.thumbprint() == kid)
    }
}

/// One purpose that rests on consent: one checkbox, or one per channel.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Purpose {
    /// Stable identifier (`data-purpose` in the DOM).
    pub id: String,
    /// Exactly one purpose category: `kantara:N` or a W3C DPV term (`dpv:DirectMarketing`).
    pub category: String,
    /// Short title, the checkbox label.
    pub title: LocalizedText,
    /// What is done and why, in plain language.
    pub description: LocalizedText,
    /// The personal data used.
    pub data: Vec<LocalizedText>,
    /// Contact channels; with several, the pupil chooses each one separately.
    pub channels: Vec<Channel>,
    /// Who receives the data.
    pub recipients: Vec<LocalizedText>,
    /// How long the data is kept.
    pub retention: LocalizedText,
    /// A simpler title and description for pupils under the age of
    /// digital consent; optional.
    pub simpler: Option<SimplerTexts>,
}

/// A purpose's title and description in simpler words, for younger pupils.
#[derive(Clone, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct SimplerTexts {
    pub title: LocalizedText,
    pub description: LocalizedText,
}

impl Purpose {
    /// The title shown in `wording`.
    pub fn title_in(&self, wording: Wording) -> &LocalizedText {
        match (&self.simpler, wording) {
            (Some(simpler), Wording::Simpler) => &simpler.title,
            _ => &self.title,
        }
    }

    /// The description shown in `wording`.
    pub fn description_in(&self, wording: Wording) -> &LocalizedText {
        match (&self.simpler, wording) {
            (Some(simpler), Wording::Simpler) => &simpler.description,
            _ => &self.description,
        }
    }

    /// The purpose's checkboxes: one for the purpose itself (`None`) when
    /// it has no channels, otherwise one per channel, in the notice's
    /// order. The form, the receipt, the review of a changed notice and the
    /// CLI all list a purpose's boxes through this one rule.
    ///
    /// ```
    /// # let text = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../www/notices/pass-region.json")).unwrap();
    /// use limpide_receipt::{Channel, Notice};
    /// let notice = Notice::from_json(&text).unwrap();
    /// let boxes: Vec<_> = notice.purposes[0].boxes().collect();
    /// assert_eq!(boxes, [Some(Channel::Sms), Some(Channel::Email)]);
    /// ```
    pub fn boxes(&self) -> impl Iterator<Item = Option<Channel>> + '_ {
        let own = self.channels.is_empty().then_some(None);
        own.into_iter()
            .chain(self.channels.iter().copied().map(Some))
    }
}

/// Processing that rests on another legal basis than consent (the pass itself).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RequiredProcessing {
    /// Stable identifier.
    pub id: String,
    /// GDPR art. 6(1) basis: `contract`, `legal-obligation`, `vital-interests`,
    /// `public-task` or `legitimate-interests`.
    pub legal_basis: String,
    /// Short title.
    pub title: LocalizedText,
    /// What is done and why.
    pub description: LocalizedText,
    /// The personal data used.
    pub data: Vec<LocalizedText>,
    /// Who receives the data.
    pub recipients: Vec<LocalizedText>,
    /// How long the data is kept.
    pub retention: LocalizedText,
}

/// A contact channel a purpose uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Channel {
    /// Text messages.
    Sms,
    /// E-mail.
    Email,
    /// Letters.
    Post,
    /// Phone calls.
    Phone,
    /// Notifications of an app.
    Push,
}

impl Channel {
    /// Every channel, in the order the form shows them.
    pub const ALL: [Channel; 5] = [Self::Sms, Self::Email, Self::Post, Self::Phone, Self::Push];

    /// The name used in notices, receipts and `data-channel`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sms => "sms",
            Self::Email => "email",
            Self::Post => "post",
            Self::Phone => "phone",
            Self::Push => "push",
        }
    }

    /// The channel with this name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

/// A text written in every language of the notice.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LocalizedText(
    // (language, text) in the notice's member order: a notice has two or
    // three languages, and a list keeps another B-tree out of the wasm.
    pub(crate) Vec<(String, String)>,
);

impl LocalizedText {
    /// The text in `language`; `None` only for a language the notice does not declare.
    pub fn get(&self, language: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(l, _)| l == language)
            .map(|(_, text)| text.as_str())
    }
}

impl Notice {
    /// Reads and checks a notice.
    ///
    /// Every problem is reported, each with its JSON Pointer; a notice with
    /// any problem is never returned.
    pub fn from_json(bytes: &[u8]) -> Result<Self, Error> {
        let document = json::parse(bytes, "notice")?;
        validate::notice(document)
    }

    /// The SHA-256 (base64url) of the notice's RFC 8785 canonical form: what
    /// a receipt names as `notice.digest`.
    pub fn digest(&self) -> &str {
        &self.digest
    }

    /// How long a grant under this notice counts (`grant_validity`,
    /// format 2); `None`: until withdrawn.
    ///
    /// ```
    /// # use limpide_receipt::{parse_utc, Notice};
    /// let notice = Notice::from_json(&std::fs::read("../../docs/examples/notice-format-2.json").unwrap()).unwrap();
    /// let validity = notice.grant_validity().unwrap();
    /// assert_eq!(validity.as_str(), "P1Y");
    /// let issued = parse_utc("2026-12-01T09:00:00Z").unwrap();
    /// assert_eq!(validity.lapses_at(issued), parse_utc("2027-12-01T09:00:00Z").unwrap());
    /// ```
    pub fn grant_validity(&self) -> Option<&GrantValidity> {
        self.grant_validity.as_ref()
    }

    /// The periods in which no campaign under this notice is sent
    /// (`campaigns.quiet_periods`, format 2), in the notice's order.
    pub fn quiet_periods(&self) -> &[QuietPeriod] {
        &self.quiet_periods
    }

    /// The notice as published.
    pub fn document(&self) -> &Value {
        &self.document
    }

    /// The purpose with this id.
    pub fn purpose(&self, id: &str) -> Option<&Purpose> {
        self.purposes.iter().find(|p| p.id == id)
    }

    /// The first of `preferred` (BCP 47 tags, best first, e.g. from
    /// `navigator.languages`) that the notice is written in, comparing the
    /// primary subtag when no exact match exists; else the notice's default.
    ///
    /// ```
    /// # let bytes = std::fs::read("../../www/notices/pass-region.json").unwrap();
    /// # let notice = limpide_receipt::Notice::from_json(&bytes).unwrap();
    /// assert_eq!(notice.pick_language(&["de-DE", "en-GB"]), "en");
    /// assert_eq!(notice.pick_language(&["de"]), "fr");
    /// ```
    pub fn pick_language(&self, preferred: &[&str]) -> &str {
        preferred
            .iter()
            .find_map(|wanted| self.match_language(wanted))
            .unwrap_or(&self.languages[0])
    }

    /// The notice's language that `wanted` (a BCP 47 tag) names: the same
    /// tag in any case, else the same primary subtag; `None` if neither.
    ///
    /// ```
    /// # let bytes = std::fs::read("../../www/notices/pass-region.json").unwrap();
    /// # let notice = limpide_receipt::Notice::from_json(&bytes).unwrap();
    /// assert_eq!(notice.match_language("FR-be"), Some("fr"));
    /// assert_eq!(notice.match_language("de"), None);
    /// ```
    pub fn match_language(&self, wanted: &str) -> Option<&str> {
        let exact = self
            .languages
            .iter()
            .find(|l| l.eq_ignore_ascii_case(wanted));
        let primary = wanted.split('-').next().unwrap_or_default();
        exact
            .or_else(|| {
                self.languages.iter().find(|l| {
                    l.split('-')
                        .next()
                        .is_some_and(|p| p.eq_ignore_ascii_case(primary))
                })
            })
            .map(String::as_str)
    }

    /// The exact texts shown for a purpose in `language`, as the JSON value
    /// whose canonical digest a receipt records (`texts_digest`).
    ///
    /// `None` for an unknown purpose or an undeclared language.
    pub fn shown_texts(&self, purpose_id: &str, language: &str) -> Option<Value> {
        self.shown_texts_in(purpose_id, language, Wording::Standard)
    }

    /// [`Notice::shown_texts`] in a wording: the simpler texts, where the
    /// purpose has them, are marked `"wording": "simpler"`, so that their
    /// digest never equals the standard texts'.
    ///
    /// ```
    /// # let bytes = std::fs::read("../../www/notices/pass-college.json").unwrap();
    /// # let notice = limpide_receipt::Notice::from_json(&bytes).unwrap();
    /// use limpide_receipt::Wording;
    /// let id = &notice.purposes[0].id;
    /// let simpler = notice.shown_texts_in(id, "fr", Wording::Simpler).unwrap();
    /// assert_eq!(simpler["wording"].as_str(), Some("simpler"));
    /// assert_ne!(notice.texts_digest_in(id, "fr", Wording::Simpler), notice.texts_digest(id, "fr"));
    /// ```
    pub fn shown_texts_in(
        &self,
        purpose_id: &str,
        language: &str,
        wording: Wording,
    ) -> Option<Value> {
        let purpose = self.purpose(purpose_id)?;
        let text = |t: &LocalizedText| t.get(language).map(string);
        let list = |items: &[LocalizedText]| items.iter().map(text).collect::<Option<Vec<_>>>();
        let channels = purpose
            .channels
            .iter()
            .map(|c| string(c.as_str()))
            .collect();
        Some(object([
            ("purpose", string(&purpose.id)),
            ("language", string(language)),
            ("controller", string(&self.controller.name)),
            ("category", string(&purpose.category)),
            ("title", text(purpose.title_in(wording))?),
            ("description", text(purpose.description_in(wording))?),
            ("data", Value::Array(list(&purpose.data)?)),
            ("channels", Value::Array(channels)),
            ("recipients", Value::Array(list(&purpose.recipients)?)),
            ("retention", text(&purpose.retention)?),
            ("withdrawal", text(&self.withdrawal)?),
        ]))
        .map(|mut texts| {
            if purpose.simpler.is_some() && wording == Wording::Simpler {
                texts["wording"] = string("simpler");
            }
            texts
        })
    }

    /// The digest of [`Notice::shown_texts`].
    pub fn texts_digest(&self, purpose_id: &str, language: &str) -> Option<String> {
        self.texts_digest_in(purpose_id, language, Wording::Standard)
    }

    /// The digest of [`Notice::shown_texts_in`].
    pub fn texts_digest_in(
        &self,
        purpose_id: &str,
        language: &str,
        wording: Wording,
    ) -> Option<String> {
        self.shown_texts_in(purpose_id, language, wording)
            .map(|v| canonical_digest(&v))
    }
}
