//! The receipts signed on this page that storage refused, kept until the
//! page closes: the next receipt chains to the latest of them (the family
//! downloaded it), not past it, and the form keeps listing them,
//! downloadable, however often it is mounted again. And the one rule for
//! the latest receipt, which the form, signing and `Handle::latest` share.

use std::cell::RefCell;

use limpide_receipt::{parse_utc_exact, Receipt};

use crate::storage::receipts::History;

thread_local! {
    /// Per notice id (a list: a page shows a notice or two), oldest first.
    static UNSAVED: RefCell<Vec<(String, Vec<Receipt>)>> = const { RefCell::new(Vec::new()) };
}

/// The receipts of `notice_id` signed on this page that could not be
/// stored, oldest first.
pub(crate) fn unsaved(notice_id: &str) -> Vec<Receipt> {
    UNSAVED.with(|u| {
        let kept = u.borrow();
        kept.iter()
            .find(|(id, _)| id == notice_id)
            .map(|(_, list)| list.clone())
            .unwrap_or_default()
    })
}

/// Keeps a receipt that storage refused.
pub(crate) fn keep(notice_id: &str, receipt: &Receipt) {
    UNSAVED.with(|u| {
        let mut kept = u.borrow_mut();
        match kept.iter_mut().find(|(id, _)| id == notice_id) {
            Some((_, list)) => list.push(receipt.clone()),
            None => kept.push((notice_id.to_owned(), vec![receipt.clone()])),
        }
    });
}

/// Puts the controller's countersigned copy in place of the unsaved
/// receipt it acknowledges, if there is one.
pub(crate) fn replace(notice_id: &str, acknowledged: &Receipt) {
    UNSAVED.with(|u| {
        if let Some((_, list)) = u.borrow_mut().iter_mut().find(|(id, _)| id == notice_id) {
            for unsaved in list
                .iter_mut()
                .filter(|r| r.digest() == acknowledged.digest())
            {
                *unsaved = acknowledged.clone();
            }
        }
    });
}

/// The latest receipt, the end of the chain a new one continues: the later
/// of the latest stored (when storage could be read) and the latest signed
/// here that could not be stored.
pub(crate) fn latest<'a>(
    stored: Option<&'a History>,
    unsaved: &'a [Receipt],
) -> Option<&'a Receipt> {
    match (stored.and_then(History::latest), unsaved.last()) {
        (Some(stored), Some(unsaved)) if issued_later(stored, unsaved) => Some(stored),
        (stored, unsaved) => unsaved.or(stored),
    }
}

/// Whether `a` was issued after `b`, by their times (not their text:
/// `…:01.5Z` is after `…:01Z`).
pub(crate) fn issued_later(a: &Receipt, b: &Receipt) -> bool {
    let at = |r: &Receipt| parse_utc_exact(&r.payload().issued_at);
    at(a) > at(b)
}
