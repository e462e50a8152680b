//! Optional: joint consent with a parent or guardian, for a pupil below the
//! age of digital consent. The workflows (`workflow.rs`), the links between
//! two devices (`link.rs`), the screens (`waiting.rs`, `guardian_review.rs`)
//! and the form's hooks for them (`hooks.rs`).

pub(crate) mod guardian_review;
pub(crate) mod hooks;
pub(crate) mod link;
pub(crate) mod waiting;
pub(crate) mod workflow;
