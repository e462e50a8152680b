//! The HTTP service: public routes for the widget, staff routes behind a
//! staff account and its role (see `docs/server.md` for every route), and
//! the staff's console (`docs/console.md`).
//!
//! `router.rs` lists the routes and `state.rs` what their handlers share;
//! the handlers are one file per group of routes (`receipts.rs`,
//! `public.rs`, `relay.rs`, `admin.rs`, `dashboard.rs` with `chart.rs`);
//! `body.rs` reads request bodies, `extract.rs` their paths and queries, `receipts_page.rs` a page of a
//! subject's receipts,
//! `auth.rs` says which staff account asks (`Staff`, its role), with
//! `session.rs` the console's sessions and `csrf.rs` its forms' checks;
//! `console.rs` the console's pages; `campaigns.rs` the campaigns' API and
//! `pages.rs` the public pages a message leads to (its stop link, its
//! campaign); `pupil.rs` what a pupil's own device reads (their
//! withdrawals and messages, for a signed request); `public_url.rs` `--public-url`; and
//! `error.rs` turns every refusal into its JSON answer.

mod admin;
mod auth;
mod body;
mod campaigns;
mod chart;
pub mod console;
mod csrf;
mod dashboard;
mod error;
#[cfg(test)]
mod error_codes;
mod extract;
mod log;
mod pages;
mod public;
mod public_url;
mod pupil;
mod receipts;
mod receipts_page;
mod relay;
mod router;
mod session;
mod state;

pub use auth::{authenticate, ConsoleSession, Role, Staff, StaffAccounts};
pub use body::BODY_TIMEOUT;
pub use csrf::{check_form, same_origin};
pub use error::ApiError;
pub use public_url::PublicUrl;
pub use receipts::MAX_RECEIPT_BYTES;
pub use receipts_page::{DEFAULT_RECEIPTS_PAGE, MAX_RECEIPTS_PAGE};
pub use router::router;
pub use session::Session;
pub use state::{AppState, Links};
