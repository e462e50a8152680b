//! Joint consent below the age of digital consent, the workflows: the
//! pupil's choices become a pending request (`storage/pending.rs`) instead of a
//! receipt; a guardian confirms or narrows them and signs, on this device
//! or their own; the pupil's device checks the guardian's signature,
//! signs the same payload, and keeps the joint receipt. The links between
//! two devices carry the request and the answer in the URL fragment
//! (`link.rs`), which no server log keeps.

use std::rc::Rc;

use limpide_receipt::{
    Choices, GuardianAnswer, GuardianRequest, GuardianStatement, Notice, Receipt, Role,
};

use crate::endpoint::target::Endpoint;
use crate::error::{ErrorCode, WidgetError};
use crate::form::action::Action;
use crate::platform::browser::now_utc;
use crate::signing::issued::Issued;
use crate::signing::sign::{
    add_signature, follow_issued, pupil_context, sign_and_keep, Listeners, Request,
};
use crate::signing::subject_key;
use crate::storage::chain_end::{self, ChainEnd};
use crate::storage::lock::{self, signing_lock};
use crate::storage::pending;

/// Turns the pupil's choices into the request waiting for a guardian,
/// kept on the device; the form then shows it.
pub(crate) fn ask_guardian(request: Request, listeners: Listeners, done: impl FnOnce() + 'static) {
    listeners.form.emit(Action::Signing);
    wasm_bindgen_futures::spawn_local(async move {
        let result =
            lock::with_lock(&signing_lock(&request.notice.id), make_request(&request)).await;
        done();
        match result {
            Ok(pending) => listeners.form.emit(Action::Asked(Rc::new(pending))),
            Err(error) => listeners.signing_failed(error, &request.language),
        }
    });
}

async fn make_request(request: &Request) -> Result<GuardianRequest, WidgetError> {
    // A request needs readable storage to be kept: unlike a receipt, it
    // is not signed when storage cannot be read.
    let ChainEnd { history, previous } = chain_end::read(&request.notice.id).await;
    history?;
    let key = subject_key::subject_key().await?;
    let context = pupil_context(request, previous, key.storage.as_str())?;
    let pending = GuardianRequest::new(&request.notice, &request.choices, &context)
        .map_err(|e| WidgetError::new(ErrorCode::SigningFailed, e.to_string()))?;
    pending::keep(&request.notice.id, &pending).await?;
    Ok(pending)
}

/// The guardian's confirmation: the payload of both their choices, signed
/// with a key used once. `choices` may only narrow the pupil's.
pub(crate) async fn guardian_answer(
    notice: &Notice,
    request: &GuardianRequest,
    choices: &Choices,
    statement: GuardianStatement,
) -> Result<GuardianAnswer, WidgetError> {
    let refused =
        |e: limpide_receipt::Error| WidgetError::new(ErrorCode::GuardianLinkRefused, e.to_string());
    let payload = request
        .payload(notice, choices, statement, &now_utc())
        .map_err(refused)?;
    let key = subject_key::single_use_key().await?;
    let mut receipt = Receipt::prepare(&payload);
    add_signature(&mut receipt, Role::Guardian, &key).await?;
    GuardianAnswer::of(&receipt).ok_or_else(|| {
        WidgetError::new(
            ErrorCode::SigningFailed,
            "the guardian's signature is missing",
        )
    })
}

/// The guardian's answer reached the pupil's device: the joint receipt is
/// made, signed by the pupil last, stored, and the request forgotten. The
/// form shows the summary, and the endpoint gets it, as after any receipt.
pub(crate) fn complete(
    notice: Rc<Notice>,
    answer: GuardianAnswer,
    language: String,
    endpoint: Option<Endpoint>,
    listeners: Listeners,
) {
    listeners.form.emit(Action::Signing);
    wasm_bindgen_futures::spawn_local(async move {
        let result =
            lock::with_lock(&signing_lock(&notice.id), joint_receipt(&notice, &answer)).await;
        match result {
            Ok(issued) => follow_issued(issued, &notice, endpoint, &listeners).await,
            Err(error) => {
                listeners.guardian_refused(error, &language);
                // Still waiting, if the request is still there.
                let pending = pending::load(&notice.id).await.ok().flatten();
                listeners.form.emit(Action::Pending(pending.map(Rc::new)));
            }
        }
    });
}

async fn joint_receipt(notice: &Notice, answer: &GuardianAnswer) -> Result<Issued, WidgetError> {
    let refused = |message: String| WidgetError::new(ErrorCode::GuardianLinkRefused, message);
    let Some(request) = pending::load(&notice.id).await? else {
        return Err(refused(
            "no request waits for a guardian on this device for this form: it was abandoned, already confirmed, or made in another browser".into(),
        ));
    };
    let receipt = crate::signing::verify::joint_receipt(&request, notice, answer)
        .await
        .map_err(|e| refused(e.to_string()))?;
    let ChainEnd { history, previous } = chain_end::read(&notice.id).await;
    let history = history?;
    if previous != request.previous {
        return Err(refused(
            "another receipt was saved for this form since the request was made: make the choices again".into(),
        ));
    }
    let key = subject_key::subject_key().await?;
    let issued = sign_and_keep(notice, Ok(history), receipt, &key).await?;
    // The request is answered: it never counts again, whatever storage did.
    let _ = pending::forget(&notice.id).await;
    Ok(issued)
}

/// Abandons the pending request: nothing was granted, the form is shown again.
pub(crate) fn abandon(
    notice_id: String,
    form: yew::Callback<Action>,
    on_error: yew::Callback<WidgetError>,
) {
    wasm_bindgen_futures::spawn_local(async move {
        match pending::forget(&notice_id).await {
            Ok(()) => form.emit(Action::Pending(None)),
            Err(error) => on_error.emit(error),
        }
    });
}
