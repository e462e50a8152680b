//! Ed25519 public keys as OKP JSON Web Keys (RFC 8037) and their RFC 7638
//! thumbprints, which receipts use as `kid`.

use super::{base64url, sha256_base64url};
use crate::code::Code;
use crate::error::Error;
use crate::json::{object, string, Members, Value};

/// An Ed25519 public key in JWK form: `{"kty":"OKP","crv":"Ed25519","x":…}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PublicJwk {
    x: [u8; 32],
}

impl PublicJwk {
    /// The key with these 32 public-key bytes.
    pub fn from_bytes(x: [u8; 32]) -> Self {
        Self { x }
    }

    /// The 32 public-key bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.x
    }

    /// Verifies an Ed25519 signature strictly (RFC 8032 with the checks of
    /// `ed25519-dalek`'s `verify_strict`: canonical `S`, no small-order key
    /// or `R`), as every receipt signature is verified.
    #[cfg(feature = "ed25519")]
    pub fn verify(&self, message: &[u8], signature: &[u8; 64]) -> bool {
        use ed25519_dalek::{Signature, VerifyingKey};
        VerifyingKey::from_bytes(&self.x).is_ok_and(|key| {
            key.verify_strict(message, &Signature::from_bytes(signature))
                .is_ok()
        })
    }

    /// The JWK as a JSON value.
    pub fn to_value(&self) -> Value {
        object([
            ("kty", string("OKP")),
            ("crv", string("Ed25519")),
            ("x", Value::String(base64url::encode(&self.x))),
        ])
    }

    /// The RFC 7638 thumbprint: SHA-256 over the required members in
    /// lexicographic order, base64url.
    ///
    /// ```
    /// use limpide_receipt::{base64url, PublicJwk};
    /// let x = base64url::decode("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo").unwrap();
    /// let key = PublicJwk::from_bytes(x.try_into().unwrap());
    /// assert_eq!(key.thumbprint(), "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
    /// ```
    pub fn thumbprint(&self) -> String {
        let members = format!(
            r#"{{"crv":"Ed25519","kty":"OKP","x":"{}"}}"#,
            base64url::encode(&self.x)
        );
        sha256_base64url(members.as_bytes())
    }

    /// Reads a public JWK; refuses other key types, extra members and, above
    /// all, a private key (`d`) published where anyone can read it.
    pub fn from_value(value: &Value, path: &str) -> Result<Self, Error> {
        const MEMBERS: Members = Members {
            required: &[],
            optional: &["kty", "crv", "x"],
        };
        // A private part is said first, whatever else is wrong.
        if value.as_object().is_some_and(|map| map.contains_key("d")) {
            return Err(Error::one(
                path,
                Code::PrivateKeyExposed,
                "the key includes its private part (\"d\"); a published key carries only \"x\"",
            ));
        }
        let map = MEMBERS
            .read_first(value, path, "an OKP JSON Web Key object")
            .map_err(|problem| {
                // The whole key is refused, at its own path.
                Error::one(path, Code::InvalidJwk, problem.message)
            })?;
        if map.get("kty").and_then(Value::as_str) != Some("OKP")
            || map.get("crv").and_then(Value::as_str) != Some("Ed25519")
        {
            return Err(Error::one(
                path,
                Code::InvalidJwk,
                "expected \"kty\": \"OKP\" and \"crv\": \"Ed25519\" (RFC 8037)",
            ));
        }
        let x = map.get("x").and_then(Value::as_str).unwrap_or_default();
        let bytes = base64url::decode(x).map_err(|e| {
            Error::one(
                format!("{path}/x"),
                Code::InvalidJwk,
                format!("the public key is not valid: {e}"),
            )
        })?;
        let x: [u8; 32] = bytes.try_into().map_err(|b: Vec<u8>| {
            Error::one(
                format!("{path}/x"),
                Code::InvalidJwk,
                format!("an Ed25519 public key is 32 bytes, found {}", b.len()),
            )
        })?;
        Ok(Self { x })
    }
}
