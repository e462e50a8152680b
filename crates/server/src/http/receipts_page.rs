//! A page of one subject's receipts (`GET /subjects/{id}/receipts`): the
//! `limit` asked for, and the opaque cursor `after` that the answer's
//! `next` gave. A pupil with thousands of receipts once came back as one
//! 15 MB answer.

use std::collections::BTreeMap;

use limpide_receipt::base64url;

use crate::store::ReceiptsCursor;

/// Receipts in a page when `limit` is not given.
pub const DEFAULT_RECEIPTS_PAGE: usize = 100;

/// The most receipts in a page (a receipt is a few KiB).
pub const MAX_RECEIPTS_PAGE: usize = 500;

/// The `limit` and `after` of the query, or why they do not read.
pub(super) fn read(
    params: &BTreeMap<String, String>,
) -> Result<(usize, Option<ReceiptsCursor>), String> {
    let limit = match params.get("limit") {
        None => DEFAULT_RECEIPTS_PAGE,
        Some(text) => text
            .parse()
            .ok()
            .filter(|n| (1..=MAX_RECEIPTS_PAGE).contains(n))
            .ok_or_else(|| format!("limit= is a number from 1 to {MAX_RECEIPTS_PAGE}"))?,
    };
    let after = match params.get("after") {
        None => None,
        Some(text) => Some(
            read_cursor(text)
                .ok_or_else(|| "after= is not a cursor this route gave as next".to_owned())?,
        ),
    };
    Ok((limit, after))
}

/// The cursor of `key`: base64url of `issued_at.stored_at.receipt_id`.
pub(super) fn cursor(key: &ReceiptsCursor) -> String {
    let (issued_at, stored_at, id) = key;
    base64url::encode(format!("{issued_at}.{stored_at}.{id}").as_bytes())
}

fn read_cursor(text: &str) -> Option<ReceiptsCursor> {
    let bytes = base64url::decode(text).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let mut parts = text.splitn(3, '.');
    let issued_at = parts.next()?.parse().ok()?;
    let stored_at = parts.next()?.parse().ok()?;
    let id = parts.next()?.to_owned();
    Some((issued_at, stored_at, id))
}

#[cfg(test)]
mod tests {
    use super::{cursor, read_cursor};

    #[test]
    fn a_cursor_reads_back() {
        let key = (1_700_000_000, 1_700_000_000_123_456, "a.b-c".to_owned());
        assert_eq!(read_cursor(&cursor(&key)), Some(key));
        assert_eq!(read_cursor("not a cursor"), None);
    }
}
