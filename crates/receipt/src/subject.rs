//! The pupil a receipt names: the controller's own pseudonymous id
//! (docs/server.md, "Whose receipt is it?"). Receipts carry it bare; those
//! issued before credentials left receipts carry a subject value
//! `ID.SIGNATURE` (the controller key's Ed25519 signature over
//! `limpide-subject-v1:ID`), read here as its id. Who may post for a pupil
//! is the service's question (its credentials and device keys), not this
//! one's. The service and `limpide log audit` read receipts' pupils by
//! this one rule.

use crate::jose::{base64url, PublicJwk};

/// What a subject value's signature covered, before the id.
const CONTEXT: &str = "limpide-subject-v1:";
/// The longest id: a subject value (id, dot, 86 characters) fit the 200
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

/// The controller's id a receipt's `subject` names: the subject itself, a
/// bare id (what the widget puts in receipts now), or the id of a subject
/// value `ID.SIGNATURE` that one of `keys` issued (what receipts carried
/// before credentials left them: they keep counting as that pupil's).
/// A value is never a credential: it proves nothing about who posts it.
///
/// ```
/// use limpide_receipt::{base64url, SigningKey};
/// use limpide_receipt::subject::id_of;
/// let key = SigningKey::from_seed([5; 32]);
/// assert_eq!(id_of(&[key.public_jwk()], "eleve-0042").unwrap(), "eleve-0042");
/// let signature = key.sign(b"limpide-subject-v1:eleve-0042");
/// let value = format!("eleve-0042.{}", base64url::encode(&signature));
/// assert_eq!(id_of(&[key.public_jwk()], &value).unwrap(), "eleve-0042");
/// assert!(id_of(&[key.public_jwk()], "Jeanne Dupont").is_err());
/// ```
pub fn id_of<'v>(keys: &[PublicJwk], subject: &'v str) -> Result<&'v str, SubjectError> {
    if let Some(id) = issued_value_id(keys, subject) {
        return Ok(id);
    }
    check_id(subject)?;
    Ok(subject)
}

/// The id in `value`, if it is a subject value one of `keys` issued.
fn issued_value_id<'v>(keys: &[PublicJwk], value: &'v str) -> Option<&'v str> {
    let (id, proof) = value.rsplit_once('.')?;
    check_id(id).ok()?;
    let signature: [u8; 64] = base64url::decode(proof).ok()?.try_into().ok()?;
    let message = format!("{CONTEXT}{id}");
    keys.iter()
        .any(|k| k.verify(message.as_bytes(), &signature))
        .then_some(id)
}
