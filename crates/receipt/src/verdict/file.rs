//! What one file given to a verifier holds, decided by one rule for
//! `limpide verify` and the families' verify page, so that their verdicts
//! never differ: a JSON array is an export (the families' page's list of
//! receipts, each verified, and their chain); anything else is read as one
//! receipt, an empty file included (it is not JSON, so it is invalid).
//!
//! ```
//! use limpide_receipt::{read_receipt_file, ReceiptFile};
//!
//! assert!(matches!(read_receipt_file(b"[{}]"), Ok(ReceiptFile::Export(list)) if list.len() == 1));
//! assert!(matches!(read_receipt_file(b"{}"), Ok(ReceiptFile::Receipt(_))));
//! let empty = read_receipt_file(b"").err().expect("an empty file is invalid");
//! assert_eq!(empty.problems()[0].code(), "malformed-json");
//! ```

use crate::code::Code;
use crate::error::Error;
use crate::json;
use crate::json::Value;

/// The documents of one file: one receipt, or an export's list.
#[derive(Clone, Debug, PartialEq)]
pub enum ReceiptFile {
    /// One receipt (any JSON other than an array, for the receipt's own
    /// checks to judge).
    Receipt(Value),
    /// An export: a non-empty list of receipts, in the order given.
    Export(Vec<Value>),
}

/// Reads a file strictly as JSON ([`crate::parse_json`]) and says what it
/// holds; a file that is not JSON, or an empty list, is invalid.
pub fn read_receipt_file(bytes: &[u8]) -> Result<ReceiptFile, Error> {
    match json::parse(bytes, "receipt")? {
        Value::Array(list) if list.is_empty() => Err(Error::one(
            "",
            Code::EmptyList,
            "the file is an empty list: an export holds at least one receipt",
        )),
        Value::Array(list) => Ok(ReceiptFile::Export(list)),
        receipt => Ok(ReceiptFile::Receipt(receipt)),
    }
}
