//! A pupil's signed request (`limpide-pupil-request+jws;v=1`): the pupil's
//! device proves that it is one of this pupil's devices by signing a short
//! request with its device key, the key that signs its receipts
//! (docs/receipt-format.md, "A pupil's signed request"). The controller's
//! service answers it with what it recorded for that pupil: the boxes it
//! withdrew and the messages that reached them.
//!
//! A compact JWS (RFC 7515 §7.1): `BASE64URL(header) . BASE64URL(payload) .
//! BASE64URL(signature)`, the header
//! `{"alg":"EdDSA","jwk":…,"kid":…,"typ":"limpide-pupil-request+jws;v=1"}`
//! and the payload `{"issued_at":…,"notice":…,"subject":…,"version":1}`,
//! both in their RFC 8785 form. Signed in two steps, as receipts are, so that
//! an asynchronous WebCrypto signer fits: [`PupilRequest::signing_input`],
//! then [`PupilRequestInput::attach`].
//!
//! ```
//! use limpide_receipt::{PupilRequest, SigningKey, StrictEd25519};
//! let request = PupilRequest {
//!     subject: "eleve-0042.c2ln".into(),
//!     notice: "pass-region".into(),
//!     issued_at: "2026-12-07T03:00:00Z".into(),
//! };
//! let key = SigningKey::from_seed([7; 32]);
//! let input = request.signing_input(key.public_jwk());
//! let signature = key.sign(input.as_bytes()); // or WebCrypto, asynchronously
//! let compact = input.attach(&signature).unwrap();
//!
//! let read = PupilRequest::verify(&compact, &StrictEd25519).unwrap();
//! assert_eq!(read.request, request);
//! assert_eq!(read.key, key.public_jwk());
//! assert!(PupilRequest::verify(&compact.replace(".", ".A"), &StrictEd25519).is_err());
//! ```

use crate::code::Code;
use crate::error::Error;
use crate::jose::{base64url, PublicJwk, SignatureCheck};
use crate::json::{self, canonical_json, object, string, Members, Value};
use crate::time::parse_utc;

/// The `typ` of a pupil's signed request.
pub const PUPIL_REQUEST_TYP: &str = "limpide-pupil-request+jws;v=1";

/// The longest request read, in bytes: a few hundred are enough.
const MAX_REQUEST_BYTES: usize = 4096;
/// The longest `subject` value (as a receipt's).
const MAX_SUBJECT_CHARS: usize = 200;
/// The longest notice id.
const MAX_NOTICE_CHARS: usize = 100;

/// What a pupil's device asks about: its pupil (the `subject` value its
/// receipts carry), one notice, and when it asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PupilRequest {
    /// The subject value the embedder gave the widget (`ID.SIGNATURE`).
    pub subject: String,
    /// The notice id.
    pub notice: String,
    /// When the request was made (RFC 3339 UTC); the service refuses one
    /// too far from its clock.
    pub issued_at: String,
}

/// Step one's result: the bytes the device key signs, and what
/// [`PupilRequestInput::attach`] makes of them.
#[derive(Clone, Debug)]
pub struct PupilRequestInput {
    signing_input: String,
    key: PublicJwk,
}

/// A request whose signature holds, with the key that made it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SignedPupilRequest {
    /// The request.
    pub request: PupilRequest,
    /// The device key that signed it (its header's `jwk`).
    pub key: PublicJwk,
}

impl PupilRequest {
    /// The payload as its JSON value.
    fn to_value(&self) -> Value {
        object([
            ("version", Value::from(1u64)),
            ("subject", string(&self.subject)),
            ("notice", string(&self.notice)),
            ("issued_at", string(&self.issued_at)),
        ])
    }

    /// Step one of signing: what the device key `key` signs.
    pub fn signing_input(&self, key: PublicJwk) -> PupilRequestInput {
        let header = object([
            ("alg", string("EdDSA")),
            ("typ", string(PUPIL_REQUEST_TYP)),
            ("jwk", key.to_value()),
            ("kid", Value::String(key.thumbprint())),
        ]);
        let signing_input = format!(
            "{}.{}",
            base64url::encode(canonical_json(&header).as_bytes()),
            base64url::encode(canonical_json(&self.to_value()).as_bytes())
        );
        PupilRequestInput { signing_input, key }
    }

