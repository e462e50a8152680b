//! Ed25519 in WebAssembly, for the browsers whose WebCrypto has no Ed25519
//! (older than Chromium 137, Firefox 129 or Safari 17). The widget loads
//! this module only there (`src/signing/fallback.rs`), so that everyone else never
//! downloads it. It signs with `limpide-receipt`'s [`SigningKey`] and
//! verifies with its strict check: the same code as the CLI and the
//! controller's service.
//!
//! ```
//! use limpide_ed25519_fallback::{public_key, sign, verify};
//! let seed = [7; 32];
//! let key = public_key(&seed).unwrap();
//! let signature = sign(&seed, b"texts shown").unwrap();
//! assert!(verify(&key, b"texts shown", &signature));
//! assert!(!verify(&key, b"other texts", &signature));
//! ```

#![forbid(unsafe_code)]

use limpide_receipt::{PublicJwk, SignatureCheck as _, SigningKey, StrictEd25519};
use wasm_bindgen::prelude::*;

/// The 32-byte public key of the key with this 32-byte seed.
#[wasm_bindgen]
pub fn public_key(seed: &[u8]) -> Result<Vec<u8>, JsError> {
    Ok(key(seed)?.public_jwk().as_bytes().to_vec())
}

/// The 64-byte Ed25519 signature of `message` by the key with this seed.
#[wasm_bindgen]
pub fn sign(seed: &[u8], message: &[u8]) -> Result<Vec<u8>, JsError> {
    Ok(key(seed)?.sign(message).to_vec())
}

/// Whether `signature` is `public_key`'s valid signature of `message`,
/// strictly (canonical `S`, no small-order key or `R`).
#[wasm_bindgen]
pub fn verify(public_key: &[u8], message: &[u8], signature: &[u8]) -> bool {
    let (Ok(key), Ok(signature)) = (
        <[u8; 32]>::try_from(public_key),
        <[u8; 64]>::try_from(signature),
    ) else {
        return false;
    };
    StrictEd25519.is_valid(&PublicJwk::from_bytes(key), message, &signature)
}

fn key(seed: &[u8]) -> Result<SigningKey, JsError> {
    let seed: [u8; 32] = seed
        .try_into()
        .map_err(|_| JsError::new("an Ed25519 seed is 32 bytes"))?;
    Ok(SigningKey::from_seed(seed))
}
