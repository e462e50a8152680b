//! `ConsentForm`: the whole widget for one notice.

mod hooks;

use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};

use limpide_receipt::{Choices, Notice};
use wasm_bindgen::JsCast as _;
use yew::prelude::*;

use super::choice_actions::ChoiceActions;
use super::history::HistoryList;
use super::language_switch::LanguageSwitch;
use super::purpose::PurposeFieldset;
use super::required::RequiredProcessingInfo;
use super::summary::Summary;
use crate::browser::preferred_languages;
use crate::error::WidgetError;
use crate::i18n::{labelled, strings};
use crate::issue::{acknowledge, issue, Issued, Request};
use crate::review::Standing;
use crate::state::{Action, Stage, State};
use crate::store;
use hooks::{use_notice_prop, use_resend_unacknowledged, use_stored_history};

/// The properties of [`ConsentForm`].
#[derive(Properties, PartialEq)]
pub struct ConsentFormProps {
    /// The checked notice to render (see [`Notice::from_json`]).
    pub notice: Rc<Notice>,
    /// The language to show first (a BCP 47 tag); by default the best of
    /// the browser's languages that the notice is written in.
    #[prop_or_default]
    pub language: Option<AttrValue>,
    /// A pseudonymous subject identifier to record in receipts (never a name).
    #[prop_or_default]
    pub subject: Option<AttrValue>,
    /// Called with each signed receipt.
    #[prop_or_default]
    pub on_receipt: Callback<Issued>,
    /// Called when storage or signing fails.
    #[prop_or_default]
    pub on_error: Callback<WidgetError>,
    /// The controller's receipt endpoint (design §4), if any: each receipt
    /// is sent there and the countersigned copy kept. Without it, nothing
    /// leaves the device.
    #[prop_or_default]
    pub endpoint: Option<AttrValue>,
    /// Changing this number shows the form again and moves focus to it.
    #[prop_or_default]
    pub reopen: u32,
}

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
    let state = {
        let notice = props.notice.clone();
        let language = props.language.clone();
        let language_chosen = language.is_some();
        use_reducer(move || {
            let preferred: Vec<String> = language
                .map(|l| vec![l.to_string()])
                .unwrap_or_default()
                .into_iter()
                .chain(preferred_languages())
                .collect();
            let preferred: Vec<&str> = preferred.iter().map(String::as_str).collect();
            let chosen = notice.pick_language(&preferred).to_owned();
            State::new(notice, chosen, language_chosen)
        })
    };

    use_notice_prop(&props.notice, state.dispatcher());
    let form_ref = use_node_ref();
    let summary_ref = use_node_ref();
    use_stored_history(&props.notice.id, state.dispatcher(), props.on_error.clone());
    use_resend_unacknowledged(
        props.notice.clone(),
        props.endpoint.clone(),
        props.on_error.clone(),
    );

    // `reopen` changed: back to the form, focus on its first box.
    {
        let dispatch = state.dispatcher();
        let form_ref = form_ref.clone();
        use_effect_with(props.reopen, move |reopen| {
            if *reopen > 0 {
                dispatch.dispatch(Action::Change);
                focus_first(&form_ref, "input");
            }
        });
    }

    // Move focus to what just appeared: the summary, or the form again
    // (never on first render: the page keeps its focus).
    {
        let summary_ref = summary_ref.clone();
        let form_ref = form_ref.clone();
        let rendered_before = use_mut_ref(|| false);
        let in_summary = matches!(state.stage, Stage::Summary(_));
        use_effect_with(in_summary, move |in_summary| {
            if !std::mem::replace(&mut *rendered_before.borrow_mut(), true) {
                return;
            }
            if *in_summary {
                focus_first(&summary_ref, "h3");
            } else {
                focus_first(&form_ref, "input");
            }
        });
    }

    // Set between a click and the end of its signing: a double click, before
    // the buttons are re-rendered disabled, must not sign twice.
    let in_flight = use_mut_ref(|| false);
    let sign = {
        let state = state.clone();
        let in_flight = in_flight.clone();
        let subject = props.subject.clone();
        let endpoint = props.endpoint.clone();
        let on_receipt = props.on_receipt.clone();
        let on_error = props.on_error.clone();
        Callback::from(move |choices: Choices| {
            if std::mem::replace(&mut *in_flight.borrow_mut(), true) {
                return;
            }
            let in_flight = in_flight.clone();
            let dispatch = state.dispatcher();
            let notice = state.notice.clone();
            let language = state.language.clone();
            let subject = subject.as_ref().map(|s| s.to_string());
            let endpoint = endpoint.as_ref().map(|e| e.to_string());
            let on_receipt = on_receipt.clone();
            let on_error = on_error.clone();
            let failed_text = strings(&language).signing_failed;
            dispatch.dispatch(Action::Signing);
            wasm_bindgen_futures::spawn_local(async move {
                let request = Request {
                    notice: &notice,
                    choices: &choices,
                    language: &language,
                    subject,
                };
                let result = issue(request).await;
                *in_flight.borrow_mut() = false;
                match result {
                    Ok(issued) => {
                        if let Err(error) = &issued.stored {
                            on_error.emit(error.clone());
                        }
                        on_receipt.emit(issued.clone());
                        let receipt = issued.receipt.clone();
                        dispatch.dispatch(Action::Issued(Rc::new(issued)));
                        // Show what is really kept now.
                        dispatch.dispatch(Action::HistoryRead(store::load(&notice.id).await));
                        if let Some(endpoint) = endpoint {
                            dispatch.dispatch(Action::Sending);
                            match acknowledge(&notice, &endpoint, &receipt).await {
                                Ok(acknowledged) => dispatch
                                    .dispatch(Action::Acknowledged(Some(Box::new(acknowledged)))),
                                Err(error) => {
                                    on_error.emit(error);
                                    dispatch.dispatch(Action::Acknowledged(None));
                                }
                            }
                        }
                    }
                    Err(error) => {
                        on_error.emit(error);
                        dispatch.dispatch(Action::SigningFailed(failed_text.to_owned()));
                    }
                }
            });
        })
    };

    let s = strings(&state.language);
    let notice = &state.notice;
    let language = state.language.as_str();
    let id = |suffix: &str| format!("{id_prefix}-{suffix}");
    let stage_name = match state.stage {
        Stage::Form => "form",
        Stage::Signing => "signing",
        Stage::Summary(_) => "summary",
    };
    let on_language = {
        let dispatch = state.dispatcher();
        Callback::from(move |language: String| dispatch.dispatch(Action::Language(language)))
    };
    let text = |t: &limpide_receipt::LocalizedText| t.get(language).unwrap_or_default().to_owned();

    let body = match &state.stage {
        Stage::Summary(issued) => {
            let on_change = {
                let dispatch = state.dispatcher();
                Callback::from(move |_| dispatch.dispatch(Action::Change))
            };
            html! {
                <Summary
                    node_ref={summary_ref.clone()}
                    acknowledgement={state.acknowledgement}
                    notice={notice.clone()}
                    language={AttrValue::from(language.to_owned())}
                    issued={issued.clone()}
                    {on_change}
                />
            }
        }
        Stage::Form | Stage::Signing => {
            let onsubmit = {
                let sign = sign.clone();
                let state = state.clone();
                Callback::from(move |event: SubmitEvent| {
                    event.prevent_default();
                    sign.emit(state.choices.clone());
                })
            };
            let on_toggle = {
                let dispatch = state.dispatcher();
                Callback::from(move |action: Action| dispatch.dispatch(action))
            };
            let to_decide: Vec<(String, Standing)> = state
                .review
                .to_decide(notice)
                .map(|(id, standing)| (id.to_owned(), standing))
                .collect();
            let busy = state.stage == Stage::Signing;
            html! {
                <form ref={form_ref.clone()} {onsubmit} novalidate=true>
                    if !to_decide.is_empty() {
                        <div class="limpide-review" role="status" data-review="">
                            <h3>{ s.review_heading }</h3>
                            <p>{ s.review_intro }</p>
                            <ul>
                                { for to_decide.iter().map(|(purpose_id, standing)| {
                                    let title = notice.purpose(purpose_id).map(|p| text(&p.title)).unwrap_or_default();
                                    let mark = if *standing == Standing::New { s.new_purpose } else { s.changed_purpose };
                                    html! { <li>{ labelled(language, mark, &title) }</li> }
                                }) }
                            </ul>
                        </div>
                    }
                    <RequiredProcessingInfo notice={notice.clone()} language={AttrValue::from(language.to_owned())} />
                    <p class="limpide-intro">{ s.choices_intro }</p>
                    { for notice.purposes.iter().map(|purpose| html! {
                        <PurposeFieldset
                            key={purpose.id.clone()}
                            notice={notice.clone()}
                            purpose_id={AttrValue::from(purpose.id.clone())}
                            language={AttrValue::from(language.to_owned())}
                            id_prefix={AttrValue::from(id_prefix.to_string())}
                            choices={state.choices.clone()}
                            standing={state.review.standing.get(&purpose.id).copied().unwrap_or(Standing::Known)}
                            disabled={busy}
                            on_toggle={on_toggle.clone()}
                        />
                    }) }
                    <p class="limpide-withdrawal">{ text(&notice.withdrawal) }</p>
                    <ChoiceActions
                        notice={notice.clone()}
                        language={AttrValue::from(language.to_owned())}
                        {busy}
                        sign={sign.clone()}
                    />
                    <div class="limpide-status" role="status" aria-live="polite">
                        if busy { { s.signing } }
                    </div>
                    if let Some(error) = &state.form_error {
                        <p class="limpide-error" role="alert" data-form-error="">{ error.clone() }</p>
                    }
                </form>
            }
        }
    };

    html! {
        <section
            class="limpide"
            lang={language.to_owned()}
            data-state={stage_name}
            elementtiming="limpide-form"
            aria-labelledby={id("heading")}
        >
            <header class="limpide-header">
                <h2 id={id("heading")}>{ s.heading }</h2>
                <LanguageSwitch
                    languages={notice.languages.clone()}
                    current={AttrValue::from(language.to_owned())}
                    label={AttrValue::from(s.language)}
                    on_pick={on_language}
                />
                <dl class="limpide-controller">
                    <dt>{ s.controller }</dt>
                    <dd>{ format!("{}, {}", notice.controller.name, notice.controller.address) }</dd>
                    <dt>{ s.contact }</dt>
                    <dd>{ notice.controller.contact.clone() }</dd>
                    <dt>{ s.dpo }</dt>
                    <dd>{ notice.controller.dpo.clone() }</dd>
                    <dt>{ s.policy }</dt>
                    <dd><a href={notice.policy_url.clone()} rel="noopener noreferrer" target="_blank">{ notice.policy_url.clone() }</a></dd>
                </dl>
                <p class="limpide-free"><strong>{ s.nothing_required }</strong></p>
            </header>
            { body }
            <HistoryList
                notice={notice.clone()}
                language={AttrValue::from(language.to_owned())}
                history={state.history.clone()}
                unsaved={state.unsaved.clone()}
                storage_error={state.storage_error.clone()}
            />
            <p class="limpide-site-data">{ s.site_data }</p>
        </section>
    }
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
