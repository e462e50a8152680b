//! The form's effects as hooks: what it keeps in step with outside it.

use std::rc::Rc;

use limpide_receipt::{needs_guardian, Choices, Notice};
use wasm_bindgen::JsCast as _;
use yew::prelude::*;

use super::props::ConsentFormProps;
use crate::components::press_guard::use_press_guard;
use crate::endpoint::acknowledge::resend_unacknowledged;
use crate::endpoint::log_proof;
use crate::endpoint::records::fetch_records;
use crate::endpoint::send::is_acknowledged;
use crate::endpoint::target::Endpoint;
use crate::error::{ErrorCode, WidgetError};
use crate::form::action::Action;
use crate::form::state::State;
use crate::i18n::strings;
use crate::joint::workflow;
use crate::platform::browser::preferred_languages;
use crate::prerender::early::EarlyInput;
use crate::signing::sign::{sign_and_follow, Listeners, Request};
use crate::storage::broadcast;
use crate::storage::pending;
use crate::storage::receipts;
use crate::storage::unsaved::unsaved;

/// The form's state: the language asked for, else the best of the
/// browser's that the notice is written in; the receipts this page kept.
#[hook]
pub(super) fn use_form_state(props: &ConsentFormProps) -> UseReducerHandle<State> {
    let notice = props.notice.clone();
    let language = props.language.clone();
    let early = props.early.clone();
    use_reducer(move || {
        let language_chosen = language.is_some();
        let given = language.as_deref().and_then(|l| notice.match_language(l));
        let chosen = match given {
            Some(language) => language.to_owned(),
            // Only then are the browser's languages read: a pre-rendering
            // on a server (which has none) always names its language.
            None => {
                let preferred = preferred_languages();
                let preferred: Vec<&str> = preferred.iter().map(String::as_str).collect();
                notice.pick_language(&preferred).to_owned()
            }
        };
        let unsaved = unsaved(&notice.id);
        let state = State::new(notice, chosen, language_chosen, unsaved);
        match early {
            Some(early) => {
                let stale_message = strings(&state.language).early_stale;
                state.starting_from(&early, stale_message)
            }
            None => state,
        }
    })
}

/// A button pressed in the pre-rendered form before the wasm arrived is
/// honoured as soon as the form has taken over (its first effect), with
/// the boxes as the pupil had left them.
#[hook]
pub(super) fn use_early_action(
    early: Option<Rc<EarlyInput>>,
    notice: Rc<Notice>,
    sign: Callback<Choices>,
) {
    use_effect_with((), move |()| {
        let Some(early) = early else { return };
        if let Some(choices) = early
            .action_to_honour()
            .and_then(|action| action.choices(&notice, &early.choices()))
        {
            sign.emit(choices);
        }
    });
}

/// `reopen` changed: back to the form, the focus on its first box.
#[hook]
pub(super) fn use_reopen(reopen: u32, dispatch: UseReducerDispatcher<State>, form: NodeRef) {
    use_effect_with(reopen, move |reopen| {
        if *reopen > 0 {
            dispatch.dispatch(Action::Change);
            focus_first(&form, "input[data-purpose]");
        }
    });
}

/// Moves the focus to what just appeared: a screen's heading (the summary,
/// the request waiting, the hand-over, the guardian's review, the link
/// back), or the form's first box again. Never on first render, nor when
/// the form gives way without the pupil acting in it (a stored request read
/// on load, a link opened): the page keeps its focus. Every screen reached
/// from the form by a press passes through `signing` first.
#[hook]
pub(super) fn use_focus_on_stage(stage: &'static str, form: NodeRef, root: NodeRef) {
    let previous = use_mut_ref(|| None::<&'static str>);
    use_effect_with(stage, move |stage| {
        let before = previous.borrow_mut().replace(*stage);
        match (before, *stage) {
            (None, _) | (_, "signing") | (Some("form"), _) | (Some("signing"), "form") => {}
            (_, "form") => focus_first(&form, "input[data-purpose]"),
            _ => focus_first(&root, "h3[tabindex]"),
        }
    });
}

/// Focuses the first `selector` match inside `node`, after Yew has rendered.
fn focus_first(node: &NodeRef, selector: &str) {
    if let Some(element) = node.cast::<web_sys::Element>() {
        if let Ok(Some(target)) = element.query_selector(selector) {
            if let Ok(target) = target.dyn_into::<web_sys::HtmlElement>() {
                let _ = target.focus();
            }
        }
    }
}

/// A new notice from the embedder (an updated version, say) replaces the
/// one shown: never sign against a notice no longer on screen.
#[hook]
pub(super) fn use_notice_prop(notice: &Rc<Notice>, dispatch: UseReducerDispatcher<State>) {
    let notice = notice.clone();
    let first_run = use_mut_ref(|| true);
    use_effect_with(notice.digest().to_owned(), move |_| {
        if !std::mem::replace(&mut *first_run.borrow_mut(), false) {
            let unsaved = unsaved(&notice.id);
            dispatch.dispatch(Action::Notice { notice, unsaved });
        }
    });
}

/// Reads the stored receipts, and again whenever another tab (or another
/// widget on this page) stores one.
#[hook]
pub(super) fn use_stored_history(
    notice_id: &str,
    dispatch: UseReducerDispatcher<State>,
    on_error: Callback<WidgetError>,
) {
    use_effect_with(notice_id.to_owned(), move |notice_id| {
        let read = {
            let notice_id = notice_id.clone();
            move || {
                let notice_id = notice_id.clone();
                let dispatch = dispatch.clone();
                let on_error = on_error.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let history = receipts::load(&notice_id).await;
                    if let Err(error) = &history {
                        on_error.emit(error.clone());
                    }
                    let unsaved = unsaved(&notice_id);
                    dispatch.dispatch(Action::HistoryRead {
                        history,
                        unsaved,
                        now: crate::platform::browser::now_seconds(),
                    });
                    // A request waiting for a guardian, kept across reloads.
                    let waiting = pending::load(&notice_id).await.ok().flatten();
                    dispatch.dispatch(Action::Pending(waiting.map(Rc::new)));
                });
            }
        };
        read();
        let subscription = broadcast::subscribe(notice_id.clone(), read);
        move || drop(subscription)
    });
}

