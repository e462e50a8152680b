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
pub mod base64url;
mod chain;
mod code;
mod digest;
mod error;
mod guardian;
mod header;
mod jcs;
mod json;
mod jwk;
mod notice;
mod payload;
mod receipt;
mod receipt_file;
mod role;
mod signature_check;
#[cfg(feature = "ed25519")]
mod signing_key;
mod text;
mod time;
mod trust;
mod value;
#[cfg(feature = "ed25519")]
mod verdict;

pub use age::{AgeBracket, AgeRecord, GuardianStatement, Wording};
pub use chain::{check_chain, check_chain_among, Chain};
pub use code::Code;
pub use digest::{canonical_digest, sha256_base64url};
pub use error::{Error, Problem};
pub use guardian::{GuardianAnswer, GuardianRequest};
pub use header::RECEIPT_TYP;
pub use jcs::canonical_json;
pub use json::MAX_DOCUMENT_BYTES;
pub use jwk::PublicJwk;
pub use notice::changes::{NoticeChanges, PurposeChange};
pub use notice::{
    is_known_category, Channel, Controller, GuardianName, JointConsent, LocalizedText, Notice,
    Purpose, RequiredProcessing, SimplerTexts, DPV_PURPOSES, KANTARA_CATEGORIES, NOTICE_FORMAT,
};
pub use payload::{
    check_subject, Choices, Collection, Context, ControllerRecord, Decision, NoticeRef, Payload,
    PreviousReceipt, PurposeRecord, RECEIPT_FORMAT,
};
pub use receipt::{Receipt, Signer, SigningInput};
pub use receipt_file::{read_receipt_file, ReceiptFile};
pub use role::Role;
pub use signature_check::SignatureCheck;
#[cfg(feature = "ed25519")]
pub use signature_check::StrictEd25519;
#[cfg(feature = "ed25519")]
pub use signing_key::SigningKey;
pub use time::{format_utc, parse_utc, parse_utc_exact};
pub use trust::ControllerCheck;
pub use value::{Map, Number, Value};
#[cfg(feature = "ed25519")]
pub use verdict::{controller_name, verdict_value, verify_receipt, verify_receipt_value, Verified};

/// Parses a JSON document strictly (UTF-8, no duplicate member names, at most
/// [`MAX_DOCUMENT_BYTES`], nesting under 128 levels); `what` names it in messages.
pub fn parse_json(bytes: &[u8], what: &str) -> Result<Value, Error> {
    json::parse(bytes, what)
}
