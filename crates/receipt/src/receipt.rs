//! The signed receipt: a JWS in the General JSON Serialization (RFC 7515
//! §7.2.1) whose payload is a [`Payload`], with one EdDSA signature per signer.

use serde_json::{json, Map, Value};

use crate::digest::sha256_base64url;
use crate::error::{Error, Problems};
use crate::header::Header;
use crate::json::{self, pointer, type_name};
use crate::jwk::PublicJwk;
use crate::payload::Payload;
use crate::role::Role;
use crate::{base64url, jcs};

/// At most this many signatures: the subject, guardians, the controller.
const MAX_SIGNATURES: usize = 8;

/// A receipt whose every signature has been checked.
///
/// Made by [`Receipt::prepare`] then signed in two steps
/// ([`Receipt::signing_input`], then [`Receipt::attach`]), or read by
/// [`Receipt::from_json`], which refuses any receipt it cannot fully check.
///
/// ```
/// use limpide_receipt::{Choices, Collection, Context, Notice, Payload, Receipt, Role, SigningKey};
/// let notice = Notice::from_json(&std::fs::read("../../www/notices/pass-region.json").unwrap()).unwrap();
/// let context = Context::new(
///     "0b9f3f8e-3c7a-4a43-9d55-2f1f0c4b6a10".into(),
///     "2026-11-24T18:05:09Z".into(),
///     "fr".into(),
///     Collection::new("cli", "limpide/0.1.0", "jwk-file"),
/// );
/// let payload = Payload::new(&notice, &Choices::refuse_all(), context).unwrap();
/// let key = SigningKey::from_seed([7; 32]);
/// let mut receipt = Receipt::prepare(&payload);
/// let input = receipt.signing_input(Role::Subject, key.public_jwk());
/// let signature = key.sign(input.as_bytes()); // or WebCrypto, asynchronously
/// receipt.attach(input, &signature).unwrap();
///
/// let text = receipt.to_json();
/// let read = Receipt::from_json(text.as_bytes()).unwrap();
/// assert_eq!(read.payload(), &payload);
/// assert!(Receipt::from_json(text.replace("\"signature\":\"", "\"signature\":\"A").as_bytes()).is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receipt {
    payload_b64: String,
    payload: Payload,
    digest: String,
    signatures: Vec<SignatureEntry>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct SignatureEntry {
    protected_b64: String,
    header: Header,
    signature: [u8; 64],
}

/// A signer of a receipt, as its verified header states.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Signer {
    /// Subject, guardian or controller.
    pub role: Role,
    /// The public key.
    pub key: PublicJwk,
    /// Its RFC 7638 thumbprint.
    pub kid: String,
}

/// The bytes one signer signs (`BASE64URL(protected) . BASE64URL(payload)`),
/// with the header they belong to.
#[derive(Clone, Debug)]
pub struct SigningInput {
    protected_b64: String,
    header: Header,
    bytes: Vec<u8>,
}

impl SigningInput {
    /// The bytes to sign with Ed25519.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }
}

impl Receipt {
    /// A receipt of `payload` with no signature yet. Its payload bytes are
    /// the payload's RFC 8785 canonical form.
    pub fn prepare(payload: &Payload) -> Self {
        let value = serde_json::to_value(payload).unwrap_or(Value::Null);
        let bytes = jcs::canonical_json(&value);
        Self {
            payload_b64: base64url::encode(bytes.as_bytes()),
            payload: payload.clone(),
            digest: sha256_base64url(bytes.as_bytes()),
            signatures: Vec::new(),
        }
    }

    /// Step one of signing: what `role`'s key `key` must sign.
    pub fn signing_input(&self, role: Role, key: PublicJwk) -> SigningInput {
        let header = Header { role, key };
        let protected_b64 = base64url::encode(header.to_value().to_string().as_bytes());
        let bytes = format!("{protected_b64}.{}", self.payload_b64).into_bytes();
        SigningInput {
            protected_b64,
            header,
            bytes,
        }
    }

