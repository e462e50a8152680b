//! The optional second factor of people's accounts: TOTP (RFC 6238) as
//! authenticator apps read it: SHA-1, 6 digits, 30-second steps, one step
//! of clock drift either way (`totp-rs`). A code signs in once: the
//! console keeps the step it used (`totp_used`).

use totp_rs::{Algorithm, Secret, TOTP};

/// A TOTP secret, base32 (RFC 4648, no padding), as the staff file keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TotpSecret(pub String);

impl TotpSecret {
    fn totp(&self) -> Option<TOTP> {
        let bytes = Secret::Encoded(self.0.clone()).to_bytes().ok()?;
        Some(TOTP::new_unchecked(Algorithm::SHA1, 6, 1, 30, bytes))
    }

    /// Whether the secret decodes (the file's check).
    pub fn is_valid(&self) -> bool {
        self.totp().is_some_and(|t| t.secret.len() >= 16)
    }

    /// The time step (Unix seconds / 30) whose code `code` is, among
    /// `unix_seconds`' and one step either side; `None` if none. The caller
    /// keeps the step, so that a code signs in once.
    pub fn matching_step(&self, code: &str, unix_seconds: u64) -> Option<u64> {
        let code = code.trim();
        let totp = self.totp()?;
        if code.len() != 6 {
            return None;
        }
        let now = unix_seconds / 30;
        let mut found = None;
        // Every step compared, each in constant time.
        for step in [now.saturating_sub(1), now, now + 1] {
            let expected = totp.generate(step * 30);
            let differ = expected
                .bytes()
                .zip(code.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b));
            if differ == 0 && expected.len() == code.len() && found.is_none() {
                found = Some(step);
            }
        }
        found
    }

    /// The code for `unix_seconds` (the tests sign in with it).
    pub fn code_at(&self, unix_seconds: u64) -> Option<String> {
        self.totp().map(|t| t.generate(unix_seconds))
    }
}

/// A new random secret of 20 bytes (160 bits, RFC 4226's advice).
pub fn new_secret() -> Result<TotpSecret, String> {
    let mut bytes = [0u8; 20];
    getrandom::fill(&mut bytes).map_err(|e| format!("no randomness: {e}"))?;
    Ok(TotpSecret(
        TOTP::new_unchecked(Algorithm::SHA1, 6, 1, 30, bytes.to_vec()).get_secret_base32(),
    ))
}

/// The `otpauth://` URI an authenticator app reads (Key Uri Format).
/// Account ids need no escaping (`account.rs`' `check_id`).
pub fn otpauth_uri(issuer: &str, account: &str, secret: &TotpSecret) -> String {
    let issuer: String = issuer
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    format!(
        "otpauth://totp/{issuer}:{account}?secret={}&issuer={issuer}&algorithm=SHA1&digits=6&period=30",
        secret.0
    )
}
