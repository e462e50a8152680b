//! The form's header: its heading, the language switch, who the controller
//! is (how to reach them a tap away), and that nothing is required.

use limpide_receipt::Notice;
use yew::prelude::*;

use super::language_switch::language_switch;
use crate::i18n::{labelled, strings};

/// The controller's identity, before any choice. A plain function, not a
/// component: it has no state, and each component costs wasm bytes.
pub(crate) fn form_header(
    notice: &Notice,
    language: &AttrValue,
    heading_id: &AttrValue,
    on_language: Callback<String>,
) -> Html {
    let s = strings(language);
    let controller = &notice.controller;
    html! {
        <header class="limpide-header">
            <h2 id={heading_id.clone()}>{ s.heading }</h2>
            { language_switch(&notice.languages, language, s.language, &on_language) }
            // Layered information (the EDPB's transparency guidelines): who
            // the controller is, in one line; how to reach them and their
            // policy, one tap away, so that on a phone the question comes
            // first. `<details>` opens without JavaScript: the pre-rendered
            // form holds all of it too.
            <details class="limpide-controller" data-controller="">
                <summary>
                    { labelled(language, s.controller, &controller.name) }
                    <span class="limpide-more">{ s.controller_more }</span>
                </summary>
                <dl>
                    <dt>{ s.address }</dt>
                    <dd>{ controller.address.clone() }</dd>
                    <dt>{ s.contact }</dt>
                    <dd>{ controller.contact.clone() }</dd>
                    <dt>{ s.dpo }</dt>
                    <dd>{ controller.dpo.clone() }</dd>
                    <dt>{ s.policy }</dt>
                    <dd><a href={notice.policy_url.clone()} rel="noopener noreferrer" target="_blank">{ notice.policy_url.clone() }</a></dd>
                </dl>
            </details>
            <p class="limpide-free"><strong>{ s.nothing_required }</strong></p>
        </header>
    }
}
