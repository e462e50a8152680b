//! A stored document's leaf: its kind and the SHA-256 of its RFC 8785
//! form, computed from the JWS JSON text the database keeps.

use limpide_receipt::{log::LogEntry, parse_json};

/// The log entry of a document as stored (JWS JSON text). A stored text
/// that is not JSON is a damaged database, said as a decoding error.
pub fn entry_of_stored(jws: &str) -> Result<LogEntry, sqlx::Error> {
    let document = parse_json(jws.as_bytes(), "stored document")
        .map_err(|e| sqlx::Error::Decode(format!("a stored document does not read: {e}").into()))?;
    Ok(LogEntry::of_document(&document))
}
