//! The JWS every controller record is: the General JSON Serialization with
//! exactly one signature, the controller's, whose protected header is a
//! receipt's (`alg`, `jwk`, `kid`, `role`) with the record's own `typ`.
//! Signing and reading it is done here once for the three kinds.

use super::RecordKind;
use crate::code::Code;
use crate::error::Error;
use crate::jose::{base64url, sha256_base64url, Header, PublicJwk, Role, SignatureCheck};
use crate::json::{self, expected, object, pointer, string, type_name, Members, Value};
use crate::receipt::verify::base64url_member;

/// A controller record's JWS, its signature checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ControllerJws {
    pub(crate) payload_b64: String,
    pub(crate) digest: String,
    pub(crate) key: PublicJwk,
    protected_b64: String,
    signature: [u8; 64],
}

impl ControllerJws {
    /// Signs `payload`'s RFC 8785 form as the controller, with `kind`'s `typ`.
    #[cfg(feature = "ed25519")]
    pub(crate) fn sign(payload: &Value, kind: RecordKind, key: &crate::SigningKey) -> Self {
        use crate::json::canonical_json;
        let bytes = canonical_json(payload);
        let payload_b64 = base64url::encode(bytes.as_bytes());
        let header = Header {
            role: Role::Controller,
            key: key.public_jwk(),
        };
        let protected_b64 = base64url::encode(canonical_json(&header.to_value_as(kind)).as_bytes());
        let signature = key.sign(format!("{protected_b64}.{payload_b64}").as_bytes());
        Self {
            digest: sha256_base64url(bytes.as_bytes()),
            payload_b64,
            key: header.key,
            protected_b64,
            signature,
        }
    }

    /// Reads the JWS of a record of `kind` and checks its one signature;
    /// returns it with its payload, parsed but not yet read as the kind's.
    pub(crate) fn read(
        value: &Value,
        kind: RecordKind,
        check: &dyn SignatureCheck,
    ) -> Result<(Self, Value), Error> {
        let what = kind.name();
        let map = value.as_object().ok_or_else(|| {
            let hint = if value.as_str().is_some_and(|s| s.split('.').count() == 3) {
                format!("this is a compact JWS; a {what} uses the General JSON Serialization")
            } else {
                format!("a {what} is a JWS JSON object with \"payload\" and \"signatures\"")
            };
            Error::one(
                "",
                Code::InvalidJws,
                format!("{hint}, found {}", type_name(value)),
            )
        })?;
        const JWS: Members = Members {
            required: &[],
            optional: &["payload", "signatures"],
        };
        JWS.read_first(value, "", "an object")
            .map_err(|p| Error::one(p.path, Code::InvalidJws, p.message))?;
        let (payload_b64, payload_bytes) = base64url_member(
            map,
            "payload",
            "/payload",
            &format!("the {what} has no \"payload\" string"),
            "the payload",
        )?;
        let entry = one_signature(map.get("signatures"), what)?;
        let (protected_b64, protected, signature) = read_entry(entry)?;
        let path = "/signatures/0/protected";
        let header_value =
            json::parse(&protected, "protected header").map_err(|e| e.under(path))?;
        let header = Header::from_value_as(&header_value, path, kind)?;
        if header.role != Role::Controller {
            return Err(Error::one(
                path,
                Code::InvalidRole,
                format!(
                    "a {what} is signed by the controller alone (\"role\": \"controller\"), found \"{}\"",
                    header.role.as_str()
                ),
            ));
        }
        let signature: [u8; 64] = signature.as_slice().try_into().map_err(|_| {
            Error::one(
                "/signatures/0/signature",
                Code::BadSignature,
                format!(
                    "an Ed25519 signature is 64 bytes, found {}",
                    signature.len()
                ),
            )
        })?;
        let input = format!("{protected_b64}.{payload_b64}");
        if !check.is_valid(&header.key, input.as_bytes(), &signature) {
            return Err(Error::one(
                "/signatures/0/signature",
                Code::BadSignature,
                "the signature does not match the payload and header",
            ));
        }
        let payload = json::parse(&payload_bytes, "payload").map_err(|e| e.under("/payload"))?;
        let jws = Self {
            payload_b64: payload_b64.to_owned(),
            digest: sha256_base64url(&payload_bytes),
            key: header.key,
            protected_b64: protected_b64.to_owned(),
            signature,
        };
        Ok((jws, payload))
    }

    /// The JWS JSON value.
    pub(crate) fn to_value(&self) -> Value {
        object([
            ("payload", string(&self.payload_b64)),
            (
                "signatures",
                Value::Array(vec![object([
                    ("protected", string(&self.protected_b64)),
                    (
                        "signature",
                        Value::String(base64url::encode(&self.signature)),
                    ),
                ])]),
            ),
        ])
    }
}

/// The one entry of `signatures`.
fn one_signature<'v>(signatures: Option<&'v Value>, what: &str) -> Result<&'v Value, Error> {
    let list = signatures.and_then(Value::as_array).ok_or_else(|| {
        Error::one(
            "/signatures",
            Code::MissingField,
            format!("the {what} has no \"signatures\" array"),
        )
    })?;
    match list.as_slice() {
        [one] => Ok(one),
        [] => Err(Error::one(
            "/signatures",
            Code::Unsigned,
            format!("the {what} has no signature: nothing vouches for it"),
        )),
        more => Err(Error::one(
            "/signatures",
            Code::TooMany,
            format!(
                "a {what} has exactly one signature, the controller's; found {}",
                more.len()
            ),
        )),
    }
}

/// A signature entry's `protected` text and bytes, and its `signature` bytes.
fn read_entry(entry: &Value) -> Result<(&str, Vec<u8>, Vec<u8>), Error> {
    const PATH: &str = "/signatures/0";
    let Some(map) = entry.as_object() else {
        return Err(Error::one(
            PATH,
            Code::InvalidJws,
            expected("an object (a signature entry)", entry),
        ));
    };
    if map.contains_key("header") {
        return Err(Error::one(
            pointer(PATH, "header"),
            Code::UnprotectedHeader,
            "unprotected header parameters are not accepted: everything a signer states must be signed",
        ));
    }
    const ENTRY: Members = Members {
        required: &[],
        optional: &["protected", "signature"],
    };
    ENTRY
        .read_first(entry, PATH, "an object (a signature entry)")
        .map_err(|p| Error::one(p.path, Code::InvalidJws, p.message))?;
    let (protected_b64, protected) = base64url_member(
        map,
        "protected",
        "/signatures/0/protected",
        "the signature has no \"protected\" header string",
        "the protected header",
    )?;
    let (_, signature) = base64url_member(
        map,
        "signature",
        "/signatures/0/signature",
        "the entry has no \"signature\" string",
        "the signature",
    )?;
    Ok((protected_b64, protected, signature))
}
