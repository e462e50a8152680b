//! Optional: the form rendered ahead of time into the page, then taken over
//! by the wasm. `render.rs` (feature `ssr`, for `limpide render`) renders
//! it; `hydrate.rs` (feature `js-api`) claims it in `mount()`; `early.rs`
//! reads what the pupil did before the wasm arrived.

pub(crate) mod early;
#[cfg(feature = "js-api")]
pub(crate) mod hydrate;
#[cfg(feature = "ssr")]
mod render;

#[cfg(feature = "ssr")]
pub use render::{prerender, Snippet, UnknownLanguage};
