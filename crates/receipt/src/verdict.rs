//! What a verifier says of one receipt, in one place: `limpide verify`
//! (text and `--json`) and the families' verify page (this crate compiled to
//! wasm, `crates/verify-web`) both print this, so their verdicts and their
//! problems cannot differ.
//!
//! ```
//! use limpide_receipt::{verdict_value, verify_receipt, Verified};
//!
//! let bytes = br#"{"payload": "e30", "signatures": ["#;
//! let verified = verify_receipt(bytes, None).map(|r| Verified::of(&r, None));
//! let value = verdict_value(verified.as_ref().map(Some));
//! assert_eq!(value["valid"].as_bool(), Some(false));
//! assert_eq!(value["problems"][0]["code"].as_str(), Some("malformed-json"));
//! ```

mod account;
mod document;
mod file;

pub use account::PurposeAccount;
pub use document::{verify_document, verify_document_value, Document};
pub use file::{read_receipt_file, ReceiptFile};

use crate::error::Error;
use crate::jose::Role;
use crate::json::{self, object, string, Value};
use crate::notice::Notice;
use crate::receipt::{ControllerCheck, Receipt};
use crate::record::RecordKind;

/// Reads and verifies a receipt and, with a notice, checks it against it
/// ([`Receipt::check_against`]): what the CLI and the verify page accept
/// alike.
pub fn verify_receipt(bytes: &[u8], notice: Option<&Notice>) -> Result<Receipt, Error> {
    verify_receipt_value(&json::parse(bytes, "receipt")?, notice)
}

/// [`verify_receipt`] of a receipt already parsed (one of an export's, see
/// [`crate::read_receipt_file`]).
pub fn verify_receipt_value(value: &Value, notice: Option<&Notice>) -> Result<Receipt, Error> {
    let receipt = Receipt::from_value(value)?;
    if let Some(notice) = notice {
        receipt.check_against(notice)?;
    }
    Ok(receipt)
}

/// What is reported of a valid receipt or controller record.
#[derive(Clone, Debug, PartialEq)]
pub struct Verified {
    /// What it is: a receipt, or one of the controller's records.
    pub kind: RecordKind,
    /// Its id: a receipt's `receipt_id`, a manifest's or a release
    /// record's `campaign_id`, a withdrawal's `withdrawal_id`.
    pub receipt_id: String,
    /// Its digest (SHA-256 of its payload bytes, base64url).
    pub digest: String,
    /// Each signer's role and key thumbprint, in signature order.
    pub signers: Vec<(Role, String)>,
    /// Whether a controller signature counts.
    pub controller: ControllerCheck,
}

impl Verified {
    /// The summary of a receipt already checked against `notice`, if given
    /// (so an unlisted controller key has already been refused).
    pub fn of(receipt: &Receipt, notice: Option<&Notice>) -> Self {
        Self {
            kind: RecordKind::Receipt,
            controller: receipt
                .controller_check(notice)
                .unwrap_or(ControllerCheck::Unchecked),
            receipt_id: receipt.payload().receipt_id.clone(),
            digest: receipt.digest().to_owned(),
            signers: receipt
                .signers()
                .into_iter()
                .map(|s| (s.role, s.kid))
                .collect(),
        }
    }
}

/// The controller check's name in a verdict: `listed`, `unchecked` or
/// `unsigned`.
pub fn controller_name(check: ControllerCheck) -> &'static str {
    match check {
        ControllerCheck::Listed => "listed",
        ControllerCheck::Unchecked => "unchecked",
        ControllerCheck::Unsigned => "unsigned",
    }
}

/// [`verdict_value`] of a signed document read as JSON, with its `kind`
/// (`receipt`, `campaign-manifest`, `release-record` or `box-withdrawal`)
/// whether it is valid or not: the kind its `typ` says
/// ([`RecordKind::of`]), as it was read.
pub fn document_verdict(kind: RecordKind, result: Result<Option<&Verified>, &Error>) -> Value {
    let mut value = verdict_value(result);
    value["kind"] = string(kind.as_str());
    value
}

/// A verdict as JSON (`docs/cli.md`, `--json`): `valid`, `problems` (each
/// `path`, `code`, `message`) and, for a valid document, `kind`, its id
/// (`receipt_id` for a receipt, `id` for a controller record), `digest`,
/// `signers` (each `role`, `kid`) and `controller`. `Ok(None)` is a valid
/// document with nothing more to say (a notice).
pub fn verdict_value(result: Result<Option<&Verified>, &Error>) -> Value {
    match result {
        Ok(verified) => {
            let mut value = object([
                ("valid", Value::Bool(true)),
                ("problems", Value::Array(Vec::new())),
            ]);
            if let Some(v) = verified {
                value["kind"] = string(v.kind.as_str());
                let id = match v.kind {
                    RecordKind::Receipt => "receipt_id",
                    _ => "id",
                };
                value[id] = string(&v.receipt_id);
                value["digest"] = string(&v.digest);
                value["signers"] = v
                    .signers
                    .iter()
                    .map(|(role, kid)| {
                        object([("role", string(role.as_str())), ("kid", string(kid))])
                    })
                    .collect();
                value["controller"] = string(controller_name(v.controller));
            }
            value
        }
        Err(error) => object([
            ("valid", Value::Bool(false)),
            (
                "problems",
                error
                    .problems()
                    .iter()
                    .map(|p| {
                        object([
                            ("path", string(p.path())),
                            ("code", string(p.code().as_str())),
                            ("message", string(p.message())),
                        ])
                    })
                    .collect(),
            ),
        ]),
    }
}
