//! The list a release answers: the contact list's rows whose pupil may get
//! the message, each with the whole message to send in that pupil's
//! language and their own stop link. Pure and synchronous: the caller runs
//! it off the async workers, with the allowed pupils read beforehand.

use std::collections::{HashMap, HashSet};

use super::draft::Links;
use super::stop::new_token;
use super::template::{language_for, render};
use crate::store::NewStopLink;
use limpide_receipt::Template;

/// The largest contact list a release takes, from the API or the console.
/// A list of 100 000 rows is a few MiB; a 250 MiB one once held 273 MB
/// of the service's memory for nothing. Its answer is larger still (each
/// kept row gains its message and stop link).
pub const MAX_LIST_BYTES: usize = 32 * 1024 * 1024;

/// The most rows a contact list may have: a region's pupils several times
/// over. More is refused before any stop link is made.
pub const MAX_LIST_ROWS: u64 = 500_000;

/// The columns a release adds to each kept row.
pub const ADDED_COLUMNS: [&str; 4] = ["stop_url", "language", "message_subject", "message"];

/// Why a list could not be released; nothing was recorded.
#[derive(Debug)]
pub enum ListRefused {
    /// The list is not CSV, has no subject column, or already has a
    /// column the release adds.
    Csv(String),
    /// The system's random source failed.
    Random(String),
}

/// A released list.
pub struct ReleasedList {
    /// The CSV answered: the header with [`ADDED_COLUMNS`], then each kept row.
    pub csv: Vec<u8>,
    /// Rows kept.
    pub kept: u64,
    /// Rows dropped: no grant, a lapsed grant, a subject listed twice.
    pub dropped: u64,
    /// One stop link per kept row, to store with the release.
    pub stop_links: Vec<NewStopLink>,
}

/// Filters `input` (CSV with a header and a `column` of subject ids) by
/// `allowed` (subject id → the language of their latest receipt), adding
/// to each kept row its stop link, language and message. A subject listed
/// twice is kept once: nobody gets a message twice.
pub fn release_list(
    input: &[u8],
    column: &str,
    allowed: &HashMap<String, Option<String>>,
    template: &Template,
    links: &Links<'_>,
) -> Result<ReleasedList, ListRefused> {
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(input);
    let headers = reader
        .byte_headers()
        .map_err(|e| ListRefused::Csv(e.to_string()))?
        .clone();
    let subject_column = headers
        .iter()
        .position(|h| h == column.as_bytes())
        .ok_or_else(|| ListRefused::Csv(format!("the header has no {column:?} column")))?;
    if let Some(taken) = ADDED_COLUMNS
        .iter()
        .find(|added| headers.iter().any(|h| h == added.as_bytes()))
    {
        return Err(ListRefused::Csv(format!(
            "the header already has a {taken:?} column, which the release adds"
        )));
    }
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header = headers.clone();
    for added in ADDED_COLUMNS {
        header.push_field(added.as_bytes());
    }
    write(&mut writer, &header)?;
    let mut seen = HashSet::new();
    let (mut kept, mut dropped, mut stop_links) = (0, 0, Vec::new());
    for (rows, record) in (1..).zip(reader.byte_records()) {
        if rows > MAX_LIST_ROWS {
            return Err(ListRefused::Csv(format!(
                "it has more than {MAX_LIST_ROWS} rows: split it, and ask the DPO to allow one release per part"
            )));
        }
        let mut record = record.map_err(|e| ListRefused::Csv(e.to_string()))?;
        let subject = record
            .get(subject_column)
            .map(|s| String::from_utf8_lossy(s).trim().to_owned())
            .unwrap_or_default();
        let Some(language) = allowed.get(&subject) else {
            dropped += 1;
            continue;
        };
        if !seen.insert(subject.clone()) {
            dropped += 1;
            continue;
        }
        let language = language_for(template, language.as_deref()).to_owned();
        let (token, token_hash) = new_token().map_err(|e| ListRefused::Random(e.to_string()))?;
        let stop_url = links.stop_url(&token);
        let message = render(template, &language, &stop_url);
        for field in [
            stop_url.as_str(),
            language.as_str(),
            message.subject.as_deref().unwrap_or(""),
            message.text.as_str(),
        ] {
            record.push_field(field.as_bytes());
        }
        write(&mut writer, &record)?;
        stop_links.push(NewStopLink {
            token_hash,
            subject,
            language,
        });
        kept += 1;
    }
    let csv = writer
        .into_inner()
        .map_err(|e| ListRefused::Csv(e.to_string()))?;
    Ok(ReleasedList {
        csv,
        kept,
        dropped,
        stop_links,
    })
}