    /// Reads and verifies a compact request strictly: three canonical
    /// base64url parts; a header of exactly `alg` (`EdDSA`), `typ`, `jwk`
    /// and `kid` (its thumbprint); a payload of exactly `version` (1),
    /// `subject`, `notice` and `issued_at` (RFC 3339 UTC), both in their
    /// RFC 8785 form; and a signature by `jwk` that `check` accepts.
    /// Whether the key and the subject belong together, and whether the
    /// time is recent, are the reader's questions.
    pub fn verify(compact: &str, check: &dyn SignatureCheck) -> Result<SignedPupilRequest, Error> {
        let invalid = |message: &str| Error::one("", Code::InvalidJws, message);
        if compact.len() > MAX_REQUEST_BYTES {
            return Err(Error::one(
                "",
                Code::TooLarge,
                format!("a pupil's request is at most {MAX_REQUEST_BYTES} bytes"),
            ));
        }
        let mut parts = compact.trim_end_matches(['\r', '\n']).split('.');
        let (Some(header_b64), Some(payload_b64), Some(signature_b64), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(invalid(
                "a pupil's request is a compact JWS: header.payload.signature",
            ));
        };
        let header = canonical_part(header_b64, "/protected", "protected header")?;
        let key = read_header(&header)?;
        let payload = canonical_part(payload_b64, "/payload", "payload")?;
        let request = read_payload(&payload)?;
        let signature: [u8; 64] = base64url::decode(signature_b64)
            .ok()
            .and_then(|bytes| bytes.try_into().ok())
            .ok_or_else(|| {
                Error::one(
                    "/signature",
                    Code::InvalidBase64url,
                    "the signature is not 64 bytes of canonical base64url",
                )
            })?;
        let signed = format!("{header_b64}.{payload_b64}");
        if !check.is_valid(&key, signed.as_bytes(), &signature) {
            return Err(Error::one(
                "/signature",
                Code::BadSignature,
                "the signature does not verify with the header's key",
            ));
        }
        Ok(SignedPupilRequest { request, key })
    }
}

impl PupilRequestInput {
    /// The bytes to sign with Ed25519.
    pub fn as_bytes(&self) -> &[u8] {
        self.signing_input.as_bytes()
    }

    /// The key whose signature these bytes await.
    pub fn key(&self) -> PublicJwk {
        self.key
    }

    /// Step two: the compact request with `signature` (64 bytes) attached.
    /// The service checks it; a faulty signer only gets a refusal.
    pub fn attach(self, signature: &[u8]) -> Result<String, Error> {
        if signature.len() != 64 {
            return Err(Error::one(
                "/signature",
                Code::BadSignature,
                format!(
                    "an Ed25519 signature is 64 bytes, found {}",
                    signature.len()
                ),
            ));
        }
        Ok(format!(
            "{}.{}",
            self.signing_input,
            base64url::encode(signature)
        ))
    }
}

/// A base64url part holding JSON in its RFC 8785 form.
fn canonical_part(b64: &str, path: &str, what: &str) -> Result<Value, Error> {
    let bytes = base64url::decode(b64).map_err(|e| {
        Error::one(
            path,
            Code::InvalidBase64url,
            format!("the {what} is not valid: {e}"),
        )
    })?;
    let value = json::parse(&bytes, what).map_err(|e| e.under(path))?;
    if canonical_json(&value).as_bytes() != bytes.as_slice() {
        return Err(Error::one(
            path,
            Code::InvalidJws,
            format!("the {what} is not in its RFC 8785 canonical form"),
        ));
    }
    Ok(value)
}

fn read_header(value: &Value) -> Result<PublicJwk, Error> {
    const P: &str = "/protected";
    const MEMBERS: Members = Members {
        required: &["alg", "typ", "jwk", "kid"],
        optional: &[],
    };
    let map = MEMBERS
        .read_first(value, P, "an object (the protected header)")
        .map_err(|problem| Error::one(P, Code::InvalidHeader, problem.message))?;
    if map.get("alg").and_then(Value::as_str) != Some("EdDSA") {
        return Err(Error::one(
            P,
            Code::UnsupportedAlg,
            "\"alg\" must be \"EdDSA\" (Ed25519)",
        ));
    }
    if map.get("typ").and_then(Value::as_str) != Some(PUPIL_REQUEST_TYP) {
        return Err(Error::one(
            P,
            Code::InvalidHeader,
            format!("\"typ\" must be \"{PUPIL_REQUEST_TYP}\""),
        ));
    }
    let jwk = map
        .get("jwk")
        .ok_or_else(|| Error::one(P, Code::MissingJwk, "the header has no \"jwk\""))?;
    let key = PublicJwk::from_value(jwk, "/protected/jwk")?;
    if map.get("kid").and_then(Value::as_str) != Some(key.thumbprint().as_str()) {
        return Err(Error::one(
            P,
            Code::KidMismatch,
            "\"kid\" is not the RFC 7638 thumbprint of \"jwk\"",
        ));
    }
    Ok(key)
}

