//! The widget's one error type: what the embedder receives (`limpide:error`)
//! and what the pupil is told, in plain words.

use std::fmt;

use wasm_bindgen::{JsCast as _, JsValue};

/// Something the widget could not do.
///
/// `code` is stable (embedders switch on it); `message` is readable and
/// never holds a secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WidgetError {
    /// One of `notice-invalid`, `notice-unreachable`, `subject-invalid`,
    /// `mount-failed`, `storage-unavailable`, `storage-full`, `storage-failed`,
    /// `signing-unsupported`, `signing-failed`, `endpoint-failed`,
    /// `endpoint-invalid`, or `no-window` (not in a
    /// browser window at all).
    pub code: &'static str,
    /// What happened, in English, for the embedder's logs.
    pub message: String,
}

impl WidgetError {
    /// An error with this code and message.
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    /// An error from a JavaScript exception, keeping its `name: message`.
    pub(crate) fn from_js(code: &'static str, context: &str, error: &JsValue) -> Self {
        Self::new(code, format!("{context}: {}", describe_js(error)))
    }

    /// The name of a `DOMException` (e.g. `QuotaExceededError`), if it is one.
    pub(crate) fn dom_name(error: &JsValue) -> Option<String> {
        error
            .dyn_ref::<web_sys::DomException>()
            .map(web_sys::DomException::name)
    }
}

/// `name: message` of a JavaScript error, or its string form.
pub(crate) fn describe_js(error: &JsValue) -> String {
    if let Some(dom) = error.dyn_ref::<web_sys::DomException>() {
        return format!("{}: {}", dom.name(), dom.message());
    }
    if let Some(error) = error.dyn_ref::<js_sys::Error>() {
        return format!(
            "{}: {}",
            String::from(error.name()),
            String::from(error.message())
        );
    }
    error
        .as_string()
        .unwrap_or_else(|| "an unknown error".to_owned())
}

impl fmt::Display for WidgetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.message, self.code)
    }
}

impl std::error::Error for WidgetError {}
