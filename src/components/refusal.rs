//! The service refused a receipt of this device for whose it is: the form
//! says so, and what to do, wherever the pupil is (form or summary). A
//! plain render function: it holds no state.

use yew::prelude::*;

use crate::error::ErrorCode;
use crate::i18n::refusal_words;

/// The refusal, if any, as an alert (`[data-refusal="<code>"]`).
pub(crate) fn refusal(language: &str, code: Option<ErrorCode>) -> Html {
    let Some(code) = code else {
        return Html::default();
    };
    html! {
        <p class="limpide-error" role="alert" data-refusal={code.as_str()}>
            { refusal_words(language, code) }
        </p>
    }
}
