//! What the controller publishes and vouches for: the notices served
//! (`notices.rs`), its signing key and the check that they list it
//! (`key.rs`), the log's key (`log_key.rs`), the pupil's id a receipt names (`subject.rs`), and the
//! credentials it issues to pupils' signed-in pages (`credential.rs`).

pub mod credential;
pub mod key;
pub mod log_key;
pub mod notices;
pub mod subject;
