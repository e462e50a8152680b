//! A native Ed25519 signing key, for the CLI, tests and a controller's
//! server. In the browser, WebCrypto holds the key instead.

use ed25519_dalek::Signer as _;

use super::{base64url, PublicJwk};
use crate::code::Code;
use crate::error::Error;
use crate::json;
use crate::json::Value;

/// An Ed25519 signing key (its 32-byte seed, and the public key it gives).
/// Its `Debug` output never shows the seed.
pub struct SigningKey {
    key: ed25519_dalek::SigningKey,
}

impl SigningKey {
    /// The key with this 32-byte seed (the JWK `d`). Take the seed from a
    /// cryptographic random source.
    pub fn from_seed(seed: [u8; 32]) -> Self {
        Self {
            key: ed25519_dalek::SigningKey::from_bytes(&seed),
        }
    }

    /// Reads a private OKP JWK (`kty`, `crv`, `d`, `x`), checking that `x`
    /// belongs to `d`.
    ///
    /// ```
    /// use limpide_receipt::SigningKey;
    /// let jwk = br#"{"kty":"OKP","crv":"Ed25519","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#;
    /// let key = SigningKey::from_jwk(jwk).unwrap();
    /// assert_eq!(key.public_jwk().thumbprint(), "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
    /// ```
    pub fn from_jwk(bytes: &[u8]) -> Result<Self, Error> {
        let value = json::parse(bytes, "private key")?;
        let d = value.get("d").and_then(Value::as_str).ok_or_else(|| {
            Error::one(
                "/d",
                Code::InvalidJwk,
                "a private key file is an OKP JWK with a \"d\" member",
            )
        })?;
        let seed: [u8; 32] = base64url::decode(d)
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| {
                Error::one(
                    "/d",
                    Code::InvalidJwk,
                    "\"d\" is not a 32-byte base64url Ed25519 seed",
                )
            })?;
        let mut public = value.clone();
        if let Some(map) = public.as_object_mut() {
            map.remove("d");
        }
        let stated = PublicJwk::from_value(&public, "")?;
        let key = Self::from_seed(seed);
        if key.public_jwk() != stated {
            return Err(Error::one(
                "/x",
                Code::InvalidJwk,
                "\"x\" is not the public key of \"d\"",
            ));
        }
        Ok(key)
    }

    /// The private JWK, for a key file.
    pub fn to_jwk(&self) -> String {
        let mut value = self.public_jwk().to_value();
        value["d"] = Value::String(base64url::encode(self.key.as_bytes()));
        value.to_string()
    }

    /// The public half.
    pub fn public_jwk(&self) -> PublicJwk {
        PublicJwk::from_bytes(self.key.verifying_key().to_bytes())
    }

    /// Signs `message` (deterministic Ed25519, RFC 8032).
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.key.sign(message).to_bytes()
    }
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("kid", &self.public_jwk().thumbprint())
            .finish_non_exhaustive()
    }
}
