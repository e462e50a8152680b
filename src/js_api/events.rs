//! The events on the host element, bubbling and composed, so that the
//! page hears them outside the shadow root: `limpide:receipt` and
//! `limpide:error`.

use js_sys::{Object, Reflect, JSON};
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, Element};

use crate::error::WidgetError;

/// A receipt as a plain JS object (the JWS JSON).
pub(super) fn receipt_object(receipt: &limpide_receipt::Receipt) -> JsValue {
    JSON::parse(&receipt.to_json()).unwrap_or(JsValue::NULL)
}

pub(super) fn dispatch_error(host: &Element, error: &WidgetError) {
    let detail = Object::new();
    let _ = Reflect::set(&detail, &"code".into(), &error.code.as_str().into());
    let _ = Reflect::set(&detail, &"message".into(), &error.message.as_str().into());
    dispatch(host, "limpide:error", &detail);
}

pub(super) fn dispatch(host: &Element, name: &str, detail: &JsValue) {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(detail);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = host.dispatch_event(&event);
    }
}
