//! Checks on the texts a pupil reads: not empty, not a placeholder, nothing
//! hidden, and of a length that can be read.

use crate::code::Code;

/// Characters that reorder or hide text (bidirectional controls, invisible
/// marks and spaces): a notice could show one thing and mean another.
/// ZWJ and ZWNJ stay allowed: some scripts and emoji need them.
const HIDDEN: [char; 16] = [
    '\u{061C}', '\u{180E}', '\u{200B}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}',
    '\u{202D}', '\u{202E}', '\u{2060}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{FEFF}',
];

/// Words that mark a text nobody wrote yet, compared whole and case-insensitively.
const PLACEHOLDER_WORDS: [&str; 6] = ["todo", "tbd", "tba", "fixme", "xxx", "placeholder"];
/// Phrases that mark a text nobody wrote yet, found anywhere, case-insensitively.
const PLACEHOLDER_PHRASES: [&str; 8] = [
    "lorem ipsum",
    "à compléter",
    "a completer",
    "à définir",
    "to be completed",
    "to be defined",
    "[insert",
    "{{",
];

/// Checks one text a person reads: [`check_value`], and not a placeholder.
/// The error is a problem code and a message.
pub(crate) fn check_plain_text(text: &str, max_chars: usize) -> Result<(), (Code, String)> {
    check_value(text, max_chars)?;
    let trimmed = text.trim();
    let lower = fold_case(trimmed);
    let only_punctuation = lower.chars().all(|c| !c.is_alphanumeric());
    let placeholder_word = lower
        .split(|c: char| !c.is_alphanumeric())
        .any(|word| PLACEHOLDER_WORDS.contains(&word));
    let placeholder_phrase = PLACEHOLDER_PHRASES.iter().any(|p| lower.contains(p));
    if only_punctuation || placeholder_word || placeholder_phrase {
        return Err((
            Code::PlaceholderText,
            format!(
                "{trimmed:?} is a placeholder, not a text a pupil can read; write the real text"
            ),
        ));
    }
    Ok(())
}

/// `text` with the capitals the placeholders can be written in made small:
/// ASCII and Latin-1 (`À COMPLÉTER`). Not `str::to_lowercase`, whose
/// Unicode tables would add about 15 KB to the widget's wasm for words that
/// are all in those two ranges.
fn fold_case(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            // Latin-1 capitals À to Þ, but not the multiplication sign.
            '\u{C0}'..='\u{DE}' if c != '\u{D7}' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
            _ => c.to_ascii_lowercase(),
        })
        .collect()
}

/// Checks a value that may be machine-made (an id, a hash, a URL): not
/// empty, nothing hidden, no control character, at most `max_chars`.
pub(crate) fn check_value(text: &str, max_chars: usize) -> Result<(), (Code, String)> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err((Code::EmptyText, "the text is empty".to_owned()));
    }
    if let Some(c) = text.chars().find(|c| HIDDEN.contains(c)) {
        return Err((
            Code::HiddenCharacters,
            format!(
                "the text contains U+{:04X}, a control that reorders what is displayed; remove it",
                c as u32
            ),
        ));
    }
    if let Some(c) = text.chars().find(|c| c.is_control() && *c != '\n') {
        return Err((
            Code::ControlCharacter,
            format!("the text contains the control character U+{:04X}", c as u32),
        ));
    }
    let count = text.chars().count();
    if count > max_chars {
        return Err((
            Code::TooLong,
            format!("the text has {count} characters; at most {max_chars} are accepted here"),
        ));
    }
    Ok(())
}

/// A plausible e-mail address: one `@`, a local part, a dotted domain, no spaces.
pub(crate) fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && s.len() <= 254
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(|c| {
            c.is_whitespace() || c.is_control() || HIDDEN.contains(&c) || c == '<' || c == '>'
        })
}

/// An absolute https URL with a host and no whitespace or control characters.
pub(crate) fn is_https_url(s: &str) -> bool {
    let Some(rest) = s.strip_prefix("https://") else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    s.len() <= 2000
        && !host.is_empty()
        && !host.contains('@')
        && !s.chars().any(|c| {
            c.is_whitespace()
                || c.is_control()
                || HIDDEN.contains(&c)
                || matches!(c, '"' | '<' | '>' | '\\' | '`')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_in_capitals_too() {
        for text in ["TODO", "À COMPLÉTER", "Lorem Ipsum dolor", "To Be Defined"] {
            assert_eq!(
                check_plain_text(text, 100).unwrap_err().0,
                Code::PlaceholderText,
                "{text}"
            );
        }
        assert_eq!(fold_case("ÉLÈVE ×2 Ÿ"), "élève ×2 Ÿ");
    }

    fn code(text: &str) -> Option<Code> {
        check_plain_text(text, 100).err().map(|(code, _)| code)
    }

    #[test]
    fn accepts_real_sentences() {
        assert_eq!(
            code("Recevoir les bons plans de nos partenaires par SMS."),
            None
        );
        assert_eq!(
            code("Todos los jóvenes"),
            None,
            "a word that merely starts like a placeholder"
        );
    }

    #[test]
    fn refuses_placeholders() {
        for text in [
            "TODO",
            "tbd",
            "Lorem ipsum dolor",
            "…",
            "...",
            "- ",
            "Texte à compléter",
            "{{title}}",
            "xxx",
        ] {
            assert_eq!(code(text), Some(Code::PlaceholderText), "{text}");
        }
    }

    #[test]
    fn refuses_hidden_and_control_characters() {
        assert_eq!(code("oui\u{202E}non"), Some(Code::HiddenCharacters));
        assert_eq!(code("oui\u{7}"), Some(Code::ControlCharacter));
        assert_eq!(code("oui\u{200B}"), Some(Code::HiddenCharacters));
        assert!(!is_https_url("https://region.example/\u{202E}fdp.exe"));
        assert_eq!(
            check_value("pass:sha256:xxx-tbd", 64),
            Ok(()),
            "machine values are not prose"
        );
        assert_eq!(code("   "), Some(Code::EmptyText));
        assert_eq!(code(&"a".repeat(101)), Some(Code::TooLong));
    }

    #[test]
    fn contacts() {
        assert!(is_email("dpo@region.example"));
        assert!(!is_email("dpo@region"));
        assert!(!is_email("a b@region.example"));
        assert!(is_https_url("https://region.example/vie-privee"));
        assert!(!is_https_url("http://region.example/"));
        assert!(!is_https_url("https:///path"));
        assert!(!is_https_url("https://region.example/a b"));
        assert!(!is_https_url("javascript:alert(1)"));
    }
}
