//! The campaign manifest (`limpide-campaign+jws;v=1`): a message bound to
//! its notice, purpose and channel, its exact template and the window it
//! may be sent in, and who drafted and who approved it.

use super::fields::{Fields, RECORD_VERSION};
use super::{RecordKind, RecordPayload};
use crate::code::Code;
use crate::error::Error;
use crate::jose::canonical_digest;
use crate::json::{object, pointer, string, Map, Members, Value};
use crate::notice::Channel;
use crate::payload::NoticeRef;

/// The placeholder each footer holds, replaced per row by its stop link.
pub const STOP_URL_PLACEHOLDER: &str = "{stop_url}";
/// The longest text of a template's member.
const MAX_TEMPLATE_TEXT: usize = 10_000;

/// What a campaign sends, approved by the DPO and signed by the controller.
///
/// Build it with its members, then [`CampaignManifest::sign`]:
///
/// ```
/// use limpide_receipt::{
///     CampaignManifest, Channel, MessageText, Notice, NoticeRef, SignedManifest, SigningKey, Template,
/// };
/// let notice = Notice::from_json(&std::fs::read("../../www/notices/pass-region.json").unwrap()).unwrap();
/// let manifest = CampaignManifest {
///     campaign_id: "c-2026-rentree".into(),
///     notice: NoticeRef::of(&notice),
///     purpose: "messages-institutionnels".into(),
///     channel: Some(Channel::Sms),
///     sender: "Pass'Région".into(),
///     template: Template(vec![
///         ("fr".into(), MessageText::Text { text: "Bonne rentrée !".into(), footer: "Pass'Région. Stop : {stop_url}".into() }),
///         ("en".into(), MessageText::Text { text: "Happy new school year!".into(), footer: "Pass'Région. Stop: {stop_url}".into() }),
///     ]),
///     not_before: "2026-09-01T07:00:00Z".into(),
///     not_after: "2026-09-05T18:00:00Z".into(),
///     drafted_by: "acct-com-1".into(),
///     drafted_at: "2026-08-20T10:00:00Z".into(),
///     approved_by: "acct-dpo-1".into(),
///     approved_at: "2026-08-21T09:30:00Z".into(),
/// };
/// let key = SigningKey::from_seed([3; 32]);
/// let signed = manifest.sign(&key).unwrap();
/// let read = SignedManifest::from_json(signed.to_json().as_bytes()).unwrap();
/// assert_eq!(read.payload(), &manifest);
/// assert_eq!(read.payload().text_digest(), manifest.template.digest());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CampaignManifest {
    /// The campaign's id (opaque, the service's).
    pub campaign_id: String,
    /// The notice version whose purpose the message is sent under.
    pub notice: NoticeRef,
    /// The purpose's id in that notice.
    pub purpose: String,
    /// The channel; `None` for a purpose without channels.
    pub channel: Option<Channel>,
    /// The sender line, naming the controller.
    pub sender: String,
    /// The exact texts, one per language, each footer holding `{stop_url}`.
    pub template: Template,
    /// The first instant it may be sent (RFC 3339 UTC).
    pub not_before: String,
    /// The last instant it may be sent (RFC 3339 UTC).
    pub not_after: String,
    /// The account that drafted it (opaque; the access log names the person).
    pub drafted_by: String,
    /// When it was drafted (RFC 3339 UTC).
    pub drafted_at: String,
    /// The account that approved it, never the one that drafted it.
    pub approved_by: String,
    /// When it was approved (RFC 3339 UTC).
    pub approved_at: String,
}

/// A campaign's texts: one [`MessageText`] per language. Written as a
/// JSON object, its languages come back in name order; two templates are
/// equal when they hold the same texts, whatever their order.
#[derive(Clone, Debug, Default, Eq)]
pub struct Template(pub Vec<(String, MessageText)>);

impl PartialEq for Template {
    fn eq(&self, other: &Self) -> bool {
        self.0.len() == other.0.len()
            && self
                .0
                .iter()
                .all(|(lang, text)| other.get(lang) == Some(text))
    }
}

