//! A draft as the communications team sends it (`POST /campaigns`), and the
//! checks that refuse it at once: a box the notice does not have, a missing
//! translation, a sender that hides the controller, a text too long for
//! its channel, a window that is not one or meets a quiet period.

use std::collections::BTreeMap;

use limpide_receipt::{parse_utc, MessageText, Notice, Template};
use serde::Deserialize;

use super::footer::{footer, FooterFacts};
use super::limits::check_length;
use super::quiet::check_quiet_periods;
use super::refused::CampaignRefused;
use crate::controller::notices::{newest_with_box, NoticeSet};
use crate::echo::quoted;

/// The longest window a campaign may have: a message is sent within days,
/// and an approval is not a standing permission.
pub const MAX_WINDOW_SECONDS: i64 = 92 * 24 * 3600;

/// `POST /campaigns`'s body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DraftRequest {
    /// The notice id.
    pub notice: String,
    /// The notice version; the newest served version with the box if left
    /// out (versions are compared as text: dates sort right).
    #[serde(default)]
    pub notice_version: Option<String>,
    /// The purpose id.
    pub purpose: String,
    /// The channel; left out for a purpose without channels.
    #[serde(default)]
    pub channel: Option<String>,
    /// The sender line, naming the controller as the notice does.
    pub sender: String,
    /// One text per language of the notice.
    pub text: BTreeMap<String, DraftText>,
    /// When sending may start, RFC 3339 UTC.
    pub not_before: String,
    /// When sending must have ended, RFC 3339 UTC.
    pub not_after: String,
}

/// One language's text: a string, or an e-mail's subject and body.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum DraftText {
    /// An SMS, a letter, a call, a notification.
    Text(String),
    /// An e-mail.
    Email(EmailText),
}

/// An e-mail's subject and body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmailText {
    /// The subject line.
    pub subject: String,
    /// The body, before the footer.
    pub body: String,
}

/// A checked draft, ready to be stored.
#[derive(Clone, Debug)]
pub struct Draft {
    /// Its id, the short link of its public page.
    pub campaign_id: String,
    /// The notice id.
    pub notice_id: String,
    /// The notice version whose texts it is checked against.
    pub notice_version: String,
    /// The purpose id.
    pub purpose: String,
    /// The channel, `""` for a purpose without channels.
    pub channel: String,
    /// The sender line.
    pub sender: String,
    /// Its texts and footers.
    pub template: Template,
    /// The window, Unix seconds.
    pub not_before: i64,
    /// The window's end, Unix seconds.
    pub not_after: i64,
}

/// Where a draft's links point: the public URL, and a stop link's length.
pub struct Links<'a> {
    /// The service's public URL, without a trailing `/`.
    pub public_url: &'a str,
}

impl Links<'_> {
    /// The campaign's public page.
    pub fn campaign_url(&self, campaign_id: &str) -> String {
        format!("{}/c/{campaign_id}", self.public_url)
    }

    /// A stop link with its token.
    pub fn stop_url(&self, token: &str) -> String {
        format!("{}/s/{token}", self.public_url)
    }

    /// How long every stop link is (its token has a fixed length).
    pub fn stop_url_chars(&self) -> usize {
        self.stop_url(&"x".repeat(super::stop::TOKEN_CHARS))
            .chars()
            .count()
    }
}

/// Checks `request`; `campaign_id` names it in its footers, `now` is the
/// service's clock (Unix seconds).
pub fn check(
    request: DraftRequest,
    notices: &NoticeSet,
    links: &Links<'_>,
    campaign_id: String,
    now: i64,
) -> Result<Draft, CampaignRefused> {
    let channel = request.channel.clone().unwrap_or_default();
    let notice = notice_with_box(notices, &request, &channel)?;
    check_sender(notice, &request.sender)?;
    let (not_before, not_after) = check_window(&request.not_before, &request.not_after, now)?;
    check_quiet_periods(notice, not_before, not_after)?;
    let template = template(notice, &request, &channel, links, &campaign_id)?;
    Ok(Draft {
        campaign_id,
        notice_id: notice.id.clone(),
        notice_version: notice.version.clone(),
        purpose: request.purpose,
        channel,
        sender: request.sender,
        template,
        not_before,
        not_after,
    })
}

/// The notice version the draft is about: the one named, or the newest
/// served one that has the box.
fn notice_with_box<'n>(
    notices: &'n NoticeSet,
    request: &DraftRequest,
    channel: &str,
) -> Result<&'n Notice, CampaignRefused> {
    newest_with_box(
        notices,
        &request.notice,
        request.notice_version.as_deref(),
        &request.purpose,
        channel,
    )
    .ok_or_else(|| {
        let version = request
            .notice_version
            .as_ref()
            .map_or_else(String::new, |v| format!(" version {}", quoted(v)));
        let channel = match channel {
            "" => String::new(),
            c => format!(" by {}", quoted(c)),
        };
        CampaignRefused::UnknownBox(format!(
            "no served notice {}{version} has purpose {}{channel}",
            quoted(&request.notice),
            quoted(&request.purpose)
        ))
    })
}

