//! What the service itself needs, shown as information: no checkbox, since
//! it does not rest on consent.

use limpide_receipt::{LocalizedText, Notice};
use yew::prelude::*;

use crate::i18n::{labelled, legal_basis_label, strings};

/// The notice's required processing, for information. A plain function,
/// not a component: it has no state, and each component costs wasm bytes.
pub(crate) fn required_processing_info(notice: &Notice, language: &str) -> Html {
    if notice.required_processing.is_empty() {
        return Html::default();
    }
    let s = strings(language);
    let text = |t: &LocalizedText| t.get(language).unwrap_or_default().to_owned();
    let joined = |items: &[LocalizedText]| items.iter().map(text).collect::<Vec<_>>().join(" ; ");
    html! {
        <div class="limpide-required" data-required="">
            <h3>{ s.required_heading }</h3>
            { for notice.required_processing.iter().map(|p| html! {
                <div class="limpide-required-item">
                    <h4>{ text(&p.title) }</h4>
                    <p>{ text(&p.description) }</p>
                    <details class="limpide-details">
                        <summary>{ s.details }</summary>
                        <ul>
                            <li>{ labelled(language, s.data_used, &joined(&p.data)) }</li>
                            <li>{ labelled(language, s.recipients, &joined(&p.recipients)) }</li>
                            <li>{ labelled(language, s.retention, &text(&p.retention)) }</li>
                            <li>{ labelled(language, s.legal_basis, legal_basis_label(language, &p.legal_basis)) }</li>
                        </ul>
                    </details>
                </div>
            }) }
        </div>
    }
}
