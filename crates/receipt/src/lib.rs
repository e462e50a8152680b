//! The core of Limpide: consent notices, signed consent receipts, and the
//! canonical JSON and JOSE pieces they rest on.
//!
//! - A **notice** ([`Notice`]) is what a controller publishes: one entry per
//!   purpose, each with its texts in every language. [`Notice::from_json`]
//!   refuses anything that would make consent ambiguous.
//! - A **receipt** ([`Receipt`]) records the pupil's explicit decision on
//!   every purpose and the digest of the exact texts shown, as a JWS (General
//!   JSON Serialization, EdDSA/Ed25519) that any JOSE library can check.
//!
//! The crate has no web dependency: it builds natively (CLI, servers) and
//! for `wasm32-unknown-unknown` (the widget). Signing is split in two steps
//! ([`Receipt::signing_input`], [`Receipt::attach`]) so that an asynchronous
//! WebCrypto signer and a native [`SigningKey`] fit alike.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

/// `serde_json::json!`, as the core's own [`Value`]: the unit tests write
/// documents with it.
#[cfg(test)]
macro_rules! json {
    ($($document:tt)+) => {
        $crate::Value::from(serde_json::json!($($document)+))
    };
}

mod age;
mod code;
mod error;
mod guardian;
mod jose;
mod json;
pub mod log;
mod notice;
mod payload;
mod pupil_request;
mod receipt;
mod record;
#[cfg(feature = "ed25519")]
pub mod subject;
#[cfg(feature = "test-support")]
pub mod testing;
mod text;
mod time;
#[cfg(feature = "ed25519")]
mod verdict;

pub use age::{AgeBracket, AgeRecord, GuardianStatement, Wording};
pub use code::Code;
pub use error::{Error, Problem};
pub use guardian::{GuardianAnswer, GuardianRequest};
pub use jose::base64url;
pub use jose::{canonical_digest, sha256_base64url, PublicJwk, Role, SignatureCheck, RECEIPT_TYP};
#[cfg(feature = "ed25519")]
pub use jose::{SigningKey, StrictEd25519};
pub use json::{canonical_json, Map, Number, Value, MAX_DOCUMENT_BYTES};
pub use notice::changes::{NoticeChanges, PurposeChange};
pub use notice::{
    is_known_category, Channel, Controller, GrantValidity, GuardianName, JointConsent,
    LocalizedText, Notice, Purpose, QuietPeriod, RequiredProcessing, SimplerTexts, DPV_PURPOSES,
    KANTARA_CATEGORIES, NOTICE_FORMAT,
};
pub use payload::{
    check_subject, needs_guardian, Choices, Collection, Context, ControllerRecord, Decision,
    NoticeRef, Payload, PreviousReceipt, PurposeRecord, RECEIPT_FORMAT,
};
pub use pupil_request::{PupilRequest, PupilRequestInput, SignedPupilRequest, PUPIL_REQUEST_TYP};
pub use receipt::{
    check_chain, check_chain_among, Chain, ControllerCheck, Receipt, Signer, SigningInput,
};
pub use record::{
    BoxWithdrawal, CampaignManifest, DeviceEnrollment, EnrolledBy, MessageText, RecordKind,
    RecordPayload, ReleaseRecord, SignedEnrollment, SignedManifest, SignedRecord, SignedRelease,
    SignedWithdrawal, Template, Via, CAMPAIGN_TYP, ENROLLMENT_TYP, RELEASE_TYP,
    STOP_URL_PLACEHOLDER, WITHDRAWAL_TYP,
};
pub use time::{format_utc, parse_utc, parse_utc_exact};
#[cfg(feature = "ed25519")]
pub use verdict::{
    controller_name, document_verdict, read_receipt_file, verdict_value, verify_document,
    verify_document_value, verify_receipt, verify_receipt_value, Document, PurposeAccount,
    ReceiptFile, Verified,
};

/// Parses a JSON document strictly (UTF-8, no duplicate member names, at most
/// [`MAX_DOCUMENT_BYTES`], nesting under 128 levels); `what` names it in messages.
pub fn parse_json(bytes: &[u8], what: &str) -> Result<Value, Error> {
    json::parse(bytes, what)
}
