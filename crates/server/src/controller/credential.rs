//! A pupil's credential: what the embedder's signed-in page hands to the
//! widget so that the service takes a first receipt, or a withdrawal from a
//! new device, in that pupil's name (docs/server.md, "Whose receipt is
//! it?"). It never goes in a receipt: the widget sends it as
//! `Authorization: Bearer` on `POST /receipts`.
//!
//! A credential is `ID.EXPIRES.SIGNATURE`: the controller's id, when it
//! expires (Unix seconds), and the controller key's Ed25519 signature
//! (base64url) over `limpide-credential-v1`, the expiry and the id, one per
//! line. It expires rather than being used once: a pupil's visit posts
//! several receipts (a choice, a change, a resend after a network error),
//! and a use counted once would need every node to agree on it; a day
//! bounds what a leaked credential can do, and the device keys bound to the
//! pupil bound it further (it can enroll a key only for a pupil with none).

use limpide_receipt::{base64url, PublicJwk, SigningKey};

use super::subject::{check_id, SubjectError};

/// What the signature covers before the expiry and the id: a credential's
/// signature can pass for no other signature of the controller's key.
const CONTEXT: &str = "limpide-credential-v1";

/// How long a credential lasts unless said otherwise: a school day's
/// session and the evening after it.
pub const DEFAULT_VALIDITY_SECONDS: i64 = 24 * 60 * 60;

/// The longest a credential may last: a leaked one must not outlive a term.
pub const MAX_VALIDITY_SECONDS: i64 = 31 * 24 * 60 * 60;

/// A credential checked: whose, and until when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credential<'v> {
    /// The controller's id of the pupil.
    pub subject: &'v str,
    /// When it stops counting (Unix seconds).
    pub expires_at: i64,
}

/// Why a credential is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CredentialError {
    /// Not one the controller's keys signed (or not a credential at all).
    NotIssued,
    /// Its time is over.
    Expired,
}

/// The message of the signature: the context, the expiry, the id, one per
/// line (an id has no line break, so no two credentials share a message).
fn message(id: &str, expires_at: i64) -> String {
    format!("{CONTEXT}\n{expires_at}\n{id}")
}

/// The credential for `id`, valid until `expires_at` (Unix seconds).
///
/// ```
/// use limpide_receipt::SigningKey;
/// use limpide_server::controller::credential::{issue, verify, CredentialError};
/// let key = SigningKey::from_seed([5; 32]);
/// let credential = issue(&key, "eleve-0042", 2_000_000_000).unwrap();
/// assert!(credential.starts_with("eleve-0042.2000000000."));
/// let checked = verify(&[key.public_jwk()], &credential, 1_900_000_000).unwrap();
/// assert_eq!(checked.subject, "eleve-0042");
/// assert_eq!(verify(&[key.public_jwk()], &credential, 2_000_000_001), Err(CredentialError::Expired));
/// let other = credential.replace("0042", "0043");
/// assert_eq!(verify(&[key.public_jwk()], &other, 0), Err(CredentialError::NotIssued));
/// ```
pub fn issue(key: &SigningKey, id: &str, expires_at: i64) -> Result<String, SubjectError> {
    check_id(id)?;
    let signature = key.sign(message(id, expires_at).as_bytes());
    Ok(format!(
        "{id}.{expires_at}.{}",
        base64url::encode(&signature)
    ))
}

/// Checks `credential` against the controller's listed `keys` at `now`
/// (Unix seconds): whose it is, if one of them issued it and it has not
/// expired. The signature is checked before the expiry, so that a
/// forged credential is never said to be merely expired.
pub fn verify<'v>(
    keys: &[PublicJwk],
    credential: &'v str,
    now: i64,
) -> Result<Credential<'v>, CredentialError> {
    let (rest, proof) = credential
        .rsplit_once('.')
        .ok_or(CredentialError::NotIssued)?;
    let (id, expiry) = rest.rsplit_once('.').ok_or(CredentialError::NotIssued)?;
    check_id(id).map_err(|_| CredentialError::NotIssued)?;
    let expires_at: i64 = (!expiry.is_empty() && expiry.bytes().all(|b| b.is_ascii_digit()))
        .then(|| expiry.parse().ok())
        .flatten()
        .ok_or(CredentialError::NotIssued)?;
    let signature: [u8; 64] = base64url::decode(proof)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or(CredentialError::NotIssued)?;
    let message = message(id, expires_at);
    if !keys
        .iter()
        .any(|k| k.verify(message.as_bytes(), &signature))
    {
        return Err(CredentialError::NotIssued);
    }
    if expires_at <= now {
        return Err(CredentialError::Expired);
    }
    Ok(Credential {
        subject: id,
        expires_at,
    })
}
