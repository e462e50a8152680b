//! Limpide, the consent widget: granular, unambiguous opt-in with signed
//! consent receipts, as a Yew component compiled to WebAssembly.
//!
//! - [`ConsentForm`] renders a checked [`Notice`](limpide_receipt::Notice):
//!   one unticked native checkbox per purpose (one per channel where a
//!   purpose has several), refusing as easy as accepting, and a signed
//!   receipt (JWS, Ed25519 through WebCrypto) stored on the device.
//! - With the default `js-api` feature, the ES module `limpide.js` exports
//!   `mount(element, notice, options)` for any web page (see `js_api`).
//!
//! A Yew app depends on `limpide` with `default-features = false` and
//! renders the component in place:
//!
//! ```no_run
//! use std::rc::Rc;
//! use limpide::{ConsentForm, Issued};
//! use limpide::receipt::Notice;
//! use yew::prelude::*;
//!
//! #[component]
//! fn App() -> Html {
//!     let notice = Rc::new(Notice::from_json(include_bytes!("../www/notices/pass-region.json")).unwrap());
//!     let on_receipt = Callback::from(|issued: Issued| {
//!         web_sys::console::log_1(&issued.receipt.to_json().into());
//!     });
//!     html! { <ConsentForm {notice} {on_receipt} /> }
//! }
//! ```
#![forbid(unsafe_code)]

// The pipeline, in the order data flows: a checked notice is shown by the
// `components` (the `form` model behind them), the choices are signed
// (`signing`) and kept (`storage`). The optional flows sit apart: the
// controller's `endpoint`, `joint` consent with a guardian, the form
// `prerender`ed into the page, and the ES module API (`js_api`).
mod components;
mod form;
mod signing;
mod storage;

mod endpoint;
mod joint;
pub mod prerender;

mod error;
mod i18n;
#[cfg(feature = "js-api")]
mod js_api;
mod platform;

pub use components::{ConsentForm, ConsentFormProps, NoticeError, NoticeErrorProps};
pub use error::{ErrorCode, WidgetError};
pub use limpide_receipt as receipt;
pub use prerender::early::{EarlyAction, EarlyInput};
pub use signing::issued::Issued;

/// The widget's name and version, as receipts record it (`collection.agent`).
pub const AGENT: &str = concat!("limpide/", env!("CARGO_PKG_VERSION"));
