//! What the controller recorded, in a family's words: the boxes that no
//! longer count since the latest receipt (stopped from a message, or
//! lapsed), said above the form; and, under each purpose and channel, the
//! messages that reached this pupil, with their date, sender, text and
//! campaign page; and every device added after the first, this one marked,
//! so that a family sees a device it does not know. Plain render
//! functions: they hold no state.

use limpide_receipt::{Channel, Notice};
use yew::prelude::*;

use super::summary::box_label;
use crate::form::records::{Ended, Records, Why};
use crate::i18n::{readable_time, records_words};

/// A box named for the pupil: its purpose's title in `language` (its id
/// if the notice no longer has it), and its channel.
fn label(notice: &Notice, purpose: &str, channel: Option<Channel>, language: &str) -> String {
    let title = notice
        .purpose(purpose)
        .and_then(|p| p.title.get(language))
        .unwrap_or(purpose);
    box_label(title, channel, language)
}

/// The boxes that ended since the latest receipt, unticked in the form
/// below: which choice, why, and when (`role="status"`).
pub(crate) fn ended_boxes(notice: &Notice, language: &str, ended: &[Ended]) -> Html {
    if ended.is_empty() {
        return Html::default();
    }
    let w = records_words(language);
    let items = ended.iter().map(|e| {
        let why = match e.why {
            Why::StopLink => w.stop_link,
            Why::Objection => w.objection,
            Why::Lapsed => w.lapsed,
        };
        html! {
            <li data-ended={e.why_name()} data-purpose-ended={e.purpose.clone()}>
                { format!("« {} » : {why} ", label(notice, &e.purpose, e.channel, language)) }
                <time datetime={e.at.clone()}>{ readable_time(&e.at, language) }</time>
                { "." }
            </li>
        }
    });
    html! {
        <div class="limpide-review" role="status" data-ended-boxes="">
            <h3>{ w.ended_heading }</h3>
            <ul>{ for items }</ul>
            <p>{ w.again }</p>
        </div>
    }
}

/// The messages that reached this pupil, under each purpose and channel
/// in the notice's order (a box the notice no longer has comes last).
pub(crate) fn messages(notice: &Notice, language: &str, records: &Records) -> Html {
    if records.messages.is_empty() {
        return Html::default();
    }
    let w = records_words(language);
    let mut boxes: Vec<(&str, Option<Channel>)> = Vec::new();
    let known = notice
        .purposes
        .iter()
        .flat_map(|p| p.boxes().map(move |c| (p.id.as_str(), c)));
    let received = records
        .messages
        .iter()
        .map(|m| (m.purpose.as_str(), m.channel));
    for b in known.chain(received) {
        if !boxes.contains(&b)
            && records
                .messages
                .iter()
                .any(|m| (m.purpose.as_str(), m.channel) == b)
        {
            boxes.push(b);
        }
    }
    let groups = boxes.into_iter().map(|(purpose, channel)| {
        let items = records
            .messages
            .iter()
            .filter(|m| m.purpose == purpose && m.channel == channel)
            .map(|m| {
                html! {
                    <li data-message="">
                        <p>
                            <time datetime={m.released_at.clone()}>{ readable_time(&m.released_at, language) }</time>
                            { format!(" — {} {}", w.from, m.sender) }
                        </p>
                        <blockquote data-message-text="">{ m.text.clone() }</blockquote>
                        <p><a href={m.page_url.clone()} data-campaign-page="">{ w.page }</a></p>
                    </li>
                }
            });
        html! {
            <>
                <h4>{ label(notice, purpose, channel, language) }</h4>
                <ul data-messages-for={purpose.to_owned()}>{ for items }</ul>
            </>
        }
    });
    html! {
        <section class="limpide-history" data-messages="" aria-label={w.messages_heading}>
            <h3>{ w.messages_heading }</h3>
            { for groups }
        </section>
    }
}

/// "A new device was added on <date>" for every device of the pupil after
/// the first (oldest first), the one that is this device marked.
pub(crate) fn devices(language: &str, records: &Records) -> Html {
    let Some((_, added)) = records.devices.split_first() else {
        return Html::default();
    };
    if added.is_empty() {
        return Html::default();
    }
    let w = records_words(language);
    let items = added.iter().map(|d| {
        let this = d.key == records.this_device;
        html! {
            <li data-device={d.key.clone()} data-this-device={this.then_some("")}>
                { format!("{} ", w.new_device) }
                <time datetime={d.enrolled_at.clone()}>{ readable_time(&d.enrolled_at, language) }</time>
                { if this { format!(" {}", w.this_device) } else { String::new() } }
                { "." }
            </li>
        }
    });
    html! {
        <section class="limpide-history" data-devices="" aria-label={w.devices_heading}>
            <h3>{ w.devices_heading }</h3>
            <ul>{ for items }</ul>
            <p>{ w.unknown_device }</p>
        </section>
    }
}
