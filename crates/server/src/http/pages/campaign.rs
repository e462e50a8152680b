//! `/c/{id}`: a campaign's public page, the short link in every footer. It
//! shows the signed manifest in plain words (who sent what, under which
//! purpose, approved by whom: the role, never a name, and when) and the
//! purpose's texts the pupils agreed to. It holds no personal data.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::super::console::{escape, html_response, shell, Lang};
use super::super::error::ApiError;
use super::super::extract::{Path, Query};
use super::words::{channel, day, purpose_title, Words};
use crate::campaigns::template::{from_stored, language_for};
use crate::campaigns::Campaigns;

type Params = Query<std::collections::BTreeMap<String, String>>;

/// `GET /c/{id}`: only an approved campaign has a page.
pub async fn campaign_page(
    State(campaigns): State<Campaigns>,
    Path(id): Path<String>,
    params: Params,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let lang = Lang::pick(params.0.get("lang").map(String::as_str), &headers);
    let w = Words::of(lang);
    let path = format!("/c/{id}");
    let campaign = campaigns.store().campaign(&id).await?;
    let Some(c) = campaign.filter(|c| c.manifest.is_some()) else {
        let body = format!("<p>{}</p>", escape(w.unknown_campaign));
        return Ok(html_response(
            StatusCode::NOT_FOUND,
            shell(lang, &path, "", w.unknown_campaign_title, "", &body),
        ));
    };
    let notice = campaigns
        .notices()
        .get(&c.notice_id, &c.notice_version)
        .map(|p| &p.notice);
    let purpose = notice.and_then(|n| n.purpose(&c.purpose));
    let pick = |text: &limpide_receipt::LocalizedText| {
        text.get(lang.tag())
            .or_else(|| notice.and_then(|n| text.get(n.languages.first()?)))
            .unwrap_or_default()
            .to_owned()
    };
    let title = purpose_title(notice, &c.purpose, lang.tag());
    let description = purpose.map_or_else(String::new, |p| pick(&p.description));
    let message = from_stored(&c.template)
        .map(|t| {
            let language = language_for(&t, Some(lang.tag())).to_owned();
            crate::campaigns::template::render(&t, &language, w.your_link).text
        })
        .unwrap_or_default();
    let releases = campaigns.store().releases(&id).await?.len();
    let dd =
        |label: &str, value: &str| format!("<dt>{}</dt><dd>{}</dd>", escape(label), escape(value));
    let window = format!("{} → {}", day(lang, c.not_before), day(lang, c.not_after));
    let body = format!(
        r#"<dl class="facts">{sender}{purpose}{channel}{window}{drafted}{approved}{releases}</dl>
<h2>{the_message}</h2>
<blockquote class="message">{message}</blockquote>
<h2>{agreed}</h2>
<p><strong>{title}</strong></p>
<p>{description}</p>
<p>{check} <a href="/campaigns/{id}/manifest">{manifest}</a></p>
<h2>{in_the_log}</h2>
{logged}"#,
        sender = dd(w.sent_by, &c.sender),
        purpose = dd(w.purpose, &title),
        channel = dd(w.channel, channel(lang, &c.channel)),
        window = dd(w.window, &window),
        drafted = dd(w.drafted, &day(lang, c.drafted_at)),
        approved = dd(
            w.approved,
            &c.decided_at.map_or_else(String::new, |t| day(lang, t))
        ),
        releases = dd(w.releases, &releases.to_string()),
        the_message = escape(w.the_message),
        message = escape(&message).replace('\n', "<br>"),
        agreed = escape(w.agreed_texts),
        title = escape(&title),
        description = escape(&description),
        check = escape(w.check_it),
        id = escape(&c.campaign_id),
        manifest = escape(w.manifest_link),
        in_the_log = escape(w.in_the_log),
        logged = logged_paragraph(w, log_position(campaigns.store(), &c.campaign_id).await?),
    );
    let controller = notice.map_or_else(String::new, |n| n.controller.name.clone());
    Ok(html_response(
        StatusCode::OK,
        shell(lang, &path, &controller, w.campaign_title, "", &body),
    ))
}

/// Where the campaign's manifest is in the log: its index, and the newest
/// checkpoint's origin, size and digest; `None` before a checkpoint covers it.
async fn log_position(
    store: &crate::store::Store,
    campaign_id: &str,
) -> Result<Option<(u64, String, u64, String)>, crate::store::Unavailable> {
    let (Some(index), Some(latest)) = (
        store.manifest_log_index(campaign_id).await?,
        store.latest_checkpoint().await?,
    ) else {
        return Ok(None);
    };
    let Ok(signed) = limpide_receipt::log::SignedCheckpoint::parse(&latest.note, "") else {
        return Ok(None);
    };
    let head = signed.checkpoint();
    Ok((index < head.size()).then(|| {
        (
            index,
            head.origin().to_owned(),
            head.size(),
            signed.digest(),
        )
    }))
}

/// The page's sentence on the log, with a link to the proof.
fn logged_paragraph(w: &Words, position: Option<(u64, String, u64, String)>) -> String {
    match position {
        None => format!("<p>{}</p>", escape(w.not_yet_logged)),
        Some((index, origin, size, digest)) => format!(
            r#"<p class="log-position">{}{}{}{index}{}{size}{}{}).</p>
<p class="log-position"><a href="/log/proof/{index}?size={size}">{}</a></p>"#,
            escape(w.logged[0]),
            escape(&origin),
            escape(w.logged[1]),
            escape(w.logged[2]),
            escape(w.logged[3]),
            escape(&digest),
            escape(w.proof_link),
        ),
    }
}
