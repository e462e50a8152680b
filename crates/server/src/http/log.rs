//! The transparency log's public routes (docs/server.md, "The
//! transparency log"): the newest checkpoint, the tiles and entry bundles
//! of C2SP tlog-tiles (immutable: any static server or CDN may carry them),
//! and a leaf's inclusion proof in the C2SP tlog-proof format, which the
//! widget keeps beside a receipt.

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use limpide_receipt::log::{LogProof, SignedCheckpoint};
use serde::Deserialize;

use super::error::ApiError;
use super::extract::{Path, Query};
use crate::store::{Store, StoredCheckpoint};
use crate::transparency::{inclusion_path, ProofError, TilePath, TILE_WIDTH};

/// Tiles never change once served: a year, and `immutable`.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// The checkpoint changes twice a second while leaves arrive.
const FRESH: &str = "public, max-age=1";

/// `GET /log/checkpoint`: the newest signed checkpoint.
pub async fn checkpoint(State(store): State<Store>) -> Result<Response, ApiError> {
    let latest = store
        .latest_checkpoint()
        .await?
        .ok_or_else(ApiError::no_checkpoint)?;
    Ok(text(latest.note, FRESH))
}

/// `GET /log/tile/{path}`: a hash tile (`tile/<L>/<N>[.p/<W>]`) or an
/// entry bundle (`tile/entries/<N>[.p/<W>]`), whole or not at all.
pub async fn tile(
    State(store): State<Store>,
    Path(path): Path<String>,
) -> Result<Response, ApiError> {
    let tile = TilePath::parse(&path).ok_or_else(ApiError::no_tile)?;
    let first = tile
        .index
        .checked_mul(TILE_WIDTH)
        .ok_or_else(ApiError::no_tile)?;
    let body = match tile.level {
        Some(level) => {
            let hashes = store
                .log_level_range(8 * u32::from(level), first, tile.width)
                .await?;
            if (hashes.len() as u64) < tile.width {
                return Err(ApiError::no_tile());
            }
            hashes.concat()
        }
        None => {
            let entries = store.log_entries(first, tile.width).await?;
            if (entries.len() as u64) < tile.width {
                return Err(ApiError::no_tile());
            }
            bundle(&entries)
        }
    };
    Ok((
        StatusCode::OK,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/octet-stream"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static(IMMUTABLE)),
        ],
        Body::from(body),
    )
        .into_response())
}

/// An entry bundle: each entry as a big-endian 16-bit length and its bytes.
fn bundle(entries: &[String]) -> Vec<u8> {
    let mut body = Vec::with_capacity(entries.len() * 70);
    for entry in entries {
        // An entry is one short ASCII line (`<kind> <digest>`): always
        // under 65 536 bytes.
        let length = u16::try_from(entry.len()).unwrap_or(u16::MAX);
        body.extend_from_slice(&length.to_be_bytes());
        body.extend_from_slice(entry.as_bytes());
    }
    body
}

/// `?size=N`: the checkpoint a proof leads to, by its size; the newest
/// without it.
#[derive(Deserialize)]
pub struct ProofQuery {
    size: Option<u64>,
}

/// `GET /log/proof/{index}[?size=N]`: the leaf's inclusion proof to the
/// newest checkpoint (or the one of that size), C2SP tlog-proof text.
pub async fn proof(
    State(store): State<Store>,
    Path(index): Path<String>,
    Query(query): Query<ProofQuery>,
) -> Result<Response, ApiError> {
    // One spelling per leaf: a decimal without leading zeros.
    let index: u64 = match index.parse::<u64>() {
        Ok(n) if n.to_string() == index => n,
        _ => return Err(ApiError::no_route()),
    };
    let checkpoint = match query.size {
        None => store.latest_checkpoint().await?,
        Some(size) => store.checkpoint_of_size(size).await?,
    }
    .ok_or_else(|| ApiError::not_in_checkpoint(index))?;
    let StoredCheckpoint { size, note } = checkpoint;
    let path = match inclusion_path(&store, index, size).await {
        Ok(path) => path,
        Err(ProofError::OutOfRange) => return Err(ApiError::not_in_checkpoint(index)),
        Err(ProofError::Unavailable(e)) => return Err(e.into()),
    };
    let signed = SignedCheckpoint::parse(&note, "").map_err(|_| ApiError::no_checkpoint())?;
    let cache = if query.size.is_some() {
        IMMUTABLE
    } else {
        FRESH
    };
    Ok(text(LogProof::new(index, path, signed).to_text(), cache))
}

fn text(body: String, cache: &'static str) -> Response {
    (
        StatusCode::OK,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
        ],
        body,
    )
        .into_response()
}
