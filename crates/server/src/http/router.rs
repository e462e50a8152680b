//! Every route, the public ones open to the embedding pages (CORS), the
//! admin ones behind the token.

use axum::http::{HeaderValue, Method};
use axum::routing::{get, post};
use axum::Router;
use tower_http::cors::CorsLayer;

use super::error::ApiError;
use super::state::AppState;
use super::{admin, auth, dashboard, public, receipts, relay};

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
        .fallback(|| async { ApiError::no_route() })
        .with_state(state)
}
