//! A Yew app that embeds Limpide's [`ConsentForm`] in place, in its own DOM
//! (no shadow root): the notice is compiled in, each receipt is listed as
//! it is signed. Built by `cargo xtask test` for wasm32.
//!
//! The notice is checked when the app starts; an invalid one shows
//! [`NoticeError`] instead of a form.
#![forbid(unsafe_code)]

use std::rc::Rc;

use limpide::receipt::Notice;
use limpide::{ConsentForm, Issued, NoticeError, WidgetError};
use yew::prelude::*;

const NOTICE: &[u8] = include_bytes!("../../../www/notices/pass-region.json");

#[component]
fn App() -> Html {
    let notice = use_memo((), |_| Notice::from_json(NOTICE).map(Rc::new));
    let signed = use_state(Vec::<String>::new);
    let on_receipt = {
        let signed = signed.clone();
        Callback::from(move |issued: Issued| {
            let mut list = (*signed).clone();
            list.push(issued.receipt.payload().receipt_id.clone());
            signed.set(list);
        })
    };
    // The widget already tells the pupil in plain words; an app may keep
    // the technical message (here: shown for the developer).
    let last_error = use_state(|| None::<WidgetError>);
    let on_error = {
        let last_error = last_error.clone();
        Callback::from(move |error: WidgetError| last_error.set(Some(error)))
    };
    let form = match &*notice {
        Ok(notice) => html! { <ConsentForm notice={notice.clone()} {on_receipt} {on_error} /> },
        Err(_) => html! { <NoticeError language="en" code="notice-invalid" /> },
    };
    html! {
        <main>
            <h1>{ "My youth pass" }</h1>
            { form }
            <h2>{ "Receipts signed in this session" }</h2>
            <ul>{ for signed.iter().map(|id| html! { <li><code>{ id.clone() }</code></li> }) }</ul>
            if let Some(error) = &*last_error {
                <p><small>{ format!("Last widget error: {error}") }</small></p>
            }
        </main>
    }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
