//! The HTTP service: public routes for the widget, admin routes behind the
//! token (see `docs/server.md` for every route).
//!
//! `router.rs` lists the routes and `state.rs` what their handlers share;
//! the handlers are one file per group of routes (`receipts.rs`,
//! `public.rs`, `relay.rs`, `admin.rs`, `dashboard.rs` with `chart.rs`);
//! `body.rs` reads request bodies, `extract.rs` their paths and queries, `auth.rs` checks the admin token, and
//! `error.rs` turns every refusal into its JSON answer.

mod admin;
mod auth;
mod body;
mod chart;
mod dashboard;
mod error;
#[cfg(test)]
mod error_codes;
mod extract;
mod public;
mod receipts;
mod relay;
mod router;
mod state;

pub use auth::AdminToken;
pub use body::BODY_TIMEOUT;
pub use error::ApiError;
pub use receipts::MAX_RECEIPT_BYTES;
pub use router::router;
pub use state::AppState;
