//! The JOSE pieces a receipt rests on: base64url, SHA-256 digests, the
//! protected header and its signer's role, Ed25519 keys as JWKs, and who
//! signs and checks signatures.

pub mod base64url;
mod digest;
mod header;
mod jwk;
mod role;
mod signature_check;
#[cfg(feature = "ed25519")]
mod signing_key;

pub(crate) use digest::is_digest;
pub use digest::{canonical_digest, sha256_base64url};
pub(crate) use header::Header;
pub use header::RECEIPT_TYP;
pub use jwk::PublicJwk;
pub use role::Role;
pub use signature_check::SignatureCheck;
#[cfg(feature = "ed25519")]
pub use signature_check::StrictEd25519;
#[cfg(feature = "ed25519")]
pub use signing_key::SigningKey;
