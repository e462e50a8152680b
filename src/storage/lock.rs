//! Cross-tab mutual exclusion with the Web Locks API, so that two open tabs
//! never sign two receipts chained to the same previous one.
//!
//! `navigator.locks.request(name, callback)` holds the lock until the promise
//! the callback returns settles. The widget awaits "acquired", does its work,
//! then settles that promise. Where the API is missing (very old browsers),
//! the work runs without the lock: a fork is then possible but each receipt
//! stays valid on its own.

use std::future::Future;

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast as _, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::platform::browser::window;
use crate::storage::contract::{SENDING_LOCK_PREFIX, SIGNING_LOCK_PREFIX};

/// The lock under which a notice's stored list is read and written (signing,
/// keeping a countersigned copy), across every tab of the origin.
pub(crate) fn signing_lock(notice_id: &str) -> String {
    format!("{SIGNING_LOCK_PREFIX}{notice_id}")
}

/// The lock under which receipts of a notice are sent to the endpoint, so
/// that two widgets or tabs never send the same receipt at once.
pub(crate) fn sending_lock(notice_id: &str) -> String {
    format!("{SENDING_LOCK_PREFIX}{notice_id}")
}

/// Runs `work` while holding the lock `name` across every tab of the origin.
pub(crate) async fn with_lock<T>(name: &str, work: impl Future<Output = T>) -> T {
    let Some((request, locks)) = lock_manager() else {
        return work.await;
    };
    // `release` settles the promise the lock callback returned.
    let mut release: Option<Function> = None;
    let held = Promise::new(&mut |resolve, _reject| release = Some(resolve));
    let mut acquired_settle: Option<(Function, Function)> = None;
    let acquired = Promise::new(&mut |resolve, reject| acquired_settle = Some((resolve, reject)));
    let Some((acquired_resolve, acquired_reject)) = acquired_settle else {
        return work.await;
    };
    let callback = Closure::once(move |_lock: JsValue| -> JsValue {
        let _ = acquired_resolve.call0(&JsValue::NULL);
        held.into()
    });
    // The request reports failure (e.g. a sandboxed, opaque origin) by
    // rejecting, not by throwing: stop waiting for the lock then.
    let on_refused = Closure::once(move |error: JsValue| {
        let _ = acquired_reject.call1(&JsValue::NULL, &error);
    });
    let requested = request
        .call2(&locks, &JsValue::from_str(name), callback.as_ref())
        .ok()
        .and_then(|p| p.dyn_into::<Promise>().ok());
    let locked = match &requested {
        Some(requested) => {
            let _ = requested.catch(&on_refused);
            JsFuture::from(acquired).await.is_ok()
        }
        None => false,
    };
    let value = work.await;
    if locked {
        if let Some(release) = release {
            let _ = release.call0(&JsValue::NULL);
        }
        if let Some(requested) = requested {
            let _ = JsFuture::from(requested).await;
        }
    }
    drop((callback, on_refused));
    value
}

/// `navigator.locks.request` and `navigator.locks`, when present.
fn lock_manager() -> Option<(Function, JsValue)> {
    let navigator = window().ok()?.navigator();
    let locks = Reflect::get(&navigator, &JsValue::from_str("locks")).ok()?;
    if locks.is_undefined() || locks.is_null() {
        return None;
    }
    let request = Reflect::get(&locks, &JsValue::from_str("request")).ok()?;
    Some((request.dyn_into::<Function>().ok()?, locks))
}
