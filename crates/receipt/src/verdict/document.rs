//! Any signed document a verifier is handed, read as exactly its kind (its
//! `typ`, [`RecordKind::of`]): a receipt stays a receipt, a manifest a
//! manifest. `limpide verify` and the verify page both call this.

use super::Verified;
use crate::error::Error;
use crate::json::{self, Value};
use crate::notice::Notice;
use crate::receipt::{ControllerCheck, Receipt};
use crate::record::{
    RecordKind, RecordPayload, SignedEnrollment, SignedManifest, SignedRecord, SignedRelease,
    SignedWithdrawal,
};
use crate::Role;

/// A verified document: a receipt, or one of the controller's records.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Document {
    /// A consent receipt.
    Receipt(Receipt),
    /// A campaign manifest.
    CampaignManifest(SignedManifest),
    /// A release record.
    ReleaseRecord(SignedRelease),
    /// A one-box withdrawal.
    BoxWithdrawal(SignedWithdrawal),
    /// A device enrollment.
    DeviceEnrollment(SignedEnrollment),
}

/// Reads and verifies a signed document of any kind and, with a notice,
/// checks it against it (a receipt: [`Receipt::check_against`]; a record:
/// [`SignedRecord::check_against`], the controller-key rule).
///
/// ```
/// use limpide_receipt::{verify_document, RecordKind};
/// let text = std::fs::read("../../docs/examples/box-withdrawal.json").unwrap();
/// let document = verify_document(&text, None).unwrap();
/// assert_eq!(document.kind(), RecordKind::BoxWithdrawal);
/// assert!(document.receipt().is_none());
/// ```
pub fn verify_document(bytes: &[u8], notice: Option<&Notice>) -> Result<Document, Error> {
    verify_document_value(&json::parse(bytes, "document")?, notice)
}

/// [`verify_document`] of a document already parsed.
pub fn verify_document_value(value: &Value, notice: Option<&Notice>) -> Result<Document, Error> {
    Ok(match RecordKind::of(value) {
        RecordKind::CampaignManifest => Document::CampaignManifest(record(value, notice)?),
        RecordKind::ReleaseRecord => Document::ReleaseRecord(record(value, notice)?),
        RecordKind::BoxWithdrawal => Document::BoxWithdrawal(record(value, notice)?),
        RecordKind::DeviceEnrollment => Document::DeviceEnrollment(record(value, notice)?),
        _ => Document::Receipt(super::verify_receipt_value(value, notice)?),
    })
}

fn record<T: RecordPayload>(
    value: &Value,
    notice: Option<&Notice>,
) -> Result<SignedRecord<T>, Error> {
    let record = SignedRecord::<T>::from_value(value)?;
    if let Some(notice) = notice {
        record.check_against(notice)?;
    }
    Ok(record)
}

impl Document {
    /// What it is.
    pub fn kind(&self) -> RecordKind {
        match self {
            Self::Receipt(_) => RecordKind::Receipt,
            Self::CampaignManifest(_) => RecordKind::CampaignManifest,
            Self::ReleaseRecord(_) => RecordKind::ReleaseRecord,
            Self::BoxWithdrawal(_) => RecordKind::BoxWithdrawal,
            Self::DeviceEnrollment(_) => RecordKind::DeviceEnrollment,
        }
    }

    /// The receipt, if it is one.
    pub fn receipt(&self) -> Option<&Receipt> {
        match self {
            Self::Receipt(receipt) => Some(receipt),
            _ => None,
        }
    }

    /// The receipt, if it is one, for a chain check.
    pub fn into_receipt(self) -> Option<Receipt> {
        match self {
            Self::Receipt(receipt) => Some(receipt),
            _ => None,
        }
    }
}

impl Verified {
    /// The summary of a document already checked against `notice`, if given.
    pub fn of_document(document: &Document, notice: Option<&Notice>) -> Self {
        match document {
            Document::Receipt(receipt) => Self::of(receipt, notice),
            Document::CampaignManifest(r) => Self::of_record(r, notice),
            Document::ReleaseRecord(r) => Self::of_record(r, notice),
            Document::BoxWithdrawal(r) => Self::of_record(r, notice),
            Document::DeviceEnrollment(r) => Self::of_record(r, notice),
        }
    }

    fn of_record<T: RecordPayload>(record: &SignedRecord<T>, notice: Option<&Notice>) -> Self {
        Self {
            kind: T::KIND,
            receipt_id: record.payload().id().to_owned(),
            digest: record.digest().to_owned(),
            signers: vec![(Role::Controller, record.kid())],
            controller: record
                .controller_check(notice)
                .unwrap_or(ControllerCheck::Unchecked),
        }
    }
}
