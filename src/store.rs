//! Receipts kept on the device: in IndexedDB (store `receipts`), one entry
//! per notice id holding the JSON text of its receipts, oldest first.
//! Every receipt is verified again when read.

use limpide_receipt::Receipt;
use serde_json::Value;
use wasm_bindgen::JsValue;

use crate::error::{describe_js, WidgetError};
use crate::{broadcast, idb};

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

/// Every stored receipt of a notice.
pub(crate) async fn load(notice_id: &str) -> Result<History, WidgetError> {
    let value = idb::get(idb::RECEIPTS, notice_id)
        .await
        .map_err(|e| storage_error(&e, "cannot read the receipts kept on this device"))?;
    Ok(parse(&value))
}

/// Reads a stored entry; anything that does not verify is counted, not kept.
fn parse(value: &JsValue) -> History {
    let mut history = History::default();
    if value.is_undefined() || value.is_null() {
        return history;
    }
    let entries = match value.as_string().map(|t| serde_json::from_str::<Value>(&t)) {
        Some(Ok(Value::Array(entries))) => entries,
        _ => {
            history.rejected = 1;
            return history;
        }
    };
    for entry in &entries {
        match Receipt::from_value(entry) {
            Ok(receipt) => history.receipts.push(receipt),
            Err(_) => history.rejected += 1,
        }
    }
    history
}

/// Adds `receipt` after `history` (what [`load`] returned inside the same
/// lock), then tells the other tabs.
pub(crate) async fn append(
    notice_id: &str,
    history: &History,
    receipt: &Receipt,
) -> Result<(), WidgetError> {
    let mut entries: Vec<Value> = history.receipts.iter().map(Receipt::to_value).collect();
    entries.push(receipt.to_value());
    let text = Value::Array(entries).to_string();
    idb::put(idb::RECEIPTS, notice_id, &JsValue::from_str(&text))
        .await
        .map_err(|e| storage_error(&e, "the receipt could not be kept on this device"))?;
    broadcast::announce(notice_id);
    Ok(())
}

/// A storage failure in the pupil's terms, with a stable code.
fn storage_error(error: &JsValue, context: &str) -> WidgetError {
    match WidgetError::dom_name(error).as_deref() {
        Some("QuotaExceededError") => WidgetError::new(
            "storage-full",
            format!("{context}: the browser's storage for this site is full"),
        ),
        // Site data blocked, private modes, no IndexedDB at all.
        Some("SecurityError" | "InvalidStateError" | "UnknownError") | None => WidgetError::new(
            "storage-unavailable",
            format!(
                "{context}: this browser does not let the page keep data ({})",
                describe_js(error)
            ),
        ),
        _ => WidgetError::new(
            "storage-failed",
            format!("{context}: {}", describe_js(error)),
        ),
    }
}
