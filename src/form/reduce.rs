//! The form's reducer (`impl Reducible for State`), pure: what it learns
//! from storage and the page comes in with the actions. Each action is one
//! short transition of its own.

use std::rc::Rc;

use limpide_receipt::{AgeBracket, Channel, GuardianRequest, Notice, Receipt};
use yew::Reducible;

use crate::error::WidgetError;
use crate::form::action::Action;
use crate::form::review::review;
use crate::form::state::{toggle, Acknowledgement, Stage, State};
use crate::signing::issued::Issued;
use crate::storage::receipts::History;

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        // Nothing changes under a signature in progress.
        if self.stage == Stage::Signing && action.changes_the_form() {
            return self;
        }
        let mut next = (*self).clone();
        match action {
            Action::Toggle {
                purpose,
                channel,
                ticked,
            } => next.toggle(purpose, channel, ticked),
            Action::Language(language) => next.switch_language(language),
            Action::Age(age) => next.answer_age(age),
            Action::AgeMissing(message) => next.form_error = Some(message),
            Action::Notice { notice, unsaved } => next.show_notice(notice, unsaved),
            Action::Signing => next.start_signing(),
            Action::Issued { issued, unsaved } => next.show_issued(issued, unsaved),
            Action::Sending => next.acknowledgement = Some(Acknowledgement::Sending),
            Action::Acknowledged { receipt, unsaved } => next.acknowledged(receipt, unsaved),
            Action::Refused(code) => next.refusal = code,
            Action::SigningFailed(message) => next.signing_failed(message),
            Action::HistoryRead {
                history,
                unsaved,
                now,
            } => {
                next.now = now;
                next.read_history(history, unsaved);
            }
            Action::Records(records) => next.read_records(records),
            Action::Change => next.stage = Stage::Form,
            Action::Asked(request) => next.stage = Stage::Pending(request),
            Action::Pending(request) => next.pending_read(request),
            Action::HandOver => next.hand_over(),
            Action::GuardianReview {
                request,
                same_device,
            } => next.review_by_guardian(request, same_device),
            Action::Answered(link) => next.stage = Stage::Answered(Rc::new(link)),
            Action::GuardianRefused(message) => next.guardian_refused(message),
        }
        Rc::new(next)
    }
}

impl Action {
    /// Whether the action changes what the pupil decides on: none may
    /// while a receipt is being signed.
    fn changes_the_form(&self) -> bool {
        matches!(
            self,
            Self::Toggle { .. } | Self::Language(_) | Self::Age(_) | Self::Change
        )
    }
}

impl State {
    fn toggle(&mut self, purpose: String, channel: Option<Channel>, ticked: bool) {
        toggle(&mut self.choices, &purpose, channel, ticked);
        let changed = (purpose, channel);
        if !self.changed_by_pupil.contains(&changed) {
            self.changed_by_pupil.push(changed);
        }
    }

    fn switch_language(&mut self, language: String) {
        if self.notice.languages.contains(&language) {
            self.language = language;
            self.language_chosen = true;
            self.review_again();
        }
    }

    /// Like a language switch: the texts shown change (simpler below the
    /// age), which may untick carried-over boxes, never the pupil's own.
    fn answer_age(&mut self, age: AgeBracket) {
        self.age = Some(age);
        self.age_chosen = true;
        self.form_error = None;
        self.review_again();
    }

    fn show_notice(&mut self, notice: Rc<Notice>, unsaved: Vec<Receipt>) {
        if !notice.languages.contains(&self.language) {
            self.language = notice.languages[0].clone();
        }
        self.notice = notice;
        self.stage = Stage::Form;
        self.unsaved = unsaved;
        self.start_from_history();
    }

    fn start_signing(&mut self) {
        self.stage = Stage::Signing;
        self.form_error = None;
    }

