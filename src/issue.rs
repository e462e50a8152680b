//! Issuing a receipt: inside the cross-tab lock, read the latest stored
//! receipt, build the payload chained to it, sign it with WebCrypto, and
//! store it. A receipt that cannot be stored is still returned, so that it
//! can be downloaded: it is never silently lost.

use std::cell::RefCell;
use std::collections::BTreeMap;

use limpide_receipt::{
    Choices, Collection, Context, Notice, Payload, PreviousReceipt, Receipt, Role,
};

use crate::browser::{now_utc, random_uuid};
use crate::endpoint::is_acknowledged;
use crate::error::WidgetError;
use crate::{broadcast, lock, signer, store, AGENT};

/// A signed receipt, and whether it could be kept on the device.
#[derive(Clone, Debug, PartialEq)]
pub struct Issued {
    /// The signed receipt (JWS JSON through [`Receipt::to_json`]).
    pub receipt: Receipt,
    /// `Ok` when stored on the device; otherwise why not (it can still be
    /// downloaded).
    pub stored: Result<(), WidgetError>,
}

/// What is needed to record the pupil's choices.
pub(crate) struct Request<'a> {
    pub(crate) notice: &'a Notice,
    pub(crate) choices: &'a Choices,
    pub(crate) language: &'a str,
    pub(crate) subject: Option<String>,
}

thread_local! {
    /// Per notice id, the receipts signed on this page that could not be
    /// stored, oldest first, until the page closes: the next receipt chains
    /// to the latest of them (the family downloaded it), not past it, and
    /// the form keeps listing them, downloadable, whatever it remounts.
    static UNSAVED: RefCell<BTreeMap<String, Vec<Receipt>>> = const { RefCell::new(BTreeMap::new()) };
}

/// The receipts of `notice_id` signed on this page that could not be stored,
/// oldest first.
pub(crate) fn unsaved(notice_id: &str) -> Vec<Receipt> {
    UNSAVED.with(|u| u.borrow().get(notice_id).cloned().unwrap_or_default())
}

/// The end of the chain: the later of the latest stored receipt and the
/// latest one signed here that could not be stored.
pub(crate) fn chain_end<'a>(
    stored: Option<&'a Receipt>,
    unsaved: Option<&'a Receipt>,
) -> Option<&'a Receipt> {
    match (stored, unsaved) {
        // RFC 3339 UTC times of one format compare as text.
        (Some(stored), Some(unsaved))
            if stored.payload().issued_at > unsaved.payload().issued_at =>
        {
            Some(stored)
        }
        (stored, unsaved) => unsaved.or(stored),
    }
}

/// Signs and stores a receipt of `request`'s choices.
pub(crate) async fn issue(request: Request<'_>) -> Result<Issued, WidgetError> {
    let lock_name = signing_lock(&request.notice.id);
    lock::with_lock(&lock_name, sign_and_store(request)).await
}

async fn sign_and_store(request: Request<'_>) -> Result<Issued, WidgetError> {
    // Read the chain's end now, under the lock, not when the form opened:
    // another tab may have signed since.
    let history = store::load(&request.notice.id).await;
    let unsaved = unsaved(&request.notice.id);
    let latest = chain_end(
        history.as_ref().ok().and_then(store::History::latest),
        unsaved.last(),
    );
    let previous = latest.map(|latest| PreviousReceipt {
        receipt_id: latest.payload().receipt_id.clone(),
        digest: latest.digest().to_owned(),
    });
    let key = signer::subject_key().await?;
    let mut context = Context::new(
        random_uuid()?,
        now_utc(),
        request.language.to_owned(),
        Collection::new("web-form", AGENT, key.storage.as_str()),
    );
    context.previous = previous;
    context.subject = request.subject;
    let payload = Payload::new(request.notice, request.choices, context)
        .map_err(|e| WidgetError::new("signing-failed", e.to_string()))?;
    let mut receipt = Receipt::prepare(&payload);
    let input = receipt.signing_input(Role::Subject, key.public);
    let signature = key.sign(input.as_bytes()).await?;
    receipt
        .attach(input, &signature)
        .map_err(|e| WidgetError::new("signing-failed", e.to_string()))?;
    let stored = match history {
        Ok(history) => store::append(&request.notice.id, &history, &receipt).await,
        Err(error) => Err(error),
    };
    if stored.is_err() {
        UNSAVED.with(|u| {
            u.borrow_mut()
                .entry(request.notice.id.clone())
                .or_default()
                .push(receipt.clone());
        });
        // Other widgets of this notice on the page list it too.
        broadcast::announce(&request.notice.id);
    }
    Ok(Issued { receipt, stored })
}

/// The lock under which a notice's stored list is read and written (signing,
/// keeping a countersigned copy), across every tab of the origin.
fn signing_lock(notice_id: &str) -> String {
    format!("limpide:{notice_id}")
}

/// The lock under which receipts of a notice are sent to the endpoint, so
/// that two widgets or tabs never send the same receipt at once.
fn sending_lock(notice_id: &str) -> String {
    format!("limpide:send:{notice_id}")
}

/// Sends `receipt` to the endpoint and, once the controller acknowledged
/// it, keeps the countersigned copy in its place (in storage, or among the
/// receipts kept on this page only).
pub(crate) async fn acknowledge(
    notice: &Notice,
    endpoint: &str,
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
/// tried even after one fails: a receipt the service refuses for good (a
/// subject it did not issue, say) must not hold back a later withdrawal.
/// What is still
/// unacknowledged is read once the sending lock is held, so a receipt that
/// another widget or tab just sent is not sent again.
///
/// Only receipts about the notice version shown are sent: the controller's
/// keys are those of the version a receipt names, and the widget has only
/// this one to check a countersignature against.
pub(crate) async fn resend_unacknowledged(
    notice: &Notice,
    endpoint: &str,
) -> Result<(), WidgetError> {
    lock::with_lock(&sending_lock(&notice.id), async {
        let Ok(history) = store::load(&notice.id).await else {
            return Ok(());
        };
        let unacknowledged = history
            .receipts
            .iter()
            .filter(|r| !is_acknowledged(r) && r.payload().notice.version == notice.version);
        let mut first_failure = None;
        for receipt in unacknowledged {
            if let Err(error) = acknowledge_unlocked(notice, endpoint, receipt).await {
                first_failure.get_or_insert(error);
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
    endpoint: &str,
    receipt: &Receipt,
) -> Result<Receipt, WidgetError> {
    let notice_id = notice.id.as_str();
    let acknowledged = crate::endpoint::send(endpoint, receipt, notice).await?;
    let replaced = lock::with_lock(
        &signing_lock(notice_id),
        store::replace(notice_id, &acknowledged),
    )
    .await;
    if !matches!(replaced, Ok(true)) {
        // Not in storage (it could not be stored, or storage is gone): the
        // controller acknowledged it all the same; keep the countersigned
        // copy where the receipt is kept, on this page.
        UNSAVED.with(|u| {
            if let Some(list) = u.borrow_mut().get_mut(notice_id) {
                for unsaved in list
                    .iter_mut()
                    .filter(|r| r.digest() == acknowledged.digest())
                {
                    *unsaved = acknowledged.clone();
                }
            }
        });
    }
    Ok(acknowledged)
}
