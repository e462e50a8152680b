//! The links between the pupil's device and the guardian's: the page's own
//! address with the request (`#limpide-guardian=…`) or the answer
//! (`#limpide-answer=…`) in its fragment. A browser never sends the
//! fragment to the server, so no server log keeps either.

use limpide_receipt::{GuardianAnswer, GuardianRequest};

use crate::platform::browser::window;

const REQUEST_MARK: &str = "limpide-guardian=";
const ANSWER_MARK: &str = "limpide-answer=";

/// What the page's address brought.
pub(crate) enum Arrived {
    /// A request for a guardian to confirm, as link text.
    Request(String),
    /// A guardian's answer, as link text.
    Answer(String),
}

/// The request or answer in the page's fragment, if any.
pub(crate) fn arrived() -> Option<Arrived> {
    let hash = window().ok()?.location().hash().ok()?;
    arrived_in(&hash)
}

/// The request or answer in a link, or a fragment, pasted or opened.
pub(crate) fn arrived_in(text: &str) -> Option<Arrived> {
    let fragment = text.trim().rsplit_once('#').map_or(text.trim(), |(_, f)| f);
    if let Some(request) = fragment.strip_prefix(REQUEST_MARK) {
        return Some(Arrived::Request(request.to_owned()));
    }
    fragment
        .strip_prefix(ANSWER_MARK)
        .map(|answer| Arrived::Answer(answer.to_owned()))
}

/// The link that opens this page with the request, for the guardian.
pub(crate) fn request_link(request: &GuardianRequest) -> String {
    format!("{}#{REQUEST_MARK}{}", page_address(), request.to_fragment())
}

/// The link that opens this page with the answer, for the pupil.
pub(crate) fn answer_link(answer: &GuardianAnswer) -> String {
    format!("{}#{ANSWER_MARK}{}", page_address(), answer.to_fragment())
}

/// Removes the request or answer from the address once handled, so that a
/// reload, a bookmark or a shared screen does not carry it on.
pub(crate) fn clear() {
    let Ok(window) = window() else { return };
    if let Ok(history) = window.history() {
        let _ =
            history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&page_address()));
    }
}

/// This page's address without its fragment.
fn page_address() -> String {
    let href = window()
        .ok()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    href.split_once('#')
        .map_or(href.clone(), |(page, _)| page.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pasted_link_or_fragment_is_read_alike() {
        for text in [
            "https://example.org/pass?x=1#limpide-answer=abc",
            " #limpide-answer=abc\n",
            "limpide-answer=abc",
        ] {
            assert!(
                matches!(arrived_in(text), Some(Arrived::Answer(a)) if a == "abc"),
                "{text}"
            );
        }
        assert!(
            matches!(arrived_in("#limpide-guardian=xyz"), Some(Arrived::Request(r)) if r == "xyz")
        );
        assert!(arrived_in("https://example.org/#other").is_none());
    }
}
