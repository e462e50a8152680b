//! The form's state as a reducer (`State`, `Action`, `impl Reducible`), as
//! in yew's `function_todomvc`: every change goes through [`State::reduce`].

use std::rc::Rc;

use limpide_receipt::{Channel, Choices, Notice};
use yew::Reducible;

use crate::error::WidgetError;
use crate::issue::Issued;
use crate::review::{review, Review, Standing};
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
    /// Whether the language was chosen (by the embedder or the pupil);
    /// otherwise the latest receipt's language is used once it is read.
    pub(crate) language_chosen: bool,
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
    /// The embedder passed another notice (e.g. an updated version).
    Notice(Rc<Notice>),
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
    pub(crate) fn new(notice: Rc<Notice>, language: String, language_chosen: bool) -> Self {
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
            language_chosen,
        }
    }

    /// Starts from the latest receipt's choices, keeping only what the
    /// pupil decided on the same texts.
    fn start_from_history(&mut self) {
        if !self.language_chosen {
            if let Some(latest) = self.history.latest() {
                if self.notice.languages.contains(&latest.payload().language) {
                    self.language = latest.payload().language.clone();
                }
            }
        }
        self.review = review(&self.notice, self.history.latest(), &self.language);
        self.choices = self.review.choices.clone();
        self.touched = false;
    }

    /// Reviews again for the language now shown; may only untick boxes
    /// (a purpose whose texts in this language the pupil never saw).
    fn review_again(&mut self) {
        self.review = review(&self.notice, self.history.latest(), &self.language);
        for purpose in &self.notice.purposes {
            if self.review.standing.get(&purpose.id) != Some(&Standing::Known) {
                self.choices.refuse(&purpose.id, None);
                for channel in &purpose.channels {
                    self.choices.refuse(&purpose.id, Some(*channel));
                }
            }
        }
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            // Nothing changes under a signature in progress.
            Action::Toggle { .. } | Action::Language(_) | Action::Change
                if self.stage == Stage::Signing =>
            {
                return self;
            }
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
                    next.language_chosen = true;
                    next.review_again();
                }
            }
            Action::Notice(notice) => {
                if !notice.languages.contains(&next.language) {
                    next.language = notice.languages[0].clone();
                }
                next.notice = notice;
                next.stage = Stage::Form;
                next.start_from_history();
            }
            Action::Signing => {
                next.stage = Stage::Signing;
                next.form_error = None;
            }
            Action::Issued(issued) => {
                // The history itself is read again from storage (the
                // broadcast that follows a stored receipt), never patched
                // here, so that it always shows what is really kept.
                // The form reopens on what was just signed, stored or not.
                next.review = review(&next.notice, Some(&issued.receipt), &next.language);
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
                    next.review_again();
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
