//! The ES module API (`limpide.js`, feature `js-api`): `mount(element,
//! notice, options)` renders the form into an open shadow root of
//! `element` and resolves to a [`Handle`]. Events `limpide:receipt` and
//! `limpide:error` are dispatched on `element`, bubbling and composed.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Object, Promise, Reflect, JSON};
use limpide_receipt::Notice;
use wasm_bindgen::prelude::*;
use web_sys::{CustomEvent, CustomEventInit, Element, ShadowRootInit, ShadowRootMode};
use yew::{AppHandle, AttrValue, Callback, Renderer};

use crate::components::{ConsentForm, ConsentFormProps, NoticeError, NoticeErrorProps};
use crate::error::{ErrorCode, WidgetError};
use crate::platform::browser::{fetch_text, window};
use crate::prerender::early::{EarlyInput, LIVE_ATTRIBUTE};
use crate::prerender::hydrate::{self, Prerendered};
use crate::signing::issued::Issued;
use crate::storage::receipts;
use crate::storage::unsaved;

thread_local! {
    /// Where `limpide.js` was loaded from, so that `limpide.css` is found
    /// next to it whatever page embeds it, and that stylesheet's integrity
    /// hash (both set by the module itself).
    static ASSET_BASE: RefCell<Option<(String, String)>> = const { RefCell::new(None) };
}

/// Called once by `limpide.js` with its own `import.meta.url`, the
/// integrity hash of the `limpide.css` built with it (`xtask/src/pin.rs`)
/// and its loader of the Ed25519 fallback module (`fallback.rs`). Not part
/// of the public API.
#[wasm_bindgen(js_name = "__limpideAssetBase")]
pub fn set_asset_base(
    module_url: String,
    stylesheet_integrity: String,
    load_fallback: js_sys::Function,
) {
    ASSET_BASE.with(|b| *b.borrow_mut() = Some((module_url, stylesheet_integrity)));
    crate::signing::fallback::set_loader(load_fallback);
}

/// A mounted form.
#[wasm_bindgen]
pub struct Handle {
    app: Option<AppHandle<ConsentForm>>,
    host: Element,
    added: Vec<Element>,
    notice: Rc<Notice>,
    options: Options,
    reopen: u32,
    /// What the pupil did in the pre-rendered form, if there was one.
    early: Option<Rc<EarlyInput>>,
}

#[derive(Clone)]
struct Options {
    lang: Option<String>,
    subject: Option<String>,
    endpoint: Option<String>,
    pages: Option<String>,
}

/// Renders the consent form for `notice` (a URL, or the notice object)
/// into an open shadow root of `element`.
///
/// `options`: `{ lang, subject, endpoint, pages }`. Rejects with the same message
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

#[wasm_bindgen]
impl Handle {
    /// Promise of every receipt stored for this notice, oldest first.
    pub fn receipts(&self) -> Promise {
        let notice_id = self.notice.id.clone();
        wasm_bindgen_futures::future_to_promise(async move {
            let history = receipts::load(&notice_id)
                .await
                .map_err(|e| JsValue::from(JsError::new(&e.message)))?;
            let list: Array = history.receipts.iter().map(receipt_object).collect();
            Ok(list.into())
        })
    }

    /// Promise of the latest receipt, or `null`: the one the form shows
    /// and the next receipt chains to, stored or (when storage refused
    /// it) kept on this page only. Rejects when storage cannot be read and
    /// nothing was signed here.
    pub fn latest(&self) -> Promise {
        let notice_id = self.notice.id.clone();
        wasm_bindgen_futures::future_to_promise(async move {
            let history = receipts::load(&notice_id).await;
            let unsaved = unsaved::unsaved(&notice_id);
            if let (Err(error), true) = (&history, unsaved.is_empty()) {
                return Err(JsValue::from(JsError::new(&error.message)));
            }
            Ok(unsaved::latest(history.as_ref().ok(), &unsaved)
                .map(receipt_object)
                .unwrap_or(JsValue::NULL))
        })
    }

