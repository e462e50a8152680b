//! `GET /stats` (JSON): the counts per purpose and channel, now and by
//! day, for the data-protection officer. The console's DPO screen
//! (`console/dpo.rs`) shows them as a page.

use axum::extract::State;
use axum::Json;

use super::auth::{Role, Staff};
use super::error::ApiError;
use crate::store::{Stats, Store};

/// `GET /stats`: the counts, as JSON (dpo).
pub async fn stats(staff: Staff, State(store): State<Store>) -> Result<Json<Stats>, ApiError> {
    staff.require(&[Role::Dpo])?;
    store.log_access(&staff.access("stats")).await?;
    Ok(Json(store.stats().await?))
}
