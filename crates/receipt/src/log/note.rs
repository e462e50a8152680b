//! C2SP signed notes: a text ending in a newline, a blank line, and one
//! signature line per key, `— <name> <base64(key id || signature)>`.

use super::base64;
use super::key::{is_key_name, LogKey};

/// More signature lines than this and the note is refused: the spec asks
/// verifiers to accept at least 16.
const MAX_SIGNATURES: usize = 64;

/// A signed note, read but not yet checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedNote {
    text: String,
    signatures: Vec<NoteSignature>,
}

/// One signature line of a note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoteSignature {
    /// The key's name.
    pub name: String,
    /// The key id, the signature's first four bytes.
    pub key_id: u32,
    /// The signature proper (64 bytes for Ed25519).
    pub signature: Vec<u8>,
}

impl SignedNote {
    /// Reads a note; `None` when it does not have a signed note's shape (no
    /// blank line before the signatures, a control character, a signature
    /// line that does not read, no signature at all).
    ///
    /// ```
    /// use limpide_receipt::log::SignedNote;
    /// let note = SignedNote::parse("hello\n\n\u{2014} example.com/log AAAAAAAA\n").unwrap();
    /// assert_eq!(note.text(), "hello\n");
    /// assert_eq!(note.signatures()[0].name, "example.com/log");
    /// assert!(SignedNote::parse("hello\n").is_none());
    /// ```
    pub fn parse(note: &str) -> Option<Self> {
        if note.chars().any(|c| c.is_ascii_control() && c != '\n') {
            return None;
        }
        let split = note.rfind("\n\n")?;
        let (text, lines) = (&note[..=split], &note[split + 2..]);
        let lines = lines.strip_suffix('\n')?;
        let signatures = lines
            .split('\n')
            .map(parse_signature_line)
            .collect::<Option<Vec<_>>>()?;
        (!signatures.is_empty() && signatures.len() <= MAX_SIGNATURES).then(|| Self {
            text: text.to_owned(),
            signatures,
        })
    }

    /// The signed text, its final newline included.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Its signature lines, in order.
    pub fn signatures(&self) -> &[NoteSignature] {
        &self.signatures
    }

    /// The Ed25519 signatures of the text by `key` (matched by name and key
    /// id, as the spec says; lines of other keys are ignored).
    pub fn signatures_by<'a>(&'a self, key: &'a LogKey) -> impl Iterator<Item = &'a [u8]> + 'a {
        self.signatures
            .iter()
            .filter(move |s| s.name == key.name() && s.key_id == key.key_id())
            .map(|s| s.signature.as_slice())
    }

    /// The note's text form: the text, a blank line, the signature lines.
    pub fn to_text(&self) -> String {
        let mut note = format!("{}\n", self.text);
        for s in &self.signatures {
            let mut bytes = s.key_id.to_be_bytes().to_vec();
            bytes.extend_from_slice(&s.signature);
            note.push_str(&format!("\u{2014} {} {}\n", s.name, base64::encode(&bytes)));
        }
        note
    }
}

fn parse_signature_line(line: &str) -> Option<NoteSignature> {
    let rest = line.strip_prefix("\u{2014} ")?;
    let (name, signature) = rest.split_once(' ')?;
    let bytes = base64::decode(signature)?;
    if !is_key_name(name) || bytes.len() < 5 {
        return None;
    }
    let (id, signature) = bytes.split_at(4);
    Some(NoteSignature {
        name: name.to_owned(),
        key_id: u32::from_be_bytes([id[0], id[1], id[2], id[3]]),
        signature: signature.to_vec(),
    })
}
