//! The messaging gate: a contact list goes in, only the rows of subjects
//! whose latest receipt grants the purpose on the channel come out. A
//! subject with no receipt is dropped: no receipt, no consent.
//!
//! The allowed subjects are read first, in one pass over the `grants`
//! index (the permissions' stream), then the list is read row by row. One
//! query per batch of 1 000 rows instead was measured slower on PostgreSQL
//! (a second for 100 000 rows, twice the goal); the set holds only the ids
//! allowed for this one purpose and channel.

use std::collections::HashSet;
use std::io::{Read, Write};

use crate::store::{Store, Unavailable};

/// Which permission a list is gated on.
#[derive(Clone, Debug)]
pub struct GateQuery {
    /// The notice id.
    pub notice: String,
    /// The purpose id.
    pub purpose: String,
    /// The channel (`""` for a purpose without channels).
    pub channel: String,
    /// The column holding the controller's subject ids.
    pub column: String,
}

/// How many rows were kept and dropped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GateCounts {
    /// Rows written out: their subject may be contacted.
    pub kept: u64,
    /// Rows left out.
    pub dropped: u64,
}

/// Why a list could not be gated; nothing useful was written.
#[derive(Debug)]
pub enum GateError {
    /// The list is not CSV, or has no subject column.
    Csv(String),
    /// The output could not be written.
    Write(std::io::Error),
    /// The database failed.
    Unavailable(Unavailable),
}

impl std::fmt::Display for GateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Csv(why) => write!(f, "the contact list is not usable: {why}"),
            Self::Write(e) => write!(f, "cannot write the allowed list: {e}"),
            Self::Unavailable(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for GateError {}

/// Reads the CSV list from `input` and writes the header and the allowed
/// rows to `output`, in their order.
pub async fn filter(
    store: &Store,
    query: &GateQuery,
    input: impl Read,
    output: impl Write,
) -> Result<GateCounts, GateError> {
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(input);
    let headers = reader
        .byte_headers()
        .map_err(|e| GateError::Csv(e.to_string()))?
        .clone();
    let column = headers
        .iter()
        .position(|h| h == query.column.as_bytes())
        .ok_or_else(|| {
            GateError::Csv(format!(
                "the header has no {:?} column (choose it with --column, or ?column=)",
                query.column
            ))
        })?;
    let mut writer = csv::Writer::from_writer(output);
    writer
        .write_byte_record(&headers)
        .map_err(|e| GateError::Write(e.into()))?;
    let allowed = allowed_subjects(store, query).await?;
    let mut counts = GateCounts::default();
    for record in reader.byte_records() {
        let record = record.map_err(|e| GateError::Csv(e.to_string()))?;
        let subject = record
            .get(column)
            .map(|s| String::from_utf8_lossy(s).trim().to_owned())
            .unwrap_or_default();
        if allowed.contains(&subject) {
            writer
                .write_byte_record(&record)
                .map_err(|e| GateError::Write(e.into()))?;
            counts.kept += 1;
        } else {
            counts.dropped += 1;
        }
    }
    writer.flush().map_err(GateError::Write)?;
    Ok(counts)
}

/// The subjects allowed for the query's purpose and channel.
async fn allowed_subjects(store: &Store, query: &GateQuery) -> Result<HashSet<String>, GateError> {
    let mut rows = store.permissions(&query.notice, &query.purpose, &query.channel);
    let mut allowed = HashSet::new();
    while let Some(row) = rows.recv().await {
        allowed.insert(row.map_err(GateError::Unavailable)?.subject);
    }
    Ok(allowed)
}
