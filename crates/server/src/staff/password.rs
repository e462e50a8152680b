//! People's passwords, as Argon2id PHC strings (RustCrypto `argon2`, its
//! default parameters: m = 19 MiB, t = 2, p = 1, OWASP's recommendation).

use std::sync::OnceLock;

use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString};
use argon2::Argon2;

/// The shortest password `staff add` accepts.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// The PHC string of `password`, with a fresh random salt.
pub fn hash_password(password: &str) -> Result<String, String> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(format!(
            "the password has fewer than {MIN_PASSWORD_CHARS} characters"
        ));
    }
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| format!("no randomness: {e}"))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| e.to_string())?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// Whether `password` matches the PHC string `phc` (constant-time in the
/// password). `None` (no such account, or an account with a token) checks
/// against a hash of nothing, so that the answer takes as long either way
/// and its time does not say whether the account exists.
pub fn verify_password(phc: Option<&str>, password: &str) -> bool {
    let phc = phc.unwrap_or_else(|| dummy());
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok()
}

/// A hash made once, of a random password nobody knows.
fn dummy() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let mut secret = [0u8; 24];
        let _ = getrandom::fill(&mut secret);
        let text: String = secret.iter().map(|b| format!("{b:02x}")).collect();
        hash_password(&text).unwrap_or_default()
    })
}
