//! Component tests of `ConsentForm` in a real browser (wasm-bindgen-test,
//! headless Chromium), as yew's own tests do. Run by `cargo xtask test`:
//! `cargo test -p limpide --target wasm32-unknown-unknown` with
//! `wasm-bindgen-test-runner` and ChromeDriver.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used)] // test helpers: a failed step is a failed test

use std::cell::RefCell;
use std::rc::Rc;

use limpide::receipt::{Decision, Notice, Receipt};
use limpide::{ConsentForm, ConsentFormProps, ErrorCode, Issued, WidgetError};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast as _, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};
use yew::{AttrValue, Callback, Renderer};

wasm_bindgen_test_configure!(run_in_browser);

const NOTICE: &[u8] = include_bytes!("../www/notices/pass-region.json");

fn notice() -> Rc<Notice> {
    Rc::new(Notice::from_json(NOTICE).expect("the example notice is valid"))
}

/// A fresh host element in the test page.
fn host() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    host
}

/// Lets Yew render and promises settle.
async fn settle(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Waits until Yew has rendered the form into `root` (its boxes are there).
async fn form_rendered(root: &Element) {
    until(|| !boxes(root).is_empty() && root.query_selector("[data-summary]").unwrap().is_none())
        .await;
}

/// Resolves once every signing already queued for `notice_id` has run: the
/// widget signs inside the notice's Web Lock, so a request for that lock
/// made now is granted only after them.
async fn queued_signings_done(notice_id: &str) {
    let navigator = web_sys::window().unwrap().navigator();
    let locks = js_sys::Reflect::get(&navigator, &"locks".into()).unwrap();
    let request: js_sys::Function = js_sys::Reflect::get(&locks, &"request".into())
        .unwrap()
        .dyn_into()
        .unwrap();
    let granted = Closure::once_into_js(|| JsValue::UNDEFINED);
    let done: js_sys::Promise = request
        .call2(
            &locks,
            &JsValue::from_str(&format!("limpide:{notice_id}")),
            &granted,
        )
        .unwrap()
        .dyn_into()
        .unwrap();
    wasm_bindgen_futures::JsFuture::from(done).await.unwrap();
}

/// Waits until `check` holds, up to about five seconds.
async fn until(mut check: impl FnMut() -> bool) {
    for _ in 0..100 {
        if check() {
            return;
        }
        settle(50).await;
    }
    panic!("the condition never held");
}

fn boxes(root: &Element) -> Vec<HtmlInputElement> {
    let list = root.query_selector_all("input[type=checkbox]").unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().dyn_into().unwrap())
        .collect()
}

/// Answers the age question (asked before any grant) as `bracket`.
fn answer_age(root: &Element, bracket: &str) {
    root.query_selector(&format!("input[data-age='{bracket}']"))
        .unwrap()
        .expect("the age question")
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
}

/// The button with this `data-action`.
fn button(root: &Element, action: &str) -> HtmlElement {
    root.query_selector(&format!("[data-action='{action}']"))
        .unwrap()
        .unwrap_or_else(|| panic!("no {action} button"))
        .dyn_into()
        .unwrap()
}

/// Deletes the widget's database: each test starts with no receipt.
async fn clear_storage() {
    let request = web_sys::window()
        .unwrap()
        .indexed_db()
        .unwrap()
        .unwrap()
        .delete_database("limpide")
        .unwrap();
    let done = js_sys::Promise::new(&mut |resolve, _| {
        request.set_onsuccess(Some(&resolve));
        request.set_onblocked(Some(&resolve));
        request.set_onerror(Some(&resolve));
    });
    wasm_bindgen_futures::JsFuture::from(done).await.unwrap();
}

fn render(language: &str, on_receipt: Callback<Issued>) -> Element {
    let host = host();
    let props = ConsentFormProps {
        notice: notice(),
        language: Some(AttrValue::from(language.to_owned())),
        subject: None,
        credential: None,
        enrollment_code: None,
        endpoint: None,
        on_receipt,
        on_error: Callback::noop(),
        reopen: 0,
        early: None,
        pages: None,
    };
    Renderer::<ConsentForm>::with_root_and_props(host.clone(), props).render();
    host
}