/// One language's message: `{"text", "footer"}` for SMS and every channel
/// but e-mail, `{"subject", "body", "footer"}` for e-mail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MessageText {
    /// A text message (and every channel other than e-mail).
    Text {
        /// The message.
        text: String,
        /// The footer, holding `{stop_url}`.
        footer: String,
    },
    /// An e-mail.
    Email {
        /// The subject line.
        subject: String,
        /// The body.
        body: String,
        /// The footer, holding `{stop_url}`.
        footer: String,
    },
}

impl MessageText {
    /// The footer, with its `{stop_url}` placeholder.
    pub fn footer(&self) -> &str {
        match self {
            Self::Text { footer, .. } | Self::Email { footer, .. } => footer,
        }
    }

    fn to_value(&self) -> Value {
        match self {
            Self::Text { text, footer } => {
                object([("text", string(text)), ("footer", string(footer))])
            }
            Self::Email {
                subject,
                body,
                footer,
            } => object([
                ("subject", string(subject)),
                ("body", string(body)),
                ("footer", string(footer)),
            ]),
        }
    }
}

impl Template {
    /// The template as its JSON value.
    pub fn to_value(&self) -> Value {
        Value::Object(
            self.0
                .iter()
                .map(|(lang, text)| (lang.clone(), text.to_value()))
                .collect(),
        )
    }

    /// `text_digest`: the base64url SHA-256 of the template's RFC 8785
    /// form, what the DPO approved.
    pub fn digest(&self) -> String {
        canonical_digest(&self.to_value())
    }

    /// The message in `lang`.
    pub fn get(&self, lang: &str) -> Option<&MessageText> {
        self.0.iter().find(|(l, _)| l == lang).map(|(_, t)| t)
    }
}

impl CampaignManifest {
    /// `text_digest`: [`Template::digest`] of its template.
    pub fn text_digest(&self) -> String {
        self.template.digest()
    }

    /// Signs it as the controller, after checking it as a verifier will.
    #[cfg(feature = "ed25519")]
    pub fn sign(&self, key: &crate::SigningKey) -> Result<super::SignedManifest, Error> {
        super::SignedRecord::sign(self.clone(), key)
    }
}

impl RecordPayload for CampaignManifest {
    const KIND: RecordKind = RecordKind::CampaignManifest;

    fn to_value(&self) -> Value {
        let mut value = object([
            ("version", Value::from(RECORD_VERSION)),
            ("campaign_id", string(&self.campaign_id)),
            ("notice", self.notice.to_value()),
            ("purpose", string(&self.purpose)),
            ("sender", string(&self.sender)),
            ("template", self.template.to_value()),
            ("text_digest", Value::String(self.text_digest())),
            ("not_before", string(&self.not_before)),
            ("not_after", string(&self.not_after)),
            ("drafted_by", string(&self.drafted_by)),
            ("drafted_at", string(&self.drafted_at)),
            ("approved_by", string(&self.approved_by)),
            ("approved_at", string(&self.approved_at)),
        ]);
        if let Some(channel) = self.channel {
            value["channel"] = string(channel.as_str());
        }
        value
    }

