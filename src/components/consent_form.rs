//! `ConsentForm`: the whole widget for one notice. It renders and
//! dispatches; its effects are hooks (`consent_form/hooks.rs`), signing is
//! `signing/sign.rs`, the state is `form/state.rs`.

mod hooks;
mod props;

use std::sync::atomic::{AtomicUsize, Ordering};

use yew::prelude::*;

use super::choices_form::{choices_form, ChoicesForm};
use super::form_header::form_header;
use super::history::HistoryList;
use super::records::{devices, ended_boxes, messages};
use super::refusal::refusal;
use super::summary::Summary;
use crate::form::action::Action;
use crate::form::state::Stage;
use crate::i18n::strings;
use crate::joint::guardian_review::{answered, GuardianReview};
use crate::joint::hooks::{use_guardian_confirm, use_guardian_links, use_waiting_actions};
use crate::joint::waiting::{hand_over, waiting, WaitingAction};
pub use props::ConsentFormProps;

use hooks::{
    use_early_action, use_endpoint_on_open, use_focus_on_stage, use_form_state, use_notice_prop,
    use_reopen, use_sign, use_stored_history,
};

/// Numbers widget instances, so that element ids are unique on a page.
static INSTANCES: AtomicUsize = AtomicUsize::new(0);

/// The consent form: the controller, what the pass needs (information
/// only), one unticked box per purpose or channel, refuse-all beside
/// submit, and after signing a plain summary with the receipt to keep.
#[component]
pub fn ConsentForm(props: &ConsentFormProps) -> Html {
    let id_prefix = use_memo((), |_| {
        format!("limpide-{}", INSTANCES.fetch_add(1, Ordering::Relaxed) + 1)
    });
    let state = use_form_state(props);
    let (form_ref, summary_ref, root_ref) = (use_node_ref(), use_node_ref(), use_node_ref());
    use_notice_prop(&props.notice, state.dispatcher());
    use_stored_history(&props.notice.id, state.dispatcher(), props.on_error.clone());
    use_endpoint_on_open(
        props.notice.clone(),
        props.target(),
        props.subject.clone(),
        state.dispatcher(),
        props.on_error.clone(),
    );
    use_reopen(props.reopen, state.dispatcher(), form_ref.clone());
    use_focus_on_stage(state.stage.name(), form_ref.clone(), root_ref.clone());
    let sign = use_sign(&state, props, &form_ref);
    use_guardian_links(&state, props);
    let on_waiting = use_waiting_actions(&state, props);
    let on_guardian_confirm = use_guardian_confirm(&state, props);
    use_early_action(props.early.clone(), state.notice.clone(), sign.clone());
    // The reducer's state when the pupil submits, not when this rendered.
    let on_submit = {
        let (state, sign) = (state.clone(), sign.clone());
        Callback::from(move |()| sign.emit(state.choices.clone()))
    };

    let language = AttrValue::from(state.language.clone());
    let s = strings(&language);
    let notice = &state.notice;
    let heading_id = AttrValue::from(format!("{id_prefix}-heading"));
    let stage_name = state.stage.name();
    let dispatch = state.dispatcher();
    let on_action = Callback::from(move |action: Action| dispatch.dispatch(action));
    let on_language = on_action.reform(Action::Language);
    let body = match &state.stage {
        Stage::Summary(issued) => html! {
            <Summary
                node_ref={summary_ref}
                acknowledgement={state.acknowledgement}
                notice={notice.clone()}
                language={language.clone()}
                issued={issued.clone()}
                on_change={on_action.reform(|_| Action::Change)}
                pages={props.pages.clone()}
            />
        },
        Stage::Pending(request) => waiting(
            notice,
            request,
            &language,
            &id_prefix,
            crate::joint::link::request_link(request),
            state.form_error.clone(),
            &on_waiting,
        ),
        Stage::HandOver(_) => hand_over(&language, &on_waiting),
        Stage::Guardian {
            request,
            same_device,
        } => html! {
            <GuardianReview
                notice={notice.clone()}
                request={request.clone()}
                language={language.clone()}
                id_prefix={AttrValue::from(id_prefix.to_string())}
                same_device={*same_device}
                error={state.form_error.clone()}
                on_confirm={on_guardian_confirm}
                on_back={on_waiting.reform(|_| WaitingAction::Back)}
            />
        },
        Stage::Answered(link) => {
            let link = link.to_string();
            answered(
                &language,
                &link.clone(),
                on_waiting.reform(move |_| WaitingAction::Copy(link.clone())),
            )
        }
        Stage::Form | Stage::Signing => html! { <>
        { ended_boxes(notice, &language, &state.ended) }
        { choices_form(ChoicesForm {
            notice: notice.clone(),
            language: language.clone(),
            id_prefix: AttrValue::from(id_prefix.to_string()),
            choices: state.choices.clone(),
            review: state.review.clone(),
            age: state.age,
            busy: state.stage == Stage::Signing,
            error: state.form_error.clone(),
            node_ref: form_ref,
            sign,
            on_submit,
            on_toggle: on_action,
        }) }
        </> },
    };
    html! {
        <section
            ref={root_ref}
            class="limpide"
            lang={language.clone()}
            data-state={stage_name}
            elementtiming="limpide-form"
            aria-labelledby={heading_id.clone()}
        >
            { form_header(notice, &language, &heading_id, on_language) }
            { refusal(&language, state.refusal) }
            { body }
            { messages(notice, &language, &state.records) }
            { devices(&language, &state.records) }
            <HistoryList
                notice={notice.clone()}
                {language}
                history={state.history.clone()}
                unsaved={state.unsaved.clone()}
                storage_error={state.storage_error.clone()}
            />
            <p class="limpide-site-data">{ s.site_data }</p>
        </section>
    }
}
