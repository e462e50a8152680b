//! Signing a receipt, in two steps so that an asynchronous signer
//! (WebCrypto) fits: [`Receipt::signing_input`] gives the bytes to sign,
//! [`Receipt::attach`] checks the signature made over them and keeps it.

use super::verify::push_checked;
use super::{Receipt, SigningInput};
use crate::code::Code;
use crate::error::Error;
use crate::jose::{base64url, sha256_base64url, Header, PublicJwk, Role, SignatureCheck};
use crate::json::{canonical_json, pointer};
use crate::payload::Payload;

impl SigningInput {
    /// The bytes to sign with Ed25519.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The public key whose signature these bytes await.
    pub fn key(&self) -> PublicJwk {
        self.header.key
    }
}

impl Receipt {
    /// A receipt of `payload` with no signature yet. Its payload bytes are
    /// the payload's RFC 8785 canonical form.
    pub fn prepare(payload: &Payload) -> Self {
        let value = payload.to_value();
        let bytes = canonical_json(&value);
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
        let protected_b64 = base64url::encode(canonical_json(&header.to_value()).as_bytes());
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
    #[cfg(feature = "ed25519")]
    pub fn attach(&mut self, input: SigningInput, signature: &[u8]) -> Result<(), Error> {
        self.attach_checked(input, signature, &crate::StrictEd25519)
    }

    /// [`Receipt::attach`] with the signature checked by `check`.
    pub fn attach_checked(
        &mut self,
        input: SigningInput,
        signature: &[u8],
        check: &dyn SignatureCheck,
    ) -> Result<(), Error> {
        let path = pointer("/signatures", self.signatures.len());
        push_checked(
            &mut self.signatures,
            &self.payload_b64,
            input,
            signature,
            &path,
            check,
        )
    }
}

impl Receipt {
    /// Attaches a signature made elsewhere with its protected header (the
    /// guardian's, from their device), after checking that the header
    /// names `role` and that the signature holds over this payload.
    pub(crate) fn attach_protected(
        &mut self,
        protected_b64: &str,
        signature: &[u8],
        role: Role,
        check: &dyn SignatureCheck,
    ) -> Result<(), Error> {
        let path = pointer("/signatures", self.signatures.len());
        let protected_path = pointer(&path, "protected");
        let bytes = base64url::decode(protected_b64).map_err(|e| {
            Error::one(
                &protected_path,
                Code::InvalidBase64url,
                format!("the protected header is not valid: {e}"),
            )
        })?;
        let value =
            crate::json::parse(&bytes, "protected header").map_err(|e| e.under(&protected_path))?;
        let header = Header::from_value(&value, &protected_path)?;
        if header.role != role {
            return Err(Error::one(
                protected_path,
                Code::InvalidRole,
                format!(
                    "expected a {} signature, found {}",
                    role.as_str(),
                    header.role.as_str()
                ),
            ));
        }
        let input = SigningInput {
            bytes: format!("{protected_b64}.{}", self.payload_b64).into_bytes(),
            protected_b64: protected_b64.to_owned(),
            header,
        };
        push_checked(
            &mut self.signatures,
            &self.payload_b64,
            input,
            signature,
            &pointer(&path, "signature"),
            check,
        )
    }

    /// The protected header (base64url) and signature of the first
    /// signature by `role`.
    pub(crate) fn signature_by(&self, role: Role) -> Option<(&str, &[u8; 64])> {
        self.signatures
            .iter()
            .find(|s| s.header.role == role)
            .map(|s| (s.protected_b64.as_str(), &s.signature))
    }
}
