//! Every route: the public ones open to the embedding pages (CORS), the
//! staff's API behind a staff account (each handler checks its role), and
//! the console.

use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, Method};
use axum::routing::{get, post};
use axum::Router;
use tower_http::cors::CorsLayer;

use super::error::ApiError;
use super::state::AppState;
use super::{
    admin, auth, campaigns, console, dashboard, log, pages, public, pupil, receipts, relay,
};

/// Every route. `allowed_origins` may call the public routes from a page
/// of theirs (CORS): the pages that embed the widget.
pub fn router(state: AppState, allowed_origins: &[HeaderValue]) -> Router {
    let public = Router::new()
        .route("/receipts", post(receipts::post))
        .route("/pupil/records", post(pupil::records))
        .route("/keys", get(public::keys))
        .route("/log/checkpoint", get(log::checkpoint))
        .route("/log/tile/{*path}", get(log::tile))
        .route("/log/proof/{index}", get(log::proof))
        .route("/notices/{id}/{version}", get(public::notice))
        .route("/guardian-requests", post(relay::create))
        .route(
            "/guardian-requests/{id}",
            get(relay::read).delete(relay::abandon),
        )
        .route(
            "/guardian-requests/{id}/answer",
            get(relay::read_answer).put(relay::answer),
        )
        // Before the CORS layer, so that a 405 carries its headers too.
        .method_not_allowed_fallback(method_not_allowed);
    let public = if allowed_origins.is_empty() {
        public
    } else {
        public.layer(
            CorsLayer::new()
                .allow_origin(allowed_origins.to_vec())
                .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
                .allow_headers([
                    axum::http::header::CONTENT_TYPE,
                    axum::http::header::AUTHORIZATION,
                    axum::http::HeaderName::from_static(super::receipts::ENROLLMENT_CODE),
                ])
                // The widget reads the receipt's leaf from the answer.
                .expose_headers([axum::http::HeaderName::from_static(
                    super::receipts::LOG_INDEX,
                )]),
        )
    };
    // Roles: docs/server.md's table; each handler checks its own.
    let staff = Router::new()
        .route("/permissions", get(admin::permissions))
        .route("/campaigns", post(campaigns::create).get(campaigns::list))
        .route("/campaigns/{id}", get(campaigns::show))
        .route("/campaigns/{id}/approve", post(campaigns::approve))
        .route("/campaigns/{id}/reject", post(campaigns::reject))
        .route(
            "/campaigns/{id}/allow-release",
            post(campaigns::allow_release),
        )
        .route("/campaigns/{id}/release", post(campaigns::release))
        .route("/objections", post(campaigns::object))
        .route("/subjects", post(admin::issue_subject))
        .route(
            "/subjects/{subject}/enrollment-codes",
            post(admin::enrollment_code),
        )
        .route("/subjects/{subject}/receipts", get(admin::subject_receipts))
        .route("/audit", get(admin::audit))
        .route("/access-log", get(admin::access_log))
        .route("/stats", get(dashboard::stats))
        // Before the account's layer, so that without an account a wrong
        // method is 401 like any other staff request.
        .method_not_allowed_fallback(method_not_allowed)
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::require_staff,
        ));
    // The console's pages check the account themselves: without one, they
    // lead to the sign-in form.
    let console = Router::new()
        .route("/console", get(console::landing))
        .route("/console/style.css", get(console::style))
        .route(
            "/console/sign-in",
            get(console::sign_in_page).post(console::sign_in),
        )
        .route("/console/sign-out", post(console::sign_out))
        .route("/admin", get(console::admin_moved))
        .route("/console/campaigns", post(console::campaign_routes::create))
        .route(
            "/console/campaigns/new",
            get(console::campaign_routes::new_form),
        )
        .route(
            "/console/campaigns/{id}",
            get(console::campaign_routes::show),
        )
        .route(
            "/console/campaigns/{id}/release",
            post(console::campaign_routes::release)
                // The list's cap, and the form's other fields beside it.
                .layer(DefaultBodyLimit::max(
                    crate::campaigns::MAX_LIST_BYTES + 64 * 1024,
                )),
        )
        .route(
            "/console/campaigns/{id}/{decision}",
            post(console::campaign_routes::decide),
        )
        .method_not_allowed_fallback(method_not_allowed);
    // What a message leads to: public, no account, no CORS (a pupil's
    // browser opens them), and the manifest any verifier may fetch.
    let message_pages = Router::new()
        .route("/s/{token}", get(pages::stop_page).post(pages::stop))
        .route("/c/{id}", get(pages::campaign_page))
        .route("/campaigns/{id}/manifest", get(campaigns::manifest))
        .method_not_allowed_fallback(method_not_allowed);
    public
        .merge(staff)
        .merge(console)
        .merge(message_pages)
        .fallback(|| async { ApiError::no_route() })
        .with_state(state)
}

/// A known route asked with a method it does not take. axum's own answer
/// would be an empty 405; this one is JSON like every other error, and
/// axum still adds the `Allow` header.
async fn method_not_allowed() -> ApiError {
    ApiError::method_not_allowed()
}
