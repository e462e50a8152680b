//! The form's views: each renders and dispatches, with no workflow of its
//! own (the workflows are in `signing/`, `storage/`, `endpoint/` and
//! `joint/`). The screens of joint consent are in `joint/`.

mod age_question;
mod choice_actions;
mod choices_form;
mod consent_form;
mod form_header;
mod history;
mod language_switch;
mod notice_error;
pub(crate) mod press_guard;
pub(crate) mod purpose;
mod records;
mod refusal;
mod required;
pub(crate) mod summary;

pub use consent_form::{ConsentForm, ConsentFormProps};
pub use notice_error::{NoticeError, NoticeErrorProps};
