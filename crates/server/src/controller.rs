//! What the controller publishes and vouches for: the notices served
//! (`notices.rs`), its signing key and the check that they list it
//! (`key.rs`), and the subject values it issues to pupils (`subject.rs`).

pub mod key;
pub mod notices;
pub mod subject;
