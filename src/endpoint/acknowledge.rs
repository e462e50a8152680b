//! Getting the controller's countersignature: a receipt is sent to the
//! embedder's endpoint (`send.rs` sends it and checks the answer), and
//! the countersigned copy takes its place where it is kept; on open, what
//! the controller has not acknowledged yet is sent again.

use limpide_receipt::{Notice, Receipt};

use crate::endpoint::log_proof;
use crate::endpoint::send::is_acknowledged;
use crate::endpoint::target::Endpoint;
use crate::error::{ErrorCode, WidgetError};
use crate::storage::lock::{self, sending_lock, signing_lock};
use crate::storage::receipts;
use crate::storage::unsaved;

/// Sends `receipt` to the endpoint and, once the controller acknowledged
/// it, keeps the countersigned copy in its place (in storage, or among the
/// receipts kept on this page only).
pub(crate) async fn acknowledge(
    notice: &Notice,
    endpoint: &Endpoint,
    receipt: &Receipt,
) -> Result<Receipt, WidgetError> {
    lock::with_lock(
        &sending_lock(&notice.id),
        acknowledge_unlocked(notice, endpoint, receipt),
    )
    .await
}

/// With an endpoint, on open: sends again, oldest first, what the controller
/// has not acknowledged yet, and reports the first failure. Each receipt is
/// tried even after one fails: a receipt the service refuses (a grant from
/// a device not yet linked to the pupil, say) must not hold back a later
/// withdrawal. A refusal of whose receipt it is comes first among the
/// failures reported: it is the one the pupil can act on.
/// What is still
/// unacknowledged is read once the sending lock is held, so a receipt that
/// another widget or tab just sent is not sent again.
///
/// Only receipts about the notice version shown are sent: the controller's
/// keys are those of the version a receipt names, and the widget has only
/// this one to check a countersignature against.
pub(crate) async fn resend_unacknowledged(
    notice: &Notice,
    endpoint: &Endpoint,
) -> Result<(), WidgetError> {
    lock::with_lock(&sending_lock(&notice.id), async {
        let Ok(history) = receipts::load(&notice.id).await else {
            return Ok(());
        };
        let unacknowledged = history
            .receipts
            .iter()
            .filter(|r| !is_acknowledged(r) && r.payload().notice.version == notice.version);
        let mut first_failure = None;
        for receipt in unacknowledged {
            if let Err(error) = acknowledge_unlocked(notice, endpoint, receipt).await {
                let refused = |e: &WidgetError| ErrorCode::REFUSALS.contains(&e.code);
                if first_failure
                    .as_ref()
                    .is_none_or(|f| !refused(f) && refused(&error))
                {
                    first_failure = Some(error);
                }
            }
        }
        first_failure.map_or(Ok(()), Err)
    })
    .await
}

/// [`acknowledge`], inside the sending lock. The stored list is rewritten
/// inside the notice's signing lock, so that no other tab writes it
/// meanwhile.
async fn acknowledge_unlocked(
    notice: &Notice,
    endpoint: &Endpoint,
    receipt: &Receipt,
) -> Result<Receipt, WidgetError> {
    let notice_id = notice.id.as_str();
    let (acknowledged, log_index) = crate::endpoint::send::send(endpoint, receipt, notice).await?;
    if let Some(index) = log_index {
        // Its place in the log, and its proof once a checkpoint covers it:
        // fetched in the background, never holding the pupil up.
        log_proof::keep_later(endpoint.url.clone(), &acknowledged, index);
    }
    let replaced = lock::with_lock(
        &signing_lock(notice_id),
        receipts::replace(notice_id, &acknowledged),
    )
    .await;
    if !matches!(replaced, Ok(true)) {
        // Not in storage (it could not be stored, or storage is gone): the
        // controller acknowledged it all the same; keep the countersigned
        // copy where the receipt is kept, on this page.
        unsaved::replace(notice_id, &acknowledged);
    }
    Ok(acknowledged)
}
