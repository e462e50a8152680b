//! The form's header: its heading, the language switch, who the controller
//! is and how to reach them, and that nothing is required.

use std::rc::Rc;

use limpide_receipt::Notice;
use yew::prelude::*;

use super::language_switch::LanguageSwitch;
use crate::i18n::strings;

/// The properties of [`FormHeader`].
#[derive(Properties, PartialEq)]
pub(crate) struct FormHeaderProps {
    pub(crate) notice: Rc<Notice>,
    pub(crate) language: AttrValue,
    /// The heading's id, which names the whole form.
    pub(crate) heading_id: AttrValue,
    pub(crate) on_language: Callback<String>,
}

/// The controller's identity, before any choice.
#[component]
pub(crate) fn FormHeader(props: &FormHeaderProps) -> Html {
    let s = strings(&props.language);
    let notice = &props.notice;
    let controller = &notice.controller;
    html! {
        <header class="limpide-header">
            <h2 id={props.heading_id.clone()}>{ s.heading }</h2>
            <LanguageSwitch
                languages={notice.languages.clone()}
                current={props.language.clone()}
                label={AttrValue::from(s.language)}
                on_pick={props.on_language.clone()}
            />
            <dl class="limpide-controller">
                <dt>{ s.controller }</dt>
                <dd>{ format!("{}, {}", controller.name, controller.address) }</dd>
                <dt>{ s.contact }</dt>
                <dd>{ controller.contact.clone() }</dd>
                <dt>{ s.dpo }</dt>
                <dd>{ controller.dpo.clone() }</dd>
                <dt>{ s.policy }</dt>
                <dd><a href={notice.policy_url.clone()} rel="noopener noreferrer" target="_blank">{ notice.policy_url.clone() }</a></dd>
            </dl>
            <p class="limpide-free"><strong>{ s.nothing_required }</strong></p>
        </header>
    }
}
