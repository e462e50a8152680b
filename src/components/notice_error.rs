//! What the pupil sees when the notice cannot be used: a short, calm
//! message, never a half-built form. The embedder gets the details.

use yew::prelude::*;

use crate::i18n::{frame_language, strings};

/// The properties of [`NoticeError`].
#[derive(Properties, PartialEq)]
pub struct NoticeErrorProps {
    /// The preferred language (a BCP 47 tag); the message is in French for
    /// `fr*`, in English otherwise.
    pub language: AttrValue,
    /// The error code, for the embedder (`data-error-code`).
    pub code: AttrValue,
}

/// The error state: the form is not shown at all.
#[component]
pub fn NoticeError(props: &NoticeErrorProps) -> Html {
    let s = strings(&props.language);
    html! {
        <section class="limpide" lang={frame_language(&props.language)} data-state="error" data-error-code={props.code.clone()}>
            <div role="alert">
                <h2>{ s.error_heading }</h2>
                <p>{ s.error_body }</p>
            </div>
        </section>
    }
}
