//! Where the form goes: a container in the host's open shadow root, with
//! the widget's own stylesheet linked in it (pinned by its integrity hash),
//! or the form pre-rendered there, claimed.

use std::cell::RefCell;

use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use web_sys::{Element, ShadowRootInit, ShadowRootMode};

use crate::error::{ErrorCode, WidgetError};
use crate::platform::browser::window;
use crate::prerender::early::LIVE_ATTRIBUTE;
use crate::prerender::hydrate::{self, Prerendered};

thread_local! {
    /// Where `limpide.js` was loaded from, so that `limpide.css` is found
    /// next to it whatever page embeds it, and that stylesheet's integrity
    /// hash (both set by the module itself).
    static ASSET_BASE: RefCell<Option<(String, String)>> = const { RefCell::new(None) };
}

/// Called once by `limpide.js` with its own `import.meta.url`, the
/// integrity hash of the `limpide.css` built with it (`xtask/src/pin.rs`)
/// and its loader of the Ed25519 fallback module (`signing/fallback.rs`). Not part
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

/// `limpide.css` next to `limpide.js` with its integrity hash, or next to
/// the page (a build without `cargo xtask build`'s pinning).
pub(super) fn default_stylesheet() -> Stylesheet {
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
pub(super) struct Stylesheet {
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
pub(super) struct Root {
    pub(super) container: Element,
    pub(super) added: Vec<Element>,
    /// The form pre-rendered there, to take over (`prerender/hydrate.rs`).
    pub(super) prerendered: Option<Prerendered>,
}

/// The open shadow root's container, with the stylesheet linked in it: a
/// pre-rendered form's (a declarative shadow root), or a new one.
pub(super) fn prepare_root(host: &Element, stylesheet: &Stylesheet) -> Result<Root, WidgetError> {
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
/// `container` from now on (`prerender/early.rs`).
pub(super) fn mark_live(container: &Element) {
    let _ = container.set_attribute(LIVE_ATTRIBUTE, "");
}
