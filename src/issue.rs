//! Issuing a receipt: inside the cross-tab lock, read the latest stored
//! receipt, build the payload chained to it, sign it with WebCrypto, and
//! store it. A receipt that cannot be stored is still returned, so that it
//! can be downloaded: it is never silently lost.

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

/// Signs and stores a receipt of `request`'s choices.
pub(crate) async fn issue(request: Request<'_>) -> Result<Issued, WidgetError> {
    let lock_name = format!("limpide:{}", request.notice.id);
    lock::with_lock(&lock_name, sign_and_store(request)).await
}

async fn sign_and_store(request: Request<'_>) -> Result<Issued, WidgetError> {
    // Read the chain's end now, under the lock, not when the form opened:
    // another tab may have signed since.
    let history = store::load(&request.notice.id).await;
    let previous = history
        .as_ref()
        .ok()
        .and_then(store::History::latest)
        .map(|latest| PreviousReceipt {
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
    Ok(Issued { receipt, stored })
}
