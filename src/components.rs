//! The form's components, one per file.

mod choice_actions;
mod choices_form;
mod consent_form;
mod form_header;
mod history;
mod language_switch;
mod notice_error;
mod purpose;
mod required;
mod summary;

pub use consent_form::{ConsentForm, ConsentFormProps};
pub use notice_error::{NoticeError, NoticeErrorProps};
