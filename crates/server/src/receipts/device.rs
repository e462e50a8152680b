//! Which key speaks for a receipt's pupil, and what came beside the receipt
//! to show that it may: the pupil's credential (`Authorization: Bearer`),
//! an enrollment code (`Limpide-Enrollment-Code`). The store decides with
//! the pupil's enrolled keys (`store/devices.rs`); this side checks what
//! needs no database, and signs the enrollment record the store keeps if
//! the key is enrolled.

use limpide_receipt::log::LogEntry;
use limpide_receipt::{
    base64url, format_utc, sha256_base64url, DeviceEnrollment, EnrolledBy, Receipt, Role,
    SigningKey,
};

use super::refused::Refused;
use crate::controller::credential::{self, CredentialError};
use crate::controller::notices::ListedKeys;
use crate::store::{DeviceClaim, PendingEnrollment, RecordError, Unavailable};
use crate::time::now_seconds;

/// What came beside a receipt, as the client sent it.
#[derive(Clone, Debug, Default)]
pub struct Proof {
    /// The pupil's credential.
    pub credential: Option<String>,
    /// A single-use enrollment code.
    pub enrollment_code: Option<String>,
    /// The connection it came on (the peer's address and port), for the
    /// limits of posts that do not authenticate; kept in memory only.
    pub connection: Option<String>,
}

/// How an enrollment code is kept: its SHA-256, so that the database holds
/// nothing a reader could use.
pub fn enrollment_code_hash(code: &str) -> String {
    sha256_base64url(code.trim().as_bytes())
}

/// The claim the store decides on: the key, whether a valid credential
/// for `subject` came, the code's hash, and the enrollment record signed
/// in case the key is enrolled.
pub(super) fn device_claim(
    receipt: &Receipt,
    subject: &str,
    proof: &Proof,
    listed_keys: &ListedKeys,
    controller: &SigningKey,
) -> Result<DeviceClaim, Refused> {
    let key = speaker_key(receipt).ok_or(Refused::NotSignedBySubject)?;
    let credential = match &proof.credential {
        None => false,
        Some(text) => match credential::verify(listed_keys, text, now_seconds()) {
            Ok(c) if c.subject == subject => true,
            Ok(_) => return Err(Refused::CredentialOtherPupil),
            Err(CredentialError::Expired) => return Err(Refused::CredentialExpired),
            Err(CredentialError::NotIssued) => return Err(Refused::CredentialInvalid),
        },
    };
    let enrollment_code = proof.enrollment_code.as_deref().map(enrollment_code_hash);
    let how = match (&enrollment_code, credential) {
        (Some(_), _) => Some(EnrolledBy::EnrollmentCode),
        (None, true) => Some(EnrolledBy::FirstReceipt),
        (None, false) => None,
    };
    let enrollment = match how {
        Some(how) => Some(enrollment(receipt, subject, &key, how, controller)?),
        None => None,
    };
    Ok(DeviceClaim {
        key,
        credential,
        enrollment_code,
        enrollment,
    })
}

/// The thumbprint of the key that speaks for the pupil in `receipt`: the
/// pupil's own; for a receipt only a guardian signed, the guardian's
/// single-use key (never enrolled without a code).
pub(super) fn speaker_key(receipt: &Receipt) -> Option<String> {
    let signers = receipt.signers();
    signers
        .iter()
        .find(|s| s.role == Role::Subject)
        .or_else(|| signers.iter().find(|s| s.role == Role::Guardian))
        .map(|s| s.key.thumbprint())
}

/// The enrollment record of `key` for `subject`, brought by `receipt`.
pub(super) fn enrollment(
    receipt: &Receipt,
    subject: &str,
    key: &str,
    how: EnrolledBy,
    controller: &SigningKey,
) -> Result<PendingEnrollment, Refused> {
    let mut id = [0u8; 12];
    getrandom::fill(&mut id).map_err(|e| {
        let e = sqlx::Error::Protocol(format!("no random source: {e}"));
        Refused::NotStored(RecordError::Unavailable(Unavailable(e)))
    })?;
    let record = DeviceEnrollment {
        enrollment_id: base64url::encode(&id),
        enrolled_at: format_utc(now_seconds()),
        subject: subject.to_owned(),
        key: key.to_owned(),
        notice: receipt.payload().notice.clone(),
        receipt_id: receipt.payload().receipt_id.clone(),
        how,
    };
    let signed = record.sign(controller).map_err(Refused::Invalid)?;
    Ok(PendingEnrollment {
        enrollment_id: record.enrollment_id,
        how: how.as_str(),
        entry: LogEntry::of_document(&signed.to_value()),
        record: signed.to_json(),
    })
}
