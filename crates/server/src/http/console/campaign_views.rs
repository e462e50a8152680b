//! The campaign screens, rendered: the list (on each role's landing), the
//! draft form, and one campaign beside the texts its pupils agreed to,
//! with the actions the viewer's role may take. Views only: the routes in
//! `campaign_routes.rs` read, check and dispatch.

use limpide_receipt::{MessageText, Notice, Wording};

use super::campaign_words::CampaignWords;
use super::html::escape;
use super::i18n::Lang;
use super::page::csrf_field;
use crate::campaigns::template::{from_stored, render};
use crate::controller::notices::NoticeSet;
use crate::staff::Role;
use crate::store::{CampaignRow, ReleaseRow};

use super::super::pages::words::{channel, day, purpose_title};

/// The campaigns list of a landing page.
pub fn list_section(lang: Lang, role: Role, rows: &[CampaignRow], notices: &NoticeSet) -> String {
    let w = CampaignWords::of(lang);
    let t = lang.texts();
    let new = if role == Role::Communications {
        format!(
            r#"<p><a href="/console/campaigns/new?lang={}">{}</a></p>"#,
            lang.tag(),
            escape(w.new_campaign)
        )
    } else {
        String::new()
    };
    if rows.is_empty() {
        return format!(
            r#"<section aria-labelledby="campaigns"><h2 id="campaigns">{}</h2>{new}<p>{}</p></section>"#,
            escape(t.campaigns),
            escape(t.no_campaign)
        );
    }
    let mut body = String::new();
    for c in rows {
        let notice = notices
            .get(&c.notice_id, &c.notice_version)
            .map(|p| &p.notice);
        body.push_str(&format!(
            r#"<tr><th scope="row"><a href="/console/campaigns/{id}?lang={tag}">{title}</a></th><td>{channel}</td><td>{status}</td><td>{drafted}</td></tr>"#,
            id = escape(&c.campaign_id),
            tag = lang.tag(),
            title = escape(&purpose_title(notice, &c.purpose, lang.tag())),
            channel = escape(channel(lang, &c.channel)),
            status = escape(w.status(c.status_shown())),
            drafted = escape(&day(lang, c.drafted_at)),
        ));
    }
    format!(
        r#"<section aria-labelledby="campaigns"><h2 id="campaigns">{title}</h2>{new}<div class="scroll"><table><thead><tr><th scope="col">{purpose}</th><th scope="col">{channel}</th><th scope="col">{status}</th><th scope="col">{drafted}</th></tr></thead><tbody>{body}</tbody></table></div></section>"#,
        title = escape(t.campaigns),
        purpose = escape(t.purpose),
        channel = escape(t.channel),
        status = escape(w.status),
        drafted = escape(w.drafted),
    )
}

/// What the draft form holds, to show it again after a refusal.
#[derive(Default, serde::Deserialize)]
pub struct DraftForm {
    /// `notice|purpose|channel`.
    #[serde(rename = "box", default)]
    pub target: String,
    /// The sender line.
    #[serde(default)]
    pub sender: String,
    /// The window.
    #[serde(default)]
    pub not_before: String,
    /// The window's end.
    #[serde(default)]
    pub not_after: String,
    /// `text_<lang>` and `subject_<lang>`, and the form token.
    #[serde(flatten)]
    pub fields: std::collections::BTreeMap<String, String>,
}

/// Every box of the newest version of each served notice, as the draft
/// form's options: `(value, label)`.
fn boxes(notices: &NoticeSet, lang: Lang) -> Vec<(String, String)> {
    let mut newest: std::collections::BTreeMap<&str, &Notice> = Default::default();
    for p in notices.all() {
        let entry = newest.entry(p.notice.id.as_str()).or_insert(&p.notice);
        if p.notice.version > entry.version {
            *entry = &p.notice;
        }
    }
    let mut options = Vec::new();
    for notice in newest.values() {
        for purpose in &notice.purposes {
            for b in purpose.boxes() {
                let ch = b.map_or("", |c| c.as_str());
                let title = purpose_title(Some(notice), &purpose.id, lang.tag());
                options.push((
                    format!("{}|{}|{ch}", notice.id, purpose.id),
                    format!("{} — {title} — {}", notice.id, channel(lang, ch)),
                ));
            }
        }
    }
    options
}

/// The languages a draft needs texts in: every language of any served
/// notice (the service refuses a missing or extra one, with the reason).
fn languages(notices: &NoticeSet) -> Vec<String> {
    let mut all: Vec<String> = notices
        .all()
        .flat_map(|p| p.notice.languages.iter().cloned())
        .collect();
    all.sort();
    all.dedup();
    all
}

