//! The one-box withdrawal (`limpide-withdrawal+jws;v=1`): the controller
//! records that a pupil stopped exactly one purpose × channel, from a stop
//! link or an objection relayed by its tools. It can never grant: it has no
//! decision member, only the box it withdraws.

use super::fields::{Fields, RECORD_VERSION};
use super::{RecordKind, RecordPayload};
use crate::code::Code;
use crate::error::Error;
use crate::json::{object, string, Members, Value};
use crate::notice::Channel;
use crate::payload::NoticeRef;
use crate::time::parse_utc_exact;

/// A one-box withdrawal, signed by the controller alone.
///
/// It counts against every receipt of that subject and notice issued
/// before it ([`BoxWithdrawal::counts_against`]); a receipt issued after
/// it decides again.
///
/// ```
/// use limpide_receipt::{BoxWithdrawal, Channel, NoticeRef, SignedWithdrawal, SigningKey, Via};
/// let stop = BoxWithdrawal {
///     withdrawal_id: "w-8f2c".into(),
///     issued_at: "2026-09-02T18:20:00Z".into(),
///     subject: "pupil-4821".into(),
///     notice: NoticeRef {
///         id: "pass-region".into(),
///         version: "2026-12-01".into(),
///         digest: limpide_receipt::sha256_base64url(b"the notice"),
///     },
///     purpose: "messages-institutionnels".into(),
///     channel: Some(Channel::Sms),
///     via: Via::StopLink { campaign_id: "c-2026-rentree".into() },
/// };
/// let signed = stop.sign(&SigningKey::from_seed([3; 32])).unwrap();
/// let read = SignedWithdrawal::from_json(signed.to_json().as_bytes()).unwrap();
/// assert_eq!(read.payload(), &stop);
/// assert!(stop.counts_against("2026-09-01T10:00:00Z"));
/// assert!(!stop.counts_against("2026-09-03T08:00:00Z"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoxWithdrawal {
    /// The withdrawal's id (opaque, the service's).
    pub withdrawal_id: String,
    /// When it was recorded (RFC 3339 UTC).
    pub issued_at: String,
    /// The controller's id for the pupil, never the subject value receipts carry.
    pub subject: String,
    /// The notice version whose box is withdrawn.
    pub notice: NoticeRef,
    /// The purpose withdrawn.
    pub purpose: String,
    /// Its channel; `None` for a purpose without channels.
    pub channel: Option<Channel>,
    /// How it came.
    pub via: Via,
}

/// How a one-box withdrawal came to the controller.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Via {
    /// The personal stop link of a campaign's message (`"via": "stop-link"`).
    StopLink {
        /// The campaign whose message held the link.
        campaign_id: String,
    },
    /// An objection relayed by the controller's tools, e.g. an SMS "STOP"
    /// reply (`"via": "objection"`).
    Objection,
}

impl Via {
    /// `stop-link` or `objection`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::StopLink { .. } => "stop-link",
            Self::Objection => "objection",
        }
    }
}

impl BoxWithdrawal {
    /// Whether it counts against a receipt of the same subject and notice
    /// issued at `receipt_issued_at` (RFC 3339 UTC): a receipt issued
    /// before it, or at the same instant, no longer grants this box; a
    /// receipt issued after it decides again. `false` for a time that
    /// does not read.
    pub fn counts_against(&self, receipt_issued_at: &str) -> bool {
        match (
            parse_utc_exact(receipt_issued_at),
            parse_utc_exact(&self.issued_at),
        ) {
            (Some(receipt), Some(withdrawal)) => receipt <= withdrawal,
            _ => false,
        }
    }

    /// Signs it as the controller, after checking it as a verifier will.
    #[cfg(feature = "ed25519")]
    pub fn sign(&self, key: &crate::SigningKey) -> Result<super::SignedWithdrawal, Error> {
        super::SignedRecord::sign(self.clone(), key)
    }
}

impl RecordPayload for BoxWithdrawal {
    const KIND: RecordKind = RecordKind::BoxWithdrawal;

    fn to_value(&self) -> Value {
        let mut value = object([
            ("version", Value::from(RECORD_VERSION)),
            ("withdrawal_id", string(&self.withdrawal_id)),
            ("issued_at", string(&self.issued_at)),
            ("subject", string(&self.subject)),
            ("notice", self.notice.to_value()),
            ("purpose", string(&self.purpose)),
            ("via", string(self.via.as_str())),
        ]);
        if let Some(channel) = self.channel {
            value["channel"] = string(channel.as_str());
        }
        if let Via::StopLink { campaign_id } = &self.via {
            value["campaign_id"] = string(campaign_id);
        }
        value
    }

    fn read(value: &Value) -> Result<Self, Error> {
        const MEMBERS: Members = Members {
            required: &[
                "version",
                "withdrawal_id",
                "issued_at",
                "subject",
                "notice",
                "purpose",
                "via",
            ],
            optional: &["channel", "campaign_id"],
        };
        const P: &str = "/payload";
        let mut f = Fields::default();
        let Some(map) = f.payload(value, &MEMBERS) else {
            return f.finish(None);
        };
        let withdrawal_id = f.id(map, "withdrawal_id", P);
        let issued_at = f.time(map, "issued_at", P);
        let subject = f.id(map, "subject", P);
        let notice = f.notice(map);
        let boxed = f.boxed(map);
        // Present (outer) and, if present, valid (inner).
        let campaign_id = map.get("campaign_id").map(|_| f.id(map, "campaign_id", P));
        let via = match (f.string(map, "via", P).as_deref(), campaign_id) {
            (Some("stop-link"), Some(Some(campaign_id))) => Some(Via::StopLink { campaign_id }),
            (Some("stop-link"), Some(None)) => None,
            (Some("stop-link"), None) => {
                f.problems.push(
                    "/payload",
                    Code::InvalidPayload,
                    "a withdrawal \"via\": \"stop-link\" names its \"campaign_id\"",
                );
                None
            }
            (Some("objection"), None) => Some(Via::Objection),
            (Some("objection"), Some(_)) => {
                f.problems.push(
                    "/payload/campaign_id",
                    Code::InvalidPayload,
                    "only a withdrawal \"via\": \"stop-link\" names a campaign",
                );
                None
            }
            (Some(other), _) => {
                f.problems.push(
                    "/payload/via",
                    Code::InvalidPayload,
                    format!("expected \"stop-link\" or \"objection\", found {other:?}"),
                );
                None
            }
            (None, _) => None,
        };
        let read = (|| {
            let (purpose, channel) = boxed?;
            Some(Self {
                withdrawal_id: withdrawal_id?,
                issued_at: issued_at?.0,
                subject: subject?,
                notice: notice?,
                purpose,
                channel,
                via: via?,
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
        &self.withdrawal_id
    }
}
