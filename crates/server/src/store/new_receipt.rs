//! A receipt as the store takes it, and what can become of it: shared by
//! the transaction (`record.rs`), its statements (`write.rs`) and the
//! recorder that queues receipts for them.

use limpide_receipt::log::LogEntry;

use super::devices::DeviceClaim;
use super::unavailable::Unavailable;

/// A receipt ready to be stored, with what the queries read from it.
pub struct NewReceipt {
    /// The payload's `receipt_id`.
    pub receipt_id: String,
    /// The notice it is about.
    pub notice_id: String,
    /// Its version.
    pub notice_version: String,
    /// The controller's id of the subject (from the checked subject value).
    pub subject: String,
    /// `issued_at`, Unix seconds.
    pub issued_at: i64,
    /// The receipt it follows: its id and payload digest.
    pub previous: Option<(String, String)>,
    /// The payload digest.
    pub digest: String,
    /// The countersigned receipt, JWS JSON.
    pub jws: String,
    /// Its leaf in the transparency log, computed before the transaction
    /// (on the request's worker, not in the writers' turn).
    pub entry: LogEntry,
    /// (purpose, channel or "", granted) for every box.
    pub decisions: Vec<(String, String, bool)>,
    /// The language the pupil read: a released row gets its text in it.
    pub language: String,
    /// When its grants lapse (the notice version's `grant_validity`),
    /// Unix seconds; `None`: never.
    pub lapses_at: Option<i64>,
    /// The key that signed for the pupil, and what came with it to prove
    /// that it may (`devices.rs`).
    pub device: DeviceClaim,
}

/// What became of a receipt.
#[derive(Debug, PartialEq, Eq)]
pub enum Recorded {
    /// Stored now, and appended to the log at this index (`None` only for
    /// a database whose log could not be read: never after opening).
    Stored {
        /// The receipt's leaf in the transparency log.
        log_index: Option<u64>,
    },
    /// Stored before, with the same payload.
    AlreadyStored {
        /// The stored copy.
        jws: String,
        /// Its leaf in the transparency log.
        log_index: Option<u64>,
    },
}

impl Recorded {
    /// The receipt's leaf in the transparency log.
    pub fn log_index(&self) -> Option<u64> {
        match self {
            Self::Stored { log_index } | Self::AlreadyStored { log_index, .. } => *log_index,
        }
    }
}

/// Why a receipt was not stored.
#[derive(Debug)]
pub enum RecordError {
    /// Another payload of the same subject already has this receipt id.
    IdTaken,
    /// `previous` names a stored receipt of the subject's on another
    /// notice, or with another digest: the chain would lie.
    PreviousMismatch(&'static str),
    /// The pupil has no enrolled device yet, and no valid credential (or
    /// enrollment code) came with the receipt.
    CredentialRequired,
    /// The key is not one of the pupil's devices, and the receipt does
    /// more than narrow consent (or came without the pupil's credential).
    KeyNotEnrolled,
    /// The enrollment code is unknown, used, expired or another pupil's.
    EnrollmentCodeInvalid,
    /// The database failed; nothing was written.
    Unavailable(Unavailable),
}

impl From<sqlx::Error> for RecordError {
    fn from(e: sqlx::Error) -> Self {
        Self::Unavailable(Unavailable(e))
    }
}
