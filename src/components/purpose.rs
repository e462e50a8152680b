//! One purpose: a `fieldset` whose `legend` is its title, one native
//! checkbox (or one per channel), and a details disclosure with the data
//! used, recipients, retention and how to withdraw.

use std::rc::Rc;

use limpide_receipt::{Channel, Choices, LocalizedText, Notice, Wording};
use yew::prelude::*;

use crate::form::action::Action;
use crate::form::review::Standing;
use crate::i18n::{channel_label, strings};

/// The properties of [`PurposeFieldset`].
#[derive(Properties, PartialEq)]
pub(crate) struct PurposeFieldsetProps {
    pub(crate) notice: Rc<Notice>,
    pub(crate) purpose_id: AttrValue,
    pub(crate) language: AttrValue,
    pub(crate) id_prefix: AttrValue,
    pub(crate) choices: Choices,
    pub(crate) standing: Standing,
    /// Which texts are shown (the simpler ones below the age).
    pub(crate) wording: Wording,
    /// For a guardian: the boxes the pupil ticked, the only ones offered
    /// (a guardian can narrow the pupil's choices, never widen them).
    #[prop_or_default]
    pub(crate) offered: Option<Choices>,
    /// While a receipt is being signed.
    pub(crate) disabled: bool,
    pub(crate) on_toggle: Callback<Action>,
}

/// A purpose and its boxes; nothing is ever ticked unless the pupil did it
/// (or a receipt records it on these same texts).
#[component]
pub(crate) fn PurposeFieldset(props: &PurposeFieldsetProps) -> Html {
    let Some(purpose) = props.notice.purpose(&props.purpose_id) else {
        return Html::default();
    };
    let language = props.language.as_str();
    let s = strings(language);
    let text = |t: &LocalizedText| t.get(language).unwrap_or_default().to_owned();
    let base_id = format!("{}-{}", props.id_prefix, purpose.id);
    let description_id = format!("{base_id}-description");
    let title_id = format!("{base_id}-title");
    let boxes: Vec<(Option<Channel>, String)> = purpose
        .boxes()
        .map(|channel| {
            let label = channel.map_or_else(
                || text(purpose.title_in(props.wording)),
                |c| channel_label(language, c).to_owned(),
            );
            (channel, label)
        })
        .collect();
    let mark = match props.standing {
        Standing::Known => None,
        Standing::New => Some(s.new_purpose),
        Standing::Changed => Some(s.changed_purpose),
    };
    let list = |items: &[LocalizedText]| {
        items
            .iter()
            .map(|t| html! { <li>{ text(t) }</li> })
            .collect::<Html>()
    };
    html! {
        <fieldset
            class="limpide-purpose"
            data-purpose-group={purpose.id.clone()}
            data-texts={props.notice.texts_digest_in(&purpose.id, language, props.wording)}
            aria-describedby={description_id.clone()}
        >
            <legend id={title_id.clone()}>
                { text(purpose.title_in(props.wording)) }
                if let Some(mark) = mark {
                    { " " }<span class="limpide-mark">{ format!("({mark})") }</span>
                }
            </legend>
            <p id={description_id}>{ text(purpose.description_in(props.wording)) }</p>
            <div class="limpide-boxes">
                { for boxes.into_iter().map(|(channel, label)| {
                    let input_id = match channel {
                        Some(c) => format!("{base_id}-{}", c.as_str()),
                        None => format!("{base_id}-consent"),
                    };
                    let label_id = format!("{input_id}-label");
                    if props.offered.as_ref().is_some_and(|o| !o.is_granted(&purpose.id, channel)) {
                        return html! {
                            <p class="limpide-box" data-pupil-refused={purpose.id.clone()}>
                                { crate::i18n::labelled(language, &label, s.pupil_said_no) }
                            </p>
                        };
                    }
                    // A channel's box is named with its purpose too ("Bons
                    // plans, by SMS"), not by the channel alone: a screen
                    // reader's list of controls shows several "By e-mail".
                    let labelled_by = channel.map(|_| format!("{title_id} {label_id}"));
                    let checked = props.choices.is_granted(&purpose.id, channel);
                    let onchange = {
                        let on_toggle = props.on_toggle.clone();
                        let purpose = purpose.id.clone();
                        Callback::from(move |event: Event| {
                            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
                            on_toggle.emit(Action::Toggle { purpose: purpose.clone(), channel, ticked: input.checked() });
                        })
                    };
                    html! {
                        <div class="limpide-box">
                            <input
                                type="checkbox"
                                id={input_id.clone()}
                                data-purpose={purpose.id.clone()}
                                data-channel={channel.map(|c| c.as_str())}
                                aria-labelledby={labelled_by}
                                {checked}
                                disabled={props.disabled}
                                {onchange}
                            />
                            <label for={input_id} id={label_id}>{ label }</label>
                        </div>
                    }
                }) }
            </div>
            <details class="limpide-details">
                <summary>{ s.details }</summary>
                <dl>
                    <dt>{ s.data_used }</dt>
                    <dd><ul>{ list(&purpose.data) }</ul></dd>
                    if !purpose.channels.is_empty() {
                        <dt>{ s.channels }</dt>
                        <dd>{ purpose.channels.iter().map(|c| channel_label(language, *c)).collect::<Vec<_>>().join(", ") }</dd>
                    }
                    <dt>{ s.recipients }</dt>
                    <dd><ul>{ list(&purpose.recipients) }</ul></dd>
                    <dt>{ s.retention }</dt>
                    <dd>{ text(&purpose.retention) }</dd>
                    <dt>{ s.withdraw }</dt>
                    <dd>{ text(&props.notice.withdrawal) }</dd>
                    <dt>{ s.category }</dt>
                    <dd><code>{ purpose.category.clone() }</code></dd>
                </dl>
            </details>
        </fieldset>
    }
}
