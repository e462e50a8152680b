//! JSON Pointers (RFC 6901), where every problem is placed.

use std::fmt;

/// Appends one reference token to a JSON Pointer, escaping `~` and `/`
/// as RFC 6901 requires.
pub(crate) fn pointer(base: &str, token: impl fmt::Display) -> String {
    let token = token.to_string().replace('~', "~0").replace('/', "~1");
    format!("{base}/{token}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_tilde_and_slash() {
        assert_eq!(pointer("/a", "b/c~d"), "/a/b~1c~0d");
    }
}
