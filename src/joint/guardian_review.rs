//! The guardian's screen: the very texts the pupil read, the boxes the
//! pupil ticked (each unticked, for the guardian to tick what they accept
//! too), the statement of parental authority and, where the notice asks,
//! initials or a name. Refusing everything is as easy as confirming.

use std::rc::Rc;

use limpide_receipt::{Choices, GuardianName, GuardianRequest, GuardianStatement, Notice, Wording};
use yew::prelude::*;

use crate::components::press_guard::use_press_guard;
use crate::components::purpose::PurposeFieldset;
use crate::form::action::Action;
use crate::form::state::toggle;
use crate::i18n::{strings, Strings};

/// The properties of [`GuardianReview`].
#[derive(Properties, PartialEq)]
pub(crate) struct GuardianReviewProps {
    pub(crate) notice: Rc<Notice>,
    pub(crate) request: Rc<GuardianRequest>,
    pub(crate) language: AttrValue,
    pub(crate) id_prefix: AttrValue,
    /// On the pupil's device: the guardian can give it back unanswered.
    pub(crate) same_device: bool,
    /// Why the last confirmation failed.
    pub(crate) error: Option<String>,
    /// Signs the guardian's answer: their choices and statement.
    pub(crate) on_confirm: Callback<(Choices, GuardianStatement)>,
    /// Gives the device back (same device only).
    pub(crate) on_back: Callback<MouseEvent>,
}

/// What the guardian has ticked and written so far (their own, never
/// the pupil's: every box starts unticked).
#[derive(Clone, Default, PartialEq)]
struct Answer {
    choices: Choices,
    statement: bool,
    name: String,
    problem: Option<&'static str>,
}

/// The guardian reviews the pupil's request.
#[component]
pub(crate) fn GuardianReview(props: &GuardianReviewProps) -> Html {
    let answer = use_state(Answer::default);
    let press = use_press_guard();
    {
        // A refusal ends the attempt: the guardian may try again.
        let press = press.clone();
        use_effect_with(props.error.clone(), move |_| press.end());
    }
    let language = props.language.as_str();
    let s = strings(language);
    let notice = &props.notice;
    let asks_name = notice.joint_consent.guardian_name;
    let on_toggle = {
        let answer = answer.clone();
        Callback::from(move |action: Action| {
            if let Action::Toggle {
                purpose,
                channel,
                ticked,
            } = action
            {
                let mut next = (*answer).clone();
                toggle(&mut next.choices, &purpose, channel, ticked);
                answer.set(next);
            }
        })
    };
    let confirm = |everything_refused: bool| {
        let (answer, on_confirm) = (answer.clone(), props.on_confirm.clone());
        let press = press.clone();
        let language = props.language.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*answer).clone();
            next.problem = problem_with(&next, asks_name, strings(&language));
            if next.problem.is_none() && press.start() {
                let choices = if everything_refused {
                    Choices::refuse_all()
                } else {
                    next.choices.clone()
                };
                let name = (asks_name != GuardianName::None).then(|| next.name.trim().to_owned());
                on_confirm.emit((
                    choices,
                    GuardianStatement {
                        holds_parental_authority: true,
                        name,
                    },
                ));
            }
            answer.set(next);
        })
    };
    let on_statement = {
        let answer = answer.clone();
        Callback::from(move |event: Event| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            answer.set(Answer {
                statement: input.checked(),
                ..(*answer).clone()
            });
        })
    };
    let on_name = {
        let answer = answer.clone();
        Callback::from(move |event: InputEvent| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            answer.set(Answer {
                name: input.value(),
                ..(*answer).clone()
            });
        })
    };
    let age = notice.age_of_digital_consent.to_string();
    let statement_id = format!("{}-guardian-statement", props.id_prefix);
    let name_id = format!("{}-guardian-name", props.id_prefix);
    let problem = answer.problem.or(props.error.as_deref());
    // Pressed and not refused: the answer is being signed.
    let busy = press.is_under_way() && props.error.is_none();
    html! {
        <div class="limpide-guardian" data-guardian="">
            <h3 tabindex="-1">{ s.guardian_heading }</h3>
            <p>{ s.guardian_intro.replace("{age}", &age) }</p>
            { for notice.purposes.iter().map(|purpose| html! {
                <PurposeFieldset
                    key={purpose.id.clone()}
                    notice={notice.clone()}
                    purpose_id={AttrValue::from(purpose.id.clone())}
                    language={props.language.clone()}
                    id_prefix={AttrValue::from(format!("{}-guardian", props.id_prefix))}
                    choices={answer.choices.clone()}
                    standing={crate::form::review::Standing::Known}
                    wording={Wording::Simpler}
                    offered={Some(props.request.choices.clone())}
                    disabled={busy}
                    on_toggle={on_toggle.clone()}
                />
            }) }
            <div class="limpide-box limpide-statement">
                <input type="checkbox" id={statement_id.clone()} data-guardian-statement="" checked={answer.statement} disabled={busy} onchange={on_statement} />
                <label for={statement_id}>{ s.statement }</label>
            </div>
            if asks_name != GuardianName::None {
                <div class="limpide-field">
                    <label for={name_id.clone()}>{ if asks_name == GuardianName::Initials { s.guardian_initials } else { s.guardian_name } }</label>
                    <input type="text" id={name_id} data-guardian-name="" autocomplete="off" maxlength={if asks_name == GuardianName::Initials { "12" } else { "120" }} value={answer.name.clone()} disabled={busy} oninput={on_name} />
                </div>
            }
            if let Some(problem) = problem {
                <p class="limpide-error" role="alert" data-form-error="">{ problem.to_owned() }</p>
            }
            <div class="limpide-actions">
                <button type="button" class="limpide-button" data-action="guardian-refuse-all" disabled={busy} onclick={confirm(true)}>{ s.guardian_refuse_all }</button>
                <button type="button" class="limpide-button" data-action="guardian-confirm" disabled={busy} onclick={confirm(false)}>{ s.guardian_confirm }</button>
            </div>
            if props.same_device {
                <div class="limpide-actions">
                    <button type="button" class="limpide-button" data-action="back" disabled={busy} onclick={props.on_back.clone()}>{ s.back_to_pupil }</button>
                </div>
            }
        </div>
    }
}

/// What stops the guardian's answer: the statement, then the name the
/// notice asks for.
fn problem_with(
    answer: &Answer,
    asks_name: GuardianName,
    s: &'static Strings,
) -> Option<&'static str> {
    if !answer.statement {
        return Some(s.statement_missing);
    }
    (asks_name != GuardianName::None && answer.name.trim().is_empty()).then_some(s.name_missing)
}

/// On the guardian's device, once they answered: the link back.
pub(crate) fn answered(language: &str, link: &str, on_copy: Callback<MouseEvent>) -> Html {
    let s = strings(language);
    html! {
        <div class="limpide-answered" data-answered="">
            <h3 tabindex="-1">{ s.answered_heading }</h3>
            <p>{ s.answered_body }</p>
            <div class="limpide-share">
                <input type="text" readonly=true aria-label={s.answered_label} data-answer-link="" value={link.to_owned()} />
                <button type="button" class="limpide-button" data-action="copy-link" onclick={on_copy}>{ s.copy_link }</button>
            </div>
        </div>
    }
}