    fn read(value: &Value) -> Result<Self, Error> {
        const MEMBERS: Members = Members {
            required: &[
                "version",
                "campaign_id",
                "notice",
                "purpose",
                "sender",
                "template",
                "text_digest",
                "not_before",
                "not_after",
                "drafted_by",
                "drafted_at",
                "approved_by",
                "approved_at",
            ],
            optional: &["channel"],
        };
        const P: &str = "/payload";
        let mut f = Fields::default();
        let Some(map) = f.payload(value, &MEMBERS) else {
            return f.finish(None);
        };
        let campaign_id = f.id(map, "campaign_id", P);
        let notice = f.notice(map);
        let boxed = f.boxed(map);
        let sender = f.text(map, "sender", P, 200);
        let template = map
            .get("template")
            .and_then(|t| template(&mut f, t, boxed.as_ref().and_then(|b| b.1)));
        let text_digest = f.digest(map, "text_digest", P);
        let not_before = f.time(map, "not_before", P);
        let not_after = f.time(map, "not_after", P);
        let drafted_by = f.id(map, "drafted_by", P);
        let drafted_at = f.time(map, "drafted_at", P);
        let approved_by = f.id(map, "approved_by", P);
        let approved_at = f.time(map, "approved_at", P);
        if let (Some(t), Some(d)) = (&template, &text_digest) {
            if t.digest() != *d {
                f.problems.push(
                    "/payload/text_digest",
                    Code::DigestMismatch,
                    "\"text_digest\" is not the SHA-256 of the template's RFC 8785 form: \
                     the texts are not the ones approved",
                );
            }
        }
        if let (Some(start), Some(end)) = (&not_before, &not_after) {
            if end.1 < start.1 {
                f.problems.push(
                    "/payload/not_after",
                    Code::InvalidWindow,
                    format!("the window ends ({}) before it starts ({})", end.0, start.0),
                );
            }
        }
        if drafted_by.is_some() && drafted_by == approved_by {
            f.problems.push(
                "/payload/approved_by",
                Code::SelfApproved,
                "the account that drafted the campaign approved it: a second person approves",
            );
        }
        let read = (|| {
            let (purpose, channel) = boxed?;
            Some(Self {
                campaign_id: campaign_id?,
                notice: notice?,
                purpose,
                channel,
                sender: sender?,
                template: template?,
                not_before: not_before?.0,
                not_after: not_after?.0,
                drafted_by: drafted_by?,
                drafted_at: drafted_at?.0,
                approved_by: approved_by?,
                approved_at: approved_at?.0,
            })
        })();
        f.finish(read)
    }

    fn notice(&self) -> Option<&NoticeRef> {
        Some(&self.notice)
    }

    fn named_box(&self) -> Option<(&str, Option<Channel>)> {
        Some((&self.purpose, self.channel))
    }

    fn id(&self) -> &str {
        &self.campaign_id
    }

    fn text_languages(&self) -> Option<Vec<&str>> {
        Some(
            self.template
                .0
                .iter()
                .map(|(lang, _)| lang.as_str())
                .collect(),
        )
    }
}

/// The template: an object of languages, each an e-mail's or a text's members.
fn template(f: &mut Fields, value: &Value, channel: Option<Channel>) -> Option<Template> {
    const PATH: &str = "/payload/template";
    const TEXT: Members = Members {
        required: &["text", "footer"],
        optional: &[],
    };
    const EMAIL: Members = Members {
        required: &["subject", "body", "footer"],
        optional: &[],
    };
    let Some(map) = value.as_object() else {
        f.problems.push(
            PATH,
            Code::InvalidPayload,
            crate::json::expected("an object of one message per language", value),
        );
        return None;
    };
    if map.is_empty() {
        f.problems
            .push(PATH, Code::EmptyList, "the template has no language");
        return None;
    }
    let mut texts = Vec::new();
    let mut ok = true;
    for (lang, message) in map {
        let path = pointer(PATH, lang);
        let email = channel == Some(Channel::Email);
        let Some(m) = f.object(message, &path, if email { &EMAIL } else { &TEXT }) else {
            ok = false;
            continue;
        };
        let read = message_text(f, m, &path, email);
        match read {
            Some(text) => texts.push((lang.clone(), text)),
            None => ok = false,
        }
    }
    ok.then_some(Template(texts))
}

fn message_text(f: &mut Fields, m: &Map, path: &str, email: bool) -> Option<MessageText> {
    let footer = f.text(m, "footer", path, MAX_TEMPLATE_TEXT);
    if let Some(footer) = &footer {
        if !footer.contains(STOP_URL_PLACEHOLDER) {
            f.problems.push(
                pointer(path, "footer"),
                Code::MissingStopUrl,
                format!(
                    "the footer has no \"{STOP_URL_PLACEHOLDER}\": every message says how to stop"
                ),
            );
            return None;
        }
    }
    if email {
        let subject = f.text(m, "subject", path, 200);
        let body = f.text(m, "body", path, MAX_TEMPLATE_TEXT);
        Some(MessageText::Email {
            subject: subject?,
            body: body?,
            footer: footer?,
        })
    } else {
        let text = f.text(m, "text", path, MAX_TEMPLATE_TEXT);
        Some(MessageText::Text {
            text: text?,
            footer: footer?,
        })
    }
}
