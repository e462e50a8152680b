//! The receipts kept on this device, and those signed on this page that
//! could not be kept, newest first, each downloadable.

use std::rc::Rc;

use limpide_receipt::{Notice, Receipt};
use yew::prelude::*;

use super::summary::decisions;
use crate::endpoint::send::is_acknowledged;
use crate::error::WidgetError;
use crate::i18n::{readable_time, storage_problem, strings};
use crate::platform::download::download_receipt_callback;
use crate::storage::receipts::History;
use crate::storage::unsaved::issued_later;

/// The properties of [`HistoryList`].
#[derive(Properties, PartialEq)]
pub(crate) struct HistoryListProps {
    pub(crate) notice: Rc<Notice>,
    pub(crate) language: AttrValue,
    pub(crate) history: History,
    /// Receipts signed on this page that could not be stored.
    pub(crate) unsaved: Vec<Receipt>,
    pub(crate) storage_error: Option<WidgetError>,
}

/// The history of receipts for this notice.
#[component]
pub(crate) fn HistoryList(props: &HistoryListProps) -> Html {
    let language = props.language.as_str();
    let s = strings(language);
    let list_ref = use_node_ref();
    // Stored and unsaved receipts together, by time (each list is oldest
    // first), then newest first.
    let mut listed: Vec<(&Receipt, bool)> =
        props.history.receipts.iter().map(|r| (r, false)).collect();
    for receipt in &props.unsaved {
        let at = listed
            .iter()
            .position(|(r, _)| issued_later(r, receipt))
            .unwrap_or(listed.len());
        listed.insert(at, (receipt, true));
    }
    listed.reverse();
    let entries = listed.into_iter().map(|(receipt, unsaved)| {
        let payload = receipt.payload();
        let (granted, refused) = decisions(&props.notice, payload, language);
        let on_download = download_receipt_callback(receipt, &list_ref);
        let list = |items: &[String]| if items.is_empty() { s.nothing.to_owned() } else { items.join(", ") };
        html! {
            <li key={payload.receipt_id.clone()} data-receipt-id={payload.receipt_id.clone()} data-unsaved={unsaved.then_some("")}>
                <p>
                    <time datetime={payload.issued_at.clone()}>{ readable_time(&payload.issued_at, language) }</time>
                    if unsaved {
                        <strong>{ format!(" — {}", s.history_unsaved) }</strong>
                    }
                    if is_acknowledged(receipt) {
                        <span data-acknowledged="">{ format!(" — {}", s.history_ack) }</span>
                    }
                </p>
                <p>{ format!("{} {}.", s.said_yes, list(&granted)) }</p>
                <p>{ format!("{} {}.", s.said_no, list(&refused)) }</p>
                <button type="button" class="limpide-link" data-action="download-history" onclick={on_download}>
                    { format!("{} {}", s.download, &payload.receipt_id[..8.min(payload.receipt_id.len())]) }
                </button>
            </li>
        }
    });
    html! {
        <section class="limpide-history" data-history="" ref={list_ref.clone()} aria-label={s.history_heading}>
            <h3>{ s.history_heading }</h3>
            if let Some(error) = &props.storage_error {
                <p class="limpide-error" role="alert" data-storage="unavailable">{ storage_problem(language, error.code) }</p>
            }
            if props.history.rejected > 0 {
                <p class="limpide-error" role="alert">{ format!("{} {}", props.history.rejected, s.damaged) }</p>
            }
            if props.history.receipts.is_empty() && props.unsaved.is_empty() {
                <p>{ s.history_empty }</p>
            } else {
                <ol reversed=true>{ for entries }</ol>
            }
        </section>
    }
}
