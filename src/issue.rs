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
use crate::error::WidgetError;
use crate::{lock, signer, store, AGENT};

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
    /// Per notice id, the latest receipt signed on this page that could not
    /// be stored: the next receipt chains to it (the family downloaded it),
    /// not past it.
    static UNSAVED: RefCell<BTreeMap<String, Receipt>> = const { RefCell::new(BTreeMap::new()) };
}

/// Signs and stores a receipt of `request`'s choices.
pub(crate) async fn issue(request: Request<'_>) -> Result<Issued, WidgetError> {
    let lock_name = format!("limpide:{}", request.notice.id);
    lock::with_lock(&lock_name, sign_and_store(request)).await
}

async fn sign_and_store(request: Request<'_>) -> Result<Issued, WidgetError> {
    // Read the chain's end now, under the lock, not when the form opened:
    // another tab may have signed since.
    let history = store::load(&request.notice.id).await;
    let stored_latest = history
        .as_ref()
        .ok()
        .and_then(store::History::latest)
        .cloned();
    let unsaved = UNSAVED.with(|u| u.borrow().get(&request.notice.id).cloned());
    let latest = match (stored_latest, unsaved) {
        // RFC 3339 UTC times of one format compare as text.
        (Some(stored), Some(unsaved))
            if stored.payload().issued_at > unsaved.payload().issued_at =>
        {
            Some(stored)
        }
        (stored, unsaved) => unsaved.or(stored),
    };
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
    UNSAVED.with(|u| {
        let mut unsaved = u.borrow_mut();
        match &stored {
            Ok(()) => unsaved.remove(&request.notice.id),
            Err(_) => unsaved.insert(request.notice.id.clone(), receipt.clone()),
        }
    });
    Ok(Issued { receipt, stored })
}

/// Sends `receipt` to the endpoint and, once the controller acknowledged
/// it, keeps the countersigned copy in its place. Inside the notice's lock,
/// so that no other tab writes the list meanwhile.
pub(crate) async fn acknowledge(
    notice_id: &str,
    endpoint: &str,
    receipt: &Receipt,
) -> Result<Receipt, WidgetError> {
    let acknowledged = crate::endpoint::send(endpoint, receipt).await?;
    let lock_name = format!("limpide:{notice_id}");
    lock::with_lock(&lock_name, store::replace(notice_id, &acknowledged)).await?;
    Ok(acknowledged)
}
