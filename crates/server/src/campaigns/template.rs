//! A campaign's template (`limpide_receipt::Template`: its message and
//! footer in every language of the notice, with `{stop_url}` left for each
//! row), as the service stores, reads back and fills it for each row. The
//! DPO approves it whole, by its digest (`text_digest`), and it never
//! changes after that.

use limpide_receipt::{canonical_json, MessageText, Template, STOP_URL_PLACEHOLDER};

/// What one row is sent: the subject line (e-mail) and the whole text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    /// An e-mail's subject line.
    pub subject: Option<String>,
    /// The text and its footer, with this row's stop link.
    pub text: String,
}

/// The template's RFC 8785 form: what is stored (its digest is
/// `Template::digest`, the `text_digest` the DPO approves).
pub fn stored_form(template: &Template) -> String {
    canonical_json(&template.to_value())
}

/// A template read back from its stored form; `None` if it does not read
/// as one (the database was changed by hand).
pub fn from_stored(text: &str) -> Option<Template> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    let mut entries = Vec::new();
    for (language, entry) in value.as_object()? {
        let field = |name: &str| entry.get(name)?.as_str().map(str::to_owned);
        let footer = field("footer")?;
        let text = match (field("text"), field("subject"), field("body")) {
            (Some(text), None, None) => MessageText::Text { text, footer },
            (None, Some(subject), Some(body)) => MessageText::Email {
                subject,
                body,
                footer,
            },
            _ => return None,
        };
        entries.push((language.clone(), text));
    }
    Some(Template(entries))
}

/// The language a pupil who read `wanted` gets: that one if the template
/// has it, else the template's first.
pub fn language_for<'a>(template: &'a Template, wanted: Option<&'a str>) -> &'a str {
    match wanted {
        Some(language) if template.get(language).is_some() => language,
        _ => template
            .0
            .first()
            .map_or("", |(language, _)| language.as_str()),
    }
}

/// What one row is sent, in `language`, with its stop link.
pub fn render(template: &Template, language: &str, stop_url: &str) -> Rendered {
    let Some(text) = template.get(language_for(template, Some(language))) else {
        return Rendered {
            subject: None,
            text: String::new(),
        };
    };
    let footer = text.footer().replace(STOP_URL_PLACEHOLDER, stop_url);
    match text {
        MessageText::Email { subject, body, .. } => Rendered {
            subject: Some(subject.clone()),
            text: format!("{body}\n\n{footer}"),
        },
        MessageText::Text { text, .. } => Rendered {
            subject: None,
            text: format!("{text}\n{footer}"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sms() -> Template {
        let entry = |text: &str, footer: &str| MessageText::Text {
            text: text.to_owned(),
            footer: footer.to_owned(),
        };
        Template(vec![
            (
                "en".to_owned(),
                entry("Happy new school year", "Region. Stop: {stop_url}"),
            ),
            (
                "fr".to_owned(),
                entry("Bonne rentrée", "Région. Stop : {stop_url}"),
            ),
        ])
    }

    #[test]
    fn a_row_gets_its_language_and_its_own_stop_link() {
        let rendered = render(&sms(), "fr", "https://s.example/s/abc");
        assert_eq!(
            rendered.text,
            "Bonne rentrée\nRégion. Stop : https://s.example/s/abc"
        );
        assert_eq!(
            render(&sms(), "de", "x").text,
            "Happy new school year\nRegion. Stop: x"
        );
    }

    #[test]
    fn the_stored_form_reads_back_with_the_same_digest() {
        let template = sms();
        let stored = stored_form(&template);
        assert!(stored.starts_with("{\"en\":{\"footer\""), "{stored}");
        let back = from_stored(&stored).unwrap();
        assert_eq!(back, template);
        assert_eq!(back.digest(), template.digest());
        assert_eq!(from_stored("{\"fr\":{\"text\":\"x\"}}"), None);
    }

    #[test]
    fn an_email_has_its_subject_and_a_blank_line_before_the_footer() {
        let template = Template(vec![(
            "fr".to_owned(),
            MessageText::Email {
                subject: "Rentrée".to_owned(),
                body: "Bonjour".to_owned(),
                footer: "—\n{stop_url}".to_owned(),
            },
        )]);
        let rendered = render(&template, "fr", "L");
        assert_eq!(rendered.subject.as_deref(), Some("Rentrée"));
        assert_eq!(rendered.text, "Bonjour\n\n—\nL");
        assert_eq!(from_stored(&stored_form(&template)), Some(template));
    }
}
