//! The properties of [`ConsentForm`](super::ConsentForm): what the embedder
//! gives the form.

use std::rc::Rc;

use limpide_receipt::Notice;
use yew::prelude::*;

use crate::endpoint::target::Endpoint;
use crate::error::WidgetError;
use crate::prerender::early::EarlyInput;
use crate::signing::issued::Issued;

/// The properties of [`ConsentForm`](super::ConsentForm).
#[derive(Properties, PartialEq)]
pub struct ConsentFormProps {
    /// The checked notice to render (see [`Notice::from_json`]).
    pub notice: Rc<Notice>,
    /// The language to show first (a BCP 47 tag); by default the best of
    /// the browser's languages that the notice is written in.
    #[prop_or_default]
    pub language: Option<AttrValue>,
    /// The controller's pseudonymous id for the pupil, recorded in receipts
    /// (never a name, never a credential).
    #[prop_or_default]
    pub subject: Option<AttrValue>,
    /// The pupil's credential from the controller (docs/embedding.md): kept
    /// in memory only, sent only as `Authorization: Bearer` with each
    /// receipt posted to the `endpoint`.
    #[prop_or_default]
    pub credential: Option<AttrValue>,
    /// A single-use code from the controller that links this device to the
    /// pupil: kept in memory only, sent only as `Limpide-Enrollment-Code`
    /// with each receipt posted to the `endpoint`.
    #[prop_or_default]
    pub enrollment_code: Option<AttrValue>,
    /// Called with each signed receipt.
    #[prop_or_default]
    pub on_receipt: Callback<Issued>,
    /// Called when storage or signing fails.
    #[prop_or_default]
    pub on_error: Callback<WidgetError>,
    /// The controller's receipt endpoint, if any (docs/embedding.md): each receipt
    /// is sent there and the countersigned copy kept. Without it, nothing
    /// leaves the device.
    #[prop_or_default]
    pub endpoint: Option<AttrValue>,
    /// Changing this number shows the form again and moves focus to it.
    #[prop_or_default]
    pub reopen: u32,
    /// What the pupil did in a pre-rendered form before the wasm arrived
    /// (`mount()` reads it from the page when it takes the form over): the
    /// form starts with those boxes ticked, and signs at once if a button
    /// was pressed, unless the pre-rendered form was stale.
    #[prop_or_default]
    pub early: Option<Rc<EarlyInput>>,
    /// Where the families' pages are served (`receipts.html`, `print.html`;
    /// a URL, relative to the page): the summary then links to My consents,
    /// and its print button opens the printable receipt. Without it, print
    /// prints the page.
    #[prop_or_default]
    pub pages: Option<AttrValue>,
}

impl ConsentFormProps {
    /// The endpoint, if any, with the pupil's proofs for it.
    pub(crate) fn target(&self) -> Option<Endpoint> {
        let text = |value: &Option<AttrValue>| value.as_ref().map(|v| v.to_string());
        Some(Endpoint {
            url: text(&self.endpoint)?,
            credential: text(&self.credential),
            enrollment_code: text(&self.enrollment_code),
        })
    }
}
