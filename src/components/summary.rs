//! After signing: what the pupil said, in plain words, whether the receipt
//! is kept on the device, and the receipt to download or print.

use std::rc::Rc;

use limpide_receipt::{Channel, Choices, Notice, Payload};
use yew::prelude::*;

use crate::form::state::Acknowledgement;
use crate::i18n::{channel_phrase, readable_time, storage_problem, strings};
use crate::platform::download::{download_receipt_callback, family_page, print, print_receipt};
use crate::signing::issued::Issued;
use crate::signing::subject_key::is_kept;

/// The properties of [`Summary`].
#[derive(Properties, PartialEq)]
pub(crate) struct SummaryProps {
    pub(crate) node_ref: NodeRef,
    pub(crate) notice: Rc<Notice>,
    pub(crate) language: AttrValue,
    pub(crate) issued: Rc<Issued>,
    /// Where the receipt stands with the controller's endpoint, if any.
    pub(crate) acknowledgement: Option<Acknowledgement>,
    pub(crate) on_change: Callback<MouseEvent>,
    /// Where the families' pages are served, if the embedder says.
    pub(crate) pages: Option<AttrValue>,
}

/// Every box of a payload, labelled in `language`, split into granted and
/// refused, in the notice's order (the summary follows the language switch,
/// not the language the receipt was signed in).
pub(crate) fn decisions(
    notice: &Notice,
    payload: &Payload,
    language: &str,
) -> (Vec<String>, Vec<String>) {
    let choices = Choices::from_payload(payload);
    let mut granted = Vec::new();
    let mut refused = Vec::new();
    for record in &payload.purposes {
        let purpose = notice.purpose(&record.id);
        let title = purpose
            .and_then(|p| p.title_in(payload.wording()).get(language))
            .unwrap_or(&record.id)
            .to_owned();
        // The channels the receipt records (never the notice's, which may
        // have changed since), in the order the notice shows them.
        let recorded: Vec<Option<Channel>> =
            record.decisions().map(|(channel, _)| channel).collect();
        // The notice's order first, then the usual order for a channel the
        // notice no longer lists (no sort: a handful).
        let shown = purpose.into_iter().flat_map(|p| p.boxes());
        let usual = std::iter::once(None).chain(Channel::ALL.iter().copied().map(Some));
        let mut boxes: Vec<Option<Channel>> = Vec::new();
        for channel in shown.chain(usual) {
            if recorded.contains(&channel) && !boxes.contains(&channel) {
                boxes.push(channel);
            }
        }
        for channel in boxes {
            let label = box_label(&title, channel, language);
            if choices.is_granted(&record.id, channel) {
                granted.push(label);
            } else {
                refused.push(label);
            }
        }
    }
    (granted, refused)
}

/// A box named for the pupil: its purpose's title, and its channel.
pub(crate) fn box_label(title: &str, channel: Option<Channel>, language: &str) -> String {
    match channel {
        Some(c) => format!("{title} — {}", channel_phrase(language, c)),
        None => title.to_owned(),
    }
}

/// The boxes ticked in `choices`, labelled in `language` in the notice's
/// order (the simpler titles: only a pupil under the age has a pending
/// request).
pub(crate) fn box_labels(notice: &Notice, choices: &Choices, language: &str) -> Vec<String> {
    let mut labels = Vec::new();
    for purpose in &notice.purposes {
        let title = purpose
            .title_in(limpide_receipt::Wording::Simpler)
            .get(language)
            .unwrap_or(&purpose.id);
        for channel in purpose.boxes() {
            if choices.is_granted(&purpose.id, channel) {
                labels.push(box_label(title, channel, language));
            }
        }
    }
    labels
}

