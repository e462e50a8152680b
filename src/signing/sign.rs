//! Signing a receipt, the whole of it: inside the notice's cross-tab lock,
//! read the end of the chain, build the payload chained to it, sign it with
//! the subject's key (`subject_key.rs`), store it; then tell the embedder
//! and the form, read back what is really kept, and, with an endpoint, get
//! the controller's countersignature (`endpoint/acknowledge.rs`). A receipt that
//! cannot be stored is still returned, so that it can be downloaded: it is
//! never silently lost.

use std::rc::Rc;

use limpide_receipt::{
    AgeBracket, Choices, Collection, Context, Notice, Payload, PreviousReceipt, Receipt, Role,
};
use yew::{Callback, UseReducerDispatcher};

use crate::endpoint::acknowledge::acknowledge;
use crate::endpoint::target::Endpoint;
use crate::error::{ErrorCode, WidgetError};
use crate::form::action::Action;
use crate::form::state::State;
use crate::i18n::strings;
use crate::platform::browser::{now_utc, random_uuid};
use crate::signing::issued::Issued;
use crate::signing::subject_key::SubjectKey;
use crate::signing::{subject_key, verify};
use crate::storage::broadcast;
use crate::storage::chain_end::{self, ChainEnd};
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

impl Listeners {
    /// The form of `dispatcher`, and the embedder's callbacks.
    pub(crate) fn new(
        dispatcher: UseReducerDispatcher<State>,
        on_receipt: Callback<Issued>,
        on_error: Callback<WidgetError>,
    ) -> Self {
        Self {
            form: Callback::from(move |action| dispatcher.dispatch(action)),
            on_receipt,
            on_error,
        }
    }

    /// Signing failed: the embedder hears why, the form stays as it was and
    /// says so in the pupil's `language`.
    pub(crate) fn signing_failed(&self, error: WidgetError, language: &str) {
        self.on_error.emit(error);
        let message = strings(language).signing_failed;
        self.form.emit(Action::SigningFailed(message.to_owned()));
    }

    /// A guardian's link or answer could not be used: the embedder hears
    /// why, the form says so in plain words (a link refused, or signing
    /// failed).
    pub(crate) fn guardian_refused(&self, error: WidgetError, language: &str) {
        let s = strings(language);
        let message = if error.code == ErrorCode::GuardianLinkRefused {
            s.link_refused
        } else {
            s.signing_failed
        };
        self.on_error.emit(error);
        self.form.emit(Action::GuardianRefused(message.to_owned()));
    }
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
    endpoint: Option<Endpoint>,
    listeners: Listeners,
    signed: impl FnOnce() + 'static,
) {
    listeners.form.emit(Action::Signing);
    wasm_bindgen_futures::spawn_local(follow(request, endpoint, listeners, signed));
}

async fn follow(
    request: Request,
    endpoint: Option<Endpoint>,
    listeners: Listeners,
    signed: impl FnOnce(),
) {
    let result = issue(&request).await;
    signed();
    match result {
        Ok(issued) => follow_issued(issued, &request.notice, endpoint, &listeners).await,
        Err(error) => listeners.signing_failed(error, &request.language),
    }
}

/// After a receipt is issued (alone, or jointly with a guardian): the
/// embedder and the form are told, the form shows what is really kept,
/// and with an `endpoint` the controller's countersigned copy replaces it.
pub(crate) async fn follow_issued(
    issued: Issued,
    notice: &Notice,
    endpoint: Option<Endpoint>,
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
        now: crate::platform::browser::now_seconds(),
    });
    let Some(endpoint) = endpoint else {
        return;
    };
    form.emit(Action::Sending);
    let acknowledged = match acknowledge(notice, &endpoint, &receipt).await {
        Ok(acknowledged) => Some(Box::new(acknowledged)),
        Err(error) => {
            // The pupil can act on a refusal of whose receipt it is: the
            // form says what to do.
            if ErrorCode::REFUSALS.contains(&error.code) {
                form.emit(Action::Refused(Some(error.code)));
            }
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
    let ChainEnd { history, previous } = chain_end::read(&request.notice.id).await;
    let key = subject_key::subject_key().await?;
    let mut context = pupil_context(request, previous, key.storage.as_str())?;
    context.age = request.age;
    let payload = Payload::new(&request.notice, &request.choices, context)
        .map_err(|e| WidgetError::new(ErrorCode::SigningFailed, e.to_string()))?;
    sign_and_keep(&request.notice, history, Receipt::prepare(&payload), &key).await
}

/// Adds the pupil's signature to `receipt` (checked), then keeps it: in
/// storage after `history`, or else for this page (`storage/unsaved.rs`), so that it
/// is never lost. Run it inside the notice's lock.
pub(crate) async fn sign_and_keep(
    notice: &Notice,
    history: Result<History, WidgetError>,
    mut receipt: Receipt,
    key: &SubjectKey,
) -> Result<Issued, WidgetError> {
    add_signature(&mut receipt, Role::Subject, key).await?;
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

/// Adds `key`'s signature as `role` to `receipt`, checked before it is
/// attached: a faulty signer never makes a receipt that fails later.
pub(crate) async fn add_signature(
    receipt: &mut Receipt,
    role: Role,
    key: &SubjectKey,
) -> Result<(), WidgetError> {
    let input = receipt.signing_input(role, key.public);
    let signature = key.sign(input.as_bytes()).await?;
    verify::attach(receipt, input, &signature)
        .await
        .map_err(|e| WidgetError::new(ErrorCode::SigningFailed, e.to_string()))
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
