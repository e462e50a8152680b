//! The signed receipt: a JWS in the General JSON Serialization (RFC 7515
//! §7.2.1) whose payload is a [`Payload`], with one EdDSA signature per signer.

mod chain;
mod sign;
mod trust;
pub(crate) mod verify;

pub use chain::{check_chain, check_chain_among, Chain};
pub use trust::ControllerCheck;

use crate::error::{Error, Problems};
use crate::jose::{base64url, Header, PublicJwk, Role};
use crate::json::{canonical_json, object, string, Value};
use crate::payload::Payload;

/// At most this many signatures: the subject, guardians, the controller.
const MAX_SIGNATURES: usize = 8;

/// A receipt whose every signature has been checked.
///
/// Made by [`Receipt::prepare`] then signed in two steps
/// ([`Receipt::signing_input`], then [`Receipt::attach`]), or read by
/// [`Receipt::from_json`], which refuses any receipt it cannot fully check.
///
/// ```
/// use limpide_receipt::{Choices, Collection, Context, Notice, Payload, Receipt, Role, SigningKey};
/// let notice = Notice::from_json(&std::fs::read("../../www/notices/pass-region.json").unwrap()).unwrap();
/// let context = Context::new(
///     "0b9f3f8e-3c7a-4a43-9d55-2f1f0c4b6a10".into(),
///     "2026-11-24T18:05:09Z".into(),
///     "fr".into(),
///     Collection::new("cli", "limpide/0.1.0", "jwk-file"),
/// );
/// let payload = Payload::new(&notice, &Choices::refuse_all(), context).unwrap();
/// let key = SigningKey::from_seed([7; 32]);
/// let mut receipt = Receipt::prepare(&payload);
/// let input = receipt.signing_input(Role::Subject, key.public_jwk());
/// let signature = key.sign(input.as_bytes()); // or WebCrypto, asynchronously
/// receipt.attach(input, &signature).unwrap();
///
/// let text = receipt.to_json();
/// let read = Receipt::from_json(text.as_bytes()).unwrap();
/// assert_eq!(read.payload(), &payload);
/// assert!(Receipt::from_json(text.replace("\"signature\":\"", "\"signature\":\"A").as_bytes()).is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receipt {
    payload_b64: String,
    payload: Payload,
    digest: String,
    signatures: Vec<SignatureEntry>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct SignatureEntry {
    protected_b64: String,
    header: Header,
    signature: [u8; 64],
}

/// A signer of a receipt, as its verified header states.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Signer {
    /// Subject, guardian or controller.
    pub role: Role,
    /// The public key.
    pub key: PublicJwk,
    /// Its RFC 7638 thumbprint.
    pub kid: String,
}

/// The bytes one signer signs (`BASE64URL(protected) . BASE64URL(payload)`),
/// with the header they belong to.
#[derive(Clone, Debug)]
pub struct SigningInput {
    protected_b64: String,
    header: Header,
    bytes: Vec<u8>,
}

impl Receipt {
    /// Checks the receipt against the notice it names: same notice digest,
    /// a decision on exactly its purposes and channels, about its texts,
    /// and every `controller` signature made with a key the notice lists
    /// ([`Receipt::controller_check`]). Payload paths point into the
    /// payload (`/payload/...`).
    pub fn check_against(&self, notice: &crate::Notice) -> Result<(), Error> {
        let mut problems = Problems::default();
        if let Err(e) = self.payload.check_against(notice) {
            problems.extend(e.under("/payload"));
        }
        // A notice of another version has already been reported above.
        if problems.is_empty() {
            if let Err(e) = self.controller_check(Some(notice)) {
                problems.extend(e);
            }
        }
        problems.finish(())
    }

    /// The checked payload.
    pub fn payload(&self) -> &Payload {
        &self.payload
    }

    /// The SHA-256 (base64url) of the payload bytes: what a following
    /// receipt names in `previous.digest`. Adding a signature never changes it.
    pub fn digest(&self) -> &str {
        &self.digest
    }

    /// The roles that must still sign for this receipt to count: the
    /// subject and a guardian for a joint receipt, none otherwise
    /// ([`Payload::needs_guardian`]).
    pub fn missing_signers(&self) -> Vec<Role> {
        let signed: Vec<Role> = self.signatures.iter().map(|s| s.header.role).collect();
        crate::payload::missing_joint_signers(&self.payload, &signed)
    }

    /// Whether at least one signature is attached.
    pub fn is_signed(&self) -> bool {
        !self.signatures.is_empty()
    }

    /// The signers, in order.
    pub fn signers(&self) -> Vec<Signer> {
        self.signatures
            .iter()
            .map(|s| Signer {
                role: s.header.role,
                key: s.header.key,
                kid: s.header.key.thumbprint(),
            })
            .collect()
    }

    /// The receipt as a JWS JSON value.
    pub fn to_value(&self) -> Value {
        let signatures: Vec<Value> = self
            .signatures
            .iter()
            .map(|s| {
                object([
                    ("protected", string(&s.protected_b64)),
                    ("signature", Value::String(base64url::encode(&s.signature))),
                ])
            })
            .collect();
        object([
            ("payload", string(&self.payload_b64)),
            ("signatures", Value::Array(signatures)),
        ])
    }

    /// The receipt as JWS JSON text (what is stored, downloaded and sent).
    pub fn to_json(&self) -> String {
        canonical_json(&self.to_value())
    }
}
