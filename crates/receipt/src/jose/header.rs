//! The protected header of each signature.

use super::{PublicJwk, Role};
use crate::code::Code;
use crate::error::Error;
use crate::json::{object, string, Members, Shape, Value};
use crate::record::RecordKind;

/// The `typ` of every receipt signature: the receipt format and its version.
pub const RECEIPT_TYP: &str = "limpide-receipt+jws;v=1";

/// A checked protected header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Header {
    pub(crate) role: Role,
    pub(crate) key: PublicJwk,
}

impl Header {
    /// A receipt's header as written: `alg` EdDSA, `typ`, `jwk`, `kid` and `role`.
    pub(crate) fn to_value(&self) -> Value {
        self.to_value_as(RecordKind::Receipt)
    }

    /// The header of a document of `kind` (its `typ`) as written.
    pub(crate) fn to_value_as(&self, kind: RecordKind) -> Value {
        object([
            ("alg", string("EdDSA")),
            ("typ", string(kind.typ())),
            ("jwk", self.key.to_value()),
            ("kid", Value::String(self.key.thumbprint())),
            ("role", string(self.role.as_str())),
        ])
    }

    /// Reads a receipt's header; `path` points at the signature's `protected` member.
    pub(crate) fn from_value(value: &Value, path: &str) -> Result<Self, Error> {
        Self::from_value_as(value, path, RecordKind::Receipt)
    }

    /// Reads the header of a document that must be of `kind`: its `typ`
    /// is that kind's, and another kind's `typ` is named as such.
    pub(crate) fn from_value_as(
        value: &Value,
        path: &str,
        kind: RecordKind,
    ) -> Result<Self, Error> {
        const MEMBERS: Members = Members {
            required: &[],
            optional: &["alg", "typ", "jwk", "kid", "role"],
        };
        let map = MEMBERS
            .read_first(value, path, "an object (the protected header)")
            .map_err(|problem| {
                let why = match problem.shape {
                    Shape::Unknown(name @ ("crit" | "b64")) => format!(
                        " (\"{name}\" changes how the signature is checked, which receipts never do)"
                    ),
                    _ => String::new(),
                };
                // At the `protected` member: its bytes hold the header.
                Error::one(path, Code::InvalidHeader, problem.message + &why)
            })?;
        match map.get("alg").and_then(Value::as_str) {
            Some("EdDSA" | "Ed25519") => {}
            Some(other) => {
                return Err(Error::one(
                    path,
                    Code::UnsupportedAlg,
                    format!(
                    "\"alg\": {other:?} is not accepted; receipts are signed with EdDSA (Ed25519)"
                ),
                ))
            }
            None => {
                return Err(Error::one(
                    path,
                    Code::UnsupportedAlg,
                    "the header has no \"alg\" string",
                ))
            }
        }
        let typ = map.get("typ").and_then(Value::as_str);
        if let Some(other) = typ.and_then(RecordKind::from_typ).filter(|k| *k != kind) {
            return Err(kind.wrong(other, path));
        }
        if typ != Some(kind.typ()) {
            return Err(Error::one(
                path,
                Code::InvalidHeader,
                format!(
                    "\"typ\" must be \"{}\", found {}",
                    kind.typ(),
                    map.get("typ")
                        .map_or("nothing".to_owned(), Value::to_string)
                ),
            ));
        }
        let Some(jwk) = map.get("jwk") else {
            return Err(Error::one(
                path,
                Code::MissingJwk,
                "the header has no \"jwk\": the signer's public key is required",
            ));
        };
        let key = PublicJwk::from_value(jwk, &format!("{path}/jwk"))?;
        match map.get("kid").and_then(Value::as_str) {
            Some(kid) if kid == key.thumbprint() => {}
            _ => {
                return Err(Error::one(
                    path,
                    Code::KidMismatch,
                    "\"kid\" is not the RFC 7638 thumbprint of \"jwk\"",
                ))
            }
        }
        let role = map
            .get("role")
            .and_then(Value::as_str)
            .and_then(Role::from_name)
            .ok_or_else(|| {
                Error::one(
                    path,
                    Code::InvalidRole,
                    "\"role\" must be \"subject\", \"guardian\" or \"controller\"",
                )
            })?;
        Ok(Self { role, key })
    }
}
