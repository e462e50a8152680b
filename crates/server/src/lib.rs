//! `limpide-server`: the controller's receipt service.
//!
//! It takes the receipts the widget posts (`POST /receipts`), checks each
//! one completely against the notice version it names, countersigns it
//! with the controller's key and keeps it in an append-only store (SQLite
//! by default, PostgreSQL at scale). Its gate lets a message list contain
//! only the pupils whose latest receipt grants that purpose on that
//! channel. See `docs/server.md`.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod chart;
pub mod controller_key;
pub mod countersign;
pub mod gate;
pub mod http;
pub mod notices;
pub mod recorder;
pub mod relay;
pub mod store;
pub mod subject;

/// Reads an RFC 3339 UTC time (`2026-12-01T00:00:00Z`) as Unix microseconds.
pub fn since_micros(text: &str) -> Result<i64, String> {
    limpide_receipt::parse_utc(text)
        .map(|s| s.saturating_mul(1_000_000))
        .ok_or_else(|| format!("{text:?} is not an RFC 3339 UTC time such as 2026-12-01T00:00:00Z"))
}
