//! What an error message repeats of a request: quoted, and cut to a
//! length a person reads, so that a hostile megabyte of input never comes
//! back whole in an answer or a log line.

/// The most characters of an input a message repeats.
pub const MAX_ECHO_CHARS: usize = 64;

/// `text` quoted as Rust's `{:?}` does, cut after [`MAX_ECHO_CHARS`]
/// characters with `…`.
///
/// ```
/// use limpide_server::echo::quoted;
/// assert_eq!(quoted("bons-plans"), "\"bons-plans\"");
/// assert_eq!(quoted(&"x".repeat(100)).chars().count(), 64 + 3);
/// ```
pub fn quoted(text: &str) -> String {
    match text.char_indices().nth(MAX_ECHO_CHARS) {
        None => format!("{text:?}"),
        Some((cut, _)) => format!("{:?}…", &text[..cut]),
    }
}
