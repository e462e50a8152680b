//! Bringing the guardian in, without a server: the pupil's pending
//! request, and the guardian's answer, each small enough for a link's
//! fragment or a QR code.
//!
//! 1. The pupil's device makes a [`GuardianRequest`]: the pupil's choices
//!    and what the payload needs besides (its id, language, chain link),
//!    with an expiry from the notice (`joint_consent.request_valid_hours`).
//! 2. The guardian's device reads it, with the same notice, and shows the
//!    same texts and choices. The guardian confirms or narrows them and
//!    signs the payload they make ([`GuardianRequest::payload`]), which
//!    the [`GuardianAnswer`] carries back: the final grants, the
//!    guardian's statement, the time, the guardian's header and signature.
//! 3. The pupil's device rebuilds the very same payload from its request
//!    and the answer, checks the guardian's signature over it
//!    ([`GuardianRequest::receipt_from`]) and adds the pupil's own: the
//!    joint receipt.
//!
//! On one device the same steps run without the links.
//!
//! ```
//! use limpide_receipt::{Choices, Channel, Collection, Context, GuardianRequest, GuardianAnswer,
//!     GuardianStatement, Notice, Receipt, Role, SigningKey};
//! let notice = Notice::from_json(&std::fs::read("../../www/notices/pass-college.json").unwrap()).unwrap();
//! let mut pupil_choices = Choices::refuse_all();
//! pupil_choices.grant("bons-plans", Some(Channel::Sms));
//! pupil_choices.grant("enquetes", Some(Channel::Email));
//! let context = Context::new("0b9f3f8e-3c7a-4a43-9d55-2f1f0c4b6a10".into(), "2026-12-02T10:00:00Z".into(),
//!     "fr".into(), Collection::new("web-form", "limpide/0.1.0", "webcrypto-indexeddb"));
//! let request = GuardianRequest::new(&notice, &pupil_choices, &context).unwrap();
//! let link = request.to_fragment();
//!
//! // On the guardian's device: the parent agrees to the surveys only.
//! let read = GuardianRequest::from_fragment(&link).unwrap();
//! let mut narrowed = Choices::refuse_all();
//! narrowed.grant("enquetes", Some(Channel::Email));
//! let statement = GuardianStatement { holds_parental_authority: true, name: Some("M. D.".into()) };
//! let payload = read.payload(&notice, &narrowed, statement, "2026-12-02T18:00:00Z").unwrap();
//! let parent = SigningKey::from_seed([2; 32]);
//! let mut signed = Receipt::prepare(&payload);
//! let input = signed.signing_input(Role::Guardian, parent.public_jwk());
//! signed.attach(input.clone(), &parent.sign(input.as_bytes())).unwrap();
//! let answer = GuardianAnswer::of(&signed).unwrap().to_fragment();
//!
//! // Back on the pupil's device: the same payload, the pupil signs last.
//! let answer = GuardianAnswer::from_fragment(&answer).unwrap();
//! let mut receipt = request.receipt_from(&notice, &answer).unwrap();
//! let pupil = SigningKey::from_seed([1; 32]);
//! let input = receipt.signing_input(Role::Subject, pupil.public_jwk());
//! receipt.attach(input.clone(), &pupil.sign(input.as_bytes())).unwrap();
//! let joint = Receipt::from_json(receipt.to_json().as_bytes()).unwrap();
//! assert!(!joint.payload().purposes[0].decisions().any(|(_, d)| d == limpide_receipt::Decision::Granted));
//! ```

mod answer;
mod wire;

pub use answer::GuardianAnswer;

use crate::age::{AgeBracket, GuardianStatement};
use crate::code::Code;
use crate::error::Error;
use crate::notice::{Channel, Notice};
use crate::payload::{Choices, Collection, Context, NoticeRef, Payload, PreviousReceipt};
use crate::time::{format_utc, parse_utc};

/// The pupil's choices, waiting for a guardian. Nothing it holds counts as
/// granted: only the joint receipt made from it does.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct GuardianRequest {
    /// The notice shown to the pupil.
    pub notice: NoticeRef,
    /// The id the joint receipt will have.
    pub receipt_id: String,
    /// The language the pupil read.
    pub language: String,
    /// When the pupil made their choices.
    pub created_at: String,
    /// After this, the request can no longer be confirmed.
    pub expires_at: String,
    /// The boxes the pupil ticked.
    pub choices: Choices,
    /// The pupil's previous receipt, when this one changes it.
    pub previous: Option<PreviousReceipt>,
    /// The embedder's pseudonymous identifier.
    pub subject: Option<String>,
    /// How the pupil's choices are collected and signed.
    pub collection: Collection,
}

