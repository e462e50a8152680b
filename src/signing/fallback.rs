//! Ed25519 where WebCrypto has none (browsers older than Chromium 137,
//! Firefox 129 or Safari 17): the small `limpide-ed25519` wasm module
//! (`crates/ed25519-fallback`), which `limpide.js` fetches only when asked,
//! with its integrity hash. Everyone else never downloads it.
//!
//! `limpide.js` hands over its loader at start (`set_loader`). A Yew app
//! that links the component alone has no loader: there, such a browser
//! cannot sign (`signing-unsupported`) nor verify.

use std::cell::RefCell;

use js_sys::{Function, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::error::{describe_js, ErrorCode, WidgetError};

thread_local! {
    /// `limpide.js`'s loader of the module.
    static LOADER: RefCell<Option<Function>> = const { RefCell::new(None) };
    /// The module, once loaded: its `public_key`, `sign` and `verify`.
    static MODULE: RefCell<Option<JsValue>> = const { RefCell::new(None) };
}

/// Keeps `limpide.js`'s loader of the fallback module.
#[cfg_attr(not(feature = "js-api"), allow(dead_code))]
pub(crate) fn set_loader(loader: Function) {
    LOADER.with(|l| *l.borrow_mut() = Some(loader));
}

/// The 32-byte public key of the fallback key with this seed.
pub(crate) async fn public_key(seed: &[u8; 32]) -> Result<[u8; 32], WidgetError> {
    let key = call("public_key", &[Uint8Array::from(&seed[..]).into()]).await?;
    Uint8Array::new(&key)
        .to_vec()
        .try_into()
        .map_err(|_| unsupported("the fallback module gave a public key of the wrong length"))
}

/// The Ed25519 signature of `message` by the fallback key with this seed.
pub(crate) async fn sign(seed: &[u8; 32], message: &[u8]) -> Result<Vec<u8>, WidgetError> {
    let args = [
        Uint8Array::from(&seed[..]).into(),
        Uint8Array::from(message).into(),
    ];
    Ok(Uint8Array::new(&call("sign", &args).await?).to_vec())
}

/// Whether `signature` is `key`'s valid signature of `message` (strictly).
pub(crate) async fn verify(
    key: &[u8; 32],
    message: &[u8],
    signature: &[u8; 64],
) -> Result<bool, WidgetError> {
    let args = [
        Uint8Array::from(&key[..]).into(),
        Uint8Array::from(message).into(),
        Uint8Array::from(&signature[..]).into(),
    ];
    Ok(call("verify", &args).await?.as_bool() == Some(true))
}

/// Calls one of the module's functions, loading the module first if needed.
async fn call(name: &str, args: &[JsValue]) -> Result<JsValue, WidgetError> {
    let module = module().await?;
    let function: Function = Reflect::get(&module, &JsValue::from_str(name))
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or_else(|| unsupported(&format!("the fallback module has no {name}()")))?;
    let args: js_sys::Array = args.iter().collect();
    function.apply(&JsValue::NULL, &args).map_err(|e| {
        WidgetError::from_js(ErrorCode::SigningFailed, "the fallback signer failed", &e)
    })
}

async fn module() -> Result<JsValue, WidgetError> {
    if let Some(module) = MODULE.with(|m| m.borrow().clone()) {
        return Ok(module);
    }
    let loader = LOADER.with(|l| l.borrow().clone()).ok_or_else(|| {
        unsupported("no Ed25519 fallback is available here (only limpide.js brings one)")
    })?;
    let promise: Promise = loader
        .call0(&JsValue::NULL)
        .and_then(JsCast::dyn_into)
        .map_err(|e| unsupported(&describe_js(&e)))?;
    let module = JsFuture::from(promise).await.map_err(|e| {
        unsupported(&format!(
            "cannot load the Ed25519 fallback: {}",
            describe_js(&e)
        ))
    })?;
    MODULE.with(|m| *m.borrow_mut() = Some(module.clone()));
    Ok(module)
}

fn unsupported(why: &str) -> WidgetError {
    WidgetError::new(
        ErrorCode::SigningUnsupported,
        format!("this browser has no WebCrypto Ed25519 (Chromium 137, Firefox 129, Safari 17 or newer have it), and {why}"),
    )
}
