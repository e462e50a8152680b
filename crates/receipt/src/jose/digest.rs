//! SHA-256 digests as they appear in notices and receipts.

use sha2::{Digest as _, Sha256};

use super::base64url;
use crate::json::{canonical_json, Value};

/// The SHA-256 of `bytes`, as base64url without padding (43 characters).
///
/// ```
/// assert_eq!(
///     limpide_receipt::sha256_base64url(b""),
///     "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU"
/// );
/// ```
pub fn sha256_base64url(bytes: &[u8]) -> String {
    base64url::encode(&Sha256::digest(bytes))
}

/// The digest of a JSON value's RFC 8785 canonical form.
pub fn canonical_digest(value: &Value) -> String {
    sha256_base64url(canonical_json(value).as_bytes())
}

/// Whether `text` has the shape of a digest written by [`sha256_base64url`].
pub(crate) fn is_digest(text: &str) -> bool {
    text.len() == 43 && base64url::decode(text).is_ok_and(|b| b.len() == 32)
}