    /// The history itself is read again from storage (the broadcast that
    /// follows a stored receipt), never patched here, so that it always
    /// shows what is really kept. The form reopens on what was just
    /// signed, stored or not.
    fn show_issued(&mut self, issued: Rc<Issued>, unsaved: Vec<Receipt>) {
        self.review = review(
            &self.notice,
            Some(&issued.receipt),
            &self.language,
            self.wording(),
        );
        self.choices = self.review.choices.clone();
        self.changed_by_pupil.clear();
        self.unsaved = unsaved;
        self.ended.clear();
        self.stage = Stage::Summary(issued);
        self.acknowledgement = None;
    }

    /// The countersigned copy, if any, is what is offered now.
    fn acknowledged(&mut self, receipt: Option<Box<Receipt>>, unsaved: Vec<Receipt>) {
        self.unsaved = unsaved;
        let Some(receipt) = receipt else {
            self.acknowledgement = Some(Acknowledgement::NotAcknowledged);
            return;
        };
        if let Stage::Summary(issued) = &self.stage {
            if issued.receipt.digest() == receipt.digest() {
                self.stage = Stage::Summary(Rc::new(Issued {
                    receipt: *receipt,
                    stored: issued.stored.clone(),
                }));
                self.acknowledgement = Some(Acknowledgement::Acknowledged);
                // What the pupil just did was recorded.
                self.refusal = None;
            }
        }
    }

    /// What the service recorded: the boxes it stopped since the latest
    /// receipt are unticked (never one the pupil ticked here), and said.
    fn read_records(&mut self, records: Rc<super::records::Records>) {
        self.records = records;
        if self.stage != Stage::Signing {
            self.end_boxes();
        }
    }

    /// The form stays as it was.
    fn signing_failed(&mut self, message: String) {
        self.stage = Stage::Form;
        self.form_error = Some(message);
    }

    fn read_history(&mut self, history: Result<History, WidgetError>, unsaved: Vec<Receipt>) {
        self.unsaved = unsaved;
        let history = match history {
            Ok(history) => history,
            Err(error) => {
                self.storage_error = Some(error);
                return;
            }
        };
        self.history = history;
        self.storage_error = None;
        if self.stage != Stage::Signing && self.changed_by_pupil.is_empty() {
            self.start_from_history();
        } else {
            // Keep the pupil's boxes; a later receipt still chains to the
            // newest one, read again when signing.
            self.review_again();
        }
    }

    /// The pending request as read from storage. A guardian reviewing, a
    /// signature in progress or a receipt shown is left alone; the pupil's
    /// form becomes the waiting screen. None (abandoned, answered): back to
    /// the form from the waiting screens.
    fn pending_read(&mut self, request: Option<Rc<GuardianRequest>>) {
        match request {
            Some(request) if self.stage.is_pupils() => self.stage = Stage::Pending(request),
            Some(_) => {}
            None => {
                if matches!(self.stage, Stage::Pending(_) | Stage::HandOver(_)) {
                    self.stage = Stage::Form;
                    self.start_from_history();
                }
            }
        }
    }

    fn hand_over(&mut self) {
        if let Stage::Pending(request) | Stage::Guardian { request, .. } = &self.stage {
            self.stage = Stage::HandOver(request.clone());
        }
    }

    fn review_by_guardian(&mut self, request: Rc<GuardianRequest>, same_device: bool) {
        self.form_error = None;
        self.stage = Stage::Guardian {
            request,
            same_device,
        };
    }

