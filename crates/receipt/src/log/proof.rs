//! Proofs of inclusion as they travel (C2SP tlog-proof): the entry's index,
//! its audit path, and the signed checkpoint it leads to, in one text that
//! a family keeps beside the receipt and checks offline.

use super::base64;
use super::checkpoint::SignedCheckpoint;
use super::entry::LogEntry;
use super::hash::TreeHash;
use super::inclusion::root_from_inclusion;
use super::key::LogKey;
use crate::code::Code;
use crate::error::Error;
use crate::jose::SignatureCheck;
use crate::notice::Notice;

/// The first line of every proof.
const HEADER: &str = "c2sp.org/tlog-proof@v1";

/// A longer proof is not one: 64 hashes and a checkpoint with a few dozen
/// signatures fit many times over.
const MAX_PROOF_BYTES: usize = 16 * 1024;

/// An inclusion proof: that the entry at `index` is in the tree a signed
/// checkpoint names.
///
/// ```
/// use limpide_receipt::log::LogProof;
/// let text = "c2sp.org/tlog-proof@v1\nindex 0\n\nexample.com/log\n1\n\
///             47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n\n\u{2014} example.com/log AAAAAAAA\n";
/// let proof = LogProof::parse(text).unwrap();
/// assert_eq!(proof.index(), 0);
/// assert_eq!(proof.to_text(), text);
/// assert_eq!(LogProof::parse("index 0\n").unwrap_err().problems()[0].code(), "malformed-log-proof");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogProof {
    index: u64,
    path: Vec<TreeHash>,
    checkpoint: SignedCheckpoint,
}

/// Where a verified proof places a document: what a family is told.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogPosition {
    /// The entry's index in the log (from 0).
    pub index: u64,
    /// The log's size at the checkpoint the proof leads to.
    pub size: u64,
    /// The log's origin.
    pub origin: String,
    /// The checkpoint's digest ([`SignedCheckpoint::digest`]).
    pub checkpoint_digest: String,
}

impl LogProof {
    /// The proof of the entry at `index`, by its audit path, to `checkpoint`.
    pub fn new(index: u64, path: Vec<TreeHash>, checkpoint: SignedCheckpoint) -> Self {
        Self {
            index,
            path,
            checkpoint,
        }
    }

    /// Reads a proof (`malformed-log-proof` otherwise). Extra data, which
    /// the format allows and nothing authenticates, is read past.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let malformed = |why: &str| Error::one("", Code::MalformedLogProof, why.to_owned());
        if text.len() > MAX_PROOF_BYTES {
            return Err(malformed("a log proof is at most 16 KiB"));
        }
        let rest = text
            .strip_prefix(HEADER)
            .and_then(|rest| rest.strip_prefix('\n'))
            .ok_or_else(|| malformed("a log proof starts with `c2sp.org/tlog-proof@v1`"))?;
        let (head, checkpoint) = rest
            .split_once("\n\n")
            .ok_or_else(|| malformed("a log proof's checkpoint follows an empty line"))?;
        let mut lines = head.split('\n').peekable();
        lines.next_if(|line| line.starts_with("extra "));
        let index = lines
            .next()
            .and_then(|line| line.strip_prefix("index "))
            .and_then(super::parse_decimal)
            .ok_or_else(|| malformed("a log proof's `index` line is missing or not a number"))?;
        let path = lines
            .map(|line| base64::decode(line).and_then(|hash| hash.try_into().ok()))
            .collect::<Option<Vec<TreeHash>>>()
            .ok_or_else(|| malformed("a log proof's hash lines are not base64 SHA-256 hashes"))?;
        if path.len() > 64 {
            return Err(malformed("a log proof holds at most 64 hashes"));
        }
        let checkpoint = SignedCheckpoint::parse(checkpoint, "")?;
        Ok(Self::new(index, path, checkpoint))
    }

    /// The proof's text, as `parse` reads it.
    pub fn to_text(&self) -> String {
        let mut text = format!("{HEADER}\nindex {}\n", self.index);
        for hash in &self.path {
            text.push_str(&base64::encode(hash));
            text.push('\n');
        }
        text.push('\n');
        text.push_str(&self.checkpoint.note().to_text());
        text
    }

    /// The entry's index.
    pub fn index(&self) -> u64 {
        self.index
    }

    /// The audit path, from the leaf's sibling up.
    pub fn path(&self) -> &[TreeHash] {
        &self.path
    }

    /// The signed checkpoint the proof leads to.
    pub fn checkpoint(&self) -> &SignedCheckpoint {
        &self.checkpoint
    }

    /// Where `entry` is, by the log keys `notice` lists (the notice
    /// version the document names): [`Self::verify`], and
    /// `unlisted-log-key` for a notice that lists none. The one rule of the
    /// CLI, the verify page and My consents.
    pub fn verify_for_notice(
        &self,
        entry: &LogEntry,
        notice: &Notice,
        check: &dyn SignatureCheck,
    ) -> Result<LogPosition, Error> {
        if notice.controller.log_keys.is_empty() {
            return Err(Error::one(
                "",
                Code::UnlistedLogKey,
                format!(
                    "notice {} version {} lists no log key (controller.log_keys): no log proof \
                     can be checked against it",
                    notice.id, notice.version
                ),
            ));
        }
        self.verify(entry, &notice.controller.log_keys, check)
    }

    /// Where `entry` is, once the checkpoint is signed by one of `keys`
    /// (the notice's `controller.log_keys`) and the path leads from
    /// `entry` at the index to its root. Either failure is as serious as a
    /// forged signature: `unlisted-log-key` or `bad-signature` for the
    /// checkpoint, `log-proof-mismatch` for the path.
    pub fn verify(
        &self,
        entry: &LogEntry,
        keys: &[LogKey],
        check: &dyn SignatureCheck,
    ) -> Result<LogPosition, Error> {
        let head = self.checkpoint.verify(keys, check, "")?;
        let root = root_from_inclusion(self.index, head.size(), &entry.leaf_hash(), &self.path);
        if root.as_ref() != Some(head.root()) {
            return Err(Error::one(
                "",
                Code::LogProofMismatch,
                format!(
                    "the log proof does not lead from this {} at index {} to the checkpoint's root: \
                     the proof does not hold",
                    entry.kind().name(),
                    self.index
                ),
            ));
        }
        Ok(LogPosition {
            index: self.index,
            size: head.size(),
            origin: head.origin().to_owned(),
            checkpoint_digest: self.checkpoint.digest(),
        })
    }
}
