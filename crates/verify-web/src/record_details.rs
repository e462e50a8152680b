//! What the page says of a valid controller record (a campaign manifest, a
//! release record, a one-box withdrawal): its payload's members as signed,
//! and, with the notice, the title of the purpose it names.

use limpide_receipt::{Document, Notice, RecordPayload, Value};

/// The details of a verified controller record; `Null` for a receipt.
pub fn of(document: &Document, notice: Option<&Notice>) -> Value {
    let (mut details, purpose) = match document {
        Document::CampaignManifest(r) => (r.payload().to_value(), Some(&r.payload().purpose)),
        Document::ReleaseRecord(r) => (r.payload().to_value(), None),
        Document::BoxWithdrawal(r) => (r.payload().to_value(), Some(&r.payload().purpose)),
        Document::DeviceEnrollment(r) => (r.payload().to_value(), None),
        _ => return Value::Null,
    };
    if let Some(purpose) = purpose {
        // The purpose's title in each of the notice's languages.
        let titles = notice.and_then(|n| n.purpose(purpose).map(|p| (n, p)));
        details["purpose_title"] = titles.map_or(Value::Null, |(notice, p)| {
            let mut titles = Value::Null;
            for language in &notice.languages {
                titles[language.as_str()] = p.title.get(language).map_or(Value::Null, Value::from);
            }
            titles
        });
    }
    details
}
