//! Receipts kept on the device, in `localStorage`, one JSON array per
//! notice id under `limpide:receipts:<notice id>`, oldest first.
//!
//! `localStorage` (not IndexedDB) because it is synchronous, which keeps the
//! read-latest / append step short inside the signing lock, and because its
//! `storage` event tells other tabs at once that a receipt was added. A
//! receipt is a few kilobytes: thousands fit in the usual 5 MB quota.

use limpide_receipt::Receipt;
use serde_json::Value;
use web_sys::Storage;

use crate::browser::window;
use crate::error::WidgetError;

/// The storage key of a notice's receipts.
pub(crate) fn storage_key(notice_id: &str) -> String {
    format!("limpide:receipts:{notice_id}")
}

/// What was read back: the receipts that verify, and how many did not.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct History {
    /// Verified receipts, oldest first.
    pub(crate) receipts: Vec<Receipt>,
    /// Stored entries refused by verification (tampered or damaged).
    pub(crate) rejected: usize,
}

impl History {
    /// The most recent receipt.
    pub(crate) fn latest(&self) -> Option<&Receipt> {
        self.receipts.last()
    }
}

fn local_storage() -> Result<Storage, WidgetError> {
    let unavailable = |detail: String| {
        WidgetError::new(
            "storage-unavailable",
            format!("this browser does not let the page keep data ({detail})"),
        )
    };
    window()?
        .local_storage()
        .map_err(|e| unavailable(crate::error::describe_js(&e)))?
        .ok_or_else(|| unavailable("no localStorage".to_owned()))
}

/// Every stored receipt of a notice; each is verified again as it is read.
pub(crate) fn load(notice_id: &str) -> Result<History, WidgetError> {
    let storage = local_storage()?;
    let text = storage
        .get_item(&storage_key(notice_id))
        .map_err(|e| WidgetError::from_js("storage-failed", "cannot read stored receipts", &e))?;
    Ok(parse(text.as_deref()))
}

/// Reads a stored array; anything that does not verify is counted, not kept.
pub(crate) fn parse(text: Option<&str>) -> History {
    let mut history = History::default();
    let Some(text) = text else { return history };
    let Ok(Value::Array(entries)) = serde_json::from_str::<Value>(text) else {
        history.rejected = 1;
        return history;
    };
    for entry in &entries {
        match Receipt::from_value(entry) {
            Ok(receipt) => history.receipts.push(receipt),
            Err(_) => history.rejected += 1,
        }
    }
    history
}

/// Adds `receipt` after `history` (what [`load`] returned inside the same lock).
pub(crate) fn append(
    notice_id: &str,
    history: &History,
    receipt: &Receipt,
) -> Result<(), WidgetError> {
    let storage = local_storage()?;
    let mut entries: Vec<Value> = history.receipts.iter().map(Receipt::to_value).collect();
    entries.push(receipt.to_value());
    let text = Value::Array(entries).to_string();
    storage
        .set_item(&storage_key(notice_id), &text)
        .map_err(|e| match WidgetError::dom_name(&e).as_deref() {
            Some("QuotaExceededError") => WidgetError::new(
                "storage-full",
                "the browser's storage for this site is full: the receipt could not be kept on this device",
            ),
            _ => WidgetError::from_js("storage-failed", "the receipt could not be kept on this device", &e),
        })
}
