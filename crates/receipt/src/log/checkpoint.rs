//! Checkpoints (C2SP tlog-checkpoint): the log's signed tree head, a signed
//! note whose text is the log's origin, its size and its root.

use super::base64;
use super::hash::TreeHash;
use super::key::LogKey;
use super::note::SignedNote;
use crate::code::Code;
use crate::error::Error;
use crate::jose::{sha256_base64url, PublicJwk, SignatureCheck};

/// A tree head: the log's origin, its number of leaves and its root.
///
/// ```
/// use limpide_receipt::log::{empty_tree_hash, Checkpoint};
/// let head = Checkpoint::new("consent.region.example/log", 0, empty_tree_hash());
/// assert_eq!(
///     head.to_text(),
///     "consent.region.example/log\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n"
/// );
/// assert_eq!(Checkpoint::parse_text(&head.to_text()), Some(head));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkpoint {
    origin: String,
    size: u64,
    root: TreeHash,
}

impl Checkpoint {
    /// The head of the tree of `size` leaves whose root is `root`.
    pub fn new(origin: &str, size: u64, root: TreeHash) -> Self {
        Self {
            origin: origin.to_owned(),
            size,
            root,
        }
    }

    /// Reads a checkpoint's text: three lines (origin, size in decimal
    /// without leading zeros, base64 root), and optional extension lines,
    /// which are read past. `None` for anything else.
    pub fn parse_text(text: &str) -> Option<Self> {
        let mut lines = text.strip_suffix('\n')?.split('\n');
        let origin = lines.next().filter(|o| !o.is_empty())?;
        let size = super::parse_decimal(lines.next()?)?;
        let root = base64::decode(lines.next()?)?.try_into().ok()?;
        lines.all(|extension| !extension.is_empty()).then(|| Self {
            origin: origin.to_owned(),
            size,
            root,
        })
    }

    /// The checkpoint's text, the signed part of its note.
    pub fn to_text(&self) -> String {
        format!(
            "{}\n{}\n{}\n",
            self.origin,
            self.size,
            base64::encode(&self.root)
        )
    }

    /// The log's origin (its name).
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The number of leaves.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The tree's root.
    pub fn root(&self) -> &TreeHash {
        &self.root
    }
}

/// A checkpoint with its signatures, as the log publishes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedCheckpoint {
    note: SignedNote,
    checkpoint: Checkpoint,
}

impl SignedCheckpoint {
    /// Reads a signed checkpoint (`malformed-log-proof` at `path`
    /// otherwise). Its signatures are not checked yet: see [`Self::verify`].
    pub fn parse(note: &str, path: &str) -> Result<Self, Error> {
        let malformed = |why: &str| Error::one(path, Code::MalformedLogProof, why.to_owned());
        let note = SignedNote::parse(note)
            .ok_or_else(|| malformed("the checkpoint is not a signed note (C2SP signed-note)"))?;
        let checkpoint = Checkpoint::parse_text(note.text()).ok_or_else(|| {
            malformed("the checkpoint's text is not an origin, a size and a root hash")
        })?;
        Ok(Self { note, checkpoint })
    }

    /// The tree head it signs.
    pub fn checkpoint(&self) -> &Checkpoint {
        &self.checkpoint
    }

    /// The signed note, signatures included.
    pub fn note(&self) -> &SignedNote {
        &self.note
    }

    /// The digest that names this tree head on a printed receipt: the
    /// SHA-256 of its text (not of its signatures, which witnesses may add
    /// to), in base64url.
    pub fn digest(&self) -> String {
        sha256_base64url(self.note.text().as_bytes())
    }

    /// The signatures that [`Self::verify`] checks against `keys`, for a
    /// caller that checks them first (the widget asks WebCrypto): each
    /// key, the signed text and the signature.
    pub fn signatures_to_check<'a>(
        &'a self,
        keys: &'a [LogKey],
    ) -> impl Iterator<Item = (&'a PublicJwk, &'a [u8], &'a [u8])> + 'a {
        keys.iter()
            .filter(|k| k.name() == self.checkpoint.origin())
            .flat_map(move |k| {
                self.note
                    .signatures_by(k)
                    .map(move |s| (k.public_key(), self.note.text().as_bytes(), s))
            })
    }

    /// The tree head, once a key of `keys` signed it for this origin: every
    /// signature line by a listed key must hold (`bad-signature` at `path`
    /// otherwise), and there must be one (`unlisted-log-key`).
    pub fn verify(
        &self,
        keys: &[LogKey],
        check: &dyn SignatureCheck,
        path: &str,
    ) -> Result<&Checkpoint, Error> {
        let mut valid = 0;
        for (key, text, signature) in self.signatures_to_check(keys) {
            let holds = <&[u8; 64]>::try_from(signature)
                .is_ok_and(|signature| check.is_valid(key, text, signature));
            if !holds {
                return Err(Error::one(
                    path,
                    Code::BadSignature,
                    "the checkpoint's signature by a log key the notice lists does not hold",
                ));
            }
            valid += 1;
        }
        if valid == 0 {
            return Err(Error::one(
                path,
                Code::UnlistedLogKey,
                format!(
                    "the checkpoint of `{}` is signed by no log key the notice lists",
                    super::cut(self.checkpoint.origin())
                ),
            ));
        }
        Ok(&self.checkpoint)
    }
}
