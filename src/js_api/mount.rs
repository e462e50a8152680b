//! `mount(element, notice, options)`, the ES module's entry point
//! (`limpide.js`, feature `js-api`): it renders the form into an open shadow
//! root of `element` (`root.rs`) and resolves to a [`Handle`]. Events
//! `limpide:receipt` and `limpide:error` are dispatched on `element`,
//! bubbling and composed (`events.rs`).

use std::rc::Rc;

use js_sys::{Reflect, JSON};
use limpide_receipt::Notice;
use wasm_bindgen::prelude::*;
use web_sys::Element;
use yew::{AttrValue, Renderer};

use super::events::dispatch_error;
use super::handle::{Handle, Options};
use super::root::{default_stylesheet, mark_live, prepare_root, Root};
use crate::components::{ConsentForm, NoticeError, NoticeErrorProps};
use crate::error::{ErrorCode, WidgetError};
use crate::platform::browser::fetch_text;

/// Renders the consent form for `notice` (a URL, or the notice object)
/// into an open shadow root of `element`.
///
/// `options`: `{ lang, subject, credential, enrollmentCode, endpoint, pages }`
/// (the credential and the code are kept in memory only). Rejects with the same message
/// as the `limpide:error` event when the notice cannot be fetched or is
/// invalid; the pupil then sees a short message, never a half-built form.
#[wasm_bindgen]
pub async fn mount(
    #[wasm_bindgen(unchecked_param_type = "Element")] element: JsValue,
    notice: JsValue,
    options: JsValue,
) -> Result<Handle, JsError> {
    // Checked before anything touches the element: in a worker there is no
    // window (and no element), and a missing element would otherwise fail
    // later, uncaught, instead of rejecting.
    crate::platform::browser::window().map_err(|e| JsError::new(&e.message))?;
    let element: Element = element
        .dyn_into()
        .map_err(|_| JsError::new("mount() needs the element to render the form into"))?;
    let options_value = options;
    let option = |name: &str| {
        Reflect::get(&options_value, &JsValue::from_str(name))
            .ok()
            .and_then(|v| v.as_string())
            .filter(|v| !v.is_empty())
    };
    let options = Options {
        lang: option("lang"),
        subject: option("subject"),
        credential: option("credential"),
        enrollment_code: option("enrollmentCode"),
        endpoint: option("endpoint"),
        pages: option("pages"),
    };
    // Always the stylesheet next to `limpide.js`: a page cannot swap it for
    // one that would make refusing weaker (theming is custom properties only).
    let Root {
        container,
        added,
        prerendered,
    } = match prepare_root(&element, &default_stylesheet()) {
        Ok(prepared) => prepared,
        Err(error) => {
            dispatch_error(&element, &error);
            return Err(JsError::new(&error.message));
        }
    };
    let loaded = load_notice(&notice)
        .await
        .and_then(|notice| check_subject(options.subject.as_deref()).map(|()| notice));
    match loaded {
        Ok(notice) => {
            let notice = Rc::new(notice);
            let mut handle = Handle {
                app: None,
                host: element,
                added,
                notice,
                options,
                reopen: 0,
                early: None,
            };
            handle.app = Some(match prerendered {
                Some(prerendered) => handle.take_over(container.clone(), &prerendered),
                None => {
                    Renderer::<ConsentForm>::with_root_and_props(container.clone(), handle.props())
                        .render()
                }
            });
            mark_live(&container);
            Ok(handle)
        }
        Err(error) => {
            if let Some(prerendered) = &prerendered {
                prerendered.clear();
            }
            let language = options
                .lang
                .or_else(|| {
                    crate::platform::browser::preferred_languages()
                        .into_iter()
                        .next()
                })
                .unwrap_or_else(|| "en".to_owned());
            let props = NoticeErrorProps {
                language: AttrValue::from(language),
                code: AttrValue::from(error.code.as_str()),
            };
            // Kept on the page until the embedder removes the element.
            Renderer::<NoticeError>::with_root_and_props(container.clone(), props).render();
            mark_live(&container);
            dispatch_error(&element, &error);
            Err(JsError::new(&error.message))
        }
    }
}

/// Refuses at once a `subject` that no receipt could carry (too long,
/// hidden characters…), rather than after the pupil has decided.
fn check_subject(subject: Option<&str>) -> Result<(), WidgetError> {
    let Some(subject) = subject else {
        return Ok(());
    };
    limpide_receipt::check_subject(subject).map_err(|e| {
        WidgetError::new(
            ErrorCode::SubjectInvalid,
            format!("the subject option cannot go in a receipt:\n{e}"),
        )
    })
}

/// The notice from a URL (fetched) or an object, checked.
async fn load_notice(notice: &JsValue) -> Result<Notice, WidgetError> {
    let bytes = if let Some(url) = notice.as_string() {
        if url.trim().is_empty() {
            // An empty URL would fetch the page itself.
            return Err(WidgetError::new(
                ErrorCode::NoticeInvalid,
                "no notice was given: pass the notice's URL (the `notice` attribute) or a notice object",
            ));
        }
        fetch_text(&url, None).await.map_err(|detail| {
            WidgetError::new(
                ErrorCode::NoticeUnreachable,
                format!("the notice could not be fetched from {url}: {detail}"),
            )
        })?
    } else if notice.is_object() {
        JSON::stringify(notice).map(String::from).map_err(|e| {
            WidgetError::from_js(
                ErrorCode::NoticeInvalid,
                "the notice object cannot be read as JSON",
                &e,
            )
        })?
    } else {
        return Err(WidgetError::new(
            ErrorCode::NoticeInvalid,
            "the notice must be a URL or a notice object",
        ));
    };
    Notice::from_json(bytes.as_bytes()).map_err(|e| {
        WidgetError::new(
            ErrorCode::NoticeInvalid,
            format!("the notice is invalid:\n{e}"),
        )
    })
}
