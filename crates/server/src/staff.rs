//! Staff accounts: each person and each machine client has one, with one
//! role (`docs/console.md`). The operator keeps them in a TOML file
//! (`staff.toml`) that `limpide-server staff add|remove|list` manages and
//! the service re-reads when it changes.
//!
//! `role.rs` the roles; `account.rs` an account and its credential;
//! `file.rs` the file, read and written whole (atomically, mode 0600);
//! `password.rs` Argon2id; `token.rs` machine clients' tokens; `totp.rs`
//! the second factor (RFC 6238); `directory.rs` the accounts as the
//! service sees them, re-read on change.

mod account;
mod directory;
mod file;
mod password;
mod role;
mod token;
mod totp;

pub use account::{check_id, Account, Credential};
pub use directory::{Accounts, StaffDirectory};
pub use file::{check_private, StaffFile};
pub use password::{hash_password, verify_password, MIN_PASSWORD_CHARS};
pub use role::Role;
pub use token::{hash_token, MIN_TOKEN_CHARS};
pub use totp::{new_secret, otpauth_uri, TotpSecret};
