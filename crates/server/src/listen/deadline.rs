//! The request timeout every route has: a route that has not answered in
//! time is answered `503 request-timeout`, and its work dropped. A
//! streamed answer's body is then the stall timeout's (`watched.rs`).

use std::time::Duration;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse as _, Response};
use axum::Router;

use crate::http::ApiError;

/// `router` with every route answered within `timeout`.
pub fn with_request_timeout(router: Router, timeout: Duration) -> Router {
    router.layer(axum::middleware::from_fn_with_state(timeout, in_time))
}

async fn in_time(State(timeout): State<Duration>, request: Request, next: Next) -> Response {
    match tokio::time::timeout(timeout, next.run(request)).await {
        Ok(answer) => answer,
        Err(_) => ApiError::request_timeout(timeout).into_response(),
    }
}