    /// Shows the form again, with the latest choices, and focuses it.
    pub fn open(&mut self) {
        self.reopen += 1;
        let props = self.props();
        if let Some(app) = &mut self.app {
            app.update(props);
        }
    }

    /// Removes the form, its stylesheet link and every listener.
    pub fn destroy(&mut self) -> Promise {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
        for element in self.added.drain(..) {
            element.remove();
        }
        Promise::resolve(&JsValue::UNDEFINED)
    }
}

impl Handle {
    fn props(&self) -> ConsentFormProps {
        // A receipt being signed when destroy() is called (the pupil had
        // clicked) is still stored and still announced on the host: the
        // custom element re-renders through destroy() and mount() on the
        // same host, whose listeners must not miss a consent given.
        let receipt_host = self.host.clone();
        let error_host = self.host.clone();
        ConsentFormProps {
            notice: self.notice.clone(),
            language: self.options.lang.clone().map(AttrValue::from),
            subject: self.options.subject.clone().map(AttrValue::from),
            endpoint: self.options.endpoint.clone().map(AttrValue::from),
            on_receipt: Callback::from(move |issued: Issued| {
                let detail = Object::new();
                let _ = Reflect::set(&detail, &"receipt".into(), &receipt_object(&issued.receipt));
                dispatch(&receipt_host, "limpide:receipt", &detail);
            }),
            on_error: Callback::from(move |error: WidgetError| dispatch_error(&error_host, &error)),
            reopen: self.reopen,
            early: self.early.clone(),
            pages: self.options.pages.clone().map(AttrValue::from),
        }
    }

    /// Takes over the pre-rendered form: hydrated when it was made from
    /// this notice in the language shown, else rendered again; either way
    /// starting from what the pupil did in it.
    fn take_over(
        &mut self,
        container: Element,
        prerendered: &Prerendered,
    ) -> AppHandle<ConsentForm> {
        // The pupil reads it in that language: it stays, unless the
        // embedder asked for another.
        let asked = self
            .options
            .lang
            .as_deref()
            .unwrap_or(&prerendered.language);
        let language = self
            .notice
            .match_language(asked)
            .unwrap_or(&prerendered.language)
            .to_owned();
        let early = prerendered.early_input(&self.notice, &language);
        prerendered.release_hold();
        let stale = early.stale;
        self.options.lang = Some(language);
        self.early = Some(Rc::new(early));
        let renderer = Renderer::<ConsentForm>::with_root_and_props(container, self.props());
        if stale {
            prerendered.clear();
            renderer.render()
        } else {
            renderer.hydrate()
        }
    }
}

/// `limpide.css` next to `limpide.js` with its integrity hash, or next to
/// the page (a build without `cargo xtask build`'s pinning).
fn default_stylesheet() -> Stylesheet {
    let base = ASSET_BASE.with(|b| b.borrow().clone());
    let href = base
        .as_ref()
        .and_then(|(url, _)| web_sys::Url::new_with_base("limpide.css", url).ok())
        .map(|url| url.href())
        .unwrap_or_else(|| "limpide.css".to_owned());
    Stylesheet {
        href,
        integrity: base.map(|(_, integrity)| integrity),
    }
}

/// The stylesheet linked in the shadow root.
struct Stylesheet {
    href: String,
    /// Its Subresource Integrity hash: a changed file is refused, so that
    /// nobody who can alter it can make refusing look weaker.
    integrity: Option<String>,
}

impl Stylesheet {
    /// A `<link>` to it.
    fn link(&self, document: &web_sys::Document) -> Result<Element, JsValue> {
        let link = document.create_element("link")?;
        link.set_attribute("data-limpide", "")?;
        link.set_attribute("rel", "stylesheet")?;
        link.set_attribute("href", &self.href)?;
        if let Some(integrity) = &self.integrity {
            link.set_attribute("integrity", integrity)?;
            // Integrity needs a CORS request when the files are on another
            // origin (a CDN); on the page's own origin it changes nothing.
            link.set_attribute("crossorigin", "anonymous")?;
        }
        Ok(link)
    }

