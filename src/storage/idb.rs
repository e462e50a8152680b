//! The few IndexedDB calls the widget needs (gloo has no IndexedDB): one
//! database (`contract.rs` names it and its stores), with two object stores:
//! - `keys`: the subject's WebCrypto key pair (a `CryptoKey` is
//!   structured-cloneable, so the private key is stored without ever being
//!   exported), or the fallback signer's seed;
//! - `receipts`: per notice id, the JSON text of its receipts, oldest first.
//!
//! IndexedDB rather than `localStorage` for receipts: its transactions are
//! ordered across tabs, where `localStorage` reaches other tabs only
//! eventually — two tabs signing one after the other could each read the
//! chain before the other's write and fork it.
//!
//! Every call opens its own short-lived connection and closes it, so that a
//! later version of the widget can upgrade the database without waiting for
//! open tabs.

use js_sys::Promise;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast as _, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    EventTarget, IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransaction, IdbTransactionMode,
};

use crate::platform::browser::window;
use crate::storage::contract::{DATABASE, DATABASE_VERSION, KEYS_STORE, RECEIPTS_STORE};

/// A Rust closure registered as a DOM event listener.
type EventListener = Closure<dyn FnMut(web_sys::Event)>;

/// Opens (and on first use creates or upgrades) the database.
async fn open() -> Result<IdbDatabase, JsValue> {
    let factory = window()
        .map_err(|e| JsValue::from_str(&e.message))?
        .indexed_db()?
        .ok_or_else(|| JsValue::from_str("IndexedDB is not available"))?;
    let request: IdbOpenDbRequest = factory.open_with_u32(DATABASE, DATABASE_VERSION)?;
    let upgrade = Closure::<dyn FnMut(web_sys::Event)>::new({
        let request = request.clone();
        move |_| {
            if let Ok(db) = request.result().and_then(|db| db.dyn_into::<IdbDatabase>()) {
                for store in [KEYS_STORE, RECEIPTS_STORE] {
                    if !db.object_store_names().contains(store) {
                        let _ = db.create_object_store(store);
                    }
                }
            }
        }
    });
    request.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let result = settle(&request).await;
    request.set_onupgradeneeded(None);
    result?.dyn_into::<IdbDatabase>()
}

/// The value stored under `key`, or `undefined`.
pub(crate) async fn get(store: &str, key: &str) -> Result<JsValue, JsValue> {
    let db = open().await?;
    let result = async {
        let request = db
            .transaction_with_str(store)?
            .object_store(store)?
            .get(&JsValue::from_str(key))?;
        settle(&request).await
    }
    .await;
    db.close();
    result
}

/// Stores `value` under `key`, and returns once the transaction committed.
pub(crate) async fn put(store: &str, key: &str, value: &JsValue) -> Result<(), JsValue> {
    let db = open().await?;
    let result = async {
        let transaction = db.transaction_with_str_and_mode(store, IdbTransactionMode::Readwrite)?;
        let request = transaction
            .object_store(store)?
            .put_with_key(value, &JsValue::from_str(key))?;
        settle(&request).await?;
        committed(&transaction).await
    }
    .await;
    db.close();
    result
}

/// Deletes what is stored under `key`, and returns once that committed.
pub(crate) async fn delete(store: &str, key: &str) -> Result<(), JsValue> {
    let db = open().await?;
    let result = async {
        let transaction = db.transaction_with_str_and_mode(store, IdbTransactionMode::Readwrite)?;
        let request = transaction
            .object_store(store)?
            .delete(&JsValue::from_str(key))?;
        settle(&request).await?;
        committed(&transaction).await
    }
    .await;
    db.close();
    result
}

/// Waits for the transaction to commit. A browser reports a full quota
/// late, as an `abort` of the transaction after its requests succeeded:
/// the reason is the transaction's `error` (a `QuotaExceededError`), not
/// the event's name, which says only that it failed.
async fn committed(transaction: &IdbTransaction) -> Result<(), JsValue> {
    let outcome = wait_for(transaction, "complete", &["error", "abort"]).await;
    match (outcome, transaction.error()) {
        (Ok(()), _) => Ok(()),
        (Err(_), Some(error)) => Err(error.into()),
        (Err(event), None) => Err(event),
    }
}

/// Waits for a request's `success` (its result) or `error` (its error).
async fn settle(request: &IdbRequest) -> Result<JsValue, JsValue> {
    match wait_for(request, "success", &["error"]).await {
        Ok(()) => request.result(),
        Err(_) => Err(request
            .error()
            .ok()
            .flatten()
            .map(JsValue::from)
            .unwrap_or_else(|| JsValue::from_str("IndexedDB request failed"))),
    }
}

/// Resolves on the event `ok`, fails on any of `failures`. The listeners
/// live until then and are removed after.
async fn wait_for(target: &EventTarget, ok: &str, failures: &[&str]) -> Result<(), JsValue> {
    let mut listeners: Vec<(String, EventListener)> = Vec::new();
    let promise = Promise::new(&mut |resolve: js_sys::Function, reject: js_sys::Function| {
        let on_ok = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            let _ = resolve.call0(&JsValue::NULL);
        });
        listeners.push((ok.to_owned(), on_ok));
        for failure in failures {
            let reject = reject.clone();
            let name = (*failure).to_owned();
            let on_failure = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
                let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(&name));
            });
            listeners.push(((*failure).to_owned(), on_failure));
        }
    });
    for (name, listener) in &listeners {
        let _ = target.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
    }
    let result = JsFuture::from(promise).await.map(drop);
    for (name, listener) in &listeners {
        let _ = target.remove_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
    }
    result
}
