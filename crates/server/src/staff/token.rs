//! Machine clients' tokens. The staff file keeps only a token's SHA-256:
//! a token is at least 32 random characters (made with e.g.
//! `head -c 32 /dev/urandom | base64`), far beyond what a guess can reach,
//! so a slow password hash would add nothing but cost on every API call.
//! A person's password is low-entropy and gets Argon2id (`password.rs`).

use limpide_receipt::sha256_base64url;

/// The shortest token accepted.
pub const MIN_TOKEN_CHARS: usize = 32;

/// The digest kept for `token` (its first line, trimmed), or why it is refused.
pub fn hash_token(text: &str) -> Result<String, String> {
    let token = text.lines().next().unwrap_or_default().trim();
    if token.chars().count() < MIN_TOKEN_CHARS {
        return Err(format!(
            "the token has fewer than {MIN_TOKEN_CHARS} characters; make one with e.g. `head -c 32 /dev/urandom | base64 > crm.token`"
        ));
    }
    Ok(sha256_base64url(token.as_bytes()))
}
