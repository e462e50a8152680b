//! The few IndexedDB calls the widget needs (gloo has no IndexedDB): one
//! database, `limpide`, with one object store, `keys`, that holds the
//! subject's WebCrypto key pair (a `CryptoKey` is structured-cloneable, so
//! the private key is stored without ever being exported).

use js_sys::Promise;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast as _, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransactionMode};

use crate::browser::window;

const DATABASE: &str = "limpide";
const VERSION: u32 = 1;
/// The object store of keys.
pub(crate) const KEYS: &str = "keys";

/// Opens (and on first use creates) the database.
pub(crate) async fn open() -> Result<IdbDatabase, JsValue> {
    let factory = window()
        .map_err(|e| JsValue::from_str(&e.message))?
        .indexed_db()?
        .ok_or_else(|| JsValue::from_str("IndexedDB is not available"))?;
    let request: IdbOpenDbRequest = factory.open_with_u32(DATABASE, VERSION)?;
    let upgrade = Closure::<dyn FnMut(web_sys::Event)>::new({
        let request = request.clone();
        move |_| {
            if let Ok(db) = request.result().and_then(|db| db.dyn_into::<IdbDatabase>()) {
                if !db.object_store_names().contains(KEYS) {
                    let _ = db.create_object_store(KEYS);
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
pub(crate) async fn get(db: &IdbDatabase, store: &str, key: &str) -> Result<JsValue, JsValue> {
    let request = db
        .transaction_with_str(store)?
        .object_store(store)?
        .get(&JsValue::from_str(key))?;
    settle(&request).await
}

/// Stores `value` under `key`.
pub(crate) async fn put(
    db: &IdbDatabase,
    store: &str,
    key: &str,
    value: &JsValue,
) -> Result<(), JsValue> {
    let request = db
        .transaction_with_str_and_mode(store, IdbTransactionMode::Readwrite)?
        .object_store(store)?
        .put_with_key(value, &JsValue::from_str(key))?;
    settle(&request).await.map(drop)
}

/// Waits for a request's `success` (its result) or `error` (its error).
async fn settle(request: &IdbRequest) -> Result<JsValue, JsValue> {
    // The closures must outlive the wait; they are dropped (and their
    // handlers removed) once the request has settled.
    let mut handlers = None;
    let promise = Promise::new(&mut |resolve: js_sys::Function, reject: js_sys::Function| {
        let on_success = Closure::<dyn FnMut(web_sys::Event)>::new({
            let request = request.clone();
            move |_| {
                let _ = resolve.call1(&JsValue::NULL, &request.result().unwrap_or_default());
            }
        });
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new({
            let request = request.clone();
            move |_| {
                let error = request
                    .error()
                    .ok()
                    .flatten()
                    .map(JsValue::from)
                    .unwrap_or_else(|| JsValue::from_str("IndexedDB request failed"));
                let _ = reject.call1(&JsValue::NULL, &error);
            }
        });
        request.set_onsuccess(Some(on_success.as_ref().unchecked_ref()));
        request.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        handlers = Some((on_success, on_error));
    });
    let result = JsFuture::from(promise).await;
    request.set_onsuccess(None);
    request.set_onerror(None);
    drop(handlers);
    result
}
