//! The language switch: one toggle button per notice language.

use yew::prelude::*;

use crate::early::PRERENDERING;
use crate::i18n::language_name;

/// The properties of [`LanguageSwitch`].
#[derive(Properties, PartialEq)]
pub(crate) struct LanguageSwitchProps {
    pub(crate) languages: Vec<String>,
    pub(crate) current: AttrValue,
    pub(crate) label: AttrValue,
    pub(crate) on_pick: Callback<String>,
}

/// Buttons for the notice's languages; the current one is pressed.
#[component]
pub(crate) fn LanguageSwitch(props: &LanguageSwitchProps) -> Html {
    if props.languages.len() < 2 {
        return Html::default();
    }
    html! {
        <div class="limpide-languages" role="group" aria-label={props.label.clone()}>
            { for props.languages.iter().map(|tag| {
                let pressed = tag == props.current.as_str();
                let onclick = {
                    let on_pick = props.on_pick.clone();
                    let tag = tag.clone();
                    Callback::from(move |_: MouseEvent| on_pick.emit(tag.clone()))
                };
                html! {
                    <button type="button" class="limpide-language" data-action="language" data-lang={tag.clone()}
                        lang={tag.clone()} aria-pressed={pressed.to_string()} disabled={PRERENDERING} {onclick}>
                        { language_name(tag) }
                    </button>
                }
            }) }
        </div>
    }
}
