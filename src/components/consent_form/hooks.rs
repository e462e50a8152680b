//! The form's effects as hooks: what it keeps in step with outside it.

use std::rc::Rc;

use limpide_receipt::Notice;
use yew::prelude::*;

use crate::error::WidgetError;
use crate::issue::resend_unacknowledged;
use crate::state::{Action, State};
use crate::{broadcast, store};

/// A new notice from the embedder (an updated version, say) replaces the
/// one shown: never sign against a notice no longer on screen.
#[hook]
pub(super) fn use_notice_prop(notice: &Rc<Notice>, dispatch: UseReducerDispatcher<State>) {
    let notice = notice.clone();
    let first_run = use_mut_ref(|| true);
    use_effect_with(notice.digest().to_owned(), move |_| {
        if !std::mem::replace(&mut *first_run.borrow_mut(), false) {
            dispatch.dispatch(Action::Notice(notice));
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
                    let history = store::load(&notice_id).await;
                    if let Err(error) = &history {
                        on_error.emit(error.clone());
                    }
                    dispatch.dispatch(Action::HistoryRead(history));
                });
            }
        };
        read();
        let subscription = broadcast::subscribe(notice_id.clone(), read);
        move || drop(subscription)
    });
}

/// With an endpoint: on open, sends again what the controller has not
/// acknowledged yet, oldest first, and reports the first failure.
#[hook]
pub(super) fn use_resend_unacknowledged(
    notice: Rc<Notice>,
    endpoint: Option<AttrValue>,
    on_error: Callback<WidgetError>,
) {
    use_effect_with((notice, endpoint), move |(notice, endpoint)| {
        if let Some(endpoint) = endpoint.clone() {
            let notice = notice.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(error) = resend_unacknowledged(&notice, &endpoint).await {
                    on_error.emit(error);
                }
            });
        }
    });
}
