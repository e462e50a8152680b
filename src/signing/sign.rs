//! Signing a receipt, the whole of it: inside the notice's cross-tab lock,
//! read the end of the chain, build the payload chained to it, sign it with
//! the subject's key (`subject_key.rs`), store it; then tell the embedder
//! and the form, read back what is really kept, and, with an endpoint, get
//! the controller's countersignature (`acknowledge.rs`). A receipt that
//! cannot be stored is still returned, so that it can be downloaded: it is
//! never silently lost.

use std::rc::Rc;

use limpide_receipt::{
    AgeBracket, Choices, Collection, Context, Notice, Payload, PreviousReceipt, Receipt, Role,
};
use yew::Callback;

use crate::endpoint::acknowledge::acknowledge;
use crate::error::{ErrorCode, WidgetError};
use crate::form::state::Action;
use crate::platform::browser::{now_utc, random_uuid};
use crate::signing::issued::Issued;
use crate::signing::subject_key;
use crate::signing::subject_key::SubjectKey;
use crate::storage::broadcast;
use crate::storage::lock::{self, signing_lock};
use crate::storage::receipts;
use crate::storage::receipts::History;
use crate::storage::unsaved;
use crate::AGENT;

/// What is needed to record the pupil's choices.
pub(crate) struct Request {
    pub(crate) notice: Rc<Notice>,
    pub(crate) choices: Choices,
    pub(crate) language: String,
    pub(crate) subject: Option<String>,
    /// The pupil's answer to the age question, if they gave one.
    pub(crate) age: Option<AgeBracket>,
}

/// Who hears how signing went: the form (through its actions) and the
/// embedder (each receipt, each failure).
pub(crate) struct Listeners {
    pub(crate) form: Callback<Action>,
    pub(crate) on_receipt: Callback<Issued>,
    pub(crate) on_error: Callback<WidgetError>,
}

/// Signs the pupil's choices and follows the receipt through: the form
/// shows the summary and what is really kept, the embedder gets the
/// receipt (and any storage failure), and with an `endpoint` the
/// controller's countersigned copy replaces it. `signed` is called as soon
/// as signing itself is over, whether it worked or not.
///
/// The form is told at once that signing started (before this returns),
/// so that no box changes under a signature in progress.
pub(crate) fn sign_and_follow(
    request: Request,
    endpoint: Option<String>,
    listeners: Listeners,
    signed: impl FnOnce() + 'static,
) {
    listeners.form.emit(Action::Signing);
    wasm_bindgen_futures::spawn_local(follow(request, endpoint, listeners, signed));
}

async fn follow(
    request: Request,
    endpoint: Option<String>,
    listeners: Listeners,
    signed: impl FnOnce(),
) {
    let Listeners {
        form,
        on_receipt,
        on_error,
    } = listeners;
    let notice = request.notice.clone();
    let failed_text = crate::i18n::strings(&request.language).signing_failed;
    let result = issue(&request).await;
    signed();
    let issued = match result {
        Ok(issued) => issued,
        Err(error) => {
            on_error.emit(error);
            form.emit(Action::SigningFailed(failed_text.to_owned()));
            return;
        }
    };
    let listeners = Listeners {
        form,
        on_receipt,
        on_error,
    };
    follow_issued(issued, &notice, endpoint, &listeners).await;
}

/// After a receipt is issued (alone, or jointly with a guardian): the
/// embedder and the form are told, the form shows what is really kept,
/// and with an `endpoint` the controller's countersigned copy replaces it.
pub(crate) async fn follow_issued(
    issued: Issued,
    notice: &Notice,
    endpoint: Option<String>,
    listeners: &Listeners,
) {
    let Listeners {
        form,
        on_receipt,
        on_error,
    } = listeners;
    if let Err(error) = &issued.stored {
        on_error.emit(error.clone());
    }
    on_receipt.emit(issued.clone());
    let receipt = issued.receipt.clone();
    form.emit(Action::Issued {
        issued: Rc::new(issued),
        unsaved: unsaved::unsaved(&notice.id),
    });
    // Show what is really kept now.
    form.emit(Action::HistoryRead {
        history: receipts::load(&notice.id).await,
        unsaved: unsaved::unsaved(&notice.id),
    });
    let Some(endpoint) = endpoint else {
        return;
    };
    form.emit(Action::Sending);
    let acknowledged = match acknowledge(notice, &endpoint, &receipt).await {
        Ok(acknowledged) => Some(Box::new(acknowledged)),
        Err(error) => {
            on_error.emit(error);
            None
        }
    };
    form.emit(Action::Acknowledged {
        receipt: acknowledged,
        unsaved: unsaved::unsaved(&notice.id),
    });
}

/// Signs and stores a receipt of `request`'s choices.
pub(crate) async fn issue(request: &Request) -> Result<Issued, WidgetError> {
    let lock_name = signing_lock(&request.notice.id);
    lock::with_lock(&lock_name, sign_and_store(request)).await
}

async fn sign_and_store(request: &Request) -> Result<Issued, WidgetError> {
    // Read the chain's end now, under the lock, not when the form opened:
    // another tab may have signed since.
    let history = receipts::load(&request.notice.id).await;
    let unsaved = unsaved::unsaved(&request.notice.id);
    let latest = unsaved::latest(history.as_ref().ok(), &unsaved);
    let previous = latest.map(PreviousReceipt::of);
    let key = subject_key::subject_key().await?;
    let mut context = pupil_context(request, previous, key.storage.as_str())?;
    context.age = request.age;
    let payload = Payload::new(&request.notice, &request.choices, context)
        .map_err(|e| WidgetError::new(ErrorCode::SigningFailed, e.to_string()))?;
    sign_and_keep(&request.notice, history, Receipt::prepare(&payload), &key).await
}

/// Adds the pupil's signature to `receipt` (checked), then keeps it: in
/// storage after `history`, or else for this page (`unsaved.rs`), so that it
/// is never lost. Run it inside the notice's lock.
pub(crate) async fn sign_and_keep(
    notice: &Notice,
    history: Result<History, WidgetError>,
    mut receipt: Receipt,
    key: &SubjectKey,
) -> Result<Issued, WidgetError> {
    let input = receipt.signing_input(Role::Subject, key.public);
    let signature = key.sign(input.as_bytes()).await?;
    crate::signing::verify::attach(&mut receipt, input, &signature)
        .await
        .map_err(|e| WidgetError::new(ErrorCode::SigningFailed, e.to_string()))?;
    let stored = match history {
        Ok(history) => receipts::append(&notice.id, &history, &receipt).await,
        Err(error) => Err(error),
    };
    if stored.is_ok() {
        receipts::keep_notice(notice).await;
    } else {
        unsaved::keep(&notice.id, &receipt);
        // Other widgets of this notice on the page list it too.
        broadcast::announce(&notice.id);
    }
    Ok(Issued { receipt, stored })
}

/// The context of the pupil's receipt (or request) made now: a new id,
/// the language shown, chained to `previous`, the embedder's subject.
pub(crate) fn pupil_context(
    request: &Request,
    previous: Option<PreviousReceipt>,
    key_storage: &str,
) -> Result<Context, WidgetError> {
    let mut context = Context::new(
        random_uuid()?,
        now_utc(),
        request.language.clone(),
        Collection::new("web-form", AGENT, key_storage),
    );
    context.previous = previous;
    context.subject = request.subject.clone();
    Ok(context)
}