/// The sender line names the controller exactly as the notice does: a
/// message signed only with a person's name says nothing of who sends it.
fn check_sender(notice: &Notice, sender: &str) -> Result<(), CampaignRefused> {
    let name = &notice.controller.name;
    if sender.contains(['\r', '\n']) || sender.chars().count() > 120 {
        return Err(CampaignRefused::Sender(
            "the sender line is one line of at most 120 characters".to_owned(),
        ));
    }
    if !sender.contains(name.as_str()) {
        return Err(CampaignRefused::Sender(format!(
            "the sender line must name the controller as the notice does: {name:?}"
        )));
    }
    Ok(())
}

/// Reads and checks the window: it ends after it starts, in the future,
/// within [`MAX_WINDOW_SECONDS`].
fn check_window(
    not_before: &str,
    not_after: &str,
    now: i64,
) -> Result<(i64, i64), CampaignRefused> {
    let read = |name: &str, text: &str| {
        parse_utc(text).ok_or_else(|| {
            CampaignRefused::Window(format!(
                "{name} {} is not an RFC 3339 UTC time such as 2027-09-01T08:00:00Z",
                quoted(text)
            ))
        })
    };
    let (start, end) = (
        read("not_before", not_before)?,
        read("not_after", not_after)?,
    );
    if end <= start {
        return Err(CampaignRefused::Window(
            "not_after must come after not_before".to_owned(),
        ));
    }
    if end <= now {
        return Err(CampaignRefused::Window(
            "the window has already ended".to_owned(),
        ));
    }
    if end - start > MAX_WINDOW_SECONDS {
        return Err(CampaignRefused::Window(format!(
            "a window lasts at most {} days",
            MAX_WINDOW_SECONDS / 86_400
        )));
    }
    Ok((start, end))
}

/// The template: every language of the notice, no other, each with its
/// footer and within its channel's limit.
fn template(
    notice: &Notice,
    request: &DraftRequest,
    channel: &str,
    links: &Links<'_>,
    campaign_id: &str,
) -> Result<Template, CampaignRefused> {
    let missing: Vec<&str> = notice
        .languages
        .iter()
        .map(String::as_str)
        .filter(|l| !request.text.contains_key(*l))
        .collect();
    let extra: Vec<&str> = request
        .text
        .keys()
        .map(String::as_str)
        .filter(|l| !notice.languages.iter().any(|n| n == l))
        .collect();
    if !missing.is_empty() || !extra.is_empty() {
        return Err(CampaignRefused::Translations(format!(
            "text needs one entry per language of the notice ({}){}",
            notice.languages.join(", "),
            if extra.is_empty() {
                format!("; missing: {}", missing.join(", "))
            } else {
                format!("; not a language of the notice: {}", extra.join(", "))
            }
        )));
    }
    let purpose = notice
        .purpose(&request.purpose)
        .ok_or_else(|| CampaignRefused::UnknownBox(request.purpose.clone()))?;
    let campaign_url = links.campaign_url(campaign_id);
    let mut entries = Vec::new();
    for (language, text) in &request.text {
        let facts = FooterFacts {
            sender: &request.sender,
            purpose_title: purpose.title.get(language).unwrap_or(&purpose.id),
            channel,
            campaign_url: &campaign_url,
        };
        let message = message(channel, language, text, footer(&facts, language))?;
        check_length(channel, language, &message, links.stop_url_chars())
            .map_err(CampaignRefused::TooLong)?;
        entries.push((language.clone(), message));
    }
    Ok(Template(entries))
}

/// One language's message, in the shape its channel takes, with its footer.
fn message(
    channel: &str,
    language: &str,
    text: &DraftText,
    footer: String,
) -> Result<MessageText, CampaignRefused> {
    let blank = |s: &str| s.trim().is_empty();
    match (channel, text) {
        ("email", DraftText::Email(EmailText { subject, body })) => {
            if blank(subject) || blank(body) {
                return Err(CampaignRefused::Invalid(format!(
                    "the {language} e-mail needs a subject and a body"
                )));
            }
            Ok(MessageText::Email {
                subject: subject.clone(),
                body: body.clone(),
                footer,
            })
        }
        ("email", DraftText::Text(_)) => Err(CampaignRefused::Invalid(format!(
            "an e-mail's {language} text is {{\"subject\": \"…\", \"body\": \"…\"}}"
        ))),
        (_, DraftText::Email(_)) => Err(CampaignRefused::Invalid(format!(
            "the {language} text is one string on this channel"
        ))),
        (_, DraftText::Text(text)) if blank(text) => Err(CampaignRefused::Invalid(format!(
            "the {language} text is empty"
        ))),
        (_, DraftText::Text(text)) => Ok(MessageText::Text {
            text: text.clone(),
            footer,
        }),
    }
}