    /// Step two: attaches the signature made over `input`, after checking
    /// it, so that a faulty signer can never produce a receipt that fails
    /// verification later.
    pub fn attach(&mut self, input: SigningInput, signature: &[u8]) -> Result<(), Error> {
        let path = pointer("/signatures", self.signatures.len());
        push_checked(
            &mut self.signatures,
            &self.payload_b64,
            input,
            signature,
            &path,
        )
    }

    /// Reads a receipt (JWS JSON) and checks it completely: structure,
    /// every signature (strict Ed25519), each `kid` against its `jwk`, and
    /// the payload. A receipt with any problem is refused.
    pub fn from_json(bytes: &[u8]) -> Result<Self, Error> {
        Self::from_value(&json::parse(bytes, "receipt")?)
    }

    /// Like [`Receipt::from_json`], from a parsed JSON value.
    pub fn from_value(value: &Value) -> Result<Self, Error> {
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
                    if let Err(e) = read_signature(&mut signatures, payload_b64, entry, &path) {
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
                Error::one("/payload", "invalid-payload", "the payload is invalid")
            })?,
            digest: sha256_base64url(&payload_bytes),
            signatures,
        })
    }

    /// Checks the receipt against the notice it names: same notice digest,
    /// a decision on exactly its purposes and channels, about its texts,
    /// and every `controller` signature made with a key the notice lists
    /// ([`Receipt::controller_check`]). Payload paths point into the
    /// payload (`/payload/...`).
    pub fn check_against(&self, notice: &crate::Notice) -> Result<(), Error> {
        let mut problems = Problems::default();
        if let Err(e) = self.payload.check_against(notice) {
            problems.extend(e.under("/payload"));
        }
        // A notice of another version has already been reported above.
        if problems.is_empty() {
            if let Err(e) = self.controller_check(Some(notice)) {
                problems.extend(e);
            }
        }
        problems.finish(())
    }

    /// The checked payload.
    pub fn payload(&self) -> &Payload {
        &self.payload
    }

    /// The SHA-256 (base64url) of the payload bytes: what a following
    /// receipt names in `previous.digest`. Adding a signature never changes it.
    pub fn digest(&self) -> &str {
        &self.digest
    }

    /// Whether at least one signature is attached.
    pub fn is_signed(&self) -> bool {
        !self.signatures.is_empty()
    }

    /// The signers, in order.
    pub fn signers(&self) -> Vec<Signer> {
        self.signatures
            .iter()
            .map(|s| Signer {
                role: s.header.role,
                key: s.header.key,
                kid: s.header.key.thumbprint(),
            })
            .collect()
    }

    /// The receipt as a JWS JSON value.
    pub fn to_value(&self) -> Value {
        let signatures: Vec<Value> = self
            .signatures
            .iter()
            .map(|s| json!({"protected": s.protected_b64, "signature": base64url::encode(&s.signature)}))
            .collect();
        json!({"payload": self.payload_b64, "signatures": signatures})
    }

    /// The receipt as JWS JSON text (what is stored, downloaded and sent).
    pub fn to_json(&self) -> String {
        self.to_value().to_string()
    }
}

fn read_signature(
    signatures: &mut Vec<SignatureEntry>,
    payload_b64: &str,
    entry: &Value,
    path: &str,
) -> Result<(), Error> {
    let Some(entry) = entry.as_object() else {
        return Err(Error::one(
            path,
            "invalid-jws",
            format!("a signature entry is an object, found {}", type_name(entry)),
        ));
    };
    if entry.contains_key("header") {
        return Err(Error::one(
            pointer(path, "header"),
            "unprotected-header",
            "unprotected header parameters are not accepted: everything a signer states must be signed",
        ));
    }
    if let Some(extra) = entry
        .keys()
        .find(|k| *k != "protected" && *k != "signature")
    {
        return Err(Error::one(
            pointer(path, extra),
            "invalid-jws",
            format!("unexpected member \"{extra}\""),
        ));
    }
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
    push_checked(signatures, payload_b64, input, &signature, &signature_path)
}

