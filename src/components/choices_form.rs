//! The choices: what changed since the latest receipt, what the pass needs
//! (information only), one fieldset per purpose, how to withdraw, and the
//! actions (refuse all, accept all where allowed, submit).

use std::rc::Rc;

use limpide_receipt::{AgeBracket, Choices, LocalizedText, Notice};
use yew::prelude::*;

use super::age_question::age_question;
use super::choice_actions::{choice_actions, ChoiceActionsProps};
use super::purpose::PurposeFieldset;
use super::required::required_processing_info;
use crate::form::action::Action;
use crate::form::review::{Review, Standing};
use crate::i18n::{labelled, strings};

/// What [`choices_form`] shows.
pub(crate) struct ChoicesForm {
    pub(crate) notice: Rc<Notice>,
    pub(crate) language: AttrValue,
    pub(crate) id_prefix: AttrValue,
    pub(crate) choices: Choices,
    pub(crate) review: Review,
    /// The answer to the age question, if any: below the age, the simpler texts.
    pub(crate) age: Option<AgeBracket>,
    /// While a receipt is being signed: every box and button disabled.
    pub(crate) busy: bool,
    /// Why the last signing failed.
    pub(crate) error: Option<String>,
    pub(crate) node_ref: NodeRef,
    /// Signs these choices (refuse all, accept all).
    pub(crate) sign: Callback<Choices>,
    /// Signs the boxes ticked at the moment of the submit, which may be
    /// later than this render (a tick and a submit in one task).
    pub(crate) on_submit: Callback<()>,
    pub(crate) on_toggle: Callback<Action>,
}

/// The form the pupil decides in; it renders and dispatches, nothing more.
/// A plain function, not a component: the purposes inside are components.
pub(crate) fn choices_form(props: ChoicesForm) -> Html {
    let s = strings(&props.language);
    let notice = &props.notice;
    let onsubmit = props
        .on_submit
        .reform(|event: SubmitEvent| event.prevent_default());
    let text = |t: &LocalizedText| t.get(&props.language).unwrap_or_default().to_owned();
    html! {
        // `method="dialog"`: a pre-rendered form used before the wasm has
        // arrived, or without JavaScript, never submits to the page's
        // server (the choices would end up in its logs as a query string).
        <form ref={props.node_ref.clone()} {onsubmit} method="dialog" novalidate=true>
            { review_list(notice, &props.language, &props.review) }
            { age_question(notice, &props.language, &props.id_prefix, props.age, props.busy, &props.on_toggle) }
            <p class="limpide-intro">{ s.choices_intro }</p>
            { for notice.purposes.iter().map(|purpose| html! {
                <PurposeFieldset
                    key={purpose.id.clone()}
                    notice={notice.clone()}
                    purpose_id={AttrValue::from(purpose.id.clone())}
                    language={props.language.clone()}
                    id_prefix={props.id_prefix.clone()}
                    choices={props.choices.clone()}
                    standing={props.review.standing_of(&purpose.id)}
                    wording={props.age.map(AgeBracket::wording).unwrap_or_default()}
                    disabled={props.busy}
                    on_toggle={props.on_toggle.clone()}
                />
            }) }
            // After the choices, not before: it asks nothing, and on a
            // phone the question comes first (layered information).
            { required_processing_info(notice, &props.language) }
            <p class="limpide-withdrawal">{ text(&notice.withdrawal) }</p>
            { choice_actions(&ChoiceActionsProps {
                notice: notice.clone(),
                language: props.language.clone(),
                busy: props.busy,
                sign: props.sign.clone(),
            }) }
            <div class="limpide-status" role="status" aria-live="polite">
                if props.busy { { s.signing } }
                // Shown by the page script when a button is pressed in a
                // pre-rendered form before the wasm has arrived (`prerender/early.rs`).
                <span class="limpide-waiting" hidden=true>{ s.early_waiting }</span>
            </div>
            if let Some(error) = &props.error {
                <p class="limpide-error" role="alert" data-form-error="">{ error.clone() }</p>
            }
        </form>
    }
}

/// The purposes to decide again since the latest receipt (new, or with
/// changed texts), if any.
fn review_list(notice: &Notice, language: &str, review: &Review) -> Html {
    let s = strings(language);
    let items: Vec<Html> = review
        .to_decide(notice)
        .map(|(purpose_id, standing)| {
            let title = notice
                .purpose(purpose_id)
                .and_then(|p| p.title.get(language))
                .unwrap_or_default();
            let mark = if standing == Standing::New {
                s.new_purpose
            } else {
                s.changed_purpose
            };
            html! { <li>{ labelled(language, mark, title) }</li> }
        })
        .collect();
    if items.is_empty() {
        return Html::default();
    }
    html! {
        <div class="limpide-review" role="status" data-review="">
            <h3>{ s.review_heading }</h3>
            <p>{ s.review_intro }</p>
            <ul>{ for items }</ul>
        </div>
    }
}