/// The draft form; `error` is the refusal of the last try.
pub fn draft_form(
    lang: Lang,
    notices: &NoticeSet,
    csrf: Option<&str>,
    form: &DraftForm,
    error: Option<&str>,
) -> String {
    let w = CampaignWords::of(lang);
    let options: String = boxes(notices, lang)
        .into_iter()
        .map(|(value, label)| {
            let selected = if value == form.target {
                " selected"
            } else {
                ""
            };
            format!(
                r#"<option value="{}"{selected}>{}</option>"#,
                escape(&value),
                escape(&label)
            )
        })
        .collect();
    let mut texts = String::new();
    for language in languages(notices) {
        let field = |name: &str| {
            form.fields
                .get(&format!("{name}_{language}"))
                .cloned()
                .unwrap_or_default()
        };
        texts.push_str(&format!(
            r#"<fieldset><legend lang="{l}">{l}</legend>
<label for="subject_{l}">{subject}</label><span class="hint" id="subject_{l}_hint">{subject_hint}</span>
<input id="subject_{l}" name="subject_{l}" aria-describedby="subject_{l}_hint" value="{subject_value}">
<label for="text_{l}">{text}</label>
<textarea id="text_{l}" name="text_{l}" rows="5" required>{text_value}</textarea></fieldset>"#,
            l = escape(&language),
            subject = escape(w.subject_in),
            subject_hint = escape(w.subject_hint),
            subject_value = escape(&field("subject")),
            text = escape(w.text_in),
            text_value = escape(&field("text")),
        ));
    }
    let alert = error.map_or(String::new(), |e| {
        format!(r#"<p class="error" role="alert">{}</p>"#, escape(e))
    });
    format!(
        r#"<p>{intro}</p>{alert}
<form method="post" action="/console/campaigns?lang={tag}">{csrf}
<label for="box">{box_label}</label><select id="box" name="box" required>{options}</select>
<label for="sender">{sender}</label><span class="hint" id="sender_hint">{sender_hint}</span>
<input id="sender" name="sender" aria-describedby="sender_hint" value="{sender_value}" required>
<label for="not_before">{not_before}</label><span class="hint" id="time_hint">{time_hint}</span>
<input id="not_before" name="not_before" aria-describedby="time_hint" value="{nb}" required>
<label for="not_after">{not_after}</label>
<input id="not_after" name="not_after" aria-describedby="time_hint" value="{na}" required>
{texts}
<p><button type="submit" data-action="save-draft">{save}</button></p>
</form>"#,
        intro = escape(w.new_intro),
        tag = lang.tag(),
        csrf = csrf.map_or(String::new(), csrf_field),
        box_label = escape(w.box_label),
        sender = escape(w.sender),
        sender_hint = escape(w.sender_hint),
        sender_value = escape(&form.sender),
        not_before = escape(w.not_before),
        time_hint = escape(w.time_hint),
        nb = escape(&form.not_before),
        not_after = escape(w.not_after),
        na = escape(&form.not_after),
        save = escape(w.save_draft),
    )
}

/// Who looks at a campaign, and what they may do.
pub struct Viewer<'a> {
    /// The account.
    pub account: &'a str,
    /// Its role.
    pub role: Role,
    /// The session's form token.
    pub csrf: Option<&'a str>,
}

