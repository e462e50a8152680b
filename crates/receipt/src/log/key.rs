//! A log's public key as C2SP signed notes name it: a verifier key
//! `<name>+<key id>+<base64(0x01 || Ed25519 public key)>`, whose name is
//! the log's origin. The one string binds the log's name to its key.

use sha2::{Digest as _, Sha256};

use super::base64;
use crate::code::Code;
use crate::error::Error;
use crate::jose::PublicJwk;

/// The signature type byte of Ed25519 in C2SP signed notes.
const ED25519: u8 = 0x01;

/// A log's Ed25519 public key and the name (the log's origin) it signs
/// under, as `controller.log_keys` lists it.
///
/// ```
/// use limpide_receipt::{log::LogKey, PublicJwk};
/// let key = LogKey::new("consent.region.example/log", PublicJwk::from_bytes([7; 32])).unwrap();
/// let vkey = key.to_vkey();
/// assert!(vkey.starts_with("consent.region.example/log+"));
/// assert_eq!(LogKey::parse(&vkey, "/controller/log_keys/0").unwrap(), key);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogKey {
    name: String,
    key_id: u32,
    public_key: PublicJwk,
}

impl LogKey {
    /// The key `public_key` under the name `name`; `None` for a name that
    /// signed notes do not allow (empty, or with a space or a `+`).
    pub fn new(name: &str, public_key: PublicJwk) -> Option<Self> {
        is_key_name(name).then(|| Self {
            key_id: key_id(name, &public_key),
            name: name.to_owned(),
            public_key,
        })
    }

    /// Reads a verifier key (`invalid-log-key` at `path` otherwise): an
    /// Ed25519 key whose key id is the one its name and key give.
    pub fn parse(vkey: &str, path: &str) -> Result<Self, Error> {
        let invalid = |why: &str| {
            Error::one(
                path,
                Code::InvalidLogKey,
                format!("a log key is `<origin>+<key id>+<base64 key>` (C2SP signed-note); {why}"),
            )
        };
        let mut parts = vkey.splitn(3, '+');
        let (Some(name), Some(id), Some(key)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(invalid("it does not have three parts"));
        };
        let id = (id.len() == 8 && id.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| u32::from_str_radix(id, 16).ok())
            .flatten()
            .ok_or_else(|| invalid("its key id is not 8 hexadecimal digits"))?;
        let key = base64::decode(key).ok_or_else(|| invalid("its key is not base64"))?;
        let public: [u8; 32] = match key.split_first() {
            Some((&ED25519, rest)) => rest
                .try_into()
                .map_err(|_| invalid("its Ed25519 key is not 32 bytes"))?,
            _ => return Err(invalid("its key is not an Ed25519 key (type 0x01)")),
        };
        let parsed = Self::new(name, PublicJwk::from_bytes(public))
            .ok_or_else(|| invalid("its name is empty or holds a space or a `+`"))?;
        if parsed.key_id != id {
            return Err(invalid("its key id is not the one its name and key give"));
        }
        Ok(parsed)
    }

    /// The verifier key's text.
    pub fn to_vkey(&self) -> String {
        let mut key = vec![ED25519];
        key.extend_from_slice(self.public_key.as_bytes());
        format!("{}+{:08x}+{}", self.name, self.key_id, base64::encode(&key))
    }

    /// The name it signs under: the log's origin.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its key id, the first four bytes of a signature line's signature.
    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    /// The Ed25519 public key.
    pub fn public_key(&self) -> &PublicJwk {
        &self.public_key
    }
}

/// `SHA-256(name || 0x0A || 0x01 || key)[:4]`, big-endian (C2SP signed-note).
fn key_id(name: &str, key: &PublicJwk) -> u32 {
    let mut hasher = Sha256::new();
    hasher.update(name.as_bytes());
    hasher.update([b'\n', ED25519]);
    hasher.update(key.as_bytes());
    let digest = hasher.finalize();
    u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]])
}

/// A signed note's key name: not empty, no Unicode space, no `+`, nothing
/// a signature line could not carry.
pub(crate) fn is_key_name(name: &str) -> bool {
    !name.is_empty()
        && !name
            .chars()
            .any(|c| c.is_whitespace() || c == '+' || c.is_control())
}
