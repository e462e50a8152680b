//! The form's state as a reducer (`State`, `Action`, `impl Reducible`), as
//! in yew's `function_todomvc`: every change goes through [`State::reduce`].

use std::rc::Rc;

use limpide_receipt::{AgeBracket, Channel, Choices, GuardianRequest, Notice, Receipt, Wording};
use yew::Reducible;

use crate::error::WidgetError;
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
    fn is_pupils(&self) -> bool {
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
    /// (`unsaved.rs` keeps them; each action that may follow a change
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
    /// Whether the language was chosen (by the embedder or the pupil);
    /// otherwise the latest receipt's language is used once it is read.
    pub(crate) language_chosen: bool,
    /// The pupil's answer to the age question (or the latest receipt's,
    /// until they answer): `None` until then.
    pub(crate) age: Option<AgeBracket>,
    /// Whether the pupil answered the age question on this form (else the
    /// latest receipt's answer may fill it in once it is read).
    pub(crate) age_chosen: bool,
}

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
    /// Signing failed: the form stays as it was.
    SigningFailed(String),
    /// The stored receipts were read (first open, or another tab wrote).
    HistoryRead {
        history: Result<History, WidgetError>,
        unsaved: Vec<Receipt>,
    },
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
            language_chosen,
            age: None,
            age_chosen: false,
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
    fn start_from_history(&mut self) {
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
    }

    /// Reviews again for the language now shown. May only untick, and only
    /// boxes carried over from a receipt (not changed by the pupil since)
    /// for a purpose whose texts in this language the pupil never saw; a
    /// box the pupil ticked themselves stays as it is, next to the texts
    /// now shown, which the receipt will record.
    fn review_again(&mut self) {
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

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            // Nothing changes under a signature in progress.
            Action::Toggle { .. } | Action::Language(_) | Action::Age(_) | Action::Change
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
                let changed = (purpose, channel);
                if !next.changed_by_pupil.contains(&changed) {
                    next.changed_by_pupil.push(changed);
                }
            }
            Action::Language(language) => {
                if next.notice.languages.contains(&language) {
                    next.language = language;
                    next.language_chosen = true;
                    next.review_again();
                }
            }
            // Like a language switch: the texts shown change (simpler below
            // the age), which may untick carried-over boxes, never the
            // pupil's own.
            Action::Age(age) => {
                next.age = Some(age);
                next.age_chosen = true;
                next.form_error = None;
                next.review_again();
            }
            Action::AgeMissing(message) => next.form_error = Some(message),
            Action::Notice { notice, unsaved } => {
                if !notice.languages.contains(&next.language) {
                    next.language = notice.languages[0].clone();
                }
                next.notice = notice;
                next.stage = Stage::Form;
                next.unsaved = unsaved;
                next.start_from_history();
            }
            Action::Signing => {
                next.stage = Stage::Signing;
                next.form_error = None;
            }
            Action::Issued { issued, unsaved } => {
                // The history itself is read again from storage (the
                // broadcast that follows a stored receipt), never patched
                // here, so that it always shows what is really kept.
                // The form reopens on what was just signed, stored or not.
                next.review = review(
                    &next.notice,
                    Some(&issued.receipt),
                    &next.language,
                    next.wording(),
                );
                next.choices = next.review.choices.clone();
                next.changed_by_pupil.clear();
                next.unsaved = unsaved;
                next.stage = Stage::Summary(issued);
                next.acknowledgement = None;
            }
            Action::Sending => next.acknowledgement = Some(Acknowledgement::Sending),
            Action::Acknowledged {
                receipt: None,
                unsaved,
            } => {
                next.unsaved = unsaved;
                next.acknowledgement = Some(Acknowledgement::NotAcknowledged);
            }
            Action::Acknowledged {
                receipt: Some(receipt),
                unsaved,
            } => {
                // The countersigned copy is what is offered now.
                next.unsaved = unsaved;
                if let Stage::Summary(issued) = &next.stage {
                    if issued.receipt.digest() == receipt.digest() {
                        next.stage = Stage::Summary(Rc::new(Issued {
                            receipt: *receipt,
                            stored: issued.stored.clone(),
                        }));
                        next.acknowledgement = Some(Acknowledgement::Acknowledged);
                    }
                }
            }
            Action::SigningFailed(message) => {
                next.stage = Stage::Form;
                next.form_error = Some(message);
            }
            Action::HistoryRead {
                history: Ok(history),
                unsaved,
            } => {
                next.history = history;
                next.storage_error = None;
                next.unsaved = unsaved;
                if next.stage != Stage::Signing && next.changed_by_pupil.is_empty() {
                    next.start_from_history();
                } else {
                    // Keep the pupil's boxes; a later receipt still chains
                    // to the newest one, read again when signing.
                    next.review_again();
                }
            }
            Action::HistoryRead {
                history: Err(error),
                unsaved,
            } => {
                next.storage_error = Some(error);
                next.unsaved = unsaved;
            }
            Action::Change => {
                next.stage = Stage::Form;
            }
            Action::Asked(request) => next.stage = Stage::Pending(request),
            Action::Pending(Some(request)) => {
                // A guardian reviewing, a signature in progress or a
                // receipt shown is left alone; the pupil's form becomes
                // the waiting screen.
                if next.stage.is_pupils() {
                    next.stage = Stage::Pending(request);
                }
            }
            Action::Pending(None) => {
                if matches!(next.stage, Stage::Pending(_) | Stage::HandOver(_)) {
                    next.stage = Stage::Form;
                    next.start_from_history();
                }
            }
            Action::HandOver => {
                if let Stage::Pending(request) | Stage::Guardian { request, .. } = &next.stage {
                    next.stage = Stage::HandOver(request.clone());
                }
            }
            Action::GuardianReview {
                request,
                same_device,
            } => {
                next.form_error = None;
                next.stage = Stage::Guardian {
                    request,
                    same_device,
                };
            }
            Action::Answered(link) => next.stage = Stage::Answered(Rc::new(link)),
            Action::GuardianRefused(message) => {
                if next.stage == Stage::Signing {
                    next.stage = Stage::Form;
                }
                next.form_error = Some(message);
            }
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use limpide_receipt::{Channel, Choices};
    use yew::Reducible as _;

    use super::*;
    use crate::form::review::tests::{notice_with, receipt};

    fn reduce(state: State, actions: Vec<Action>) -> Rc<State> {
        actions
            .into_iter()
            .fold(Rc::new(state), |state, action| state.reduce(action))
    }

    #[test]
    fn switching_language_after_a_notice_change_unticks_and_never_reticks() {
        let before = Rc::new(notice_with(|_| {}));
        let french = receipt(&before, &Choices::accept_all(&before), "fr");
        let after = Rc::new(notice_with(|n| {
            n["version"] = "2027-01-01".into();
            n["purposes"][0]["retention"]["en"] = "Five years".into();
        }));
        let first = after.purposes[0].id.clone();
        let channel = after.purposes[0].channels.first().copied();
        let read = Action::HistoryRead {
            history: Ok(History::of(vec![french])),
            unsaved: Vec::new(),
        };

        // Shown in French, the French receipt vouches for every box.
        let state = reduce(
            State::new(after.clone(), "fr".into(), false, Vec::new()),
            vec![read],
        );
        assert!(state.choices.is_granted(&first, channel));

        // Switched to English: the pupil never saw these English texts.
        let state = state.reduce(Action::Language("en".into()));
        assert_eq!(state.choices, Choices::default());
        // Back to French: nothing is ticked again for the pupil.
        let state = state.reduce(Action::Language("fr".into()));
        assert_eq!(state.choices, Choices::default());
    }

    #[test]
    fn switching_language_keeps_the_boxes_the_pupil_ticked() {
        let notice = Rc::new(notice_with(|_| {}));
        let first = notice.purposes[0].id.clone();
        let channel = notice.purposes[0].channels.first().copied();
        let tick = Action::Toggle {
            purpose: first.clone(),
            channel,
            ticked: true,
        };
        // First visit: no receipt at all.
        let state = reduce(
            State::new(notice.clone(), "fr".into(), false, Vec::new()),
            vec![
                Action::HistoryRead {
                    history: Ok(History::default()),
                    unsaved: Vec::new(),
                },
                tick,
            ],
        );
        let state = state.reduce(Action::Language("en".into()));
        assert!(state.choices.is_granted(&first, channel));
        // The stored receipts read after the pupil ticked (slow storage,
        // or another tab) leave the box as the pupil set it.
        let state = state.reduce(Action::HistoryRead {
            history: Ok(History::default()),
            unsaved: Vec::new(),
        });
        assert!(state.choices.is_granted(&first, channel));
    }

    #[test]
    fn after_a_notice_change_a_box_the_pupil_ticked_again_survives_a_language_switch() {
        let before = Rc::new(notice_with(|_| {}));
        let french = receipt(&before, &Choices::accept_all(&before), "fr");
        let after = Rc::new(notice_with(|n| {
            n["version"] = "2027-01-01".into();
        }));
        let first = after.purposes[0].id.clone();
        let second = after.purposes[1].id.clone();
        let channel = after.purposes[0].channels.first().copied();
        let state = reduce(
            State::new(after.clone(), "fr".into(), false, Vec::new()),
            vec![
                Action::HistoryRead {
                    history: Ok(History::of(vec![french])),
                    unsaved: Vec::new(),
                },
                Action::Toggle {
                    purpose: first.clone(),
                    channel,
                    ticked: true,
                },
                Action::Language("en".into()),
            ],
        );
        assert!(state.choices.is_granted(&first, channel));
        // The same purpose's other channel, carried over and not touched,
        // goes: the pupil decided one box, not the whole purpose.
        let other_channel = after.purposes[0].channels.get(1).copied();
        assert!(
            other_channel.is_some(),
            "the test notice's first purpose has two channels"
        );
        assert!(!state.choices.is_granted(&first, other_channel));
        // Carried over from the French receipt and not seen in English.
        let second_channel = after.purposes[1].channels.first().copied();
        assert!(!state.choices.is_granted(&second, second_channel));
    }

    #[test]
    fn the_latest_receipts_language_is_shown_unless_one_was_chosen() {
        let notice = Rc::new(notice_with(|_| {}));
        let english = receipt(&notice, &Choices::default(), "en");
        let read = || Action::HistoryRead {
            history: Ok(History::of(vec![english.clone()])),
            unsaved: Vec::new(),
        };
        let state = reduce(
            State::new(notice.clone(), "fr".into(), false, Vec::new()),
            vec![read()],
        );
        assert_eq!(state.language, "en");
        let state = reduce(
            State::new(notice, "fr".into(), true, Vec::new()),
            vec![read()],
        );
        assert_eq!(state.language, "fr");
    }

    #[test]
    fn a_stored_request_replaces_the_form_only() {
        use limpide_receipt::{Collection, Context, GuardianRequest};
        let notice = Rc::new(notice_with(|_| {}));
        let mut choices = Choices::default();
        choices.grant(
            &notice.purposes[0].id,
            notice.purposes[0].channels.first().copied(),
        );
        let context = Context::new(
            "0b9f3f8e-3c7a-4a43-9d55-2f1f0c4b6a10".into(),
            "2026-12-02T10:00:00Z".into(),
            "fr".into(),
            Collection::new("web-form", "limpide/test", "webcrypto-indexeddb"),
        );
        let request = Rc::new(GuardianRequest::new(&notice, &choices, &context).unwrap());
        let state = reduce(
            State::new(notice.clone(), "fr".into(), false, Vec::new()),
            vec![Action::Pending(Some(request.clone()))],
        );
        assert_eq!(state.stage, Stage::Pending(request.clone()));
        // Read again while a guardian reviews it on this device: left alone.
        let state = state.reduce(Action::HandOver);
        let state = state.reduce(Action::Pending(Some(request.clone())));
        assert_eq!(state.stage, Stage::HandOver(request.clone()));
        // Abandoned (here or in another tab): the form again, nothing granted.
        let state = state.reduce(Action::Pending(None));
        assert_eq!(state.stage, Stage::Form);
        assert_eq!(state.choices, Choices::default());
    }

    #[test]
    fn the_age_answer_changes_the_wording_and_keeps_the_pupils_ticks() {
        let notice = Rc::new(notice_with(|_| {}));
        let first = notice.purposes[0].id.clone();
        let channel = notice.purposes[0].channels.first().copied();
        let state = reduce(
            State::new(notice, "fr".into(), false, Vec::new()),
            vec![
                Action::Toggle {
                    purpose: first.clone(),
                    channel,
                    ticked: true,
                },
                Action::Age(AgeBracket::Under),
            ],
        );
        assert_eq!(state.wording(), Wording::Simpler);
        assert!(state.choices.is_granted(&first, channel));
        assert_eq!(
            state.reduce(Action::Age(AgeBracket::AtOrOver)).wording(),
            Wording::Standard
        );
    }

    #[test]
    fn nothing_changes_while_a_receipt_is_being_signed() {
        let notice = Rc::new(notice_with(|_| {}));
        let purpose = notice.purposes[0].id.clone();
        let state = reduce(
            State::new(notice, "fr".into(), false, Vec::new()),
            vec![
                Action::Signing,
                Action::Toggle {
                    purpose: purpose.clone(),
                    channel: Some(Channel::Sms),
                    ticked: true,
                },
                Action::Language("en".into()),
                Action::Change,
            ],
        );
        assert_eq!(state.stage, Stage::Signing);
        assert_eq!(state.choices, Choices::default());
        assert_eq!(state.language, "fr");
    }
}
