//! The row a checked, countersigned receipt is stored as.

use limpide_receipt::{Decision, Receipt};

use crate::store::NewReceipt;

/// The row stored for a checked, countersigned receipt.
pub(super) fn row(receipt: &Receipt, subject: String, issued_at: i64, jws: String) -> NewReceipt {
    let p = receipt.payload();
    let granted = |d: &Decision| *d == Decision::Granted;
    let mut decisions = Vec::new();
    for purpose in &p.purposes {
        if let Some(status) = &purpose.status {
            decisions.push((purpose.id.clone(), String::new(), granted(status)));
        }
        for (channel, status) in purpose.channels.iter().flatten() {
            decisions.push((purpose.id.clone(), channel.clone(), granted(status)));
        }
    }
    NewReceipt {
        receipt_id: p.receipt_id.clone(),
        notice_id: p.notice.id.clone(),
        notice_version: p.notice.version.clone(),
        subject,
        issued_at,
        previous: p
            .previous
            .as_ref()
            .map(|prev| (prev.receipt_id.clone(), prev.digest.clone())),
        digest: receipt.digest().to_owned(),
        jws,
        decisions,
    }
}