    /// Whether `link` (a pre-rendered one) links this very file: the same
    /// URL once resolved, and the same integrity hash when it has one.
    fn is_linked_by(&self, link: &Element) -> bool {
        let href = Reflect::get(link, &"href".into())
            .ok()
            .and_then(|h| h.as_string());
        let same_file = href.as_deref() == Some(self.href.as_str());
        let same_integrity = match &self.integrity {
            Some(integrity) => link.get_attribute("integrity").as_deref() == Some(integrity),
            None => true,
        };
        same_file && same_integrity && link.get_attribute("rel").as_deref() == Some("stylesheet")
    }
}

/// Where the form goes: a container in the host's open shadow root, and
/// what the widget added there (removed by `destroy()`).
struct Root {
    container: Element,
    added: Vec<Element>,
    /// The form pre-rendered there, to take over (`hydrate.rs`).
    prerendered: Option<Prerendered>,
}

/// The open shadow root's container, with the stylesheet linked in it: a
/// pre-rendered form's (a declarative shadow root), or a new one.
fn prepare_root(host: &Element, stylesheet: &Stylesheet) -> Result<Root, WidgetError> {
    let fail = |e: JsValue| {
        WidgetError::from_js(ErrorCode::MountFailed, "cannot render into the element", &e)
    };
    let shadow = match host.shadow_root() {
        Some(shadow) => shadow,
        None => host
            .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
            .map_err(fail)?,
    };
    let prerendered = hydrate::claim(&shadow);
    let kept_container = prerendered.as_ref().map(|p| p.container.clone());
    // A pre-rendered form's link is kept when it is the widget's own
    // stylesheet (no flash while another copy loads); any other is replaced,
    // so that a page cannot swap the stylesheet this way either.
    let kept_link = match &kept_container {
        Some(_) => shadow
            .query_selector("link[data-limpide]")
            .ok()
            .flatten()
            .filter(|link| stylesheet.is_linked_by(link)),
        None => None,
    };
    // A second mount on the same element replaces the first's rendering
    // (e.g. a retry after an unreachable notice) instead of stacking forms;
    // a pre-rendered `<noscript>` goes too.
    let previous = shadow.query_selector_all("[data-limpide]").map_err(fail)?;
    for i in 0..previous.length() {
        if let Some(element) = previous.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            if Some(&element) != kept_container.as_ref() && Some(&element) != kept_link.as_ref() {
                element.remove();
            }
        }
    }
    let document = window()?
        .document()
        .ok_or_else(|| WidgetError::new(ErrorCode::MountFailed, "no document"))?;
    let link = match kept_link {
        Some(link) => link,
        None => stylesheet.link(&document).map_err(fail)?,
    };
    let container = match kept_container {
        Some(container) => {
            if !link.is_connected() {
                shadow
                    .insert_before(&link, Some(&container))
                    .map_err(fail)?;
            }
            container
        }
        None => {
            let container = document.create_element("div").map_err(fail)?;
            container
                .set_attribute("class", "limpide-host")
                .map_err(fail)?;
            container.set_attribute("data-limpide", "").map_err(fail)?;
            shadow.append_child(&link).map_err(fail)?;
            shadow.append_child(&container).map_err(fail)?;
            container
        }
    };
    Ok(Root {
        added: vec![link, container.clone()],
        container,
        prerendered,
    })
}

/// Tells the page script (and tests) that the widget handles the form in
/// `container` from now on (`early.rs`).
fn mark_live(container: &Element) {
    let _ = container.set_attribute(LIVE_ATTRIBUTE, "");
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

/// A receipt as a plain JS object (the JWS JSON).
fn receipt_object(receipt: &limpide_receipt::Receipt) -> JsValue {
    JSON::parse(&receipt.to_json()).unwrap_or(JsValue::NULL)
}

fn dispatch_error(host: &Element, error: &WidgetError) {
    let detail = Object::new();
    let _ = Reflect::set(&detail, &"code".into(), &error.code.as_str().into());
    let _ = Reflect::set(&detail, &"message".into(), &error.message.as_str().into());
    dispatch(host, "limpide:error", &detail);
}

fn dispatch(host: &Element, name: &str, detail: &JsValue) {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(detail);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = host.dispatch_event(&event);
    }
}
