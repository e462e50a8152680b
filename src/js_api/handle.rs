//! The handle `mount()` resolves to: the page reads the receipts through
//! it, opens the form again, and removes it.

use std::rc::Rc;

use js_sys::{Array, Object, Promise, Reflect};
use limpide_receipt::Notice;
use wasm_bindgen::prelude::*;
use web_sys::Element;
use yew::{AppHandle, AttrValue, Callback, Renderer};

use super::events::{dispatch, dispatch_error, receipt_object};
use crate::components::{ConsentForm, ConsentFormProps};
use crate::error::WidgetError;
use crate::prerender::early::EarlyInput;
use crate::prerender::hydrate::Prerendered;
use crate::signing::issued::Issued;
use crate::storage::receipts;
use crate::storage::unsaved;

/// A mounted form.
#[wasm_bindgen]
pub struct Handle {
    pub(super) app: Option<AppHandle<ConsentForm>>,
    pub(super) host: Element,
    pub(super) added: Vec<Element>,
    pub(super) notice: Rc<Notice>,
    pub(super) options: Options,
    pub(super) reopen: u32,
    /// What the pupil did in the pre-rendered form, if there was one.
    pub(super) early: Option<Rc<EarlyInput>>,
}

#[derive(Clone)]
pub(super) struct Options {
    pub(super) lang: Option<String>,
    pub(super) subject: Option<String>,
    /// Memory only: sent as a header to the endpoint, never kept.
    pub(super) credential: Option<String>,
    /// Memory only, as the credential.
    pub(super) enrollment_code: Option<String>,
    pub(super) endpoint: Option<String>,
    pub(super) pages: Option<String>,
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
    pub(super) fn props(&self) -> ConsentFormProps {
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
            credential: self.options.credential.clone().map(AttrValue::from),
            enrollment_code: self.options.enrollment_code.clone().map(AttrValue::from),
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
    pub(super) fn take_over(
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
