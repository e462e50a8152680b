//! The pupil's choices become a signed receipt: the whole workflow
//! (`sign.rs`), the subject's key (`subject_key.rs`, WebCrypto Ed25519, or
//! the fallback module where the browser has none: `fallback.rs`), and the
//! check of every receipt the widget reads (`verify.rs`).

pub(crate) mod fallback;
pub(crate) mod issued;
pub(crate) mod sign;
pub(crate) mod subject_key;
pub(crate) mod verify;
