//! Receipts kept on the device: in IndexedDB (store `receipts`), one entry
//! per notice id holding the JSON text of its receipts, oldest first.
//! Every receipt is verified again when read.

use limpide_receipt::Value;
use limpide_receipt::{canonical_json, Notice, Receipt};
use wasm_bindgen::JsValue;

use crate::error::{describe_js, ErrorCode, WidgetError};
use crate::signing::verify::read_receipt;
use crate::storage::broadcast;
use crate::storage::contract::{NOTICE_KEY_PREFIX, RECEIPTS_STORE};
use crate::storage::idb;

/// What was read back: the receipts that verify, how many did not, and
/// every stored entry as it was (so that writing back never drops one).
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct History {
    /// Verified receipts, oldest first.
    pub(crate) receipts: Vec<Receipt>,
    /// Stored entries refused by verification (tampered, damaged, or
    /// written by a newer version of the widget).
    pub(crate) rejected: usize,
    /// Every stored entry, verified or not, in order.
    entries: Vec<Value>,
    /// The stored value is not a list of receipts: it is never overwritten.
    unreadable: bool,
}

impl History {
    /// The most recent receipt that verifies.
    pub(crate) fn latest(&self) -> Option<&Receipt> {
        self.receipts.last()
    }
}

#[cfg(test)]
impl History {
    /// A history of verified receipts, as if read from storage.
    pub(crate) fn of(receipts: Vec<Receipt>) -> Self {
        Self {
            entries: receipts.iter().map(Receipt::to_value).collect(),
            receipts,
            ..Self::default()
        }
    }
}

/// Every stored receipt of a notice.
pub(crate) async fn load(notice_id: &str) -> Result<History, WidgetError> {
    let value = idb::get(RECEIPTS_STORE, notice_id)
        .await
        .map_err(|e| storage_error(&e, "cannot read the receipts kept on this device"))?;
    Ok(parse(&value).await)
}

/// Reads a stored entry; what does not verify is counted and kept aside.
async fn parse(value: &JsValue) -> History {
    let mut history = History::default();
    if value.is_undefined() || value.is_null() {
        return history;
    }
    let Some(Ok(Value::Array(entries))) = value
        .as_string()
        .map(|t| limpide_receipt::parse_json(t.as_bytes(), "list of kept receipts"))
    else {
        history.rejected = 1;
        history.unreadable = true;
        return history;
    };
    for entry in &entries {
        match read_receipt(entry).await {
            Ok(receipt) => history.receipts.push(receipt),
            Err(_) => history.rejected += 1,
        }
    }
    history.entries = entries;
    history
}

/// Adds `receipt` after every entry of `history` (what [`load`] returned
/// inside the same lock), then tells the other tabs. Entries that did not
/// verify are kept as they were: they may be evidence, or a newer format.
pub(crate) async fn append(
    notice_id: &str,
    history: &History,
    receipt: &Receipt,
) -> Result<(), WidgetError> {
    if history.unreadable {
        return Err(WidgetError::new(
            ErrorCode::StorageFailed,
            "the receipts kept on this device are not a list of receipts: they were left untouched and the new receipt was not added",
        ));
    }
    let mut entries = history.entries.clone();
    entries.push(receipt.to_value());
    let text = canonical_json(&Value::Array(entries));
    idb::put(RECEIPTS_STORE, notice_id, &JsValue::from_str(&text))
        .await
        .map_err(|e| storage_error(&e, "the receipt could not be kept on this device"))?;
    broadcast::announce(notice_id);
    Ok(())
}

/// Keeps the notice a receipt was just signed on, under `notice:<id>` (a
/// notice id has no colon): the families' page My consents reads it to
/// check the controller's keys and to open the form again for a change.
/// Best effort: the receipt is what must be kept, and it already is.
pub(crate) async fn keep_notice(notice: &Notice) {
    let text = canonical_json(notice.document());
    let _ = idb::put(
        RECEIPTS_STORE,
        &format!("{NOTICE_KEY_PREFIX}{}", notice.id),
        &JsValue::from_str(&text),
    )
    .await;
}

/// Replaces the stored receipt with `receipt`'s payload by `receipt` (its
/// countersigned copy), then tells the other tabs. Run it inside the
/// notice's lock. `Ok(false)` when that receipt is not stored.
pub(crate) async fn replace(notice_id: &str, receipt: &Receipt) -> Result<bool, WidgetError> {
    let mut history = load(notice_id).await?;
    // The stored entry of the same payload (a countersignature keeps the
    // payload's digest), among those that verified.
    let Some(position) = history.entries.iter().position(|entry| {
        history
            .receipts
            .iter()
            .any(|r| r.digest() == receipt.digest() && r.to_value() == *entry)
    }) else {
        return Ok(false);
    };
    history.entries[position] = receipt.to_value();
    let text = canonical_json(&Value::Array(history.entries));
    idb::put(RECEIPTS_STORE, notice_id, &JsValue::from_str(&text))
        .await
        .map_err(|e| {
            storage_error(
                &e,
                "the acknowledged receipt could not be kept on this device",
            )
        })?;
    broadcast::announce(notice_id);
    Ok(true)
}

/// A storage failure in the pupil's terms, with a stable code.
pub(crate) fn storage_error(error: &JsValue, context: &str) -> WidgetError {
    match WidgetError::dom_name(error).as_deref() {
        Some("QuotaExceededError") => WidgetError::new(
            ErrorCode::StorageFull,
            format!("{context}: the browser's storage for this site is full"),
        ),
        // Site data blocked, private modes, no IndexedDB at all.
        Some("SecurityError" | "InvalidStateError" | "UnknownError") | None => WidgetError::new(
            ErrorCode::StorageUnavailable,
            format!(
                "{context}: this browser does not let the page keep data ({})",
                describe_js(error)
            ),
        ),
        _ => WidgetError::new(
            ErrorCode::StorageFailed,
            format!("{context}: {}", describe_js(error)),
        ),
    }
}