fn read_payload(value: &Value) -> Result<PupilRequest, Error> {
    const P: &str = "/payload";
    const MEMBERS: Members = Members {
        required: &["version", "subject", "notice", "issued_at"],
        optional: &[],
    };
    let map = MEMBERS
        .read_first(value, P, "an object (the request)")
        .map_err(|problem| Error::one(&problem.path, Code::InvalidPayload, problem.message))?;
    if map.get("version").and_then(Value::as_u64) != Some(1) {
        return Err(Error::one(
            "/payload/version",
            Code::InvalidPayload,
            "\"version\" must be 1",
        ));
    }
    let text = |name: &str, max: usize| -> Result<String, Error> {
        match map.get(name).and_then(Value::as_str) {
            Some(s)
                if !s.is_empty()
                    && s.chars().count() <= max
                    && s.bytes().all(|b| b.is_ascii_graphic()) =>
            {
                Ok(s.to_owned())
            }
            _ => Err(Error::one(
                format!("/payload/{name}"),
                Code::InvalidPayload,
                format!("\"{name}\" must be 1 to {max} visible ASCII characters"),
            )),
        }
    };
    let subject = text("subject", MAX_SUBJECT_CHARS)?;
    let notice = text("notice", MAX_NOTICE_CHARS)?;
    let issued_at = map
        .get("issued_at")
        .and_then(Value::as_str)
        .filter(|t| parse_utc(t).is_some())
        .ok_or_else(|| {
            Error::one(
                "/payload/issued_at",
                Code::InvalidTime,
                "\"issued_at\" must be an RFC 3339 UTC time",
            )
        })?
        .to_owned();
    Ok(PupilRequest {
        subject,
        notice,
        issued_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{SigningKey, StrictEd25519};

    fn request() -> PupilRequest {
        PupilRequest {
            subject: "eleve-0042.c2lnbmF0dXJl".into(),
            notice: "pass-region".into(),
            issued_at: "2026-12-07T03:00:00Z".into(),
        }
    }

    fn signed(request: &PupilRequest) -> String {
        let key = SigningKey::from_seed([7; 32]);
        let input = request.signing_input(key.public_jwk());
        let signature = key.sign(input.as_bytes());
        input.attach(&signature).unwrap()
    }

    fn code(compact: &str) -> &'static str {
        PupilRequest::verify(compact, &StrictEd25519)
            .unwrap_err()
            .problems()[0]
            .code()
            .as_str()
    }

    /// Re-signs a request whose header or payload JSON is `header`/`payload`.
    fn forged(header: &str, payload: &str) -> String {
        let key = SigningKey::from_seed([7; 32]);
        let input = format!(
            "{}.{}",
            base64url::encode(header.as_bytes()),
            base64url::encode(payload.as_bytes())
        );
        let signature = key.sign(input.as_bytes());
        format!("{input}.{}", base64url::encode(&signature))
    }

    fn parts(compact: &str) -> (String, String) {
        let mut p = compact.split('.');
        let decode = |s: &str| String::from_utf8(base64url::decode(s).unwrap()).unwrap();
        (decode(p.next().unwrap()), decode(p.next().unwrap()))
    }

    #[test]
    fn the_header_and_payload_are_canonical_and_name_the_key() {
        let compact = signed(&request());
        let (header, payload) = parts(&compact);
        let key = SigningKey::from_seed([7; 32]).public_jwk();
        assert_eq!(
            header,
            format!(
                r#"{{"alg":"EdDSA","jwk":{{"crv":"Ed25519","kty":"OKP","x":"{}"}},"kid":"{}","typ":"limpide-pupil-request+jws;v=1"}}"#,
                base64url::encode(key.as_bytes()),
                key.thumbprint()
            )
        );
        assert_eq!(
            payload,
            r#"{"issued_at":"2026-12-07T03:00:00Z","notice":"pass-region","subject":"eleve-0042.c2lnbmF0dXJl","version":1}"#
        );
    }

    #[test]
    fn anything_altered_is_refused() {
        let compact = signed(&request());
        let (header, payload) = parts(&compact);
        // Another subject under the same signature.
        let mut p = compact.split('.');
        let (h, _, s) = (p.next().unwrap(), p.next().unwrap(), p.next().unwrap());
        let other = payload.replace("0042", "0043");
        let swapped = format!("{h}.{}.{s}", base64url::encode(other.as_bytes()));
        assert_eq!(code(&swapped), "bad-signature");
        assert_eq!(code("a.b"), "invalid-jws");
        assert_eq!(code(&format!("{compact}.x")), "invalid-jws");
        // Well signed, but not what a request is.
        let receipt_typ = header.replace("limpide-pupil-request+jws;v=1", crate::RECEIPT_TYP);
        assert_eq!(code(&forged(&receipt_typ, &payload)), "invalid-header");
        let with_role = header.replace(r#""alg":"EdDSA","#, r#""alg":"EdDSA","crit":[],"#);
        assert_eq!(code(&forged(&with_role, &payload)), "invalid-header");
        let not_canonical = payload.replace(r#"{"issued_at""#, r#"{ "issued_at""#);
        assert_eq!(code(&forged(&header, &not_canonical)), "invalid-jws");
        let version = payload.replace(r#""version":1"#, r#""version":2"#);
        assert_eq!(code(&forged(&header, &version)), "invalid-payload");
        let extra = payload.replace(r#"{"issued_at""#, r#"{"grant":true,"issued_at""#);
        assert_eq!(code(&forged(&header, &extra)), "invalid-payload");
        let time = payload.replace("03:00:00Z", "03:00:00+01:00");
        assert_eq!(code(&forged(&header, &time)), "invalid-time");
        let kid = header.replace(r#""kid":""#, r#""kid":"A"#);
        assert_eq!(code(&forged(&kid, &payload)), "kid-mismatch");
    }

    #[test]
    fn a_signature_of_the_wrong_length_is_not_attached() {
        let key = SigningKey::from_seed([7; 32]);
        let input = request().signing_input(key.public_jwk());
        assert!(input.attach(&[0; 63]).is_err());
    }
}
