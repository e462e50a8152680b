//! Why `POST /receipts` refused a receipt, said without HTTP (the answer's
//! status and code are `http/error.rs`'s).

use crate::store::RecordError;

/// Why a receipt was refused; nothing was stored.
#[derive(Debug)]
pub enum Refused {
    /// Not a receipt that verifies (malformed, tampered, forged signature, …).
    Invalid(limpide_receipt::Error),
    /// About a notice id or version the service does not serve.
    UnknownNotice(String, String),
    /// Does not match the notice it names (digests, purposes, channels, an
    /// unlisted controller key).
    NoticeMismatch(limpide_receipt::Error),
    /// The notice version it names does not list this service's key.
    NotOurNotice(String, String),
    /// Signed by no subject or guardian.
    NotSignedBySubject,
    /// No `subject`: nobody could ever be contacted on its strength.
    SubjectMissing,
    /// A `subject` that is neither a controller's id nor a value the
    /// controller issued.
    SubjectNotIssued,
    /// A credential the controller's keys did not sign.
    CredentialInvalid,
    /// A credential for another pupil than the receipt's subject.
    CredentialOtherPupil,
    /// A credential whose time is over.
    CredentialExpired,
    /// Issued more than [`CLOCK_SKEW`](crate::time::CLOCK_SKEW) seconds after the service's clock:
    /// the chain rule orders receipts by `issued_at`, so a date in the
    /// future would outrank every later withdrawal made on another device.
    IssuedInFuture,
    /// Over the limit of its pupil, or of posts that do not authenticate;
    /// nothing was stored: the wait before another.
    TooMany(crate::rate_limit::RetryAfter),
    /// Checked, but the store did not keep it: its id is another payload's,
    /// its chain would lie, or the database failed.
    NotStored(RecordError),
}
