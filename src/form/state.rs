//! The form's state: everything it shows. It changes only through its
//! reducer (`reduce.rs`), as in yew's `function_todomvc`.

use std::rc::Rc;

use limpide_receipt::{AgeBracket, Channel, Choices, GuardianRequest, Notice, Receipt, Wording};

use crate::error::{ErrorCode, WidgetError};
use crate::form::records::{ended, Ended, Records};
use crate::form::review::{review, Review, Standing};
use crate::prerender::early::EarlyInput;
use crate::signing::issued::Issued;
use crate::storage::receipts::History;
use crate::storage::unsaved;

/// Which screen is shown.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Stage {
    /// The choices.
    Form,
    /// Waiting for WebCrypto and storage.
    Signing,
    /// The receipt just issued, in plain words.
    Summary(Rc<Issued>),
    /// The pupil's choices wait for a guardian (below the age): nothing
    /// counts as granted yet.
    Pending(Rc<GuardianRequest>),
    /// The pupil hands this device to their parent or guardian.
    HandOver(Rc<GuardianRequest>),
    /// A guardian reviews the pupil's request: on the pupil's device
    /// (`same_device`) or their own, from a link.
    Guardian {
        request: Rc<GuardianRequest>,
        same_device: bool,
    },
    /// On the guardian's device: the answer to send back, as a link.
    Answered(Rc<String>),
}

impl Stage {
    /// The stage's name, on the root's `data-state`.
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Self::Form => "form",
            Self::Signing => "signing",
            Self::Summary(_) => "summary",
            Self::Pending(_) => "pending",
            Self::HandOver(_) => "hand-over",
            Self::Guardian { .. } => "guardian",
            Self::Answered(_) => "answered",
        }
    }

    /// Whether the pupil's own form (choices or waiting) is what a stored
    /// pending request should replace.
    pub(super) fn is_pupils(&self) -> bool {
        matches!(self, Self::Form | Self::Pending(_))
    }
}

/// Where the summary's receipt stands with the controller's endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Acknowledgement {
    /// Being sent.
    Sending,
    /// Countersigned by the controller.
    Acknowledged,
    /// Not acknowledged (unreachable, refused, or a forged answer).
    NotAcknowledged,
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
    /// Receipts signed on this page that storage refused, oldest first
    /// (`storage/unsaved.rs` keeps them; each action that may follow a change
    /// brings them): listed beside the history, downloadable, until the
    /// page closes.
    pub(crate) unsaved: Vec<Receipt>,
    /// Why stored receipts could not be read, if they could not.
    pub(crate) storage_error: Option<WidgetError>,
    pub(crate) stage: Stage,
    /// Why the last signing failed, shown and announced.
    pub(crate) form_error: Option<String>,
    /// The boxes (purpose, channel) the pupil changed since the form was
    /// shown: what they decided on the texts in front of them. Another
    /// tab's receipt then refreshes the history but not the boxes, and a
    /// language switch never unticks these.
    pub(crate) changed_by_pupil: Vec<(String, Option<Channel>)>,
    /// The summary's receipt with the endpoint, when one is configured.
    pub(crate) acknowledgement: Option<Acknowledgement>,
    /// The service's last refusal of whose receipt it is (a device not
    /// linked to the pupil, a credential out of date…): said in the form
    /// until a receipt of this device goes through.
    pub(crate) refusal: Option<ErrorCode>,
    /// Whether the language was chosen (by the embedder or the pupil);
    /// otherwise the latest receipt's language is used once it is read.
    pub(crate) language_chosen: bool,
    /// The pupil's answer to the age question (or the latest receipt's,
    /// until they answer): `None` until then.
    pub(crate) age: Option<AgeBracket>,
    /// Whether the pupil answered the age question on this form (else the
    /// latest receipt's answer may fill it in once it is read).
    pub(crate) age_chosen: bool,
    /// What the controller's service recorded for this pupil (with an
    /// endpoint): stops and messages.
    pub(crate) records: Rc<Records>,
    /// The latest receipt's grants that no longer count (stopped, lapsed):
    /// unticked, and said above the form.
    pub(crate) ended: Vec<Ended>,
    /// Now (Unix seconds), as of the last history read: lapse is decided
    /// against it.
    pub(crate) now: i64,
}

