//! Reading and verifying a receipt: its JWS structure, every signature
//! (strict Ed25519), each header, and the payload. A receipt with any
//! problem is refused; a [`Receipt`] is always a verified one.

use super::{Receipt, SignatureEntry, SigningInput, MAX_SIGNATURES};
use crate::code::Code;
use crate::error::{Error, Problems};
use crate::jose::{base64url, sha256_base64url, Header, PublicJwk, Role, SignatureCheck};
use crate::json::{self, expected, pointer, type_name, Map, Members, Value};
use crate::payload::Payload;

/// Why a joint receipt without the signature of `role` is refused.
fn joint_message(role: Role) -> &'static str {
    match role {
        Role::Guardian => "a receipt for a pupil under the age of digital consent that grants anything, or records a guardian's statement, needs a parent's or guardian's signature over the same payload, and this one has none",
        _ => "a receipt confirmed by a guardian needs the pupil's own signature over the same payload, and has none",
    }
}

impl Receipt {
    /// Reads a receipt (JWS JSON) and checks it completely: structure,
    /// every signature (strict Ed25519), each `kid` against its `jwk`, and
    /// the payload. A receipt with any problem is refused.
    #[cfg(feature = "ed25519")]
    pub fn from_json(bytes: &[u8]) -> Result<Self, Error> {
        Self::from_json_checked(bytes, &crate::StrictEd25519)
    }

    /// Like [`Receipt::from_json`], from a parsed JSON value.
    #[cfg(feature = "ed25519")]
    pub fn from_value(value: &Value) -> Result<Self, Error> {
        Self::from_value_checked(value, &crate::StrictEd25519)
    }

    /// [`Receipt::from_json`] with the signatures checked by `check`.
    pub fn from_json_checked(bytes: &[u8], check: &dyn SignatureCheck) -> Result<Self, Error> {
        Self::from_value_checked(&json::parse(bytes, "receipt")?, check)
    }

    /// [`Receipt::from_value`] with the signatures checked by `check`.
    pub fn from_value_checked(value: &Value, check: &dyn SignatureCheck) -> Result<Self, Error> {
        let receipt = Self::awaiting_signers_checked(value, check)?;
        let missing = receipt.missing_signers();
        if missing.is_empty() {
            return Ok(receipt);
        }
        let mut problems = Problems::default();
        for role in missing {
            problems.push(
                "/signatures",
                Code::JointSignatureMissing,
                joint_message(role),
            );
        }
        problems.finish(receipt)
    }

    /// Reads a receipt that may still wait for a joint signer (a pupil
    /// under the age whose guardian has not signed yet, or the reverse),
    /// checked in every other way: what a signer adds a signature to. It is
    /// not a receipt anyone may rely on until [`Receipt::missing_signers`]
    /// is empty; [`Receipt::from_json`] refuses it until then.
    #[cfg(feature = "ed25519")]
    pub fn awaiting_signers(bytes: &[u8]) -> Result<Self, Error> {
        Self::awaiting_signers_checked(&json::parse(bytes, "receipt")?, &crate::StrictEd25519)
    }

    /// [`Receipt::awaiting_signers`] from a value, with the signatures checked by `check`.
    pub fn awaiting_signers_checked(
        value: &Value,
        check: &dyn SignatureCheck,
    ) -> Result<Self, Error> {
        crate::record::RecordKind::Receipt.expect(value)?;
        let map = jws_object(value)?;
        let (payload_b64, payload_bytes) = base64url_member(
            map,
            "payload",
            "/payload",
            "the receipt has no \"payload\" string",
            "the payload",
        )?;
        let payload_value =
            json::parse(&payload_bytes, "payload").map_err(|e| e.under("/payload"))?;
        let mut problems = Problems::default();
        let payload =
            Payload::from_value(payload_value).map_err(|e| problems.extend(e.under("/payload")));
        let mut signatures = Vec::new();
        match signature_list(map) {
            Ok(list) => {
                for (i, entry) in list.iter().enumerate() {
                    let path = pointer("/signatures", i);
                    if let Err(e) =
                        read_signature(&mut signatures, payload_b64, entry, &path, check)
                    {
                        problems.extend(e);
                    }
                }
            }
            Err(e) => problems.extend(e),
        }
        problems.finish(())?;
        Ok(Self {
            payload_b64: payload_b64.to_owned(),
            // An invalid payload left a problem, so `finish` returned early.
            payload: payload.map_err(|()| {
                Error::one("/payload", Code::InvalidPayload, "the payload is invalid")
            })?,
            digest: sha256_base64url(&payload_bytes),
            signatures,
        })
    }
}

