//! The device enrollment (`limpide-enrollment+jws;v=1`): the controller
//! records that a key became one of a pupil's devices, when, and how. From
//! then on the service takes that pupil's receipts from their enrolled keys
//! (a receipt that only narrows consent excepted), so a family reading the
//! list of enrollments sees every device that can speak for the pupil.

use super::fields::{Fields, RECORD_VERSION};
use super::{RecordKind, RecordPayload};
use crate::code::Code;
use crate::error::Error;
use crate::json::{object, string, Members, Value};
use crate::notice::Channel;
use crate::payload::NoticeRef;

/// A key enrolled as one of a pupil's devices, signed by the controller.
///
/// ```
/// use limpide_receipt::{DeviceEnrollment, EnrolledBy, NoticeRef, SignedEnrollment, SigningKey};
/// let device = SigningKey::from_seed([9; 32]);
/// let enrollment = DeviceEnrollment {
///     enrollment_id: "e-5d1a".into(),
///     enrolled_at: "2026-09-01T10:00:02Z".into(),
///     subject: "pupil-4821".into(),
///     key: device.public_jwk().thumbprint(),
///     notice: NoticeRef {
///         id: "pass-region".into(),
///         version: "2026-12-01".into(),
///         digest: limpide_receipt::sha256_base64url(b"the notice"),
///     },
///     receipt_id: "0b9f3f8e-3c7a-4a43-9d55-2f1f0c4b6a10".into(),
///     how: EnrolledBy::FirstReceipt,
/// };
/// let signed = enrollment.sign(&SigningKey::from_seed([3; 32])).unwrap();
/// let read = SignedEnrollment::from_json(signed.to_json().as_bytes()).unwrap();
/// assert_eq!(read.payload(), &enrollment);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceEnrollment {
    /// The enrollment's id (opaque, the service's).
    pub enrollment_id: String,
    /// When the key was enrolled (RFC 3339 UTC).
    pub enrolled_at: String,
    /// The controller's id for the pupil.
    pub subject: String,
    /// The device key's RFC 7638 thumbprint (SHA-256, base64url).
    pub key: String,
    /// The notice version of the receipt that brought the key.
    pub notice: NoticeRef,
    /// The receipt, signed by that key, that brought it.
    pub receipt_id: String,
    /// How it came.
    pub how: EnrolledBy,
}

/// How a key became one of a pupil's devices.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EnrolledBy {
    /// It signed the pupil's first receipt, which came with the pupil's
    /// credential (`"first-receipt"`).
    FirstReceipt,
    /// It came with a single-use enrollment code the controller gave the
    /// pupil's signed-in page (`"enrollment-code"`).
    EnrollmentCode,
    /// It had signed receipts the service stored before keys were
    /// enrolled (`"stored-receipt"`).
    StoredReceipt,
}

impl EnrolledBy {
    /// Every way, in the order the docs list them.
    pub const ALL: [Self; 3] = [
        Self::FirstReceipt,
        Self::EnrollmentCode,
        Self::StoredReceipt,
    ];

    /// `first-receipt`, `enrollment-code` or `stored-receipt`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::FirstReceipt => "first-receipt",
            Self::EnrollmentCode => "enrollment-code",
            Self::StoredReceipt => "stored-receipt",
        }
    }

    /// The way named `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|how| how.as_str() == name)
    }
}

impl DeviceEnrollment {
    /// Signs it as the controller, after checking it as a verifier will.
    #[cfg(feature = "ed25519")]
    pub fn sign(&self, key: &crate::SigningKey) -> Result<super::SignedEnrollment, Error> {
        super::SignedRecord::sign(self.clone(), key)
    }
}

impl RecordPayload for DeviceEnrollment {
    const KIND: RecordKind = RecordKind::DeviceEnrollment;

    fn to_value(&self) -> Value {
        object([
            ("version", Value::from(RECORD_VERSION)),
            ("enrollment_id", string(&self.enrollment_id)),
            ("enrolled_at", string(&self.enrolled_at)),
            ("subject", string(&self.subject)),
            ("key", string(&self.key)),
            ("notice", self.notice.to_value()),
            ("receipt_id", string(&self.receipt_id)),
            ("how", string(self.how.as_str())),
        ])
    }

    fn read(value: &Value) -> Result<Self, Error> {
        const MEMBERS: Members = Members {
            required: &[
                "version",
                "enrollment_id",
                "enrolled_at",
                "subject",
                "key",
                "notice",
                "receipt_id",
                "how",
            ],
            optional: &[],
        };
        const P: &str = "/payload";
        let mut f = Fields::default();
        let Some(map) = f.payload(value, &MEMBERS) else {
            return f.finish(None);
        };
        let enrollment_id = f.id(map, "enrollment_id", P);
        let enrolled_at = f.time(map, "enrolled_at", P);
        let subject = f.id(map, "subject", P);
        let key = f.digest(map, "key", P);
        let notice = f.notice(map);
        let receipt_id = f.id(map, "receipt_id", P);
        let how = f.string(map, "how", P).and_then(|name| {
            let how = EnrolledBy::from_name(&name);
            if how.is_none() {
                f.problems.push(
                    "/payload/how",
                    Code::InvalidPayload,
                    format!(
                        "expected \"first-receipt\", \"enrollment-code\" or \"stored-receipt\", found {name:?}"
                    ),
                );
            }
            how
        });
        let read = (|| {
            Some(Self {
                enrollment_id: enrollment_id?,
                enrolled_at: enrolled_at?.0,
                subject: subject?,
                key: key?,
                notice: notice?,
                receipt_id: receipt_id?,
                how: how?,
            })
        })();
        f.finish(read)
    }

    fn notice(&self) -> Option<&NoticeRef> {
        Some(&self.notice)
    }

    fn named_box(&self) -> Option<(&str, Option<Channel>)> {
        None
    }

    fn id(&self) -> &str {
        &self.enrollment_id
    }
}
