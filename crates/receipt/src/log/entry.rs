//! What one leaf of the log holds: the kind of a stored document and the
//! SHA-256 of its RFC 8785 form. Never the document, nor anything about the
//! pupil: the digest covers a random receipt id and signatures, so it can
//! be neither guessed nor matched to a person without the document.

use sha2::{Digest as _, Sha256};

use super::hash::{leaf_hash, TreeHash};
use crate::jose::base64url;
use crate::json::{canonical_json, Value};
use crate::record::RecordKind;

/// One leaf's data: a document's kind and digest.
///
/// Its bytes, what the log's tiles serve and the leaf hash covers, are one
/// line of ASCII without its newline: the kind ([`RecordKind::as_str`]), a
/// space, and the digest in base64url (43 characters).
///
/// ```
/// use limpide_receipt::{log::LogEntry, parse_json, RecordKind};
/// let manifest = std::fs::read("../../docs/examples/campaign-manifest.json").unwrap();
/// let entry = LogEntry::of_document(&parse_json(&manifest, "manifest").unwrap());
/// assert_eq!(entry.kind(), RecordKind::CampaignManifest);
/// let bytes = entry.to_bytes();
/// assert!(bytes.starts_with(b"campaign-manifest "));
/// assert_eq!(LogEntry::from_bytes(&bytes), Some(entry));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LogEntry {
    kind: RecordKind,
    digest: [u8; 32],
}

impl LogEntry {
    /// The entry of a signed document (JWS JSON) as it was stored: for a
    /// receipt, the countersigned copy the service answered. Its kind is
    /// the one its header says ([`RecordKind::of`]).
    pub fn of_document(document: &Value) -> Self {
        Self {
            kind: RecordKind::of(document),
            digest: Sha256::digest(canonical_json(document).as_bytes()).into(),
        }
    }

    /// The document's kind.
    pub fn kind(&self) -> RecordKind {
        self.kind
    }

    /// The SHA-256 of the document's RFC 8785 form.
    pub fn digest(&self) -> &[u8; 32] {
        &self.digest
    }

    /// The leaf's data, as the log's entry bundles serve it.
    pub fn to_bytes(&self) -> Vec<u8> {
        format!("{} {}", self.kind.as_str(), base64url::encode(&self.digest)).into_bytes()
    }

    /// Reads a leaf's data back; `None` for anything else.
    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        let text = std::str::from_utf8(bytes).ok()?;
        let (kind, digest) = text.split_once(' ')?;
        let kind = RecordKind::ALL.into_iter().find(|k| k.as_str() == kind)?;
        let digest = base64url::decode(digest).ok()?.try_into().ok()?;
        Some(Self { kind, digest })
    }

    /// The leaf's hash in the tree (RFC 6962).
    pub fn leaf_hash(&self) -> TreeHash {
        leaf_hash(&self.to_bytes())
    }
}
