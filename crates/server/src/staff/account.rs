//! One account: its id, role, credential and optional second factor.

use limpide_receipt::sha256_base64url;

use super::role::Role;
use super::totp::TotpSecret;

/// How an account proves who it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Credential {
    /// A person: an Argon2id PHC string; signs in at `/console`.
    Password(String),
    /// A machine client: its token's SHA-256 (base64url); sends
    /// `Authorization: Bearer <token>`.
    Token(String),
}

/// An account as the staff file holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    /// Its id: what the access log names.
    pub id: String,
    /// Its one role.
    pub role: Role,
    /// Its password or token hash.
    pub credential: Credential,
    /// Its second factor, for a person's account.
    pub totp: Option<TotpSecret>,
}

impl Account {
    /// A digest of everything the account's entry holds. A console
    /// session keeps the stamp it was opened with: a changed password,
    /// role or second factor ends it.
    pub fn stamp(&self) -> String {
        let (kind, secret) = match &self.credential {
            Credential::Password(phc) => ("password", phc.as_str()),
            Credential::Token(hash) => ("token", hash.as_str()),
        };
        let totp = self.totp.as_ref().map_or("", |t| t.0.as_str());
        sha256_base64url(format!("{}\n{}\n{kind}\n{secret}\n{totp}", self.id, self.role).as_bytes())
    }

    /// Whether a person's account lacks the second factor a DPO should have.
    pub fn dpo_without_totp(&self) -> bool {
        self.role == Role::Dpo
            && matches!(self.credential, Credential::Password(_))
            && self.totp.is_none()
    }
}

/// Checks an account id: 1 to 64 characters among lower-case ASCII
/// letters, digits and `.`, `_`, `-`, `@`, starting with a letter or digit.
/// It appears in the access log, the manifests and otpauth URIs unescaped.
pub fn check_id(id: &str) -> Result<(), String> {
    let valid = (1..=64).contains(&id.len())
        && id
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-@".contains(&b));
    if valid {
        Ok(())
    } else {
        Err(format!(
            "{id:?} is not an account id: 1 to 64 of a-z, 0-9, '.', '_', '-', '@', starting with a letter or digit"
        ))
    }
}
