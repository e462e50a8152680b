//! The form's components, one per file.

mod age_question;
mod choice_actions;
mod choices_form;
mod consent_form;
mod form_header;
mod guardian_review;
mod history;
mod language_switch;
mod notice_error;
mod purpose;
mod required;
mod summary;
mod waiting;

pub use consent_form::{ConsentForm, ConsentFormProps};
pub use notice_error::{NoticeError, NoticeErrorProps};
