//! The form's state as a reducer (`State`, `Action`, `impl Reducible`), as
//! in yew's `function_todomvc`: every change goes through [`State::reduce`].

use std::rc::Rc;

use limpide_receipt::{Channel, Choices, Notice};
use yew::Reducible;

use crate::error::WidgetError;
use crate::issue::Issued;
use crate::review::{review, Review};
use crate::store::History;

/// Which screen is shown.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Stage {
    /// The choices.
    Form,
    /// Waiting for WebCrypto and storage.
    Signing,
    /// The receipt just issued, in plain words.
    Summary(Rc<Issued>),
}

/// Everything the form shows.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct State {
    pub(crate) notice: Rc<Notice>,
    /// The language shown (one of the notice's).
    pub(crate) language: String,
    /// The boxes ticked now.
    pub(crate) choices: Choices,
    /// Purposes to decide again since the latest receipt.
    pub(crate) review: Review,
    /// The receipts kept on this device.
    pub(crate) history: History,
    /// Why stored receipts could not be read, if they could not.
    pub(crate) storage_error: Option<WidgetError>,
    pub(crate) stage: Stage,
    /// Why the last signing failed, shown and announced.
    pub(crate) form_error: Option<String>,
    /// Whether the pupil changed a box since the form was shown: another
    /// tab's receipt then refreshes the history but not the boxes.
    pub(crate) touched: bool,
}

/// What can happen to the form.
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
    /// Signing started.
    Signing,
    /// A receipt was signed.
    Issued(Rc<Issued>),
    /// Signing failed: the form stays as it was.
    SigningFailed(String),
    /// The stored receipts were read (first open, or another tab wrote).
    HistoryRead(Result<History, WidgetError>),
    /// Back to the form, to change the choices.
    Change,
}

impl State {
    /// The state for a notice, before stored receipts are read.
    pub(crate) fn new(notice: Rc<Notice>, language: String) -> Self {
        Self {
            notice,
            language,
            choices: Choices::default(),
            review: Review::default(),
            history: History::default(),
            storage_error: None,
            stage: Stage::Form,
            form_error: None,
            touched: false,
        }
    }

    /// Starts from the latest receipt's choices, keeping only what the
    /// pupil decided on the same texts.
    fn start_from_history(&mut self) {
        self.review = review(&self.notice, self.history.latest());
        self.choices = self.review.choices.clone();
        self.touched = false;
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Toggle {
                purpose,
                channel,
                ticked,
            } => {
                if ticked {
                    next.choices.grant(&purpose, channel);
                } else {
                    next.choices.refuse(&purpose, channel);
                }
                next.touched = true;
            }
            Action::Language(language) => {
                if next.notice.languages.contains(&language) {
                    next.language = language;
                }
            }
            Action::Signing => {
                next.stage = Stage::Signing;
                next.form_error = None;
            }
            Action::Issued(issued) => {
                if issued.stored.is_ok() {
                    next.history.receipts.push(issued.receipt.clone());
                    next.storage_error = None;
                }
                // The form reopens on what was just signed, stored or not.
                next.review = review(&next.notice, Some(&issued.receipt));
                next.choices = next.review.choices.clone();
                next.touched = false;
                next.stage = Stage::Summary(issued);
            }
            Action::SigningFailed(message) => {
                next.stage = Stage::Form;
                next.form_error = Some(message);
            }
            Action::HistoryRead(Ok(history)) => {
                next.history = history;
                next.storage_error = None;
                if next.stage != Stage::Signing && !next.touched {
                    next.start_from_history();
                } else {
                    // Keep the pupil's boxes; a later receipt still chains
                    // to the newest one, read again when signing.
                    next.review = review(&next.notice, next.history.latest());
                }
            }
            Action::HistoryRead(Err(error)) => {
                next.storage_error = Some(error);
            }
            Action::Change => {
                next.stage = Stage::Form;
            }
        }
        Rc::new(next)
    }
}
