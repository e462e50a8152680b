//! The console's layout: one HTML page, its stylesheet from the service
//! itself, no script, nothing from elsewhere (the CSP in `console.rs`).

use super::html::escape;
use super::i18n::Lang;
use crate::staff::Role;

/// Who is signed in, for the page's header and its sign-out form.
pub struct SignedIn<'a> {
    /// The account id.
    pub account: &'a str,
    /// Its role.
    pub role: Role,
    /// The session's form token; `None` for a Bearer client (no session
    /// to sign out of).
    pub csrf: Option<&'a str>,
}

/// The role's name in `lang`.
pub fn role_name(lang: Lang, role: Role) -> &'static str {
    let t = lang.texts();
    match role {
        Role::Dpo => t.role_dpo,
        Role::Communications => t.role_communications,
        Role::Integration => t.role_integration,
    }
}

/// The hidden field that carries a session's form token (CSRF).
pub fn csrf_field(token: &str) -> String {
    format!(
        r#"<input type="hidden" name="csrf" value="{}">"#,
        escape(token)
    )
}

/// A whole page: `title` (already plain text), `body` (HTML).
pub fn page(
    lang: Lang,
    path: &str,
    title: &str,
    signed_in: Option<&SignedIn>,
    body: &str,
) -> String {
    let t = lang.texts();
    let user = match signed_in {
        None => String::new(),
        Some(s) => {
            let sign_out = s.csrf.map_or(String::new(), |token| {
                format!(
                    r#"<form method="post" action="/console/sign-out?lang={tag}" class="inline">{field}<button type="submit">{label}</button></form>"#,
                    tag = lang.tag(),
                    field = csrf_field(token),
                    label = escape(t.sign_out),
                )
            });
            format!(
                r#"<p class="who">{label} <strong>{account}</strong> ({role}) {sign_out}</p>"#,
                label = escape(t.signed_in_as),
                account = escape(s.account),
                role = escape(role_name(lang, s.role)),
            )
        }
    };
    shell(lang, path, t.console, title, &user, body)
}

/// The frame every page of the service shares, the console's and the
/// public pages a message leads to: `brand` (plain text) above a language
/// switch and `header_extra` (HTML), then `title` and `body` (HTML), with
/// the one stylesheet and no script.
pub fn shell(
    lang: Lang,
    path: &str,
    brand: &str,
    title: &str,
    header_extra: &str,
    body: &str,
) -> String {
    let t = lang.texts();
    let other = t.other_lang;
    format!(
        r##"<!doctype html>
<html lang="{tag}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} — {brand}</title>
<link rel="stylesheet" href="/console/style.css">
</head>
<body>
<a class="skip" href="#main">{skip}</a>
<header>
<p class="brand">{brand}</p>
<nav aria-label="{languages}"><a href="{path}?lang={other_tag}" hreflang="{other_tag}" lang="{other_tag}">{other_name}</a></nav>
{header_extra}
</header>
<main id="main">
<h1>{title}</h1>
{body}
</main>
</body></html>
"##,
        tag = lang.tag(),
        title = escape(title),
        brand = escape(brand),
        skip = escape(t.skip),
        languages = escape(t.languages),
        path = escape(path),
        other_tag = other.tag(),
        other_name = escape(t.other_language),
    )
}
