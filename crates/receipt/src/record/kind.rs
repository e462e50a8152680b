//! What a signed document is, as its protected header's `typ` says: a
//! receipt, or one of the controller's records. A verifier reads each
//! document as exactly its kind, so a manifest never passes as a receipt,
//! nor a receipt as a manifest.

use crate::code::Code;
use crate::error::Error;
use crate::jose::{base64url, RECEIPT_TYP};
use crate::json::{self, Value};

/// The kind of a signed Limpide document, named by its `typ`.
///
/// ```
/// use limpide_receipt::RecordKind;
/// assert_eq!(RecordKind::from_typ("limpide-campaign+jws;v=1"), Some(RecordKind::CampaignManifest));
/// assert_eq!(RecordKind::CampaignManifest.name(), "campaign manifest");
/// assert_eq!(RecordKind::BoxWithdrawal.as_str(), "box-withdrawal");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RecordKind {
    /// A consent receipt (`limpide-receipt+jws;v=1`), signed by the pupil
    /// and possibly a guardian and the controller.
    Receipt,
    /// A campaign manifest (`limpide-campaign+jws;v=1`): a message, its
    /// purpose and who approved it, signed by the controller.
    CampaignManifest,
    /// A release record (`limpide-release+jws;v=1`): one release of a
    /// campaign's list, signed by the controller.
    ReleaseRecord,
    /// A one-box withdrawal (`limpide-withdrawal+jws;v=1`) the controller
    /// recorded from a stop link or an objection. It can never grant.
    BoxWithdrawal,
    /// A device enrollment (`limpide-enrollment+jws;v=1`): a key the
    /// controller took as one of a pupil's devices, signed by it.
    DeviceEnrollment,
}

/// The `typ` of a campaign manifest.
pub const CAMPAIGN_TYP: &str = "limpide-campaign+jws;v=1";
/// The `typ` of a release record.
pub const RELEASE_TYP: &str = "limpide-release+jws;v=1";
/// The `typ` of a one-box withdrawal.
pub const WITHDRAWAL_TYP: &str = "limpide-withdrawal+jws;v=1";
/// The `typ` of a device enrollment.
pub const ENROLLMENT_TYP: &str = "limpide-enrollment+jws;v=1";

impl RecordKind {
    /// Every kind.
    pub const ALL: [Self; 5] = [
        Self::Receipt,
        Self::CampaignManifest,
        Self::ReleaseRecord,
        Self::BoxWithdrawal,
        Self::DeviceEnrollment,
    ];

    /// The `typ` its protected header carries.
    pub fn typ(self) -> &'static str {
        match self {
            Self::Receipt => RECEIPT_TYP,
            Self::CampaignManifest => CAMPAIGN_TYP,
            Self::ReleaseRecord => RELEASE_TYP,
            Self::BoxWithdrawal => WITHDRAWAL_TYP,
            Self::DeviceEnrollment => ENROLLMENT_TYP,
        }
    }

    /// The kind with this `typ`.
    pub fn from_typ(typ: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.typ() == typ)
    }

    /// Its name for a person: `receipt`, `campaign manifest`, `release
    /// record`, `one-box withdrawal` or `device enrollment`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Receipt => "receipt",
            Self::CampaignManifest => "campaign manifest",
            Self::ReleaseRecord => "release record",
            Self::BoxWithdrawal => "one-box withdrawal",
            Self::DeviceEnrollment => "device enrollment",
        }
    }

    /// Its name in machine-readable reports (`kind` in `limpide verify
    /// --json`): `receipt`, `campaign-manifest`, `release-record`,
    /// `box-withdrawal` or `device-enrollment`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Receipt => "receipt",
            Self::CampaignManifest => "campaign-manifest",
            Self::ReleaseRecord => "release-record",
            Self::BoxWithdrawal => "box-withdrawal",
            Self::DeviceEnrollment => "device-enrollment",
        }
    }

    /// The kind a JWS JSON document says it is: the known `typ` of its
    /// first signature's protected header. Anything else (not a JWS, no
    /// readable header, an unknown `typ`) is read as a receipt, whose
    /// checks then say precisely what is wrong.
    ///
    /// ```
    /// use limpide_receipt::{parse_json, RecordKind};
    /// let text = std::fs::read("../../docs/examples/campaign-manifest.json").unwrap();
    /// assert_eq!(RecordKind::of(&parse_json(&text, "x").unwrap()), RecordKind::CampaignManifest);
    /// assert_eq!(RecordKind::of(&parse_json(b"{}", "x").unwrap()), RecordKind::Receipt);
    /// ```
    pub fn of(document: &Value) -> Self {
        document
            .get("signatures")
            .and_then(Value::as_array)
            .and_then(|list| list.first())
            .and_then(|s| s.get("protected"))
            .and_then(Value::as_str)
            .and_then(|b64| base64url::decode(b64).ok())
            .and_then(|bytes| json::parse(&bytes, "protected header").ok())
            .and_then(|header| {
                header
                    .get("typ")
                    .and_then(Value::as_str)
                    .and_then(Self::from_typ)
            })
            .unwrap_or(Self::Receipt)
    }

    /// Refuses a document that says it is of another known kind than
    /// `self` (`wrong-kind`, at its first signature's header), before any
    /// other check, so that a manifest read as a receipt is said to be a
    /// manifest rather than a receipt with a strange payload.
    pub(crate) fn expect(self, document: &Value) -> Result<(), Error> {
        match Self::of(document) {
            other if other != self && other != Self::Receipt => {
                Err(self.wrong(other, "/signatures/0/protected"))
            }
            _ => Ok(()),
        }
    }

    /// The problem of a document of kind `found` read as one of `self`'s.
    pub(crate) fn wrong(self, found: Self, path: &str) -> Error {
        Error::one(
            path,
            Code::WrongKind,
            format!(
                "this is a {} (\"typ\": \"{}\"), not a {}: each kind is verified as exactly what it is",
                found.name(),
                found.typ(),
                self.name()
            ),
        )
    }
}
