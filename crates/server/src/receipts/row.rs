//! The row a checked, countersigned receipt is stored as.

use limpide_receipt::log::LogEntry;
use limpide_receipt::{Decision, Receipt};

use crate::store::{DeviceClaim, NewReceipt};

/// The row stored for a checked, countersigned receipt.
pub(super) fn row(
    receipt: &Receipt,
    subject: String,
    issued_at: i64,
    lapses_at: Option<i64>,
    jws: String,
    device: DeviceClaim,
) -> NewReceipt {
    let p = receipt.payload();
    let decisions = p
        .purposes
        .iter()
        .flat_map(|purpose| {
            purpose.decisions().map(|(channel, decision)| {
                let channel = channel.map_or_else(String::new, |c| c.as_str().to_owned());
                (purpose.id.clone(), channel, decision == Decision::Granted)
            })
        })
        .collect();
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
        entry: LogEntry::of_document(&receipt.to_value()),
        jws,
        decisions,
        language: p.language.clone(),
        lapses_at,
        device,
    }
}
