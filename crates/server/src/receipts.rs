//! The receipt workflow, without HTTP: a posted receipt is checked and
//! countersigned (`countersign.rs`, refused with a `refused.rs` reason),
//! made into its row (`row.rs`, with when its grants lapse: `lapse.rs`), and queued for the store's writers, which
//! store the receipts that arrive together in one transaction
//! (`recorder.rs`, group commit).

mod countersign;
mod lapse;
mod recorder;
mod refused;
mod row;

pub use countersign::Countersigner;
pub use recorder::Recorder;
pub use refused::Refused;
