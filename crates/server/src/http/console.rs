//! `/console`: the staff's pages, server-rendered HTML forms that work
//! with JavaScript off and load nothing from elsewhere (`CSP`). Sign-in
//! and sign-out here; each role's screens in `console/`: `dpo.rs`, and
//! the campaigns' screens (`campaign_views.rs` renders them,
//! `campaign_routes.rs` serves them, in `campaign_words.rs`' words), laid
//! out by `page.rs`, in `i18n.rs`' languages.

pub mod campaign_routes;
mod campaign_views;
mod campaign_words;
mod dpo;
mod html;
mod i18n;
mod page;
mod sign_in;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::rejection::FormRejection;
use axum::extract::{FromRef, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use limpide_receipt::{base64url, sha256_base64url};

use super::auth::{authenticate, Role, StaffAccounts};
use super::csrf;
use super::error::ApiError;
use super::extract::Query;
use super::public_url::PublicUrl;
use super::session;
use super::state::AppState;
use crate::controller::notices::NoticeSet;
use crate::staff::{verify_password, Credential};
use crate::store::{AccessEntry, Store, Unavailable};
use crate::time::now_seconds;

pub use html::escape;
pub use i18n::Lang;
pub use page::{csrf_field, page, shell, SignedIn};

/// The console's policy: its own stylesheet and nothing else.
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'";

/// How many campaigns a landing page lists, newest first.
const LISTED_CAMPAIGNS: i64 = 100;

/// Wrong sign-ins are counted over this many seconds.
const WINDOW_SECONDS: i64 = 15 * 60;
/// By the sixth try for one account id within the window (five wrong
/// before it), every answer for it is 429 until the oldest leaves the window.
const PER_ACCOUNT: i64 = 5;
/// Past this many wrong tries overall within the window (a spray across
/// many ids), every sign-in answer waits `SLOW` first: slowed, not
/// refused, so that nobody can lock the staff out.
const OVERALL: i64 = 50;
const SLOW: Duration = Duration::from_secs(2);

type Params = Query<BTreeMap<String, String>>;

fn lang_of(params: &BTreeMap<String, String>, headers: &HeaderMap) -> Lang {
    Lang::pick(params.get("lang").map(String::as_str), headers)
}

/// An HTML answer under the console's CSP, never cached.
pub fn html_response(status: StatusCode, body: String) -> Response {
    (
        status,
        [
            (header::CONTENT_SECURITY_POLICY, CSP),
            (header::CACHE_CONTROL, "no-store"),
            // Not `no-referrer`: with it, browsers send `Origin: null` on the
            // console's own form posts, which the CSRF check must refuse.
            (header::REFERRER_POLICY, "same-origin"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
        ],
        body,
    )
        .into_response()
}

fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

/// `GET /console/style.css`.
pub async fn style() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=300"),
        ],
        include_str!("console/style.css"),
    )
        .into_response()
}

/// `GET /console`: the signed-in account's screens; otherwise to sign-in.
pub async fn landing(
    State(state): State<AppState>,
    Query(params): Params,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let lang = lang_of(&params, &headers);
    let (staff, session) = match authenticate(&state, &headers).await {
        Ok(found) => found,
        Err(e) if e.status() == StatusCode::UNAUTHORIZED => {
            return Ok(see_other(&format!("/console/sign-in?lang={}", lang.tag())))
        }
        Err(e) => return Err(e),
    };
    let store = Store::from_ref(&state);
    store.log_access(&staff.access("console")).await?;
    let t = lang.texts();
    let mut body = String::new();
    if session
        .as_ref()
        .is_some_and(|s| s.account.dpo_without_totp())
    {
        body.push_str(&format!(
            r#"<p class="warning">{}</p>"#,
            escape(t.totp_warning)
        ));
    }
    match staff.role {
        Role::Dpo => {
            let stats = store.stats().await?;
            let notices = Arc::<NoticeSet>::from_ref(&state);
            body.push_str(&dpo::section(lang, &stats, &notices));
            let campaigns = store.campaigns(LISTED_CAMPAIGNS).await?;
            body.push_str(&campaign_views::list_section(
                lang, staff.role, &campaigns, &notices,
            ));
            let recent = store.recent_access(50).await?;
            body.push_str(&dpo::access_section(lang, &recent));
        }
        Role::Communications => {
            let notices = Arc::<NoticeSet>::from_ref(&state);
            let campaigns = store.campaigns(LISTED_CAMPAIGNS).await?;
            body.push_str(&campaign_views::list_section(
                lang, staff.role, &campaigns, &notices,
            ));
        }
        Role::Integration => {
            body.push_str(&format!("<p>{}</p>", escape(t.integration_note)));
        }
    }
    let signed_in = SignedIn {
        account: &staff.account,
        role: staff.role,
        csrf: session.as_ref().map(|s| s.csrf.as_str()),
    };
    let name = page::role_name(lang, staff.role);
    let mut chars = name.chars();
    let title: String = chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    Ok(html_response(
        StatusCode::OK,
        page(lang, "/console", &title, Some(&signed_in), &body),
    ))
}

/// `GET /console/sign-in`.
pub async fn sign_in_page(Query(params): Params, headers: HeaderMap) -> Response {
    let lang = lang_of(&params, &headers);
    let notice = if params.contains_key("signed-out") {
        sign_in::Notice::SignedOut
    } else {
        sign_in::Notice::None
    };
    html_response(StatusCode::OK, sign_in::render(lang, notice, ""))
}

/// The sign-in form's fields.
#[derive(serde::Deserialize)]
pub struct SignInForm {
    account: String,
    password: String,
    #[serde(default)]
    code: String,
}

