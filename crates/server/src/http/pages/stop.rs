//! `/s/{token}`: the stop page of one released row. It says which message
//! it was and who sent it, and has one button that stops that purpose on
//! that channel for this pupil; nothing else about the pupil is shown, and
//! nothing else can be withdrawn from it.

use axum::extract::{FromRef, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::super::console::{escape, html_response, shell, Lang};
use super::super::csrf;
use super::super::error::ApiError;
use super::super::extract::{Path, Query};
use super::super::public_url::PublicUrl;
use super::super::state::AppState;
use super::words::{channel, purpose_title, Words};
use crate::campaigns::template::{from_stored, language_for};
use crate::campaigns::{Campaigns, StopTarget, Stopped};

type Params = Query<std::collections::BTreeMap<String, String>>;

/// The page's language: `?lang=`, else the pupil's (their receipt's), else
/// the browser's.
fn language(params: &Params, headers: &HeaderMap, pupil: Option<&str>) -> Lang {
    let asked = params.0.get("lang").map(String::as_str).or(pupil);
    Lang::pick(asked, headers)
}

/// What the message and its purpose are called, in `lang`.
struct About {
    controller: String,
    title: String,
    channel: String,
    text: String,
}

fn about(campaigns: &Campaigns, target: &StopTarget, lang: Lang) -> About {
    let c = &target.campaign;
    let notice = campaigns
        .notices()
        .get(&c.notice_id, &c.notice_version)
        .map(|p| &p.notice);
    let title = purpose_title(notice, &c.purpose, lang.tag());
    let text = from_stored(&c.template)
        .and_then(|t| {
            let language = language_for(&t, Some(lang.tag())).to_owned();
            t.get(&language).map(|m| match m {
                limpide_receipt::MessageText::Text { text, .. } => text.clone(),
                limpide_receipt::MessageText::Email { subject, body, .. } => {
                    format!("{subject}\n\n{body}")
                }
            })
        })
        .unwrap_or_default();
    About {
        controller: notice.map_or_else(String::new, |n| n.controller.name.clone()),
        title,
        channel: channel(lang, &c.channel).to_owned(),
        text,
    }
}

/// The link to the form, for every other choice (`--consent-page`).
fn consent_link(campaigns: &Campaigns, w: &Words) -> String {
    match campaigns.consent_page() {
        Some(url) => format!(
            r#"<p>{} <a href="{}">{}</a></p>"#,
            escape(w.change_others),
            escape(url),
            escape(w.change_link)
        ),
        None => String::new(),
    }
}

fn unknown_link(lang: Lang, path: &str) -> Response {
    let w = Words::of(lang);
    let body = format!("<p>{}</p>", escape(w.unknown_link));
    html_response(
        StatusCode::NOT_FOUND,
        shell(lang, path, "", w.unknown_link_title, "", &body),
    )
}

/// `GET /s/{token}`.
pub async fn stop_page(
    State(campaigns): State<Campaigns>,
    Path(token): Path<String>,
    params: Params,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let path = format!("/s/{token}");
    let Some(target) = campaigns.stop_target(&token).await? else {
        return Ok(unknown_link(language(&params, &headers, None), &path));
    };
    let lang = language(&params, &headers, Some(&target.link.language));
    let w = Words::of(lang);
    let a = about(&campaigns, &target, lang);
    let boxed = format!("« {} » {} {}", a.title, w.by, a.channel);
    let body = format!(
        r#"<p>{received} <strong>{controller}</strong> :</p>
<blockquote class="message">{text}</blockquote>
<p>{because} {boxed}.</p>
<form method="post" action="{path}?lang={tag}">
<button type="submit" class="primary" data-action="stop">{button} {boxed}</button>
</form>
<p>{note}</p>
{consent_page}
<p><a href="/c/{campaign}?lang={tag}">{about}</a></p>"#,
        received = escape(w.received_from),
        controller = escape(&a.controller),
        text = escape(&a.text).replace('\n', "<br>"),
        because = escape(w.because),
        boxed = escape(&boxed),
        path = escape(&path),
        tag = lang.tag(),
        button = escape(w.stop_button),
        note = escape(w.stop_note),
        consent_page = consent_link(&campaigns, w),
        campaign = escape(&target.campaign.campaign_id),
        about = escape(w.about_message),
    );
    Ok(html_response(
        StatusCode::OK,
        shell(lang, &path, &a.controller, w.stop_title, "", &body),
    ))
}

/// `POST /s/{token}`: records the withdrawal (once), then says so.
pub async fn stop(
    State(state): State<AppState>,
    Path(token): Path<String>,
    params: Params,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    // Another site's page cannot press the button for the pupil.
    csrf::same_origin(&headers, &PublicUrl::from_ref(&state))?;
    let campaigns = Campaigns::from_ref(&state);
    let path = format!("/s/{token}");
    let Some(target) = campaigns.stop_target(&token).await? else {
        return Ok(unknown_link(language(&params, &headers, None), &path));
    };
    let stopped = campaigns.stop(&target).await?;
    let lang = language(&params, &headers, Some(&target.link.language));
    let w = Words::of(lang);
    let a = about(&campaigns, &target, lang);
    let said = match stopped {
        Stopped::Now => w.stopped,
        Stopped::Before => w.stopped_before,
    };
    let consent_page = consent_link(&campaigns, w);
    let body = format!(
        r#"<p role="status">{said} « {title} » {by} {channel} — {controller}.</p>
{consent_page}
<p><a href="/c/{campaign}?lang={tag}">{about}</a></p>"#,
        said = escape(said),
        title = escape(&a.title),
        by = escape(w.by),
        channel = escape(&a.channel),
        controller = escape(&a.controller),
        campaign = escape(&target.campaign.campaign_id),
        tag = lang.tag(),
        about = escape(w.about_message),
    );
    Ok(html_response(
        StatusCode::OK,
        shell(lang, &path, &a.controller, w.stopped_title, "", &body),
    ))
}
