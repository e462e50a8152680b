//! Campaigns: a message bound to its purpose and channel, with a footer
//! that says who sends it, why, and how to stop; approved by a second
//! person, the DPO; the only way a list leaves the service.
//!
//! `service.rs` holds what the workflows share; each workflow is a file:
//! `drafting.rs` (checked by `draft.rs`, with `limits.rs`, `sms.rs`,
//! `quiet.rs`, its footers from `footer.rs`, its `template.rs`),
//! `decide.rs` (the DPO's approval, which signs the manifest), `release.rs`
//! (the list, by `release_list.rs`, with the stop links of `stop.rs`) and
//! `stopping.rs` (a stop link or an objection: a one-box withdrawal).
//! `records.rs` builds the signed records from the rows.

mod decide;
pub mod draft;
mod drafting;
pub mod footer;
mod limits;
mod quiet;
mod records;
mod refused;
mod release;
mod release_list;
mod service;
pub mod sms;
pub mod stop;
mod stopping;
pub mod template;

pub use refused::{CampaignError, CampaignRefused};
pub use release::SUBJECT_COLUMN;
pub use release_list::{ReleasedList, ADDED_COLUMNS, MAX_LIST_BYTES, MAX_LIST_ROWS};
pub use service::{Actor, Campaigns};
pub use stopping::{Objection, StopTarget, Stopped};