impl State {
    /// The state for a notice, before stored receipts are read, with the
    /// receipts signed on this page that storage refused.
    pub(crate) fn new(
        notice: Rc<Notice>,
        language: String,
        language_chosen: bool,
        unsaved: Vec<Receipt>,
    ) -> Self {
        Self {
            unsaved,
            notice,
            language,
            choices: Choices::default(),
            review: Review::default(),
            history: History::default(),
            storage_error: None,
            stage: Stage::Form,
            form_error: None,
            changed_by_pupil: Vec::new(),
            acknowledgement: None,
            refusal: None,
            language_chosen,
            age: None,
            age_chosen: false,
            records: Rc::default(),
            ended: Vec::new(),
            now: 0,
        }
    }

    /// Starts from what the pupil did in a pre-rendered form: their ticks
    /// are their own changes (a stored receipt read later does not untick
    /// them), and a button pressed in a stale form is refused, visibly.
    pub(crate) fn starting_from(mut self, early: &EarlyInput, stale_message: &str) -> Self {
        self.choices = early.choices();
        self.changed_by_pupil = early.ticked.clone();
        if let Some(age) = early.age {
            self.age = Some(age);
            self.age_chosen = true;
        }
        if early.stale && early.action.is_some() {
            self.form_error = Some(stale_message.to_owned());
        }
        self
    }

    /// The latest receipt: stored, or signed here and not stored.
    fn latest(&self) -> Option<&Receipt> {
        unsaved::latest(Some(&self.history), &self.unsaved)
    }

    /// The wording shown: the simpler texts below the age.
    pub(crate) fn wording(&self) -> Wording {
        self.age.map(AgeBracket::wording).unwrap_or_default()
    }

    /// Starts from the latest receipt's choices, keeping only what the
    /// pupil decided on the same texts.
    pub(super) fn start_from_history(&mut self) {
        if let Some(payload) = self.latest().map(|r| r.payload().clone()) {
            if !self.language_chosen && self.notice.languages.contains(&payload.language) {
                self.language = payload.language;
            }
            if !self.age_chosen {
                // The pupil's last answer, which they may change.
                self.age = payload.age.map(|a| a.bracket).or(self.age);
            }
        }
        self.review = review(&self.notice, self.latest(), &self.language, self.wording());
        self.choices = self.review.choices.clone();
        self.changed_by_pupil.clear();
        self.end_boxes();
    }

    /// Finds the latest receipt's grants that no longer count (stopped
    /// after it, or lapsed) and unticks them, unless the pupil ticked them
    /// on this form: they are granted again only that way.
    pub(super) fn end_boxes(&mut self) {
        self.ended = match self.latest() {
            Some(latest) => ended(&self.notice, latest, &self.records.stops, self.now),
            None => Vec::new(),
        };
        for e in &self.ended {
            let changed = (e.purpose.clone(), e.channel);
            if !self.changed_by_pupil.contains(&changed) {
                self.choices.refuse(&e.purpose, e.channel);
            }
        }
    }

    /// Reviews again for the language now shown. May only untick, and only
    /// boxes carried over from a receipt (not changed by the pupil since)
    /// for a purpose whose texts in this language the pupil never saw; a
    /// box the pupil ticked themselves stays as it is, next to the texts
    /// now shown, which the receipt will record.
    pub(super) fn review_again(&mut self) {
        self.review = review(&self.notice, self.latest(), &self.language, self.wording());
        for purpose in &self.notice.purposes {
            if self.review.standing_of(&purpose.id) == Standing::Known {
                continue;
            }
            for channel in purpose.boxes() {
                if !self
                    .changed_by_pupil
                    .contains(&(purpose.id.clone(), channel))
                {
                    self.choices.refuse(&purpose.id, channel);
                }
            }
        }
    }
}

/// One box ticked (`true`) or unticked: the rule for the pupil's form and
/// the guardian's review alike.
pub(crate) fn toggle(choices: &mut Choices, purpose: &str, channel: Option<Channel>, ticked: bool) {
    if ticked {
        choices.grant(purpose, channel);
    } else {
        choices.refuse(purpose, channel);
    }
}
