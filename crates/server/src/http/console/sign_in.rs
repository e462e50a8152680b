//! The sign-in screen: account id, password, and the one-time code for an
//! account with a second factor. Its message never says which of them
//! was wrong, nor whether the account exists.

use super::html::escape;
use super::i18n::Lang;
use super::page::page;

/// What the sign-in screen says above its form.
pub enum Notice {
    /// Nothing.
    None,
    /// A refused sign-in.
    Refused,
    /// Too many wrong tries.
    Throttled,
    /// Signed out.
    SignedOut,
}

/// The sign-in page; `account` fills the id field again after a refusal.
pub fn render(lang: Lang, notice: Notice, account: &str) -> String {
    let t = lang.texts();
    let message = match notice {
        Notice::None => String::new(),
        Notice::Refused => format!(r#"<p class="error" role="alert">{}</p>"#, escape(t.refused)),
        Notice::Throttled => format!(
            r#"<p class="error" role="alert">{}</p>"#,
            escape(t.throttled)
        ),
        Notice::SignedOut => format!(
            r#"<p class="note" role="status">{}</p>"#,
            escape(t.signed_out)
        ),
    };
    let body = format!(
        r#"<p>{intro}</p>
{message}
<form method="post" action="/console/sign-in?lang={tag}">
<p><label for="account">{account_label}</label>
<input id="account" name="account" autocomplete="username" autocapitalize="none" spellcheck="false" required value="{account}"></p>
<p><label for="password">{password}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required></p>
<p><label for="code">{code}</label>
<input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{{6}}" aria-describedby="code-hint">
<span id="code-hint" class="hint">{code_hint}</span></p>
<p><button type="submit">{sign_in}</button></p>
</form>"#,
        intro = escape(t.sign_in_intro),
        tag = lang.tag(),
        account_label = escape(t.account),
        account = escape(account),
        password = escape(t.password),
        code = escape(t.code),
        code_hint = escape(t.code_hint),
        sign_in = escape(t.sign_in),
    );
    page(lang, "/console/sign-in", t.sign_in, None, &body)
}
