//! The receipt workflow, without HTTP: a posted receipt is checked and
//! countersigned (`countersign.rs`, refused with a `refused.rs` reason),
//! made into its row (`row.rs`, with when its grants lapse: `lapse.rs`), and queued for the store's writers, which
//! store the receipts that arrive together in one transaction
//! (`recorder.rs`, group commit). `device.rs` says which key speaks for
//! the pupil and what came with it (a credential, an enrollment code);
//! `stored_keys.rs` enrolls, at start, the keys of receipts stored before.

mod countersign;
mod device;
mod lapse;
mod recorder;
mod refused;
mod row;
mod stored_keys;

pub use countersign::{Countersigner, Taken};
pub use device::{enrollment_code_hash, Proof};
pub use recorder::Recorder;
pub use refused::Refused;
pub use stored_keys::enroll_stored_keys;
