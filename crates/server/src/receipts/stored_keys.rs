//! The keys of receipts stored before keys were enrolled: at the service's
//! start, each stored receipt gets the key that spoke for its pupil, and
//! each such key not enrolled yet is enrolled (`stored-receipt`), with its
//! signed record. Receipts already stored keep verifying, and their
//! devices keep posting.

use std::collections::HashSet;

use limpide_receipt::{EnrolledBy, Receipt, SigningKey};

use super::device::{enrollment, speaker_key};
use crate::store::{Store, Unavailable};

/// Receipts read per transaction.
const PAGE: i64 = 500;

/// What a receipt's key column holds when it could not be read again (it
/// verified when it was stored: this is a damaged row), so that it is not
/// read at every start.
const UNREADABLE: &str = "(unreadable)";

/// Enrolls the keys of every stored receipt without one; answers how many
/// keys were enrolled.
pub async fn enroll_stored_keys(
    store: &Store,
    controller: &SigningKey,
) -> Result<u64, Unavailable> {
    let mut enrolled = 0u64;
    loop {
        let page = store.unkeyed_receipts(PAGE).await?;
        if page.is_empty() {
            return Ok(enrolled);
        }
        let mut keyed = Vec::with_capacity(page.len());
        let mut enrollments = Vec::new();
        let mut seen = HashSet::new();
        for stored in page {
            let receipt = Receipt::from_json(stored.jws.as_bytes()).ok();
            let key = receipt.as_ref().and_then(speaker_key);
            let (Some(receipt), Some(key)) = (receipt, key) else {
                keyed.push((stored, UNREADABLE.to_owned()));
                continue;
            };
            let pair = (stored.subject.clone(), key.clone());
            if seen.insert(pair) && !store.is_enrolled(&stored.subject, &key).await? {
                let how = EnrolledBy::StoredReceipt;
                let record = enrollment(&receipt, &stored.subject, &key, how, controller)
                    .map_err(|e| Unavailable(sqlx::Error::Protocol(format!("{e:?}"))))?;
                enrollments.push((stored.subject.clone(), key.clone(), record));
            }
            keyed.push((stored, key));
        }
        enrolled += enrollments.len() as u64;
        store.key_receipts(&keyed, &enrollments).await?;
    }
}
