//! What the widget keeps on the device, and how tabs agree on it: the names
//! other programs rely on (`contract.rs`), IndexedDB (`idb.rs`), the
//! receipts (`receipts.rs`), the request waiting for a guardian
//! (`pending.rs`), each receipt's place in the controller's log
//! (`log_places.rs`), the receipts storage refused, kept for the page
//! (`unsaved.rs`), the cross-tab lock (`lock.rs`) and the news to other
//! tabs (`broadcast.rs`).

pub(crate) mod broadcast;
pub(crate) mod chain_end;
pub(crate) mod contract;
pub(crate) mod idb;
pub(crate) mod lock;
pub(crate) mod log_places;
pub(crate) mod pending;
pub(crate) mod receipts;
pub(crate) mod unsaved;
