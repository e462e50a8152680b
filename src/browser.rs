//! Small doors onto the browser: the window, random ids, the clock.

use limpide_receipt::format_utc;
use wasm_bindgen::JsValue;

use crate::error::WidgetError;

/// The global window; the widget only runs in a browser page.
pub(crate) fn window() -> Result<web_sys::Window, WidgetError> {
    web_sys::window()
        .ok_or_else(|| WidgetError::new("no-window", "not running in a browser window"))
}

/// A random UUID v4, lowercase, from the browser's CSPRNG.
pub(crate) fn random_uuid() -> Result<String, WidgetError> {
    let crypto = window()?
        .crypto()
        .map_err(|e| WidgetError::from_js("signing-unsupported", "no WebCrypto", &e))?;
    Ok(crypto.random_uuid().to_ascii_lowercase())
}

/// Now, RFC 3339 UTC to the second.
pub(crate) fn now_utc() -> String {
    // Date.now() is milliseconds since the epoch; receipts keep seconds.
    format_utc((js_sys::Date::now() / 1000.0).floor() as i64)
}

/// The browser's preferred languages, best first.
pub(crate) fn preferred_languages() -> Vec<String> {
    let Ok(window) = window() else {
        return Vec::new();
    };
    window
        .navigator()
        .languages()
        .iter()
        .filter_map(|l: JsValue| l.as_string())
        .collect()
}
