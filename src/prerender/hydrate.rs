//! Taking over a pre-rendered form (`render.rs`) when the wasm arrives.
//! The form is hydrated, the very elements kept, when it was made from the
//! notice the widget has just checked, in the language it shows, by this
//! widget version; otherwise it is rendered again from the checked notice,
//! keeping the ticks on texts that did not change (`early.rs`).

use limpide_receipt::{AgeBracket, Channel, Notice};
use wasm_bindgen::JsCast as _;
use web_sys::{Element, HtmlInputElement, ShadowRoot};

use crate::prerender::early::{
    ticks_still_valid, EarlyAction, EarlyInput, EarlyTick, ACTION_ATTRIBUTE, DIGEST_ATTRIBUTE,
    LANGUAGE_ATTRIBUTE, TEXTS_ATTRIBUTE, VERSION_ATTRIBUTE,
};

/// Set when a mount claims a pre-rendered form, so that a second mount on
/// the same host (a re-render of the custom element) renders its own
/// instead of hydrating elements that are already taken.
const CLAIMED_ATTRIBUTE: &str = "data-limpide-claimed";

/// A pre-rendered form found in a shadow root.
pub(crate) struct Prerendered {
    /// The element the form is rendered in (`div.limpide-host`).
    pub(crate) container: Element,
    /// The language it was rendered in.
    pub(crate) language: String,
    digest: String,
    version: String,
}

/// The pre-rendered form in `shadow` that no mount has claimed yet, if any;
/// claims it.
pub(crate) fn claim(shadow: &ShadowRoot) -> Option<Prerendered> {
    let selector = format!("[{DIGEST_ATTRIBUTE}]:not([{CLAIMED_ATTRIBUTE}])");
    let container = shadow.query_selector(&selector).ok().flatten()?;
    let _ = container.set_attribute(CLAIMED_ATTRIBUTE, "");
    let attribute = |name: &str| container.get_attribute(name).unwrap_or_default();
    Some(Prerendered {
        language: attribute(LANGUAGE_ATTRIBUTE),
        digest: attribute(DIGEST_ATTRIBUTE),
        version: attribute(VERSION_ATTRIBUTE),
        container,
    })
}

impl Prerendered {
    /// Whether it can be hydrated as it is: made by this widget version,
    /// from this notice, in this language. Any other markup could differ
    /// from what the component renders, which hydration cannot survive.
    pub(crate) fn matches(&self, notice: &Notice, language: &str) -> bool {
        self.version == env!("CARGO_PKG_VERSION")
            && self.digest == notice.digest()
            && self.language == language
    }

    /// What the pupil has done in it so far, read now (they may have ticked
    /// while the notice was being fetched), against the checked notice.
    pub(crate) fn early_input(&self, notice: &Notice, language: &str) -> EarlyInput {
        let ticks = self.ticks();
        let stale = !self.matches(notice, language);
        let ticked = if stale {
            ticks_still_valid(&ticks, notice, language)
        } else {
            ticks
                .into_iter()
                .map(|tick| (tick.purpose, tick.channel))
                .collect()
        };
        let action = self
            .container
            .query_selector(&format!("form[{ACTION_ATTRIBUTE}]"))
            .ok()
            .flatten()
            .and_then(|form| form.get_attribute(ACTION_ATTRIBUTE))
            .and_then(|name| EarlyAction::from_name(&name));
        let age = self
            .container
            .query_selector("input[type=radio][data-age]:checked")
            .ok()
            .flatten()
            .and_then(|input| input.get_attribute("data-age"))
            .and_then(|name| AgeBracket::from_name(&name));
        EarlyInput {
            ticked,
            action,
            age,
            stale,
        }
    }

    /// Undoes what the page script did while holding a press (the form
    /// disabled and busy), so that the form hydrates as it was rendered:
    /// hydration sets the attributes the component renders and leaves
    /// others alone.
    pub(crate) fn release_hold(&self) {
        if let Ok(Some(form)) = self.container.query_selector("form") {
            let _ = form.remove_attribute(ACTION_ATTRIBUTE);
            let _ = form.remove_attribute("aria-busy");
        }
        if let Ok(controls) = self.container.query_selector_all("input, button") {
            for i in 0..controls.length() {
                if let Some(control) = controls.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                    let _ = control.remove_attribute("disabled");
                }
            }
        }
    }

    /// Empties it, for a rendering from scratch.
    pub(crate) fn clear(&self) {
        self.container.set_inner_html("");
    }

    /// The ticked boxes, each with the digest of its purpose's texts.
    fn ticks(&self) -> Vec<EarlyTick> {
        let Ok(inputs) = self
            .container
            .query_selector_all("input[type=checkbox][data-purpose]")
        else {
            return Vec::new();
        };
        (0..inputs.length())
            .filter_map(|i| inputs.item(i)?.dyn_into::<HtmlInputElement>().ok())
            .filter(HtmlInputElement::checked)
            .filter_map(|input| {
                let channel = match input.get_attribute("data-channel") {
                    Some(name) => Some(Channel::from_name(&name)?),
                    None => None,
                };
                let texts_digest = input
                    .closest(&format!("fieldset[{TEXTS_ATTRIBUTE}]"))
                    .ok()
                    .flatten()?
                    .get_attribute(TEXTS_ATTRIBUTE)?;
                Some(EarlyTick {
                    purpose: input.get_attribute("data-purpose")?,
                    channel,
                    texts_digest,
                })
            })
            .collect()
    }
}
