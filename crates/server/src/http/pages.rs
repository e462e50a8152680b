//! The public pages a message leads to: the stop page of a released row's
//! link (`/s/{token}`) and the campaign's page (`/c/{id}`). Like the
//! console: server-rendered, no script, nothing from elsewhere (its CSP),
//! usable at 320 px, in French and English. They hold no personal data.

mod campaign;
mod stop;
pub(super) mod words;

pub use campaign::campaign_page;
pub use stop::{stop, stop_page};