/// Renders the form and records every receipt it signs.
fn render_recording(language: &str) -> (Element, Rc<RefCell<Vec<Issued>>>) {
    let issued: Rc<RefCell<Vec<Issued>>> = Rc::default();
    let recorder = issued.clone();
    let root = render(
        language,
        Callback::from(move |i: Issued| recorder.borrow_mut().push(i)),
    );
    (root, issued)
}

#[wasm_bindgen_test]
async fn every_purpose_has_unticked_labelled_boxes_in_a_fieldset() {
    clear_storage().await;
    let root = render("fr", Callback::noop());
    form_rendered(&root).await;
    let notice = notice();
    let expected: usize = notice
        .purposes
        .iter()
        .map(|p| p.channels.len().max(1))
        .sum();
    let inputs = boxes(&root);
    assert_eq!(inputs.len(), expected);
    for input in &inputs {
        assert!(!input.checked(), "{} is ticked on first open", input.id());
        let purpose = input.get_attribute("data-purpose").unwrap();
        assert!(notice.purpose(&purpose).is_some());
        let fieldset = input
            .closest("fieldset")
            .unwrap()
            .expect("inside a fieldset");
        let legend = fieldset
            .query_selector("legend")
            .unwrap()
            .expect("a legend");
        assert!(!legend.text_content().unwrap().trim().is_empty());
        let label = root
            .query_selector(&format!("label[for='{}']", input.id()))
            .unwrap()
            .expect("a visible label");
        assert!(!label.text_content().unwrap().trim().is_empty());
    }
    // The pass itself is information only: no box for it.
    assert!(root
        .query_selector("[data-purpose='pass']")
        .unwrap()
        .is_none());
    // Refuse-all always, before submit; no accept-all: the notice does not allow it.
    let actions = root.query_selector_all("[data-action]").unwrap();
    let order: Vec<String> = (0..actions.length())
        .map(|i| {
            let element: Element = actions.item(i).unwrap().dyn_into().unwrap();
            element.get_attribute("data-action").unwrap()
        })
        .filter(|a| a != "language")
        .collect();
    assert_eq!(order, ["refuse-all", "submit"]);
}

#[wasm_bindgen_test]
async fn refuse_all_signs_a_receipt_of_refusals_at_once() {
    clear_storage().await;
    let (root, issued) = render_recording("en");
    form_rendered(&root).await;
    let refuse = button(&root, "refuse-all");
    refuse.click();
    until(|| !issued.borrow().is_empty()).await;
    let issued = issued.borrow()[0].clone();
    assert_eq!(issued.stored, Ok(()));
    let payload = issued.receipt.payload();
    assert_eq!(payload.language, "en");
    for purpose in &payload.purposes {
        assert_ne!(purpose.status, Some(Decision::Granted));
        for (_, decision) in purpose.decisions() {
            assert_eq!(decision, Decision::Refused);
        }
    }
    // What was stored verifies again, and matches the notice's digests.
    let text = issued.receipt.to_json();
    let read = Receipt::from_json(text.as_bytes()).unwrap();
    read.check_against(&notice()).unwrap();
    until(|| root.query_selector("[data-summary]").unwrap().is_some()).await;
    assert!(root
        .query_selector("[data-storage='saved']")
        .unwrap()
        .is_some());
}

