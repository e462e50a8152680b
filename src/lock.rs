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

use crate::browser::window;

/// Runs `work` while holding the lock `name` across every tab of the origin.
pub(crate) async fn with_lock<T>(name: &str, work: impl Future<Output = T>) -> T {
    let Some((request, locks)) = lock_manager() else {
        return work.await;
    };
    // `release` settles the promise the lock callback returned.
    let mut release: Option<Function> = None;
    let held = Promise::new(&mut |resolve, _reject| release = Some(resolve));
    let mut acquired_resolve: Option<Function> = None;
    let acquired = Promise::new(&mut |resolve, _reject| acquired_resolve = Some(resolve));
    let callback = Closure::once(move |_lock: JsValue| -> JsValue {
        if let Some(resolve) = &acquired_resolve {
            let _ = resolve.call0(&JsValue::NULL);
        }
        held.into()
    });
    let requested = request.call2(&locks, &JsValue::from_str(name), callback.as_ref());
    let result = match requested {
        Ok(requested) => {
            let _ = JsFuture::from(acquired).await;
            let value = work.await;
            if let Some(release) = release {
                let _ = release.call0(&JsValue::NULL);
            }
            if let Ok(requested) = requested.dyn_into::<Promise>() {
                let _ = JsFuture::from(requested).await;
            }
            value
        }
        Err(_) => work.await,
    };
    drop(callback);
    result
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
