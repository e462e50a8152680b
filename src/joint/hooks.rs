//! The form's hooks for joint consent: the links the page's address
//! brings, the waiting screen's actions, the guardian's confirmation.

use std::rc::Rc;

use limpide_receipt::{Choices, GuardianAnswer, GuardianRequest, GuardianStatement, Notice};
use wasm_bindgen::JsCast as _;
use yew::prelude::*;

use crate::components::ConsentFormProps;
use crate::endpoint::target::Endpoint;
use crate::error::{ErrorCode, WidgetError};
use crate::form::action::Action;
use crate::form::state::{Stage, State};
use crate::i18n::strings;
use crate::joint::link::{self, Arrived};
use crate::joint::waiting::WaitingAction;
use crate::joint::workflow;
use crate::platform::browser::{now_seconds, window};
use crate::signing::sign::Listeners;

/// On mount, and whenever only the fragment changes (a link opened in the
/// tab already showing the page): a request in the page's address opens
/// the guardian's review (on the guardian's device); an answer completes
/// the pupil's receipt. Either is then removed from the address.
#[hook]
pub(crate) fn use_guardian_links(state: &UseReducerHandle<State>, props: &ConsentFormProps) {
    // The latest state, for a listener registered once.
    let latest = use_mut_ref(|| state.clone());
    *latest.borrow_mut() = state.clone();
    let (on_receipt, on_error) = (props.on_receipt.clone(), props.on_error.clone());
    let endpoint = props.target();
    use_effect_with((), move |()| {
        let read = move || {
            if let Some(arrived) = link::arrived() {
                let state = latest.borrow().clone();
                let listeners =
                    Listeners::new(state.dispatcher(), on_receipt.clone(), on_error.clone());
                if arrive(arrived, &state, listeners, endpoint.clone()) {
                    link::clear();
                }
            }
        };
        read();
        let listener = wasm_bindgen::closure::Closure::<dyn Fn()>::new(read);
        let window = window().ok();
        if let Some(window) = &window {
            let _ = window
                .add_event_listener_with_callback("hashchange", listener.as_ref().unchecked_ref());
        }
        move || {
            if let Some(window) = window {
                let _ = window.remove_event_listener_with_callback(
                    "hashchange",
                    listener.as_ref().unchecked_ref(),
                );
            }
        }
    });
}

/// Handles what arrived; `false` when it is for another widget's notice.
fn arrive(
    arrived: Arrived,
    state: &UseReducerHandle<State>,
    listeners: Listeners,
    endpoint: Option<Endpoint>,
) -> bool {
    let notice = state.notice.clone();
    let refused = |detail: String| {
        let error = WidgetError::new(ErrorCode::GuardianLinkRefused, detail);
        listeners.guardian_refused(error, &state.language);
    };
    match arrived {
        Arrived::Request(text) => match GuardianRequest::from_fragment(&text) {
            Ok(request) if request.notice.id != notice.id => return false,
            Ok(request) => match usable(&request, &notice) {
                Ok(()) => listeners.form.emit(Action::GuardianReview {
                    request: Rc::new(request),
                    same_device: false,
                }),
                Err(detail) => refused(detail),
            },
            Err(error) => refused(error.to_string()),
        },
        Arrived::Answer(text) => match GuardianAnswer::from_fragment(&text) {
            Ok(answer) => {
                workflow::complete(notice, answer, state.language.clone(), endpoint, listeners)
            }
            Err(error) => refused(error.to_string()),
        },
    }
    true
}

/// Whether a guardian can still answer `request` on `notice`.
fn usable(request: &GuardianRequest, notice: &Notice) -> Result<(), String> {
    request.check_notice(notice).map_err(|e| e.to_string())?;
    if request.is_expired(now_seconds()) {
        return Err(format!("the request expired at {}", request.expires_at));
    }
    Ok(())
}

/// The waiting screens' actions.
#[hook]
pub(crate) fn use_waiting_actions(
    state: &UseReducerHandle<State>,
    props: &ConsentFormProps,
) -> Callback<WaitingAction> {
    let (state, on_receipt, on_error) = (
        state.clone(),
        props.on_receipt.clone(),
        props.on_error.clone(),
    );
    let endpoint = props.target();
    Callback::from(move |action: WaitingAction| match action {
        WaitingAction::HandOver => state.dispatch(Action::HandOver),
        WaitingAction::Back => {
            if let Stage::HandOver(request) | Stage::Guardian { request, .. } = &state.stage {
                state.dispatch(Action::Asked(request.clone()));
            }
        }
        WaitingAction::GuardianStart => {
            if let Stage::HandOver(request) = &state.stage {
                state.dispatch(Action::GuardianReview {
                    request: request.clone(),
                    same_device: true,
                });
            }
        }
        WaitingAction::Copy(link) => copy(link),
        WaitingAction::UseAnswer(text) => match link::arrived_in(&text) {
            Some(arrived @ Arrived::Answer(_)) => {
                let listeners =
                    Listeners::new(state.dispatcher(), on_receipt.clone(), on_error.clone());
                arrive(arrived, &state, listeners, endpoint.clone());
            }
            _ => state.dispatch(Action::GuardianRefused(
                strings(&state.language).link_refused.to_owned(),
            )),
        },
        WaitingAction::Abandon => {
            let dispatch = state.dispatcher();
            workflow::abandon(
                state.notice.id.clone(),
                Callback::from(move |a| dispatch.dispatch(a)),
                on_error.clone(),
            );
        }
    })
}

/// Copies a link to the clipboard, where the browser lets the page; the
/// link is also shown, selectable, for when it does not.
fn copy(link: String) {
    if let Ok(window) = window() {
        let promise = window.navigator().clipboard().write_text(&link);
        wasm_bindgen_futures::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        });
    }
}

/// The guardian's confirmation: their answer signed; on the pupil's device
/// the joint receipt made at once, on the guardian's the link back shown.
#[hook]
pub(crate) fn use_guardian_confirm(
    state: &UseReducerHandle<State>,
    props: &ConsentFormProps,
) -> Callback<(Choices, GuardianStatement)> {
    let (state, on_receipt, on_error) = (
        state.clone(),
        props.on_receipt.clone(),
        props.on_error.clone(),
    );
    let endpoint = props.target();
    Callback::from(move |(choices, statement): (Choices, GuardianStatement)| {
        let Stage::Guardian {
            request,
            same_device,
        } = &state.stage
        else {
            return;
        };
        let (request, same_device) = (request.clone(), *same_device);
        let listeners = Listeners::new(state.dispatcher(), on_receipt.clone(), on_error.clone());
        let (notice, language) = (state.notice.clone(), state.language.clone());
        let endpoint = endpoint.clone();
        wasm_bindgen_futures::spawn_local(async move {
            match workflow::guardian_answer(&notice, &request, &choices, statement).await {
                Ok(answer) if same_device => {
                    workflow::complete(notice, answer, language, endpoint, listeners)
                }
                Ok(answer) => listeners
                    .form
                    .emit(Action::Answered(link::answer_link(&answer))),
                Err(error) => listeners.guardian_refused(error, &language),
            }
        });
    })
}
