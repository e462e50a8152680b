//! The question asked before any choice: is the pupil under the notice's
//! age of digital consent? Two radio buttons, neither selected until the
//! pupil answers; never a birth date. Below the age, a parent or guardian
//! confirms the choices too, and the simpler texts are shown.

use limpide_receipt::{AgeBracket, Notice};
use yew::prelude::*;

use crate::form::action::Action;
use crate::i18n::strings;

/// The age question for `notice`, with `answer` selected if given. A plain
/// function: the state is the form's.
pub(crate) fn age_question(
    notice: &Notice,
    language: &str,
    id_prefix: &str,
    answer: Option<AgeBracket>,
    disabled: bool,
    on_action: &Callback<Action>,
) -> Html {
    let s = strings(language);
    let age = notice.age_of_digital_consent.to_string();
    let hint_id = format!("{id_prefix}-age-hint");
    let option = |bracket: AgeBracket, label: &str| {
        let id = format!("{id_prefix}-age-{}", bracket.as_str());
        let onchange = on_action.reform(move |_: Event| Action::Age(bracket));
        html! {
            <div class="limpide-box">
                <input
                    type="radio"
                    name={format!("{id_prefix}-age")}
                    id={id.clone()}
                    data-age={bracket.as_str()}
                    checked={answer == Some(bracket)}
                    {disabled}
                    {onchange}
                />
                <label for={id}>{ label.replace("{age}", &age) }</label>
            </div>
        }
    };
    html! {
        <fieldset class="limpide-age" data-age-question="" aria-describedby={hint_id.clone()}>
            <legend>{ s.age_question.replace("{age}", &age) }</legend>
            <p id={hint_id}>{ s.age_hint.replace("{age}", &age) }</p>
            <div class="limpide-boxes">
                { option(AgeBracket::Under, s.age_under) }
                { option(AgeBracket::AtOrOver, s.age_at_or_over) }
            </div>
        </fieldset>
    }
}