    fn guardian_refused(&mut self, message: String) {
        if self.stage == Stage::Signing {
            self.stage = Stage::Form;
        }
        self.form_error = Some(message);
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use limpide_receipt::{Channel, Choices, Wording};
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
            now: 0,
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
                    now: 0,
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
            now: 0,
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
                    now: 0,
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
            now: 0,
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

    #[test]
    fn a_box_the_service_stopped_starts_unticked_and_only_the_pupil_ticks_it_again() {
        use crate::form::records::{Records, Stop, Why};
        let notice = Rc::new(notice_with(|_| {}));
        let purpose = notice.purposes[0].id.clone();
        let channel = notice.purposes[0].channels.first().copied();
        let latest = receipt(&notice, &Choices::accept_all(&notice), "fr");
        let read = Action::HistoryRead {
            history: Ok(History::of(vec![latest])),
            unsaved: Vec::new(),
            now: 0,
        };
        let stopped = Rc::new(Records {
            stops: vec![Stop {
                purpose: purpose.clone(),
                channel,
                issued_at: "2026-12-01T10:00:00Z".into(),
                stop_link: true,
            }],
            ..Records::default()
        });
        let state = reduce(
            State::new(notice.clone(), "fr".into(), false, Vec::new()),
            vec![read, Action::Records(stopped.clone())],
        );
        assert!(!state.choices.is_granted(&purpose, channel), "unticked");
        assert_eq!(state.ended.len(), 1);
        assert_eq!(state.ended[0].why, Why::StopLink);
        // Every other box the receipt granted is still ticked.
        let others = Choices::accept_all(&notice).iter().count() - 1;
        assert_eq!(state.choices.iter().count(), others);
        // The pupil ticks it again: a later answer from the service (another
        // open, another tab) never unticks what they ticked.
        let state = state.reduce(Action::Toggle {
            purpose: purpose.clone(),
            channel,
            ticked: true,
        });
        let state = state.reduce(Action::Records(stopped));
        assert!(state.choices.is_granted(&purpose, channel));
    }

    #[test]
    fn a_lapsed_grant_starts_unticked_and_is_said() {
        use crate::form::records::Why;
        let notice = Rc::new(notice_with(|n| {
            n["format"] = limpide_receipt::Value::from(2u64);
            n["grant_validity"] = "P1D".into();
        }));
        let latest = receipt(&notice, &Choices::accept_all(&notice), "fr");
        let issued = limpide_receipt::parse_utc("2026-11-24T18:05:09Z").unwrap();
        let open = |now: i64| {
            reduce(
                State::new(notice.clone(), "fr".into(), false, Vec::new()),
                vec![Action::HistoryRead {
                    history: Ok(History::of(vec![latest.clone()])),
                    unsaved: Vec::new(),
                    now,
                }],
            )
        };
        let within = open(issued + 3600);
        assert!(within.ended.is_empty());
        assert_eq!(within.choices, Choices::accept_all(&notice));
        let lapsed = open(issued + 2 * 86_400);
        assert_eq!(lapsed.stage, Stage::Form);
        assert_eq!(lapsed.choices, Choices::default());
        assert!(lapsed.ended.iter().all(|e| e.why == Why::Lapsed));
        assert_eq!(
            lapsed.ended.len(),
            Choices::accept_all(&notice).iter().count()
        );
    }

    #[test]
    fn a_refusal_is_said_until_a_receipt_of_this_device_goes_through() {
        use crate::error::ErrorCode;
        use limpide_receipt::{Role, SigningKey};

        let notice = Rc::new(notice_with(|_| {}));
        let mine = receipt(&notice, &Choices::refuse_all(), "fr");
        let issued = Rc::new(Issued {
            receipt: mine.clone(),
            stored: Ok(()),
        });
        let refused = reduce(
            State::new(notice.clone(), "fr".into(), false, Vec::new()),
            vec![
                Action::Issued {
                    issued,
                    unsaved: Vec::new(),
                },
                Action::Refused(Some(ErrorCode::KeyNotEnrolled)),
                Action::Acknowledged {
                    receipt: None,
                    unsaved: Vec::new(),
                },
                Action::Change,
            ],
        );
        assert_eq!(refused.refusal, Some(ErrorCode::KeyNotEnrolled));
        assert_eq!(refused.stage, Stage::Form);

        let mut countersigned = mine;
        let key = SigningKey::from_seed([7; 32]);
        let input = countersigned.signing_input(Role::Controller, key.public_jwk());
        let signature = key.sign(input.as_bytes());
        countersigned.attach(input, &signature).unwrap();
        let issued = Rc::new(Issued {
            receipt: countersigned.clone(),
            stored: Ok(()),
        });
        let through = reduce(
            (*refused).clone(),
            vec![
                Action::Issued {
                    issued,
                    unsaved: Vec::new(),
                },
                Action::Acknowledged {
                    receipt: Some(Box::new(countersigned)),
                    unsaved: Vec::new(),
                },
            ],
        );
        assert_eq!(through.refusal, None);
    }
}
