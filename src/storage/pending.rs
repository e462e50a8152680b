//! The pupil's request waiting for a guardian: kept in IndexedDB beside
//! the receipts, under `pending:<notice id>` (a notice id has no colon), as
//! its link text. It survives reloads and every tab sees it; nothing in it
//! counts as granted, only the joint receipt made from it does.

use limpide_receipt::GuardianRequest;
use wasm_bindgen::JsValue;

use crate::error::WidgetError;
use crate::storage::broadcast;
use crate::storage::contract::{PENDING_KEY_PREFIX, RECEIPTS_STORE};
use crate::storage::idb;
use crate::storage::receipts::storage_error;

/// The key of a notice's pending request.
fn key(notice_id: &str) -> String {
    format!("{PENDING_KEY_PREFIX}{notice_id}")
}

/// The request waiting for a guardian, if any. One that no longer reads
/// (written by another version, say) is dropped as if abandoned: it never
/// counted.
pub(crate) async fn load(notice_id: &str) -> Result<Option<GuardianRequest>, WidgetError> {
    let value = idb::get(RECEIPTS_STORE, &key(notice_id))
        .await
        .map_err(|e| storage_error(&e, "cannot read the request waiting for a guardian"))?;
    Ok(value
        .as_string()
        .and_then(|text| GuardianRequest::from_fragment(&text).ok()))
}

/// Keeps `request` as the notice's pending one, and tells the other tabs.
pub(crate) async fn keep(notice_id: &str, request: &GuardianRequest) -> Result<(), WidgetError> {
    let text = JsValue::from_str(&request.to_fragment());
    idb::put(RECEIPTS_STORE, &key(notice_id), &text)
        .await
        .map_err(|e| storage_error(&e, "the request for a guardian could not be kept"))?;
    broadcast::announce(notice_id);
    Ok(())
}

/// Forgets the notice's pending request (abandoned, expired or answered),
/// and tells the other tabs.
pub(crate) async fn forget(notice_id: &str) -> Result<(), WidgetError> {
    idb::delete(RECEIPTS_STORE, &key(notice_id))
        .await
        .map_err(|e| storage_error(&e, "the request for a guardian could not be removed"))?;
    broadcast::announce(notice_id);
    Ok(())
}
