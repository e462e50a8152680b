//! What the page says of a valid receipt in plain words: when, in which
//! language, for which notice, and purpose by purpose what was decided on
//! each box; with the notice, each purpose's title as the pupil read it.

use limpide_receipt::{Channel, Notice, Receipt, Value};

/// The details of a verified receipt.
pub fn of(receipt: &Receipt, notice: Option<&Notice>) -> Value {
    let payload = receipt.payload();
    let mut details = Value::Null;
    details["issued_at"] = Value::from(payload.issued_at.as_str());
    details["language"] = Value::from(payload.language.as_str());
    details["controller"] = Value::from(payload.controller.name.as_str());
    details["notice_id"] = Value::from(payload.notice.id.as_str());
    details["notice_version"] = Value::from(payload.notice.version.as_str());
    details["subject"] = payload.subject.as_deref().map_or(Value::Null, Value::from);
    details["previous"] = payload
        .previous
        .as_ref()
        .map_or(Value::Null, |p| Value::from(p.digest.as_str()));
    details["age"] = payload.age.map_or(Value::Null, |age| {
        let mut value = Value::Null;
        value["bracket"] = Value::from(age.bracket.as_str());
        value["digital_consent_age"] = Value::from(u32::from(age.digital_consent_age));
        value
    });
    details["guardian"] = payload.guardian.as_ref().map_or(Value::Null, |g| {
        let mut value = Value::Null;
        value["holds_parental_authority"] = Value::Bool(g.holds_parental_authority);
        value["name"] = g.name.as_deref().map_or(Value::Null, Value::from);
        value
    });
    // Below the age the pupil read the simpler texts, which the digests bind.
    let wording = payload.wording();
    details["purposes"] = receipt
        .purpose_accounts(notice)
        .map(|account| {
            let record = account.record;
            let mut purpose = Value::Null;
            purpose["id"] = Value::from(record.id.as_str());
            purpose["title"] = account.title.map_or(Value::Null, Value::from);
            // The very texts the receipt's digest binds (the receipt was
            // checked against this notice: they match).
            purpose["texts"] = notice
                .and_then(|n| n.shown_texts_in(&record.id, &payload.language, wording))
                .unwrap_or(Value::Null);
            // In the order the form shows the channels (`Channel::ALL`).
            let mut decisions: Vec<_> = record.decisions().collect();
            decisions.sort_by_key(|(channel, _)| {
                channel.map(|c| Channel::ALL.iter().position(|&k| k == c))
            });
            purpose["decisions"] = decisions
                .into_iter()
                .map(|(channel, decision)| {
                    let mut d = Value::Null;
                    d["channel"] = channel.map_or(Value::Null, |c| Value::from(c.as_str()));
                    d["decision"] = Value::from(decision.as_str());
                    d
                })
                .collect();
            purpose
        })
        .collect();
    details
}
