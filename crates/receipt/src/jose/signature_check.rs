//! Who checks an Ed25519 signature. Natively, `ed25519-dalek` does
//! ([`StrictEd25519`], feature `ed25519`, on by default). In the browser the
//! widget asks WebCrypto, which is asynchronous: it checks the signatures a
//! receipt holds first, then reads the receipt with a [`SignatureCheck`]
//! that answers from those results. Either way every other check of a
//! receipt is this crate's, once.

use crate::jose::PublicJwk;

/// Answers whether `signature` is `key`'s valid Ed25519 signature of
/// `message`, with the strict rules of RFC 8032: a canonical `S`, no
/// small-order key or `R`.
pub trait SignatureCheck {
    /// Whether the signature is valid.
    fn is_valid(&self, key: &PublicJwk, message: &[u8], signature: &[u8; 64]) -> bool;
}

/// The native strict check (`ed25519-dalek`'s `verify_strict`).
///
/// ```
/// use limpide_receipt::{SignatureCheck, SigningKey, StrictEd25519};
/// let key = SigningKey::from_seed([7; 32]);
/// let signature = key.sign(b"texts shown");
/// assert!(StrictEd25519.is_valid(&key.public_jwk(), b"texts shown", &signature));
/// assert!(!StrictEd25519.is_valid(&key.public_jwk(), b"other texts", &signature));
/// ```
#[cfg(feature = "ed25519")]
#[derive(Clone, Copy, Debug, Default)]
pub struct StrictEd25519;

#[cfg(feature = "ed25519")]
impl SignatureCheck for StrictEd25519 {
    fn is_valid(&self, key: &PublicJwk, message: &[u8], signature: &[u8; 64]) -> bool {
        key.verify(message, signature)
    }
}
