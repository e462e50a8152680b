//! The log's key and the checkpoints it signs (C2SP tlog-checkpoint, a
//! C2SP signed note whose key name is the log's origin).

use limpide_receipt::log::{Checkpoint, LogKey, TreeHash};
use limpide_receipt::SigningKey;

/// Signs the log's checkpoints under its origin.
pub struct LogSigner {
    key: SigningKey,
    log_key: LogKey,
}

impl LogSigner {
    /// The signer of the log `origin` with `key` (`serve --log-key`);
    /// `None` for an origin a signed note cannot name (empty, or with a
    /// space or a `+`).
    pub fn new(key: SigningKey, origin: &str) -> Option<Self> {
        let log_key = LogKey::new(origin, key.public_jwk())?;
        Some(Self { key, log_key })
    }

    /// The public key as notices list it (`controller.log_keys`).
    pub fn log_key(&self) -> &LogKey {
        &self.log_key
    }

    /// The log's origin.
    pub fn origin(&self) -> &str {
        self.log_key.name()
    }

    /// The signed checkpoint of the tree of `size` leaves whose root is
    /// `root`: the note's text and one signature line, written by the
    /// `signed_note` crate. `None` only if that crate refuses the note,
    /// which a checked origin and a checkpoint's text never make it do.
    pub fn sign(&self, size: u64, root: TreeHash) -> Option<String> {
        let text = Checkpoint::new(self.origin(), size, root).to_text();
        let signature = self.key.sign(text.as_bytes());
        let line = signed_note::Signature::new(
            self.origin().to_owned(),
            self.log_key.key_id(),
            signature.to_vec(),
        );
        let note = line
            .and_then(|line| signed_note::Note::new(text.as_bytes(), &[line]))
            .ok()?;
        String::from_utf8(note.to_bytes()).ok()
    }
}

/// The log's origin for a service reached at `public_url` (its host and
/// port, then `/log`): `https://consent.region.example` gives
/// `consent.region.example/log`.
///
/// ```
/// use limpide_server::transparency::origin_of;
/// assert_eq!(origin_of("https://consent.region.example"), "consent.region.example/log");
/// assert_eq!(origin_of("http://127.0.0.1:8787/"), "127.0.0.1:8787/log");
/// ```
pub fn origin_of(public_url: &str) -> String {
    let host = public_url
        .split_once("://")
        .map_or(public_url, |(_, rest)| rest)
        .trim_end_matches('/');
    format!("{host}/log")
}