fn random_id() -> Result<String, Unavailable> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|e| Unavailable(sqlx::Error::Protocol(format!("no random source: {e}"))))?;
    Ok(base64url::encode(&bytes))
}

/// `POST /console/sign-in`: opens a session, or says only that something
/// was wrong. Throttled per attempted id (whether or not an account has
/// it) and overall; an unknown id costs one Argon2 check like a known one.
pub async fn sign_in(
    State(state): State<AppState>,
    Query(params): Params,
    headers: HeaderMap,
    form: Result<Form<SignInForm>, FormRejection>,
) -> Result<Response, ApiError> {
    let lang = lang_of(&params, &headers);
    let public_url = PublicUrl::from_ref(&state);
    csrf::same_origin(&headers, &public_url)?;
    let accounts = StaffAccounts::from_ref(&state).current()?;
    let store = Store::from_ref(&state);
    let Form(form) = form.map_err(|_| ApiError::invalid_form())?;
    let id = form.account.trim().to_lowercase();
    let id_digest = sha256_base64url(id.as_bytes());
    let now = now_seconds();
    session::purge(&store, WINDOW_SECONDS).await?;
    // Counted as a wrong try before the check, and forgotten if it is
    // right: tries sent at once all count, whatever the order they finish in.
    store.sign_in_failed(&random_id()?, &id_digest, now).await?;
    let (tries, oldest, overall) = store
        .sign_in_failures(&id_digest, now - WINDOW_SECONDS)
        .await?;
    if overall > OVERALL {
        tokio::time::sleep(SLOW).await;
    }
    let account = accounts.get(&id).cloned();
    let refused_entry = || match &account {
        Some(a) => AccessEntry::new(&a.id, a.role, "sign-in-refused"),
        None => AccessEntry {
            account: "(no such account)".to_owned(),
            action: "sign-in-refused".to_owned(),
            ..AccessEntry::default()
        },
    };
    if tries > PER_ACCOUNT {
        let retry = oldest
            .map_or(WINDOW_SECONDS, |t| t + WINDOW_SECONDS - now)
            .max(2);
        store.log_access(&refused_entry()).await?;
        let e = ApiError::too_many_attempts(u64::try_from(retry).unwrap_or(900));
        let mut response = html_response(
            e.status(),
            sign_in::render(lang, sign_in::Notice::Throttled, &id),
        );
        if let Some(seconds) = e.retry_after() {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        return Ok(response);
    }
    let phc = account.as_ref().and_then(|a| match &a.credential {
        Credential::Password(phc) => Some(phc.clone()),
        Credential::Token(_) => None,
    });
    let password = form.password;
    let verified = tokio::task::spawn_blocking(move || verify_password(phc.as_deref(), &password))
        .await
        .unwrap_or(false);
    let step = match account.as_ref().and_then(|a| a.totp.as_ref()) {
        None => Some(None),
        Some(secret) => secret
            .matching_step(&form.code, u64::try_from(now).unwrap_or(0))
            .map(Some),
    };
    // A right code signs in once (RFC 6238 section 5.2): its step is kept.
    let second_factor = match (&account, step) {
        (_, Some(None)) => true,
        (Some(a), Some(Some(step))) if verified => {
            store
                .totp_use(
                    &a.id,
                    i64::try_from(step).unwrap_or(i64::MAX),
                    i64::try_from(step).unwrap_or(0) - 10,
                )
                .await?
        }
        _ => false,
    };
    let account = match account {
        Some(a) if verified && second_factor && matches!(a.credential, Credential::Password(_)) => {
            a
        }
        _ => {
            store.log_access(&refused_entry()).await?;
            return Ok(html_response(
                StatusCode::UNAUTHORIZED,
                sign_in::render(lang, sign_in::Notice::Refused, &id),
            ));
        }
    };
    store.sign_in_succeeded(&id_digest).await?;
    let (cookie, _) = session::open(&store, &account, &public_url).await?;
    store
        .log_access(&AccessEntry::new(&account.id, account.role, "sign-in"))
        .await?;
    let mut response = see_other(&format!("/console?lang={}", lang.tag()));
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).map_err(|_| ApiError::unauthorized())?,
    );
    Ok(response)
}

/// The sign-out form's field.
#[derive(serde::Deserialize)]
pub struct SignOutForm {
    #[serde(default)]
    csrf: String,
}

/// `POST /console/sign-out`: ends the session (its row is deleted).
pub async fn sign_out(
    State(state): State<AppState>,
    Query(params): Params,
    headers: HeaderMap,
    form: Result<Form<SignOutForm>, FormRejection>,
) -> Result<Response, ApiError> {
    let Form(form) = form.map_err(|_| ApiError::invalid_form())?;
    let lang = lang_of(&params, &headers);
    let public_url = PublicUrl::from_ref(&state);
    let accounts = StaffAccounts::from_ref(&state).current()?;
    let store = Store::from_ref(&state);
    let Some(found) = session::find(&store, &accounts, &headers).await? else {
        csrf::same_origin(&headers, &public_url)?;
        return Ok(see_other(&format!("/console/sign-in?lang={}", lang.tag())));
    };
    csrf::check_form(&headers, &public_url, &found, &form.csrf)?;
    store.session_delete(&found.digest).await?;
    store
        .log_access(&AccessEntry::new(
            &found.account.id,
            found.account.role,
            "sign-out",
        ))
        .await?;
    let mut response = see_other(&format!("/console/sign-in?lang={}&signed-out", lang.tag()));
    if let Ok(value) = HeaderValue::from_str(&session::cleared(&public_url)) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    Ok(response)
}

/// `GET /admin`, the DPO's former page: now the console.
pub async fn admin_moved() -> Response {
    see_other("/console")
}