fn write(writer: &mut csv::Writer<Vec<u8>>, record: &csv::ByteRecord) -> Result<(), ListRefused> {
    writer
        .write_byte_record(record)
        .map_err(|e| ListRefused::Csv(e.to_string()))
}

#[cfg(test)]
mod tests {
    use limpide_receipt::MessageText;

    use super::*;

    fn template() -> Template {
        let entry = |text: &str, footer: &str| MessageText::Text {
            text: text.to_owned(),
            footer: footer.to_owned(),
        };
        Template(vec![
            ("en".to_owned(), entry("Hello", "Stop: {stop_url}")),
            ("fr".to_owned(), entry("Bonjour", "Stop : {stop_url}")),
        ])
    }

    #[test]
    fn only_allowed_pupils_are_kept_once_each_with_their_own_link() {
        let allowed = HashMap::from([
            ("a".to_owned(), Some("fr".to_owned())),
            ("b".to_owned(), Some("en".to_owned())),
            ("c".to_owned(), None),
        ]);
        let input = b"subject,phone\na,0601\nx,0602\nb,0603\na,0601\nc,0604\n";
        let links = Links {
            public_url: "https://p.example",
        };
        let list = release_list(input, "subject", &allowed, &template(), &links).unwrap();
        assert_eq!((list.kept, list.dropped), (3, 2));
        let mut reader = csv::Reader::from_reader(list.csv.as_slice());
        assert_eq!(
            reader.headers().unwrap(),
            vec![
                "subject",
                "phone",
                "stop_url",
                "language",
                "message_subject",
                "message"
            ]
        );
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        let row = |i: usize| rows[i].iter().collect::<Vec<_>>();
        let a = row(0);
        assert_eq!(a[..2], ["a", "0601"]);
        assert!(a[2].starts_with("https://p.example/s/"));
        assert_eq!(a[3..5], ["fr", ""]);
        assert_eq!(a[5], format!("Bonjour\nStop : {}", a[2]));
        assert_eq!(row(1)[..2], ["b", "0603"]);
        // No receipt language: the template's first.
        assert_eq!(row(2)[..4], ["c", "0604", rows[2].get(2).unwrap(), "en"]);
        assert_eq!(list.stop_links.len(), 3);
        assert_eq!(list.stop_links[2].language, "en");
        let tokens: HashSet<_> = list.stop_links.iter().map(|l| &l.token_hash).collect();
        assert_eq!(tokens.len(), 3);
    }

    #[test]
    fn a_list_over_the_row_cap_is_refused() {
        let links = Links {
            public_url: "https://p.example",
        };
        let rows = usize::try_from(MAX_LIST_ROWS).unwrap() + 1;
        let mut input = b"subject\n".to_vec();
        input.extend(b"x\n".repeat(rows));
        let refused = release_list(&input, "subject", &HashMap::new(), &template(), &links);
        assert!(matches!(refused, Err(ListRefused::Csv(m)) if m.contains("more than 500000 rows")));
    }

    #[test]
    fn a_list_without_the_column_or_with_an_added_one_is_refused() {
        let links = Links {
            public_url: "https://p.example",
        };
        let none = HashMap::new();
        let refused = release_list(b"id\n1\n", "subject", &none, &template(), &links);
        assert!(matches!(refused, Err(ListRefused::Csv(m)) if m.contains("no \"subject\" column")));
        let refused = release_list(
            b"subject,message\n1,x\n",
            "subject",
            &none,
            &template(),
            &links,
        );
        assert!(matches!(refused, Err(ListRefused::Csv(m)) if m.contains("\"message\"")));
    }
}
