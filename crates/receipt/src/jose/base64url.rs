//! Base64url without padding (RFC 4648 §5, RFC 7515 §2), decoded strictly:
//! one text for one byte string, so a receipt cannot be altered by flipping
//! unused bits or adding padding.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Encodes bytes as base64url without padding.
///
/// ```
/// assert_eq!(limpide_receipt::base64url::encode(b"\xfb\xff"), "-_8");
/// ```
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let sextets = [n >> 18, n >> 12, n >> 6, n];
        for s in &sextets[..chunk.len() + 1] {
            out.push(char::from(ALPHABET[(s & 63) as usize]));
        }
    }
    out
}

/// Why a text is not canonical base64url.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// A character outside `A–Z a–z 0–9 - _` (padding `=` included) at this offset.
    InvalidCharacter(usize),
    /// A length that leaves a single character in the last group.
    InvalidLength,
    /// The last character has bits set that encode nothing.
    NonCanonical,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::InvalidCharacter(at) => write!(
                f,
                "character {} is not base64url without padding (A-Z, a-z, 0-9, '-', '_')",
                at + 1
            ),
            Self::InvalidLength => f.write_str("its length is not that of any base64url text"),
            Self::NonCanonical => f.write_str(
                "it is not canonical base64url: the last character carries bits that encode nothing",
            ),
        }
    }
}

/// Decodes base64url without padding, refusing any other spelling of the
/// same bytes.
///
/// ```
/// use limpide_receipt::base64url::{decode, DecodeError};
/// assert_eq!(decode("-_8").unwrap(), b"\xfb\xff");
/// assert_eq!(decode("-_9"), Err(DecodeError::NonCanonical));
/// assert_eq!(decode("-_8="), Err(DecodeError::InvalidCharacter(3)));
/// ```
pub fn decode(text: &str) -> Result<Vec<u8>, DecodeError> {
    let bytes = text.as_bytes();
    if bytes.len() % 4 == 1 {
        return Err(DecodeError::InvalidLength);
    }
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for (group_index, group) in bytes.chunks(4).enumerate() {
        let mut n: u32 = 0;
        for (i, &c) in group.iter().enumerate() {
            let v = sextet(c).ok_or(DecodeError::InvalidCharacter(group_index * 4 + i))?;
            n |= u32::from(v) << (18 - 6 * i);
        }
        let produced = group.len() - 1;
        let unused_bits = match produced {
            1 => n & 0xFFFF,
            2 => n & 0xFF,
            _ => 0,
        };
        if unused_bits != 0 {
            return Err(DecodeError::NonCanonical);
        }
        out.extend_from_slice(&n.to_be_bytes()[1..1 + produced]);
    }
    Ok(out)
}

fn sextet(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'-' => Some(62),
        b'_' => Some(63),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn rfc4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, coded) in cases {
            assert_eq!(encode(plain.as_bytes()), coded);
            assert_eq!(decode(coded).unwrap(), plain.as_bytes());
        }
    }

    #[test]
    fn refuses_other_alphabets_and_padding() {
        assert_eq!(decode("Zg=="), Err(DecodeError::InvalidCharacter(2)));
        assert_eq!(decode("+/8"), Err(DecodeError::InvalidCharacter(0)));
        assert_eq!(decode("Zm9v\n"), Err(DecodeError::InvalidLength));
        assert_eq!(decode("Zm9v Yg"), Err(DecodeError::InvalidCharacter(4)));
    }

    #[test]
    fn refuses_unused_bits() {
        assert_eq!(decode("Zh"), Err(DecodeError::NonCanonical));
        assert_eq!(decode("Zm9"), Err(DecodeError::NonCanonical));
    }

    proptest! {
        #[test]
        fn round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..100)) {
            prop_assert_eq!(decode(&encode(&bytes)).unwrap(), bytes);
        }

        #[test]
        fn one_text_per_byte_string(text in "[A-Za-z0-9_-]{0,40}") {
            if let Ok(bytes) = decode(&text) {
                prop_assert_eq!(encode(&bytes), text);
            }
        }
    }
}
