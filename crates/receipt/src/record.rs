//! The controller's signed records, each a JWS of its own kind
//! (`docs/receipt-format.md`, "Controller records"): the campaign manifest,
//! the release record and the one-box withdrawal. Each has one signature,
//! the controller's, and counts only with a key that the notice version it
//! names lists in `controller.keys`: the one trust rule receipts follow.

mod controller_jws;
mod enrollment;
mod fields;
mod kind;
mod manifest;
mod release;
mod trust;
mod withdrawal;

pub use enrollment::{DeviceEnrollment, EnrolledBy};
pub use kind::{RecordKind, CAMPAIGN_TYP, ENROLLMENT_TYP, RELEASE_TYP, WITHDRAWAL_TYP};
pub use manifest::{CampaignManifest, MessageText, Template, STOP_URL_PLACEHOLDER};
pub use release::ReleaseRecord;
pub use withdrawal::{BoxWithdrawal, Via};

use controller_jws::ControllerJws;

use crate::error::Error;
use crate::jose::{PublicJwk, SignatureCheck};
use crate::json::{canonical_json, Value};
use crate::notice::Channel;
use crate::payload::NoticeRef;

/// A signed campaign manifest.
pub type SignedManifest = SignedRecord<CampaignManifest>;
/// A signed release record.
pub type SignedRelease = SignedRecord<ReleaseRecord>;
/// A signed one-box withdrawal.
pub type SignedWithdrawal = SignedRecord<BoxWithdrawal>;
/// A signed device enrollment.
pub type SignedEnrollment = SignedRecord<DeviceEnrollment>;

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::CampaignManifest {}
    impl Sealed for super::ReleaseRecord {}
    impl Sealed for super::BoxWithdrawal {}
    impl Sealed for super::DeviceEnrollment {}
}

/// The payload of a controller record: [`CampaignManifest`],
/// [`ReleaseRecord`], [`BoxWithdrawal`] or [`DeviceEnrollment`] (sealed).
pub trait RecordPayload: sealed::Sealed + Sized + Clone + PartialEq {
    /// Its kind, and so its `typ`.
    const KIND: RecordKind;
    /// The payload as its JSON value (signed in its RFC 8785 form).
    fn to_value(&self) -> Value;
    /// Reads a payload strictly, every problem at its pointer under `/payload`.
    fn read(value: &Value) -> Result<Self, Error>;
    /// The notice version it names, if any (a release names its campaign).
    fn notice(&self) -> Option<&NoticeRef>;
    /// The purpose and channel it names, if any.
    fn named_box(&self) -> Option<(&str, Option<Channel>)>;
    /// Its id: the campaign's, or the withdrawal's.
    fn id(&self) -> &str;
    /// The languages of its texts, if it has any (a manifest's template):
    /// they must be exactly the notice's.
    fn text_languages(&self) -> Option<Vec<&str>> {
        None
    }
}

/// A controller record whose JWS structure, header, `kid` and signature
/// have been checked, and whose payload is well formed. Whether its key
/// counts is [`SignedRecord::check_against`]'s question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedRecord<T> {
    payload: T,
    jws: ControllerJws,
}

impl<T: RecordPayload> SignedRecord<T> {
    /// Signs `payload` as the controller with `key`, after checking it as
    /// a verifier will, so that nothing signed here is ever refused later.
    #[cfg(feature = "ed25519")]
    pub fn sign(payload: T, key: &crate::SigningKey) -> Result<Self, Error> {
        let value = payload.to_value();
        // The same reader as a verifier's (its problems under `/payload`),
        // and what it reads is what was given.
        let bytes = canonical_json(&value);
        let read = T::read(&crate::json::parse(bytes.as_bytes(), "payload")?)?;
        if read != payload {
            return Err(Error::one(
                "/payload",
                crate::code::Code::InvalidPayload,
                "the payload does not read back as it was given",
            ));
        }
        Ok(Self {
            jws: ControllerJws::sign(&value, T::KIND, key),
            payload,
        })
    }

    /// Reads a record of this kind (JWS JSON) and checks it: structure,
    /// exactly one signature, `typ`, `role: "controller"`, `kid` against
    /// `jwk`, the signature (strict Ed25519), and the payload.
    #[cfg(feature = "ed25519")]
    pub fn from_json(bytes: &[u8]) -> Result<Self, Error> {
        Self::from_value(&crate::json::parse(bytes, T::KIND.name())?)
    }

    /// [`SignedRecord::from_json`] of a parsed value.
    #[cfg(feature = "ed25519")]
    pub fn from_value(value: &Value) -> Result<Self, Error> {
        Self::from_value_checked(value, &crate::StrictEd25519)
    }

    /// [`SignedRecord::from_value`] with the signature checked by `check`.
    pub fn from_value_checked(value: &Value, check: &dyn SignatureCheck) -> Result<Self, Error> {
        let (jws, payload) = ControllerJws::read(value, T::KIND, check)?;
        Ok(Self {
            payload: T::read(&payload)?,
            jws,
        })
    }

    /// The checked payload.
    pub fn payload(&self) -> &T {
        &self.payload
    }

    /// Its kind.
    pub fn kind(&self) -> RecordKind {
        T::KIND
    }

    /// The SHA-256 (base64url) of its payload bytes (what a release record
    /// names as `manifest_digest`).
    pub fn digest(&self) -> &str {
        &self.jws.digest
    }

    /// The controller's public key that signed it.
    pub fn key(&self) -> PublicJwk {
        self.jws.key
    }

    /// That key's RFC 7638 thumbprint (`kid`).
    pub fn kid(&self) -> String {
        self.jws.key.thumbprint()
    }

    /// The record as a JWS JSON value.
    pub fn to_value(&self) -> Value {
        self.jws.to_value()
    }

    /// The record as JWS JSON text (what is published and stored).
    pub fn to_json(&self) -> String {
        canonical_json(&self.to_value())
    }
}
