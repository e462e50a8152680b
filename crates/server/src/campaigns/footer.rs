//! The footer the service adds to every message, in plain words and in the
//! pupil's language: who sends it, why the pupil gets it, how to stop, and
//! where the campaign's public page is. An SMS keeps it short: the sender
//! and the stop link, whose page says the rest.
//!
//! `{stop_url}` stays a placeholder in the approved template: each released
//! row fills it with that pupil's own link.

use limpide_receipt::STOP_URL_PLACEHOLDER as STOP_URL;

/// What a footer names.
pub struct FooterFacts<'a> {
    /// The sender line, naming the controller.
    pub sender: &'a str,
    /// The purpose's title, in the footer's language.
    pub purpose_title: &'a str,
    /// The channel's id (`sms`, `email`…), `""` for a purpose without.
    pub channel: &'a str,
    /// The campaign's public page.
    pub campaign_url: &'a str,
}

/// The languages footers are written in; any other reads the English one.
const LANGUAGES: [&str; 2] = ["fr", "en"];

/// The language a footer is written in for a notice language.
pub fn footer_language(language: &str) -> &'static str {
    LANGUAGES
        .into_iter()
        .find(|l| language == *l || language.starts_with(&format!("{l}-")))
        .unwrap_or("en")
}

/// A channel as a pupil says it, in French or English: the one wording
/// the footers, the console and the public pages share.
pub fn channel_words(channel: &str, french: bool) -> &str {
    match (channel, french) {
        ("sms", _) => "SMS",
        ("email", _) => "e-mail",
        ("post", true) => "courrier",
        ("post", false) => "post",
        ("phone", true) => "téléphone",
        ("phone", false) => "phone",
        ("push", _) => "notification",
        (other, _) => other,
    }
}

/// The footer of a message on `facts.channel`, in `language`.
///
/// ```
/// use limpide_server::campaigns::footer::{footer, FooterFacts};
/// let facts = FooterFacts {
///     sender: "Pass'Région",
///     purpose_title: "Bons plans",
///     channel: "sms",
///     campaign_url: "https://pass.example/c/abc",
/// };
/// assert_eq!(footer(&facts, "fr"), "Pass'Région. Stop : {stop_url}");
/// ```
pub fn footer(facts: &FooterFacts<'_>, language: &str) -> String {
    let french = footer_language(language) == "fr";
    let FooterFacts {
        sender,
        purpose_title: title,
        campaign_url,
        ..
    } = facts;
    let channel = channel_words(facts.channel, french);
    if facts.channel == "sms" {
        return if french {
            format!("{sender}. Stop : {STOP_URL}")
        } else {
            format!("{sender}. Stop: {STOP_URL}")
        };
    }
    let (why, stop) = match (french, facts.channel.is_empty()) {
        (true, false) => (
            format!("parce que vous avez accepté « {title} » par {channel}"),
            format!("Pour ne plus en recevoir par {channel} : {STOP_URL}"),
        ),
        (true, true) => (
            format!("parce que vous avez accepté « {title} »"),
            format!("Pour ne plus en recevoir : {STOP_URL}"),
        ),
        (false, false) => (
            format!("because you agreed to “{title}” by {channel}"),
            format!("To stop receiving these by {channel}: {STOP_URL}"),
        ),
        (false, true) => (
            format!("because you agreed to “{title}”"),
            format!("To stop receiving these: {STOP_URL}"),
        ),
    };
    if french {
        format!(
            "—\nCe message vous est envoyé par {sender}, {why}.\n{stop}\n\
             Qui l'a écrit, qui l'a approuvé : {campaign_url}"
        )
    } else {
        format!(
            "—\nThis message is sent to you by {sender}, {why}.\n{stop}\n\
             Who wrote it and who approved it: {campaign_url}"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(channel: &'static str) -> FooterFacts<'static> {
        FooterFacts {
            sender: "Pass'Région — Région Exemple",
            purpose_title: "Messages de la Région",
            channel,
            campaign_url: "https://pass.example/c/AAAAAAAAAAA",
        }
    }

    #[test]
    fn an_email_footer_says_who_why_how_to_stop_and_where_to_look() {
        let text = footer(&facts("email"), "fr");
        assert!(text.contains("envoyé par Pass'Région — Région Exemple"));
        assert!(text.contains("« Messages de la Région » par e-mail"));
        assert!(text.contains("{stop_url}"));
        assert!(text.contains("https://pass.example/c/AAAAAAAAAAA"));
        let text = footer(&facts("post"), "en");
        assert!(text.contains("because you agreed to “Messages de la Région” by post"));
    }

    #[test]
    fn other_languages_read_the_english_footer() {
        assert_eq!(footer_language("fr-CA"), "fr");
        assert_eq!(footer_language("de"), "en");
        assert_eq!(
            footer(&facts("sms"), "de"),
            "Pass'Région — Région Exemple. Stop: {stop_url}"
        );
    }
}
