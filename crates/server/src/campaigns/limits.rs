//! How long a message may be on each channel, footer included: an SMS by
//! its segments, an e-mail by its subject line and body, anything else by
//! its characters.

use limpide_receipt::{MessageText, STOP_URL_PLACEHOLDER};

use super::sms::{segments, MAX_SEGMENTS};

/// An e-mail subject line, in characters.
const MAX_EMAIL_SUBJECT: usize = 150;
/// An e-mail body with its footer, in characters.
const MAX_EMAIL_BODY: usize = 20_000;
/// A letter's text with its footer.
const MAX_POST: usize = 10_000;
/// What is read out on a phone call, or shown in a notification, with
/// its footer.
const MAX_SPOKEN_OR_PUSHED: usize = 2_000;

/// Checks one language's message on `channel`. `stop_url_chars` is the
/// length of a real stop link, which replaces `{stop_url}` in each row: an
/// SMS is counted as it will be sent.
pub fn check_length(
    channel: &str,
    language: &str,
    message: &MessageText,
    stop_url_chars: usize,
) -> Result<(), String> {
    let footer = message
        .footer()
        .replace(STOP_URL_PLACEHOLDER, &"x".repeat(stop_url_chars));
    match (message, channel) {
        (MessageText::Text { text, .. }, "sms") => {
            let sent = format!("{text}\n{footer}");
            let cost = segments(&sent);
            if cost.count > MAX_SEGMENTS {
                return Err(format!(
                    "the {language} SMS takes {} segments with its footer ({}, {} characters); \
                     at most {MAX_SEGMENTS} are allowed",
                    cost.count,
                    cost.encoding.name(),
                    sent.chars().count()
                ));
            }
            Ok(())
        }
        (MessageText::Email { subject, body, .. }, _) => {
            let subject_chars = subject.chars().count();
            if subject_chars > MAX_EMAIL_SUBJECT || subject.contains(['\r', '\n']) {
                return Err(format!(
                    "the {language} e-mail subject must be one line of at most \
                     {MAX_EMAIL_SUBJECT} characters ({subject_chars})"
                ));
            }
            within(
                "e-mail body",
                language,
                body.chars().count() + footer.chars().count() + 2,
                MAX_EMAIL_BODY,
            )
        }
        (MessageText::Text { text, .. }, "post") => within(
            "letter",
            language,
            text.chars().count() + footer.chars().count() + 1,
            MAX_POST,
        ),
        (MessageText::Text { text, .. }, _) => within(
            "message",
            language,
            text.chars().count() + footer.chars().count() + 1,
            MAX_SPOKEN_OR_PUSHED,
        ),
    }
}

fn within(what: &str, language: &str, chars: usize, max: usize) -> Result<(), String> {
    if chars > max {
        return Err(format!(
            "the {language} {what} has {chars} characters with its footer; at most {max} are allowed"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sms(text: &str) -> MessageText {
        MessageText::Text {
            text: text.to_owned(),
            footer: "Pass. Stop : {stop_url}".to_owned(),
        }
    }

    #[test]
    fn an_sms_is_counted_with_its_footer_and_real_link() {
        // A newline and a footer of 13 + 24 characters: 3 parts of 153
        // septets hold 459 - 38 of text.
        assert!(check_length("sms", "fr", &sms(&"a".repeat(459 - 38)), 24).is_ok());
        let refused = check_length("sms", "fr", &sms(&"a".repeat(459 - 37)), 24).unwrap_err();
        assert_eq!(
            refused,
            "the fr SMS takes 4 segments with its footer (GSM-7, 460 characters); at most 3 are allowed"
        );
        // One `ê` makes it UCS-2: 67 per part.
        let refused = check_length("sms", "fr", &sms(&format!("ê{}", "a".repeat(200))), 24);
        assert!(refused.unwrap_err().contains("UCS-2"));
    }

    #[test]
    fn an_email_subject_is_one_line() {
        let email = MessageText::Email {
            subject: "a\nb".to_owned(),
            body: "Bonjour".to_owned(),
            footer: String::new(),
        };
        assert!(check_length("email", "fr", &email, 24).is_err());
    }
}