/// A member that must be a base64url string: its text and decoded bytes.
/// `missing` is the message when it is absent or not a string; `what`
/// names it in the message when it does not decode.
fn base64url_member<'v>(
    map: &'v Map<String, Value>,
    name: &str,
    path: &str,
    missing: &str,
    what: &str,
) -> Result<(&'v str, Vec<u8>), Error> {
    let text = map
        .get(name)
        .and_then(Value::as_str)
        .ok_or_else(|| Error::one(path, "missing-field", missing))?;
    let bytes = base64url::decode(text).map_err(|e| {
        Error::one(
            path,
            "invalid-base64url",
            format!("{what} is not valid: {e}"),
        )
    })?;
    Ok((text, bytes))
}

/// Checks a signature over `input` and keeps it; refuses a second signature
/// by the same key.
fn push_checked(
    signatures: &mut Vec<SignatureEntry>,
    payload_b64: &str,
    input: SigningInput,
    signature: &[u8],
    path: &str,
) -> Result<(), Error> {
    if !input.bytes.ends_with(format!(".{payload_b64}").as_bytes()) {
        return Err(Error::one(
            path,
            "bad-signature",
            "the signing input was made for another receipt",
        ));
    }
    let signature: [u8; 64] = signature.try_into().map_err(|_| {
        Error::one(
            path,
            "bad-signature",
            format!(
                "an Ed25519 signature is 64 bytes, found {}",
                signature.len()
            ),
        )
    })?;
    verify_signature(&input.header.key, &input.bytes, &signature, path)?;
    if signatures.iter().any(|s| s.header.key == input.header.key) {
        return Err(Error::one(
            path,
            "duplicate-signature",
            "this key has already signed the receipt",
        ));
    }
    if signatures.len() >= MAX_SIGNATURES {
        return Err(Error::one(
            path,
            "too-many",
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

fn jws_object(value: &Value) -> Result<&Map<String, Value>, Error> {
    let Some(map) = value.as_object() else {
        let hint = if value.as_str().is_some_and(|s| s.split('.').count() == 3) {
            "this is a compact JWS; a receipt uses the General JSON Serialization"
        } else {
            "a receipt is a JWS JSON object with \"payload\" and \"signatures\""
        };
        return Err(Error::one(
            "",
            "invalid-jws",
            format!("{hint}, found {}", type_name(value)),
        ));
    };
    if map.contains_key("signature") || map.contains_key("protected") {
        return Err(Error::one(
            "",
            "invalid-jws",
            "this is the flattened JWS JSON serialization; a receipt uses the general one, with a \"signatures\" array",
        ));
    }
    if let Some(extra) = map.keys().find(|k| *k != "payload" && *k != "signatures") {
        return Err(Error::one(pointer("", extra), "invalid-jws", format!("unexpected member \"{extra}\"; a receipt has exactly \"payload\" and \"signatures\"")));
    }
    Ok(map)
}

fn signature_list(map: &Map<String, Value>) -> Result<&Vec<Value>, Error> {
    let list = map
        .get("signatures")
        .and_then(Value::as_array)
        .ok_or_else(|| {
            Error::one(
                "/signatures",
                "missing-field",
                "the receipt has no \"signatures\" array",
            )
        })?;
    if list.is_empty() {
        return Err(Error::one(
            "/signatures",
            "unsigned",
            "the receipt has no signature: nothing vouches for it",
        ));
    }
    if list.len() > MAX_SIGNATURES {
        return Err(Error::one(
            "/signatures",
            "too-many",
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
) -> Result<(), Error> {
    if key.verify(message, signature) {
        Ok(())
    } else {
        Err(Error::one(
            path,
            "bad-signature",
            "the signature does not match the payload and header",
        ))
    }
}
