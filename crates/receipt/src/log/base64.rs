//! Standard base64 with padding (RFC 4648 §4), the C2SP formats' encoding,
//! decoded as strictly as base64url: one text for one byte string.

use crate::jose::base64url;

/// Encodes `bytes` as standard base64, padded.
pub(crate) fn encode(bytes: &[u8]) -> String {
    let mut text: String = base64url::encode(bytes)
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            c => c,
        })
        .collect();
    while text.len() % 4 != 0 {
        text.push('=');
    }
    text
}

/// Decodes standard padded base64; `None` for any other spelling.
pub(crate) fn decode(text: &str) -> Option<Vec<u8>> {
    if text.len() % 4 != 0 || text.contains(['-', '_']) {
        return None;
    }
    let unpadded = text.trim_end_matches('=');
    if text.len() - unpadded.len() > 2 {
        return None;
    }
    let url: String = unpadded
        .chars()
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            c => c,
        })
        .collect();
    base64url::decode(&url).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4648_vectors() {
        for (bytes, text) in [
            (&b""[..], ""),
            (b"f", "Zg=="),
            (b"fo", "Zm8="),
            (b"foo", "Zm9v"),
            (b"foob", "Zm9vYg=="),
            (b"\xfb\xff", "+/8="),
        ] {
            assert_eq!(encode(bytes), text);
            assert_eq!(decode(text).as_deref(), Some(bytes));
        }
    }

    #[test]
    fn refuses_other_spellings() {
        for text in ["Zg", "Zg=", "Zh==", "-_8=", "Zm8==", "Z==="] {
            assert_eq!(decode(text), None, "{text}");
        }
    }
}
