//! The form's components, one per file.

mod choice_actions;
mod consent_form;
mod history;
mod language_switch;
mod notice_error;
mod purpose;
mod required;
mod summary;

pub use consent_form::{ConsentForm, ConsentFormProps};
pub use notice_error::{NoticeError, NoticeErrorProps};
