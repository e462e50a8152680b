//! What can happen to the form: the actions of its reducer (`reduce.rs`).

use std::rc::Rc;

use limpide_receipt::{AgeBracket, Channel, GuardianRequest, Notice, Receipt};

use crate::error::{ErrorCode, WidgetError};
use crate::form::records::Records;
use crate::signing::issued::Issued;
use crate::storage::receipts::History;

/// What can happen to the form. What it learns from outside (storage, the
/// receipts kept on this page) comes in with the action, so that
/// [`State::reduce`] reads nothing else: a pure function.
#[derive(Debug)]
pub(crate) enum Action {
    /// A box was ticked (`true`) or unticked.
    Toggle {
        purpose: String,
        channel: Option<Channel>,
        ticked: bool,
    },
    /// The pupil picked another language.
    Language(String),
    /// The pupil answered the age question.
    Age(AgeBracket),
    /// The pupil tried to save a grant without answering the age question.
    AgeMissing(String),
    /// The embedder passed another notice (e.g. an updated version).
    Notice {
        notice: Rc<Notice>,
        unsaved: Vec<Receipt>,
    },
    /// Signing started.
    Signing,
    /// A receipt was signed.
    Issued {
        issued: Rc<Issued>,
        unsaved: Vec<Receipt>,
    },
    /// The endpoint is being sent the summary's receipt.
    Sending,
    /// The endpoint answered: the countersigned receipt, or not.
    Acknowledged {
        receipt: Option<Box<Receipt>>,
        unsaved: Vec<Receipt>,
    },
    /// The service refused a receipt of this device for whose it is
    /// (`ErrorCode::REFUSALS`), or (`None`) every pending one went through.
    Refused(Option<ErrorCode>),
    /// Signing failed: the form stays as it was.
    SigningFailed(String),
    /// The stored receipts were read (first open, or another tab wrote).
    HistoryRead {
        history: Result<History, WidgetError>,
        unsaved: Vec<Receipt>,
        /// Now (Unix seconds): a grant may have lapsed.
        now: i64,
    },
    /// The controller's service answered the pupil's signed request.
    Records(Rc<Records>),
    /// Back to the form, to change the choices.
    Change,
    /// The pupil's choices became a request waiting for a guardian.
    Asked(Rc<GuardianRequest>),
    /// The pending request, as read from storage; `None` when
    /// there is none (abandoned, answered, or never made).
    Pending(Option<Rc<GuardianRequest>>),
    /// The pupil hands the device over to their guardian.
    HandOver,
    /// A guardian starts reviewing a request.
    GuardianReview {
        request: Rc<GuardianRequest>,
        same_device: bool,
    },
    /// The guardian answered on their own device: this link goes back.
    Answered(String),
    /// A guardian's link or answer could not be used: why, in plain words.
    GuardianRefused(String),
}
