//! A notice comparison (`Notice::changes_since`) as the page reads it.

use limpide_receipt::{NoticeChanges, PurposeChange, Value};

/// `purposes`, `members` and `same_texts`.
pub fn value(changes: &NoticeChanges) -> Value {
    let mut value = Value::Null;
    value["purposes"] = changes
        .purposes
        .iter()
        .map(|(id, change)| {
            let mut purpose = Value::Null;
            purpose["id"] = Value::from(id.as_str());
            let (name, languages) = match change {
                PurposeChange::Added => ("added", None),
                PurposeChange::Removed => ("removed", None),
                PurposeChange::Changed(languages) => ("changed", Some(languages)),
                PurposeChange::Same => ("same", None),
            };
            purpose["change"] = Value::from(name);
            if let Some(languages) = languages {
                purpose["languages"] = languages.iter().map(|l| Value::from(l.as_str())).collect();
            }
            purpose
        })
        .collect();
    value["members"] = changes
        .members
        .iter()
        .map(|m| Value::from(m.as_str()))
        .collect();
    value["same_texts"] = Value::Bool(changes.same_texts());
    value
}
