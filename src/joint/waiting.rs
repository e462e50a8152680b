//! The pupil's screens while a guardian is needed: the request waiting
//! (what is to be confirmed, the link for the guardian's own device, the
//! answer to paste, abandon), and the hand-over of this very device.

use limpide_receipt::{GuardianRequest, Notice};
use yew::prelude::*;

use crate::components::summary::box_labels;
use crate::i18n::{readable_time, strings};
use crate::platform::browser::now_seconds;

/// What the waiting screens can ask for; the form carries it out.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum WaitingAction {
    /// Show the hand-over screen.
    HandOver,
    /// The guardian took the device: show them the request.
    GuardianStart,
    /// Back from the hand-over to the waiting screen.
    Back,
    /// Copy this link to the clipboard.
    Copy(String),
    /// Use this pasted answer link.
    UseAnswer(String),
    /// Abandon the request (or start again after it expired).
    Abandon,
}

/// The request waiting for a guardian.
pub(crate) fn waiting(
    notice: &Notice,
    request: &GuardianRequest,
    language: &str,
    id_prefix: &str,
    link: String,
    error: Option<String>,
    on_action: &Callback<WaitingAction>,
) -> Html {
    let s = strings(language);
    let expired = request.is_expired(now_seconds()) || request.check_notice(notice).is_err();
    let choices = box_labels(notice, &request.choices, language);
    let abandon = on_action.reform(|_: MouseEvent| WaitingAction::Abandon);
    let button = |action: &'static str, label: &'static str, onclick: Callback<MouseEvent>| {
        html! { <button type="button" class="limpide-button" data-action={action} {onclick}>{ label }</button> }
    };
    let paste_ref = NodeRef::default();
    let paste_id = format!("{id_prefix}-answer-paste");
    let use_answer = {
        let (paste_ref, on_action) = (paste_ref.clone(), on_action.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if let Some(input) = paste_ref.cast::<web_sys::HtmlInputElement>() {
                on_action.emit(WaitingAction::UseAnswer(input.value()));
            }
        })
    };
    html! {
        <div class="limpide-waiting-guardian" data-pending="">
            <h3 tabindex="-1">{ s.pending_heading }</h3>
            <p class="limpide-note" role="status">{ s.pending_intro }</p>
            <h4>{ s.pending_choices }</h4>
            <ul data-pending-choices="">{ for choices.into_iter().map(|c| html! { <li>{ c }</li> }) }</ul>
            if expired {
                <p class="limpide-error" role="alert" data-expired="">{ s.pending_expired }</p>
                <div class="limpide-actions">{ button("abandon", s.start_again, abandon) }</div>
            } else {
                <p>{ s.pending_expires }{ " " }<time datetime={request.expires_at.clone()}>{ readable_time(&request.expires_at, language) }</time></p>
                <div class="limpide-actions">
                    { button("hand-over", s.hand_over, on_action.reform(|_| WaitingAction::HandOver)) }
                </div>
                <p>{ s.send_link }</p>
                <div class="limpide-share">
                    <input type="text" readonly=true aria-label={s.guardian_link_label} data-guardian-link="" value={link.clone()} />
                    { button("copy-link", s.copy_link, on_action.reform(move |_| WaitingAction::Copy(link.clone()))) }
                </div>
                <form class="limpide-share" onsubmit={use_answer}>
                    <label for={paste_id.clone()}>{ s.answer_paste }</label>
                    <input type="text" id={paste_id} ref={paste_ref} data-answer-paste="" autocomplete="off" />
                    <button type="submit" class="limpide-button" data-action="use-answer">{ s.use_answer }</button>
                </form>
                if let Some(error) = error {
                    <p class="limpide-error" role="alert" data-form-error="">{ error }</p>
                }
                <div class="limpide-actions">{ button("abandon", s.abandon, abandon) }</div>
            }
        </div>
    }
}

/// This device goes to the guardian.
pub(crate) fn hand_over(language: &str, on_action: &Callback<WaitingAction>) -> Html {
    let s = strings(language);
    html! {
        <div class="limpide-hand-over" data-hand-over="">
            <h3 tabindex="-1">{ s.hand_over_heading }</h3>
            <p>{ s.hand_over_body }</p>
            <div class="limpide-actions">
                <button type="button" class="limpide-button" data-action="guardian-start" onclick={on_action.reform(|_| WaitingAction::GuardianStart)}>{ s.guardian_start }</button>
                <button type="button" class="limpide-button" data-action="back" onclick={on_action.reform(|_| WaitingAction::Back)}>{ s.back_to_pupil }</button>
            </div>
        </div>
    }
}
