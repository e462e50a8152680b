//! The form's buttons. Refuse-all comes first and looks exactly like
//! accept-all (same class, same size, same weight): refusing is never
//! smaller, fainter or later than accepting.

use std::rc::Rc;

use limpide_receipt::{Choices, Notice};
use yew::prelude::*;

use crate::i18n::strings;
use crate::prerender::early::PRERENDERING;

/// What [`choice_actions`] shows.
pub(crate) struct ChoiceActionsProps {
    pub(crate) notice: Rc<Notice>,
    pub(crate) language: AttrValue,
    /// Signing in progress: buttons are disabled.
    pub(crate) busy: bool,
    /// Signs a receipt of these choices at once.
    pub(crate) sign: Callback<Choices>,
}

/// Refuse all, accept all (only where the notice allows it), save. A plain
/// function, not a component: it has no state, and each component costs
/// wasm bytes.
pub(crate) fn choice_actions(props: &ChoiceActionsProps) -> Html {
    let s = strings(&props.language);
    let disabled = props.busy || PRERENDERING;
    let refuse_all = {
        let sign = props.sign.clone();
        Callback::from(move |_: MouseEvent| sign.emit(Choices::refuse_all()))
    };
    let accept_all = {
        let sign = props.sign.clone();
        let notice = props.notice.clone();
        Callback::from(move |_: MouseEvent| sign.emit(Choices::accept_all(&notice)))
    };
    html! {
        <div class="limpide-actions">
            <button type="button" class="limpide-button" data-action="refuse-all" {disabled} onclick={refuse_all}>
                { s.refuse_all }
            </button>
            if props.notice.accept_all {
                <button type="button" class="limpide-button" data-action="accept-all" {disabled} onclick={accept_all}>
                    { s.accept_all }
                </button>
            }
            <button type="submit" class="limpide-button" data-action="submit" {disabled}>
                { s.submit }
            </button>
        </div>
    }
}
