//! The public pages' frame: the controller's name as the header, a
//! language switch, the console's stylesheet, no script.

use super::super::console::{escape, Lang};
use super::words::Words;

/// A whole public page; `body` is HTML, `title` and `controller` text.
pub fn public_page(lang: Lang, path: &str, controller: &str, title: &str, body: &str) -> String {
    let other = match lang {
        Lang::Fr => Lang::En,
        Lang::En => Lang::Fr,
    };
    format!(
        r##"<!doctype html>
<html lang="{tag}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} — {controller}</title>
<link rel="stylesheet" href="/console/style.css">
</head>
<body>
<header>
<p class="brand">{controller}</p>
<nav aria-label="Langue / Language"><a href="{path}?lang={other_tag}" hreflang="{other_tag}" lang="{other_tag}">{other_name}</a></nav>
</header>
<main id="main">
<h1>{title}</h1>
{body}
</main>
</body></html>
"##,
        tag = lang.tag(),
        title = escape(title),
        controller = escape(controller),
        path = escape(path),
        other_tag = other.tag(),
        other_name = Words::of(lang).other_language,
    )
}