fn read_signature(
    signatures: &mut Vec<SignatureEntry>,
    payload_b64: &str,
    entry: &Value,
    path: &str,
    check: &dyn SignatureCheck,
) -> Result<(), Error> {
    const MEMBERS: Members = Members {
        required: &[],
        optional: &["protected", "signature"],
    };
    let value = entry;
    let Some(entry) = value.as_object() else {
        return Err(Error::one(
            path,
            Code::InvalidJws,
            expected("an object (a signature entry)", value),
        ));
    };
    if entry.contains_key("header") {
        return Err(Error::one(
            pointer(path, "header"),
            Code::UnprotectedHeader,
            "unprotected header parameters are not accepted: everything a signer states must be signed",
        ));
    }
    MEMBERS
        .read_first(value, path, "an object (a signature entry)")
        .map_err(|problem| Error::one(problem.path, Code::InvalidJws, problem.message))?;
    let protected_path = pointer(path, "protected");
    let (protected_b64, protected) = base64url_member(
        entry,
        "protected",
        &protected_path,
        "the signature has no \"protected\" header string",
        "the protected header",
    )?;
    let header_value =
        json::parse(&protected, "protected header").map_err(|e| e.under(&protected_path))?;
    let header = Header::from_value(&header_value, &protected_path)?;
    let signature_path = pointer(path, "signature");
    let (_, signature) = base64url_member(
        entry,
        "signature",
        &signature_path,
        "the entry has no \"signature\" string",
        "the signature",
    )?;
    let input = SigningInput {
        bytes: format!("{protected_b64}.{}", payload_b64).into_bytes(),
        protected_b64: protected_b64.to_owned(),
        header,
    };
    push_checked(
        signatures,
        payload_b64,
        input,
        &signature,
        &signature_path,
        check,
    )
}

/// A member that must be a base64url string: its text and decoded bytes.
/// `missing` is the message when it is absent or not a string; `what`
/// names it in the message when it does not decode.
pub(crate) fn base64url_member<'v>(
    map: &'v Map,
    name: &str,
    path: &str,
    missing: &str,
    what: &str,
) -> Result<(&'v str, Vec<u8>), Error> {
    let text = map
        .get(name)
        .and_then(Value::as_str)
        .ok_or_else(|| Error::one(path, Code::MissingField, missing))?;
    let bytes = base64url::decode(text).map_err(|e| {
        Error::one(
            path,
            Code::InvalidBase64url,
            format!("{what} is not valid: {e}"),
        )
    })?;
    Ok((text, bytes))
}

/// Checks a signature over `input` and keeps it; refuses a second signature
/// by the same key.
pub(super) fn push_checked(
    signatures: &mut Vec<SignatureEntry>,
    payload_b64: &str,
    input: SigningInput,
    signature: &[u8],
    path: &str,
    check: &dyn SignatureCheck,
) -> Result<(), Error> {
    if !input.bytes.ends_with(format!(".{payload_b64}").as_bytes()) {
        return Err(Error::one(
            path,
            Code::BadSignature,
            "the signing input was made for another receipt",
        ));
    }
    let signature: [u8; 64] = signature.try_into().map_err(|_| {
        Error::one(
            path,
            Code::BadSignature,
            format!(
                "an Ed25519 signature is 64 bytes, found {}",
                signature.len()
            ),
        )
    })?;
    verify_signature(&input.header.key, &input.bytes, &signature, path, check)?;
    if signatures.iter().any(|s| s.header.key == input.header.key) {
        return Err(Error::one(
            path,
            Code::DuplicateSignature,
            "this key has already signed the receipt",
        ));
    }
    if signatures.len() >= MAX_SIGNATURES {
        return Err(Error::one(
            path,
            Code::TooMany,
            format!("a receipt has at most {MAX_SIGNATURES} signatures"),
        ));
    }
    signatures.push(SignatureEntry {
        protected_b64: input.protected_b64,
        header: input.header,
        signature,
    });
    Ok(())
}

fn jws_object(value: &Value) -> Result<&Map, Error> {
    let Some(map) = value.as_object() else {
        let hint = if value.as_str().is_some_and(|s| s.split('.').count() == 3) {
            "this is a compact JWS; a receipt uses the General JSON Serialization"
        } else {
            "a receipt is a JWS JSON object with \"payload\" and \"signatures\""
        };
        return Err(Error::one(
            "",
            Code::InvalidJws,
            format!("{hint}, found {}", type_name(value)),
        ));
    };
    if map.contains_key("signature") || map.contains_key("protected") {
        return Err(Error::one(
            "",
            Code::InvalidJws,
            "this is the flattened JWS JSON serialization; a receipt uses the general one, with a \"signatures\" array",
        ));
    }
    const MEMBERS: Members = Members {
        required: &[],
        optional: &["payload", "signatures"],
    };
    MEMBERS
        .read_first(value, "", "an object (a receipt)")
        .map_err(|problem| Error::one(problem.path, Code::InvalidJws, problem.message))
}

fn signature_list(map: &Map) -> Result<&Vec<Value>, Error> {
    let list = map
        .get("signatures")
        .and_then(Value::as_array)
        .ok_or_else(|| {
            Error::one(
                "/signatures",
                Code::MissingField,
                "the receipt has no \"signatures\" array",
            )
        })?;
    if list.is_empty() {
        return Err(Error::one(
            "/signatures",
            Code::Unsigned,
            "the receipt has no signature: nothing vouches for it",
        ));
    }
    if list.len() > MAX_SIGNATURES {
        return Err(Error::one(
            "/signatures",
            Code::TooMany,
            format!(
                "a receipt has at most {MAX_SIGNATURES} signatures, found {}",
                list.len()
            ),
        ));
    }
    Ok(list)
}

fn verify_signature(
    key: &PublicJwk,
    message: &[u8],
    signature: &[u8; 64],
    path: &str,
    check: &dyn SignatureCheck,
) -> Result<(), Error> {
    if check.is_valid(key, message, signature) {
        Ok(())
    } else {
        Err(Error::one(
            path,
            Code::BadSignature,
            "the signature does not match the payload and header",
        ))
    }
}
