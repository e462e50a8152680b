//! The receipt workflow, without HTTP: a posted receipt is checked and
//! countersigned (`countersign.rs`, refused with a `refused.rs` reason),
//! made into its row (`row.rs`), and queued for the store's writers, which
//! store the receipts that arrive together in one transaction
//! (`recorder.rs`, group commit).

mod countersign;
mod recorder;
mod refused;
mod row;

pub use countersign::Countersigner;
pub use recorder::Recorder;
pub use refused::Refused;