#[wasm_bindgen_test]
async fn a_change_chains_to_the_previous_receipt_and_the_form_shows_it() {
    clear_storage().await;
    let (root, issued) = render_recording("fr");
    form_rendered(&root).await;
    answer_age(&root, "at-or-over");
    let first_box = boxes(&root).remove(0);
    first_box.click();
    let submit = button(&root, "submit");
    submit.click();
    until(|| issued.borrow().len() == 1).await;
    let change = button(&root, "change");
    change.click();
    form_rendered(&root).await;
    let inputs = boxes(&root);
    assert!(inputs[0].checked(), "the form shows the latest choices");
    assert!(inputs[1..].iter().all(|i| !i.checked()));
    // Withdraw: untick, save.
    inputs[0].click();
    let submit = button(&root, "submit");
    submit.click();
    until(|| issued.borrow().len() == 2).await;
    let issued = issued.borrow().clone();
    let previous = issued[1]
        .receipt
        .payload()
        .previous
        .clone()
        .expect("chained");
    assert_eq!(previous.receipt_id, issued[0].receipt.payload().receipt_id);
    assert_eq!(previous.digest, issued[0].receipt.digest());
    until(|| {
        root.query_selector_all("[data-history] li")
            .unwrap()
            .length()
            == 2
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_double_click_signs_once() {
    clear_storage().await;
    let (root, issued) = render_recording("fr");
    form_rendered(&root).await;
    let refuse = button(&root, "refuse-all");
    // Both clicks land before Yew re-renders the button disabled.
    refuse.click();
    refuse.click();
    until(|| !issued.borrow().is_empty()).await;
    // A second signing would have queued for the notice's lock at the
    // second click: once a request made now is granted, it has run.
    queued_signings_done(&notice().id).await;
    assert_eq!(issued.borrow().len(), 1);
}

/// The receipt service, stood in for by `window.fetch`: it records each
/// request (URL, the two proof headers, the body) in `window.__posts`,
/// refuses every receipt with `code`, as `POST /receipts` refuses a device
/// that is not the pupil's, and answers `/pupil/records` with two devices,
/// the second one the key that signed the request. Answers the page's own
/// `fetch`, to put back.
fn refusing_service(code: &str) -> JsValue {
    let window = web_sys::window().unwrap();
    let original = js_sys::Reflect::get(&window, &"fetch".into()).unwrap();
    let fake = js_sys::Function::new_with_args(
        "url, init",
        &format!(
            r#"const headers = new Headers(init && init.headers);
            (window.__posts ||= []).push({{ url: String(url), authorization: headers.get("Authorization"),
              code: headers.get("Limpide-Enrollment-Code"), body: String(init && init.body) }});
            if (String(url).endsWith("/pupil/records")) {{
              const header = JSON.parse(atob(String(init.body).split(".")[0].replace(/-/g, "+").replace(/_/g, "/")));
              const devices = [{{ key: "first-device", enrolled_at: "2026-12-01T10:00:00Z", how: "first-receipt" }},
                {{ key: header.kid, enrolled_at: "2026-12-06T10:00:00Z", how: "enrollment-code" }}];
              return Promise.resolve(new Response(JSON.stringify({{ withdrawals: [], messages: [], devices }}), {{ status: 200 }}));
            }}
            return Promise.resolve(new Response('{{"code":"{code}","message":"refused"}}',
              {{ status: 403, headers: {{ "Content-Type": "application/json" }} }}));"#
        ),
    );
    js_sys::Reflect::set(&window, &"fetch".into(), &fake).unwrap();
    js_sys::Reflect::set(&window, &"__posts".into(), &js_sys::Array::new()).unwrap();
    original
}

/// What `refusing_service` recorded: (authorization, enrollment code, body) per request.
fn posts() -> Vec<(Option<String>, Option<String>, String)> {
    let window = web_sys::window().unwrap();
    let list: js_sys::Array = js_sys::Reflect::get(&window, &"__posts".into())
        .unwrap()
        .dyn_into()
        .unwrap();
    list.iter()
        .map(|post| {
            let field = |name: &str| {
                js_sys::Reflect::get(&post, &name.into())
                    .unwrap()
                    .as_string()
            };
            (
                field("authorization"),
                field("code"),
                field("body").unwrap(),
            )
        })
        .collect()
}

/// The form for pupil `eleve-0042`, with an endpoint, the page's
/// credential and maybe an enrollment code.
fn render_with_service(
    language: &str,
    credential: &str,
    code: Option<&str>,
    on_receipt: Callback<Issued>,
    on_error: Callback<WidgetError>,
) -> Element {
    let root = host();
    let props = ConsentFormProps {
        notice: notice(),
        language: Some(AttrValue::from(language.to_owned())),
        subject: Some(AttrValue::from("eleve-0042")),
        credential: Some(AttrValue::from(credential.to_owned())),
        enrollment_code: code.map(|c| AttrValue::from(c.to_owned())),
        endpoint: Some(AttrValue::from("https://consent.example/receipts")),
        on_receipt,
        on_error,
        reopen: 0,
        early: None,
        pages: None,
    };
    Renderer::<ConsentForm>::with_root_and_props(root.clone(), props).render();
    root
}

#[wasm_bindgen_test]
async fn the_credential_is_only_a_header_and_a_refusal_is_said_with_the_receipt_kept() {
    const CREDENTIAL: &str = "eleve-0042.1765152000.c3VwZXItc2VjcmV0LWNyZWRlbnRpYWw";
    const CODE: &str = "K7Q2MX";
    clear_storage().await;
    let original_fetch = refusing_service("key-not-enrolled");
    let issued: Rc<RefCell<Vec<Issued>>> = Rc::default();
    let errors: Rc<RefCell<Vec<WidgetError>>> = Rc::default();
    let (issued_to, errors_to) = (issued.clone(), errors.clone());
    let root = render_with_service(
        "en",
        CREDENTIAL,
        Some(CODE),
        Callback::from(move |i: Issued| issued_to.borrow_mut().push(i)),
        Callback::from(move |e: WidgetError| errors_to.borrow_mut().push(e)),
    );
    form_rendered(&root).await;
    button(&root, "refuse-all").click();
    until(|| {
        root.query_selector("[data-refusal='key-not-enrolled'][role='alert']")
            .unwrap()
            .is_some()
    })
    .await;
    js_sys::Reflect::set(
        &web_sys::window().unwrap(),
        &"fetch".into(),
        &original_fetch,
    )
    .unwrap();

    let sent = posts();
    assert_eq!(sent.len(), 1, "one post of the receipt");
    let (authorization, code, body) = &sent[0];
    assert_eq!(
        authorization.as_deref(),
        Some(&*format!("Bearer {CREDENTIAL}"))
    );
    assert_eq!(code.as_deref(), Some(CODE));
    assert!(!body.contains(CREDENTIAL) && !body.contains(CODE));
    // The receipt names the pupil by the bare id, and is kept, pending.
    let receipt = issued.borrow()[0].receipt.clone();
    assert_eq!(receipt.payload().subject.as_deref(), Some("eleve-0042"));
    assert_eq!(issued.borrow()[0].stored, Ok(()));
    assert!(root
        .query_selector("[data-ack='not-acknowledged']")
        .unwrap()
        .is_some());
    // Nowhere in the DOM, nor in what the embedder hears.
    assert!(!root.inner_html().contains(CREDENTIAL) && !root.inner_html().contains(CODE));
    let errors = errors.borrow();
    assert!(
        errors.iter().any(|e| e.code == ErrorCode::KeyNotEnrolled),
        "{errors:?}"
    );
    assert!(errors
        .iter()
        .all(|e| !e.message.contains(CREDENTIAL) && !e.message.contains(CODE)));
}

#[wasm_bindgen_test]
async fn on_the_next_open_the_pending_receipt_goes_with_the_new_credential_and_the_devices_are_said(
) {
    clear_storage().await;
    let original_fetch = refusing_service("credential-expired");
    let first = render_with_service("fr", "old", None, Callback::noop(), Callback::noop());
    form_rendered(&first).await;
    button(&first, "refuse-all").click();
    until(|| {
        first
            .query_selector("[data-refusal='credential-expired']")
            .unwrap()
            .is_some()
    })
    .await;
    // The page is opened again with a fresh credential.
    let again = render_with_service("fr", "fresh", None, Callback::noop(), Callback::noop());
    until(|| again.query_selector("[data-devices] li").unwrap().is_some()).await;
    js_sys::Reflect::set(
        &web_sys::window().unwrap(),
        &"fetch".into(),
        &original_fetch,
    )
    .unwrap();

    let sent = posts();
    let receipts: Vec<_> = sent
        .iter()
        .filter(|(_, _, body)| body.starts_with('{'))
        .collect();
    assert_eq!(receipts.len(), 2, "sent, then resent");
    assert_eq!(receipts[0].0.as_deref(), Some("Bearer old"));
    assert_eq!(receipts[1].0.as_deref(), Some("Bearer fresh"));
    assert_eq!(receipts[0].2, receipts[1].2, "the same receipt");
    // The records' request is signed by the device key, with no credential.
    let records = sent
        .iter()
        .find(|(_, _, body)| !body.starts_with('{'))
        .unwrap();
    assert_eq!(records.0, None);
    // Still refused: said again on this open.
    assert!(again
        .query_selector("[data-refusal='credential-expired'][role='alert']")
        .unwrap()
        .is_some());
    // One device added after the first: this one, marked.
    let added = again.query_selector_all("[data-devices] li").unwrap();
    assert_eq!(added.length(), 1);
    let item: Element = added.item(0).unwrap().dyn_into().unwrap();
    assert!(item.has_attribute("data-this-device"));
    let text = item.text_content().unwrap();
    assert!(
        text.starts_with("Un nouvel appareil a été ajouté le ")
            && text.ends_with(" (cet appareil)."),
        "{text}"
    );
}
