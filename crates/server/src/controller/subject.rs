//! The pupil a receipt names: the receipt core's one rule
//! (`limpide_receipt::subject`), which `limpide log audit` reads receipts
//! by too.

pub use limpide_receipt::subject::{check_id, id_of, SubjectError, MAX_ID_CHARS};
