//! The form rendered ahead of time (feature `ssr`): the HTML that a page
//! puts inside `<limpide-consent>` (or the host it gives `mount()`), as a
//! declarative shadow root, so that the pupil reads and ticks before any
//! script has arrived. It is Yew's server-side rendering of the very
//! [`ConsentForm`] that the wasm hydrates (`hydrate.rs`), not a second
//! template.
//!
//! ```
//! use std::rc::Rc;
//! use limpide::prerender::{prerender, Snippet};
//! use limpide::receipt::Notice;
//!
//! let notice = Notice::from_json(include_bytes!("../../www/notices/pass-region.json"))?;
//! let snippet = Snippet::new(Rc::new(notice), "fr")?;
//! let html = prerender(&snippet);
//! assert!(html.starts_with(r#"<template shadowrootmode="open">"#));
//! assert!(html.contains(r#"type="checkbox""#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt::Write as _;
use std::rc::Rc;

use limpide_receipt::Notice;
use yew::{AttrValue, LocalServerRenderer};

use crate::components::{ConsentForm, ConsentFormProps};
use crate::i18n::strings;
use crate::prerender::early::{DIGEST_ATTRIBUTE, LANGUAGE_ATTRIBUTE, VERSION_ATTRIBUTE};

/// What to pre-render: a checked notice in one of its languages, and where
/// the page serves the widget's stylesheet.
#[derive(Clone, Debug)]
pub struct Snippet {
    notice: Rc<Notice>,
    language: String,
    /// `href` of `limpide.css`, as the page reaches it.
    pub stylesheet: String,
    /// Its Subresource Integrity hash, when known (`dist/sri.json`): the
    /// widget replaces a stylesheet link that is not its own.
    pub stylesheet_integrity: Option<String>,
}

/// The language asked for is not one the notice is written in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownLanguage {
    /// The language asked for.
    pub asked: String,
    /// The notice's languages.
    pub available: Vec<String>,
}

impl std::fmt::Display for UnknownLanguage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the notice is not written in {:?}; it is written in {}",
            self.asked,
            self.available.join(", ")
        )
    }
}

impl std::error::Error for UnknownLanguage {}

impl Snippet {
    /// The snippet of `notice` in `language` (one of the notice's, in any
    /// case or with a region: `fr-FR` picks `fr`), linking `limpide.css`
    /// next to the page.
    pub fn new(notice: Rc<Notice>, language: &str) -> Result<Self, UnknownLanguage> {
        let language = notice
            .match_language(language)
            .ok_or_else(|| UnknownLanguage {
                asked: language.to_owned(),
                available: notice.languages.clone(),
            })?
            .to_owned();
        Ok(Self {
            notice,
            language,
            stylesheet: "limpide.css".to_owned(),
            stylesheet_integrity: None,
        })
    }
}

/// The declarative shadow root of the form: the stylesheet link, a
/// `<noscript>` message (recording a choice needs JavaScript), and the
/// container with the form, marked with the notice's digest, the language
/// and the widget version that the wasm checks before hydrating it.
pub fn prerender(snippet: &Snippet) -> String {
    let props = ConsentFormProps {
        notice: snippet.notice.clone(),
        language: Some(AttrValue::from(snippet.language.clone())),
        subject: None,
        credential: None,
        enrollment_code: None,
        on_receipt: Default::default(),
        on_error: Default::default(),
        endpoint: None,
        reopen: 0,
        early: None,
        pages: None,
    };
    // Rendering awaits nothing outside itself (no suspense, no effects run
    // on a server): a local executor finishes it in one go.
    let form = futures_executor::block_on(
        LocalServerRenderer::<ConsentForm>::with_props(props)
            .hydratable(true)
            .render(),
    );
    let mut html = String::from(r#"<template shadowrootmode="open">"#);
    let _ = write!(
        html,
        r#"<link data-limpide="" rel="stylesheet" href="{}""#,
        escape(&snippet.stylesheet)
    );
    if let Some(integrity) = &snippet.stylesheet_integrity {
        let _ = write!(
            html,
            r#" integrity="{}" crossorigin="anonymous""#,
            escape(integrity)
        );
    }
    let _ = write!(
        html,
        concat!(
            r#"><noscript data-limpide=""><p class="limpide-noscript" lang="{lang}">{message}</p></noscript>"#,
            r#"<div class="limpide-host" data-limpide="" {digest}="{digest_value}" "#,
            r#"{language}="{lang}" {version}="{version_value}">{form}</div></template>"#
        ),
        lang = escape(&snippet.language),
        message = escape(strings(&snippet.language).needs_javascript),
        digest = DIGEST_ATTRIBUTE,
        digest_value = escape(snippet.notice.digest()),
        language = LANGUAGE_ATTRIBUTE,
        version = VERSION_ATTRIBUTE,
        version_value = env!("CARGO_PKG_VERSION"),
        form = form,
    );
    html
}

/// Escapes text for an HTML attribute value or element content.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snippet() -> Snippet {
        let notice = Notice::from_json(include_bytes!("../../www/notices/pass-region.json"))
            .expect("the example notice is valid");
        Snippet::new(Rc::new(notice), "fr").expect("a declared language")
    }

    fn render(snippet: &Snippet) -> String {
        prerender(snippet)
    }

    #[test]
    fn every_box_is_rendered_unticked_with_its_texts_digest() {
        let snippet = snippet();
        let html = render(&snippet);
        let boxes: usize = snippet
            .notice
            .purposes
            .iter()
            .map(|p| p.boxes().count())
            .sum();
        assert_eq!(html.matches(r#"type="checkbox""#).count(), boxes);
        assert!(
            !html.contains("checked"),
            "nothing is ticked ahead of the pupil"
        );
        for purpose in &snippet.notice.purposes {
            let digest = snippet.notice.texts_digest(&purpose.id, "fr").expect("fr");
            assert!(
                html.contains(&format!(r#"data-texts="{digest}""#)),
                "{}",
                purpose.id
            );
        }
        assert!(html.contains(&format!(
            r#"{DIGEST_ATTRIBUTE}="{}""#,
            snippet.notice.digest()
        )));
        assert!(
            html.contains(r#"method="dialog""#),
            "never submitted to a server"
        );
        let buttons: Vec<&str> = html.split("<button").skip(1).collect();
        assert!(buttons.len() >= 4, "language, refuse-all and save buttons");
        assert!(
            buttons
                .iter()
                .all(|b| b[..b.find('>').unwrap_or(0)].contains("disabled")),
            "a pre-rendered button that could do nothing before any script is enabled"
        );
    }

    #[test]
    fn the_language_is_one_of_the_notice() {
        let notice = snippet().notice;
        assert_eq!(
            Snippet::new(notice.clone(), "EN-gb").map(|s| s.language),
            Ok("en".to_owned())
        );
        let error = Snippet::new(notice, "de").expect_err("not a language of the notice");
        assert_eq!(
            error.to_string(),
            r#"the notice is not written in "de"; it is written in fr, en"#
        );
    }

    #[test]
    fn the_stylesheet_link_is_escaped() {
        let mut snippet = snippet();
        snippet.stylesheet = r#"/a"b<c>.css"#.to_owned();
        snippet.stylesheet_integrity = Some("sha384-x".to_owned());
        let html = render(&snippet);
        assert!(html.contains(r#"href="/a&quot;b&lt;c&gt;.css" integrity="sha384-x""#));
    }
}
