//! Stop links: each released row gets one, `PUBLIC_URL/s/TOKEN`. The token
//! is 12 random bytes (16 characters, short enough for an SMS); only its
//! SHA-256 is stored, so the database alone cannot make a link, and the
//! link can only stop the one box of its campaign for its one pupil.

use limpide_receipt::{base64url, sha256_base64url};

/// A token's length in characters.
pub const TOKEN_CHARS: usize = 16;

/// A new token and the digest stored for it.
pub fn new_token() -> Result<(String, String), getrandom::Error> {
    let mut bytes = [0u8; 12];
    getrandom::fill(&mut bytes)?;
    let token = base64url::encode(&bytes);
    let hash = token_hash(&token);
    Ok((token, hash))
}

/// What is stored for a token, and what a presented token is looked up by.
pub fn token_hash(token: &str) -> String {
    sha256_base64url(format!("limpide-stop-link-v1:{token}").as_bytes())
}

/// Whether `text` can be a token at all (before any database lookup).
pub fn looks_like_token(text: &str) -> bool {
    text.len() == TOKEN_CHARS
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_short_random_and_stored_hashed() {
        let (token, hash) = new_token().unwrap();
        assert_eq!(token.len(), TOKEN_CHARS);
        assert!(looks_like_token(&token));
        assert_eq!(hash, token_hash(&token));
        assert_ne!(hash, sha256_base64url(token.as_bytes()));
        assert_ne!(new_token().unwrap().0, token);
        assert!(!looks_like_token("short"));
        assert!(!looks_like_token("0123456789abcde/"));
    }
}