/// The receipt just signed.
#[component]
pub(crate) fn Summary(props: &SummaryProps) -> Html {
    let language = props.language.as_str();
    let s = strings(language);
    let receipt = &props.issued.receipt;
    let payload = receipt.payload();
    let (granted, refused) = decisions(&props.notice, payload, language);
    let list = |items: Vec<String>, attribute: &'static str| {
        let empty = items.is_empty();
        html! {
            <>
                <ul data-granted={(attribute == "granted").then_some("")} data-refused={(attribute == "refused").then_some("")}>
                    { for items.into_iter().map(|i| html! { <li>{ i }</li> }) }
                </ul>
                if empty { <p class="limpide-none">{ s.nothing }</p> }
            </>
        }
    };
    let on_download = download_receipt_callback(receipt, &props.node_ref);
    let key_id = receipt
        .signers()
        .first()
        .map(|s| s.kid.clone())
        .unwrap_or_default();
    let session_key = !is_kept(&payload.collection.key_storage);
    let my_consents = props
        .pages
        .as_deref()
        .and_then(|pages| family_page(pages, "receipts.html"));
    // With the families' pages, the printable receipt; else the page itself.
    let on_print = {
        let (pages, notice, receipt) = (props.pages.clone(), props.notice.clone(), receipt.clone());
        Callback::from(move |_: MouseEvent| {
            let _ = match &pages {
                Some(pages) => print_receipt(pages, &notice, &receipt),
                None => print(),
            };
        })
    };
    html! {
        <div class="limpide-summary" data-summary="" ref={props.node_ref.clone()}>
            <h3 tabindex="-1">{ s.summary_heading }</h3>
            if payload.guardian.is_some() {
                <p class="limpide-stored" data-joint="">{ s.joint_confirmed }</p>
            }
            <h4>{ s.said_yes }</h4>
            { list(granted, "granted") }
            <h4>{ s.said_no }</h4>
            { list(refused, "refused") }
            <dl class="limpide-receipt-facts">
                <dt>{ s.receipt_id }</dt><dd><code>{ payload.receipt_id.clone() }</code></dd>
                <dt>{ s.issued_at }</dt><dd><time datetime={payload.issued_at.clone()}>{ readable_time(&payload.issued_at, language) }</time></dd>
                <dt>{ s.notice_version }</dt><dd>{ format!("{} {}", payload.notice.id, payload.notice.version) }</dd>
                <dt>{ s.key_id }</dt><dd><code>{ key_id }</code></dd>
            </dl>
            {
                match &props.issued.stored {
                    Ok(()) => html! { <p class="limpide-stored" role="status" data-storage="saved">{ s.stored }</p> },
                    Err(error) => html! {
                        <p class="limpide-error" role="alert" data-storage="failed">
                            { format!("{} {}", storage_problem(language, error.code), s.not_stored) }
                        </p>
                    },
                }
            }
            if session_key { <p class="limpide-note">{ s.session_key }</p> }
            {
                match props.acknowledgement {
                    None => Html::default(),
                    Some(Acknowledgement::Sending) => html! { <p class="limpide-note" role="status" data-ack="sending">{ s.ack_sending }</p> },
                    Some(Acknowledgement::Acknowledged) => html! { <p class="limpide-stored" role="status" data-ack="acknowledged">{ s.ack_ok }</p> },
                    // Sent again on a later open only if it is stored.
                    Some(Acknowledgement::NotAcknowledged) => html! {
                        <p class="limpide-note" role="status" data-ack="not-acknowledged">
                            { if props.issued.stored.is_ok() { s.ack_failed } else { s.ack_failed_unsaved } }
                        </p>
                    },
                }
            }
            <div class="limpide-actions">
                <button type="button" class="limpide-button" data-action="download" onclick={on_download}>{ s.download }</button>
                <button type="button" class="limpide-button" data-action="print" onclick={on_print}>{ s.print }</button>
                <button type="button" class="limpide-button" data-action="change" onclick={props.on_change.clone()}>{ s.change }</button>
            </div>
            if let Some(href) = my_consents {
                <p><a href={href} data-action="my-consents">{ s.my_consents }</a></p>
            }
        </div>
    }
}
