//! The proof store: one code path over SQLite (the default, a file) and
//! PostgreSQL, through sqlx's `Any` driver, with one set of migrations
//! (`migrations/`, embedded in the binary).
//!
//! `pool.rs` opens and migrates the database. Receipts go in through
//! `record.rs` (one transaction, all or nothing, for one receipt or a
//! batch), whose statements are `write.rs`'s; `new_receipt.rs` is what they
//! take and answer. The staff's reads are `read.rs` and `stats.rs`, long ones a page at a time
//! (`paged.rs`); the
//! guardian relay's rows `relay.rs`. Campaigns, their releases and stop
//! links are `campaigns.rs`; the one-box withdrawals `withdrawals.rs`;
//! what a pupil's own device may read, `pupil.rs`; the keys bound to each
//! pupil, `devices.rs` (in the receipts transaction) and `device_reads.rs`.
//! The staff's: `access.rs` the access log, `sessions.rs` console sessions
//! and the sign-in throttle. The transparency log's tree: `log_tree.rs`
//! (appended in each document's transaction), `log_backfill.rs` (the
//! documents stored before it).

pub mod access;
mod campaigns;
mod device_reads;
mod devices;
mod log_backfill;
mod log_tree;
mod new_receipt;
mod paged;
mod params;
mod pool;
mod pupil;
mod read;
mod record;
mod relay;
mod sessions;
mod stats;
mod unavailable;
mod withdrawals;
mod write;

pub use access::{write_access, AccessEntry, LoggedAccess};
pub use campaigns::{CampaignRow, Decision, NewRelease, NewStopLink, ReleaseRow, StopLink};
pub use device_reads::{EnrolledDevice, UnkeyedReceipt, STORED_RECEIPTS};
pub use devices::{DeviceClaim, PendingEnrollment, PUPIL_DEVICE};
pub use log_tree::StoredCheckpoint;
pub use new_receipt::{NewReceipt, RecordError, Recorded};
pub use pool::Store;
pub use pupil::ReceivedMessage;
pub use read::{AuditLine, Permission, ReceiptsCursor};
pub use record::Batch;
pub use relay::RelayedRequest;
pub use sessions::StoredSession;
pub use stats::{DailyCount, Stats, Tally};
pub use unavailable::Unavailable;
pub use withdrawals::{NewWithdrawal, WithdrawalRecorded};