/// One campaign: its facts, each language's whole message beside the
/// purpose's texts in that language, its releases, and the viewer's actions.
pub fn campaign_detail(
    lang: Lang,
    notices: &NoticeSet,
    c: &CampaignRow,
    releases: &[ReleaseRow],
    viewer: &Viewer<'_>,
    error: Option<&str>,
) -> String {
    let w = CampaignWords::of(lang);
    let t = lang.texts();
    let notice = notices
        .get(&c.notice_id, &c.notice_version)
        .map(|p| &p.notice);
    let dd =
        |label: &str, value: &str| format!("<dt>{}</dt><dd>{}</dd>", escape(label), escape(value));
    let mut facts = String::new();
    facts.push_str(&dd(w.status, w.status(c.status_shown())));
    facts.push_str(&dd(
        t.notice,
        &format!("{} ({})", c.notice_id, c.notice_version),
    ));
    facts.push_str(&dd(
        t.purpose,
        &purpose_title(notice, &c.purpose, lang.tag()),
    ));
    facts.push_str(&dd(t.channel, channel(lang, &c.channel)));
    facts.push_str(&dd(w.sender, &c.sender));
    facts.push_str(&dd(
        w.window,
        &format!(
            "{} → {}",
            limpide_receipt::format_utc(c.not_before),
            limpide_receipt::format_utc(c.not_after)
        ),
    ));
    facts.push_str(&dd(
        w.drafted,
        &format!("{} {} {}", day(lang, c.drafted_at), w.by, c.drafted_by),
    ));
    if let (Some(by), Some(at)) = (&c.decided_by, c.decided_at) {
        facts.push_str(&dd(w.decided, &format!("{} {} {by}", day(lang, at), w.by)));
    }
    if let Some(reason) = &c.reason {
        facts.push_str(&dd(w.reason_given, reason));
    }
    let alert = error.map_or(String::new(), |e| {
        format!(r#"<p class="error" role="alert">{}</p>"#, escape(e))
    });
    format!(
        r#"{alert}<dl class="facts">{facts}</dl>{languages}{releases}{actions}
<p><a href="/c/{id}?lang={tag}">{public}</a> · <a href="/console?lang={tag}">{back}</a></p>"#,
        languages = side_by_side(lang, notice, c),
        releases = releases_table(lang, releases),
        actions = actions(lang, c, viewer),
        id = escape(&c.campaign_id),
        tag = lang.tag(),
        public = escape(w.public_page),
        back = escape(w.back),
    )
}

/// For each language, the message as sent beside the purpose's texts.
fn side_by_side(lang: Lang, notice: Option<&Notice>, c: &CampaignRow) -> String {
    let w = CampaignWords::of(lang);
    let Some(template) = from_stored(&c.template) else {
        return String::new();
    };
    let purpose = notice.and_then(|n| n.purpose(&c.purpose));
    let mut out = String::new();
    for (language, text) in &template.0 {
        let rendered = render(&template, language, w.stop_link);
        let subject = match text {
            MessageText::Email { subject, .. } => {
                format!("<p><strong>{}</strong></p>", escape(subject))
            }
            MessageText::Text { .. } => String::new(),
        };
        let wording = |w: Wording| {
            purpose.map_or((String::new(), String::new()), |p| {
                (
                    p.title_in(w).get(language).unwrap_or_default().to_owned(),
                    p.description_in(w)
                        .get(language)
                        .unwrap_or_default()
                        .to_owned(),
                )
            })
        };
        let (title, description) = wording(Wording::Standard);
        // Pupils under the notice's age read the simpler texts, where the
        // notice has them: those are what they agreed to.
        let simpler = match purpose.and_then(|p| p.simpler.as_ref()) {
            Some(_) => {
                let (title, description) = wording(Wording::Simpler);
                format!(
                    "<p><em>{}</em></p><p><strong>{}</strong></p><p>{}</p>",
                    escape(w.simpler_texts),
                    escape(&title),
                    escape(&description)
                )
            }
            None => String::new(),
        };
        out.push_str(&format!(
            r#"<section class="pair" lang="{l}" aria-label="{l}"><div><h2>{sent} ({l})</h2>{subject}<blockquote class="message">{message}</blockquote></div><div><h2>{agreed} ({l})</h2><p><strong>{title}</strong></p><p>{description}</p>{simpler}</div></section>"#,
            l = escape(language),
            sent = escape(w.message_sent),
            message = escape(&rendered.text).replace('\n', "<br>"),
            agreed = escape(w.agreed_texts),
            title = escape(&title),
            description = escape(&description),
        ));
    }
    out
}

fn releases_table(lang: Lang, releases: &[ReleaseRow]) -> String {
    if releases.is_empty() {
        return String::new();
    }
    let w = CampaignWords::of(lang);
    let items: String = releases
        .iter()
        .map(|r| {
            format!(
                "<li>{} {} {} : {} {}, {} {}</li>",
                escape(&day(lang, r.released_at)),
                escape(w.by),
                escape(&r.released_by),
                r.rows_kept,
                escape(w.kept),
                r.rows_dropped,
                escape(w.dropped)
            )
        })
        .collect();
    format!("<h2>{}</h2><ul>{items}</ul>", escape(w.releases))
}

/// The forms the viewer may use on this campaign, now.
fn actions(lang: Lang, c: &CampaignRow, viewer: &Viewer<'_>) -> String {
    let w = CampaignWords::of(lang);
    let csrf = viewer.csrf.map_or(String::new(), csrf_field);
    let action = |path: &str| {
        format!(
            "/console/campaigns/{}/{path}?lang={}",
            escape(&c.campaign_id),
            lang.tag()
        )
    };
    match (viewer.role, c.status.as_str()) {
        (Role::Dpo, "draft") if c.drafted_by == viewer.account => {
            format!("<p>{}</p>", escape(w.own_campaign))
        }
        (Role::Dpo, "draft") => format!(
            r#"<form method="post" action="{approve_to}">{csrf}<button type="submit" data-action="approve">{approve}</button></form>
<form method="post" action="{reject_to}">{csrf}<label for="reason">{reason}</label><textarea id="reason" name="reason" rows="3" required></textarea><p><button type="submit" class="secondary" data-action="reject">{reject}</button></p></form>"#,
            approve_to = action("approve"),
            reject_to = action("reject"),
            approve = escape(w.approve),
            reason = escape(w.reason),
            reject = escape(w.reject),
        ),
        (Role::Dpo, "approved") if c.releases >= c.releases_allowed => format!(
            r#"<form method="post" action="{}">{csrf}<button type="submit" class="secondary" data-action="allow-release">{}</button></form>"#,
            action("allow-release"),
            escape(w.allow_release),
        ),
        (Role::Communications, "approved") if c.releases < c.releases_allowed => format!(
            r#"<h2>{release}</h2><p>{intro}</p><form method="post" action="{to}" enctype="multipart/form-data">{csrf}<label for="list">{file}</label><input id="list" name="list" type="file" accept=".csv,text/csv" required><p><button type="submit" data-action="release">{release}</button></p></form>"#,
            release = escape(w.release),
            intro = escape(w.release_intro),
            to = action("release"),
            file = escape(w.list_file),
        ),
        _ => String::new(),
    }
}
