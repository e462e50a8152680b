//! The language switch: one toggle button per notice language.

use yew::prelude::*;

use crate::i18n::language_name;
use crate::prerender::early::PRERENDERING;

/// Buttons for the notice's languages; the current one is pressed. A plain
/// function, not a component: it has no state, and each component costs
/// wasm bytes.
pub(crate) fn language_switch(
    languages: &[String],
    current: &str,
    label: &'static str,
    on_pick: &Callback<String>,
) -> Html {
    if languages.len() < 2 {
        return Html::default();
    }
    html! {
        <div class="limpide-languages" role="group" aria-label={label}>
            { for languages.iter().map(|tag| {
                let pressed = tag == current;
                let onclick = {
                    let on_pick = on_pick.clone();
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
