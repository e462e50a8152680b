//! Subject values: the controller's own pseudonymous id, with a proof that
//! the controller issued it, so that nobody can post a receipt in another
//! pupil's name (see `docs/server.md`, "Whose receipt is it?").
//!
//! A value is `ID.SIGNATURE`: the Ed25519 signature (base64url) by the
//! controller's key over `limpide-subject-v1:ID`. The service checks it
//! with the public keys the notices list, without a database lookup; a
//! rotated key keeps vouching for the values it issued while it is listed.

use limpide_receipt::{base64url, PublicJwk, SigningKey};

/// What the signature covers, before the id: a signature made for a
/// subject value can never pass for a receipt signature, or the reverse.
const CONTEXT: &str = "limpide-subject-v1:";
/// The longest id: its value (id, dot, 86 characters) fits the 200
/// characters a receipt's `subject` may have.
pub const MAX_ID_CHARS: usize = 100;

/// Why an id or a subject value is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubjectError(pub &'static str);

impl std::fmt::Display for SubjectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for SubjectError {}

/// Checks a controller's id: 1 to 100 characters among ASCII letters,
/// digits and `-_.:@` (a pseudonym, never a name or a phone number in
/// clear, which the format cannot tell apart, but the docs ask for).
pub fn check_id(id: &str) -> Result<(), SubjectError> {
    if id.is_empty() || id.len() > MAX_ID_CHARS {
        return Err(SubjectError(
            "a subject id has 1 to 100 characters (letters, digits, - _ . : @)",
        ));
    }
    if !id
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-_.:@".contains(&b))
    {
        return Err(SubjectError(
            "a subject id has only ASCII letters, digits and - _ . : @",
        ));
    }
    Ok(())
}

/// The value the embedder hands to the widget's `subject` option for `id`.
///
/// ```
/// use limpide_receipt::SigningKey;
/// use limpide_server::controller::subject::{issue, verify};
/// let key = SigningKey::from_seed([5; 32]);
/// let value = issue(&key, "eleve-0042").unwrap();
/// assert!(value.starts_with("eleve-0042."));
/// assert_eq!(verify(&[key.public_jwk()], &value).unwrap(), "eleve-0042");
/// assert!(verify(&[key.public_jwk()], &value.replace("0042", "0043")).is_err());
/// ```
pub fn issue(key: &SigningKey, id: &str) -> Result<String, SubjectError> {
    check_id(id)?;
    let signature = key.sign(format!("{CONTEXT}{id}").as_bytes());
    Ok(format!("{id}.{}", base64url::encode(&signature)))
}

/// The controller's id in `value`, if one of `keys` issued it.
pub fn verify<'v>(keys: &[PublicJwk], value: &'v str) -> Result<&'v str, SubjectError> {
    let not_issued = SubjectError("this subject was not issued by the controller");
    let (id, proof) = value.rsplit_once('.').ok_or(not_issued.clone())?;
    check_id(id).map_err(|_| not_issued.clone())?;
    let signature: [u8; 64] = base64url::decode(proof)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or(not_issued.clone())?;
    let message = format!("{CONTEXT}{id}");
    if keys
        .iter()
        .any(|k| k.verify(message.as_bytes(), &signature))
    {
        Ok(id)
    } else {
        Err(not_issued)
    }
}
