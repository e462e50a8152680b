//! Small doors onto the browser: the window, random ids, the clock.

use limpide_receipt::format_utc;
use wasm_bindgen::{JsCast as _, JsValue};

use crate::error::{describe_js, ErrorCode, WidgetError};

/// The global window; the widget only runs in a browser page.
pub(crate) fn window() -> Result<web_sys::Window, WidgetError> {
    web_sys::window()
        .ok_or_else(|| WidgetError::new(ErrorCode::NoWindow, "not running in a browser window"))
}

/// A random UUID v4, lowercase, from the browser's CSPRNG.
///
/// Built from `getRandomValues` rather than `randomUUID`, which insecure
/// (plain http) pages lack.
pub(crate) fn random_uuid() -> Result<String, WidgetError> {
    random_bytes().map(format_uuid_v4)
}

/// `N` bytes from the browser's CSPRNG (`crypto.getRandomValues`).
pub(crate) fn random_bytes<const N: usize>() -> Result<[u8; N], WidgetError> {
    let mut bytes = [0u8; N];
    window()?
        .crypto()
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes))
        .map_err(|e| {
            WidgetError::from_js(
                ErrorCode::SigningUnsupported,
                "this browser has no secure random numbers",
                &e,
            )
        })?;
    Ok(bytes)
}

/// RFC 9562 version 4 layout of 16 random bytes.
fn format_uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// Now, in Unix seconds.
pub(crate) fn now_seconds() -> i64 {
    // Date.now() is milliseconds since the epoch; receipts keep seconds.
    (js_sys::Date::now() / 1000.0).floor() as i64
}

/// Now, RFC 3339 UTC to the second.
pub(crate) fn now_utc() -> String {
    format_utc(now_seconds())
}

/// Fetches `url` (with `init`, if given) and returns the body of a 2xx
/// answer as text; otherwise why not, in words (network error, `HTTP 404`…).
pub(crate) async fn fetch_text(
    url: &str,
    init: Option<&web_sys::RequestInit>,
) -> Result<String, String> {
    match fetch_answer(url, init).await? {
        (200..=299, body, _) => Ok(body),
        (status, _, _) => Err(format!("HTTP {status}")),
    }
}

/// Fetches `url` and returns the answer's status, its body as text
/// (whatever the status: a service's refusal says why in its body) and its
/// headers; otherwise why not, in words (network error, timeout…).
pub(crate) async fn fetch_answer(
    url: &str,
    init: Option<&web_sys::RequestInit>,
) -> Result<(u16, String, web_sys::Headers), String> {
    let window = window().map_err(|e| e.message)?;
    let request = match init {
        Some(init) => window.fetch_with_str_and_init(url, init),
        None => window.fetch_with_str(url),
    };
    let response: web_sys::Response = wasm_bindgen_futures::JsFuture::from(request)
        .await
        .map_err(|e| describe_js(&e))?
        .dyn_into()
        .map_err(|_| "not a response".to_owned())?;
    let text = response.text().map_err(|e| describe_js(&e))?;
    let body = wasm_bindgen_futures::JsFuture::from(text)
        .await
        .map_err(|e| describe_js(&e))?
        .as_string()
        .ok_or_else(|| "the body is not text".to_owned())?;
    Ok((response.status(), body, response.headers()))
}

/// Resolves after `ms` milliseconds (a `setTimeout`).
pub(crate) async fn sleep(ms: i32) {
    let mut wait = |resolve: js_sys::Function, _reject: js_sys::Function| {
        if let Ok(window) = window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    };
    let _ = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::new(&mut wait)).await;
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

#[cfg(test)]
mod tests {
    use super::format_uuid_v4;

    #[test]
    fn uuids_have_the_version_4_layout() {
        assert_eq!(
            format_uuid_v4([0xff; 16]),
            "ffffffff-ffff-4fff-bfff-ffffffffffff"
        );
        assert_eq!(
            format_uuid_v4([0; 16]),
            "00000000-0000-4000-8000-000000000000"
        );
    }
}
