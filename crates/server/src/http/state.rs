//! What the handlers share.

use std::sync::Arc;

use axum::extract::FromRef;

use super::auth::AdminToken;
use crate::receipts::Countersigner;

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

impl FromRef<AppState> for Option<AdminToken> {
    fn from_ref(state: &AppState) -> Self {
        state.admin_token.clone()
    }
}