impl GuardianRequest {
    /// The request for `choices` made on `notice`, from the context the
    /// pupil's receipt would have (its `issued_at` is when the request is
    /// made); it expires after the notice's `request_valid_hours`.
    pub fn new(notice: &Notice, choices: &Choices, context: &Context) -> Result<Self, Error> {
        let created = parse_utc(&context.issued_at).ok_or_else(|| {
            Error::one(
                "/created_at",
                Code::InvalidTime,
                format!("{:?} is not an RFC 3339 UTC time", context.issued_at),
            )
        })?;
        let valid_for = i64::from(notice.joint_consent.request_valid_hours) * 3600;
        let request = Self {
            notice: NoticeRef {
                id: notice.id.clone(),
                version: notice.version.clone(),
                digest: notice.digest().to_owned(),
            },
            receipt_id: context.receipt_id.clone(),
            language: context.language.clone(),
            created_at: context.issued_at.clone(),
            expires_at: format_utc(created + valid_for),
            choices: choices.clone(),
            previous: context.previous.clone(),
            subject: context.subject.clone(),
            collection: context.collection.clone(),
        };
        // A request whose payload could not be made is refused now, on the
        // pupil's device, not later on the guardian's.
        request.payload(
            notice,
            choices,
            placeholder_statement(notice),
            &context.issued_at,
        )?;
        Ok(request)
    }

    /// Whether the request can no longer be confirmed at `now` (Unix seconds).
    pub fn is_expired(&self, now: i64) -> bool {
        parse_utc(&self.expires_at).is_none_or(|expires| now >= expires)
    }

    /// The joint payload: the pupil's choices narrowed by the guardian's
    /// (a box is granted only where both agreed), the guardian's
    /// statement, and the time the guardian confirmed. A guardian's grant
    /// of a box the pupil refused is refused: a parent cannot override the
    /// child.
    pub fn payload(
        &self,
        notice: &Notice,
        guardian_choices: &Choices,
        statement: GuardianStatement,
        issued_at: &str,
    ) -> Result<Payload, Error> {
        self.check_notice(notice)?;
        let mut granted = Choices::refuse_all();
        for purpose in &notice.purposes {
            for channel in purpose.boxes() {
                let by_guardian = guardian_choices.is_granted(&purpose.id, channel);
                if by_guardian && !self.choices.is_granted(&purpose.id, channel) {
                    return Err(Error::one(
                        "/choices",
                        Code::GuardianWidened,
                        format!(
                            "the guardian granted {} that the pupil refused: only the pupil can give their own consent",
                            box_name(&purpose.id, channel)
                        ),
                    ));
                }
                if by_guardian {
                    granted.grant(&purpose.id, channel);
                }
            }
        }
        let mut context = Context::new(
            self.receipt_id.clone(),
            issued_at.to_owned(),
            self.language.clone(),
            self.collection.clone(),
        );
        context.previous = self.previous.clone();
        context.subject = self.subject.clone();
        context.age = Some(AgeBracket::Under);
        context.guardian = Some(statement);
        let payload = Payload::new(notice, &granted, context)?;
        payload.check_against(notice)?;
        Ok(payload)
    }

    /// Refuses a notice other than the one the pupil was shown: the
    /// guardian must read the very same texts.
    pub fn check_notice(&self, notice: &Notice) -> Result<(), Error> {
        if self.notice.id != notice.id
            || self.notice.version != notice.version
            || self.notice.digest != notice.digest()
        {
            return Err(Error::one(
                "/notice",
                Code::NoticeMismatch,
                format!(
                    "the request is about notice \"{}\" version \"{}\", and this form shows \"{}\" version \"{}\": the pupil must make their choices again on this version",
                    self.notice.id, self.notice.version, notice.id, notice.version
                ),
            ));
        }
        Ok(())
    }
}

/// A statement that passes the notice's name rule, to check that a
/// request's payload can be made before any guardian has answered.
fn placeholder_statement(notice: &Notice) -> GuardianStatement {
    use crate::notice::GuardianName;
    GuardianStatement {
        holds_parental_authority: true,
        name: match notice.joint_consent.guardian_name {
            GuardianName::None => None,
            GuardianName::Initials | GuardianName::Name => Some("A. B.".to_owned()),
        },
    }
}

/// `purpose` or `purpose by channel`, in messages.
fn box_name(purpose: &str, channel: Option<Channel>) -> String {
    match channel {
        Some(c) => format!("\"{purpose}\" by {}", c.as_str()),
        None => format!("\"{purpose}\""),
    }
}
