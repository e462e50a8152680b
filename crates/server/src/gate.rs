//! The messaging gate: a contact list goes in, only the rows of subjects
//! whose latest receipt grants the purpose on the channel come out. A
//! subject with no receipt is dropped: no receipt, no consent.

use std::io::{Read, Write};

use crate::store::{Store, Unavailable};

/// Rows looked up in the database at once.
const BATCH: usize = 1000;

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
/// rows to `output`, in their order, batch by batch.
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
    let mut counts = GateCounts::default();
    let mut batch = Vec::with_capacity(BATCH);
    let mut records = reader.byte_records();
    loop {
        batch.clear();
        for record in records.by_ref().take(BATCH) {
            batch.push(record.map_err(|e| GateError::Csv(e.to_string()))?);
        }
        if batch.is_empty() {
            break;
        }
        let subjects: Vec<String> = batch
            .iter()
            .filter_map(|r| r.get(column))
            .map(|s| String::from_utf8_lossy(s).trim().to_owned())
            .collect();
        let allowed = store
            .allowed_among(&query.notice, &query.purpose, &query.channel, &subjects)
            .await
            .map_err(GateError::Unavailable)?;
        for (record, subject) in batch.iter().zip(&subjects) {
            if allowed.contains(subject) {
                writer
                    .write_byte_record(record)
                    .map_err(|e| GateError::Write(e.into()))?;
                counts.kept += 1;
            } else {
                counts.dropped += 1;
            }
        }
    }
    writer.flush().map_err(GateError::Write)?;
    Ok(counts)
}
