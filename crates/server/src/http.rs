//! The HTTP service: public routes for the widget, admin routes behind the
//! token (see `docs/server.md` for every route).

mod admin;
mod auth;
mod dashboard;
mod error;
mod public;
mod receipts;
mod relay;

use std::sync::Arc;

use axum::http::{HeaderValue, Method};
use axum::routing::{get, post};
use axum::Router;
use tower_http::cors::CorsLayer;

pub use auth::AdminToken;
pub use error::ApiError;
pub use receipts::{BODY_TIMEOUT, MAX_RECEIPT_BYTES};

use crate::countersign::Countersigner;

/// What every handler reads.
#[derive(Clone)]
pub struct AppState {
    /// Checks, countersigns and stores receipts.
    pub service: Arc<Countersigner>,
    /// `None`: the admin routes answer 401.
    pub admin_token: Option<AdminToken>,
    /// How long a client has to send a request body.
    pub body_timeout: std::time::Duration,
}

/// Every route. `allowed_origins` may call the public routes from a page
/// of theirs (CORS): the pages that embed the widget.
pub fn router(state: AppState, allowed_origins: &[HeaderValue]) -> Router {
    let public = Router::new()
        .route("/receipts", post(receipts::post))
        .route("/keys", get(public::keys))
        .route("/notices/{id}/{version}", get(public::notice))
        .route("/guardian-requests", post(relay::create))
        .route(
            "/guardian-requests/{id}",
            get(relay::read).delete(relay::abandon),
        )
        .route(
            "/guardian-requests/{id}/answer",
            get(relay::read_answer).put(relay::answer),
        );
    let public = if allowed_origins.is_empty() {
        public
    } else {
        public.layer(
            CorsLayer::new()
                .allow_origin(allowed_origins.to_vec())
                .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
                .allow_headers([axum::http::header::CONTENT_TYPE]),
        )
    };
    let admin = Router::new()
        .route("/permissions", get(admin::permissions))
        .route("/gate", post(admin::gate))
        .route("/subjects", post(admin::issue_subject))
        .route("/subjects/{subject}/receipts", get(admin::subject_receipts))
        .route("/audit", get(admin::audit))
        .route("/stats", get(dashboard::stats))
        .route("/admin", get(dashboard::page))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::require_admin,
        ));
    public
        .merge(admin)
        .fallback(|| async {
            ApiError::new(
                axum::http::StatusCode::NOT_FOUND,
                "not-found",
                "no such route (see docs/server.md)",
            )
        })
        .with_state(state)
}