/// With an endpoint: on open, sends again what the controller has not
/// acknowledged yet, oldest first (with the page's credential or code,
/// which may be new), and reports the first failure, a refusal of whose
/// receipt it is said in the form while the latest receipt waits; then, once this device has a receipt
/// and the form a `subject`, reads what the controller recorded for this
/// pupil (`endpoint/records.rs`): one request.
#[hook]
pub(super) fn use_endpoint_on_open(
    notice: Rc<Notice>,
    endpoint: Option<Endpoint>,
    subject: Option<AttrValue>,
    dispatch: UseReducerDispatcher<State>,
    on_error: Callback<WidgetError>,
) {
    use_effect_with((notice, endpoint), move |(notice, endpoint)| {
        if let Some(endpoint) = endpoint.clone() {
            let notice = notice.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let resent = resend_unacknowledged(&notice, &endpoint).await;
                let history = receipts::load(&notice.id).await.ok();
                if let Some(history) = &history {
                    log_proof::fetch_missing(&endpoint.url, &history.receipts).await;
                }
                // Said only while the pupil's latest choice is the one that
                // waits: an older receipt still refused after a later one went
                // through (a withdrawal from a new device) is only history.
                let latest_waits = history
                    .as_ref()
                    .and_then(|h| h.receipts.last())
                    .is_some_and(|r| !is_acknowledged(r));
                let refused = resent.as_ref().err().map(|e| e.code);
                dispatch.dispatch(Action::Refused(
                    refused.filter(|code| latest_waits && ErrorCode::REFUSALS.contains(code)),
                ));
                if let Err(error) = resent {
                    on_error.emit(error);
                }
                let Some(subject) = subject else { return };
                if history.is_none_or(|h| h.receipts.is_empty()) {
                    return;
                }
                match fetch_records(&endpoint.url, &notice, &subject).await {
                    Some(Ok(records)) => dispatch.dispatch(Action::Records(Rc::new(records))),
                    Some(Err(error)) => on_error.emit(error),
                    None => {}
                }
            });
        }
    });
}

/// The callback that signs the choices it is given (`signing/sign.rs` does
/// the work), once per press.
#[hook]
pub(super) fn use_sign(
    state: &UseReducerHandle<State>,
    props: &ConsentFormProps,
    form: &NodeRef,
) -> Callback<Choices> {
    let press = use_press_guard();
    let state = state.clone();
    let form = form.clone();
    let subject = props.subject.as_ref().map(|s| s.to_string());
    let endpoint = props.target();
    let (on_receipt, on_error) = (props.on_receipt.clone(), props.on_error.clone());
    Callback::from(move |choices: Choices| {
        // A grant needs the age question answered (below the age, a
        // guardian confirms); refusing everything never does.
        if state.age.is_none() && choices.iter().next().is_some() {
            let age = state.notice.age_of_digital_consent.to_string();
            let message = strings(&state.language).age_missing.replace("{age}", &age);
            state.dispatch(Action::AgeMissing(message));
            focus_first(&form, "input[data-age]");
            return;
        }
        if !press.start() {
            return;
        }
        let request = Request {
            notice: state.notice.clone(),
            choices,
            language: state.language.clone(),
            subject: subject.clone(),
            age: state.age,
        };
        let listeners = Listeners::new(state.dispatcher(), on_receipt.clone(), on_error.clone());
        let press = press.clone();
        let done = move || press.end();
        let grants_anything = request.choices.iter().next().is_some();
        if needs_guardian(request.age, grants_anything) {
            workflow::ask_guardian(request, listeners, done);
        } else {
            sign_and_follow(request, endpoint.clone(), listeners, done);
        }
    })
}
