//! The data-protection officer's screen: the counts per purpose and
//! channel (each purpose by its title, in the page's language), their
//! chart by day, and the exports (the access log, the receipts' audit).

use super::super::chart::daily_bars;
use super::html::escape;
use super::i18n::Lang;
use crate::controller::notices::NoticeSet;
use crate::store::{DailyCount, LoggedAccess, Stats};

/// The title of `purpose` of notice `notice` in `lang` (the newest
/// version that has it; its first language when it lacks `lang`), or the id.
pub fn purpose_title(notices: &NoticeSet, notice: &str, purpose: &str, lang: Lang) -> String {
    let newest = notices
        .all()
        .map(|p| &p.notice)
        .filter(|n| n.id == notice && n.purpose(purpose).is_some())
        .last();
    super::super::pages::words::purpose_title(newest, purpose, lang.tag())
}

fn channel_name(lang: Lang, channel: &str) -> String {
    match channel {
        "" => lang.texts().no_channel.to_owned(),
        other => super::super::pages::words::channel(lang, other).to_owned(),
    }
}

/// The counts, the charts and the exports.
pub fn section(lang: Lang, stats: &Stats, notices: &NoticeSet) -> String {
    let t = lang.texts();
    let mut rows = String::new();
    let mut charts = String::new();
    for tally in &stats.current {
        let title = purpose_title(notices, &tally.notice, &tally.purpose, lang);
        let channel = channel_name(lang, &tally.channel);
        rows.push_str(&format!(
            "<tr><td>{}</td><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&tally.notice),
            escape(&title),
            escape(&channel),
            tally.granted,
            tally.refused,
            tally.withdrawn
        ));
        let days: Vec<&DailyCount> = stats
            .daily
            .iter()
            .filter(|d| {
                d.tally.notice == tally.notice
                    && d.tally.purpose == tally.purpose
                    && d.tally.channel == tally.channel
            })
            .collect();
        let caption = format!("{title} — {channel} ({})", tally.notice);
        charts.push_str(&format!(
            "<figure><figcaption>{}</figcaption>{}</figure>",
            escape(&caption),
            daily_bars(&caption, &days)
        ));
    }
    if stats.current.is_empty() {
        rows.push_str(&format!(
            r#"<tr><td colspan="6">{}</td></tr>"#,
            escape(t.no_receipt)
        ));
    }
    format!(
        r#"<section aria-labelledby="counts"><h2 id="counts">{counts}</h2>
<p>{intro}</p>
<div class="scroll" tabindex="0" role="region" aria-label="{counts} ({table})"><table><caption class="visually-hidden">{counts}</caption>
<thead><tr><th scope="col">{notice}</th><th scope="col">{purpose}</th><th scope="col">{channel}</th><th scope="col">{granted}</th><th scope="col">{refused}</th><th scope="col">{withdrawn}</th></tr></thead>
<tbody>{rows}</tbody></table></div>
<h3>{by_day}</h3>
<p>{legend}</p>
{charts}
</section>
<section aria-labelledby="exports"><h2 id="exports">{exports}</h2>
<p>{exports_intro}</p>
<ul><li><a href="/access-log" download="access-log.jsonl">{access_log}</a></li>
<li><a href="/audit" download="audit.jsonl">{audit}</a></li></ul>
</section>"#,
        counts = escape(t.counts),
        table = escape(t.table),
        intro = escape(t.counts_intro),
        notice = escape(t.notice),
        purpose = escape(t.purpose),
        channel = escape(t.channel),
        granted = escape(t.granted),
        refused = escape(t.refused_count),
        withdrawn = escape(t.withdrawn),
        by_day = escape(t.by_day),
        legend = legend(lang),
        exports = escape(t.exports),
        exports_intro = escape(t.exports_intro),
        access_log = escape(t.access_log_link),
        audit = escape(t.audit_link),
    )
}

/// The chart's legend in `lang`: each swatch's colour is the stylesheet's.
fn legend(lang: Lang) -> String {
    let t = lang.texts();
    [
        ("granted", t.granted),
        ("refused", t.refused_count),
        ("withdrawn", t.withdrawn),
    ]
    .iter()
    .map(|(class, label)| {
        format!(
            r#"<span class="key"><span class="swatch {class}"></span>{}</span>"#,
            escape(label)
        )
    })
    .collect()
}

/// The latest entries of the access log (`entries`, newest first).
pub fn access_section(lang: Lang, entries: &[LoggedAccess]) -> String {
    let t = lang.texts();
    let mut rows = String::new();
    for logged in entries {
        let e = &logged.entry;
        let about: Vec<String> = [&e.notice, &e.purpose, &e.channel, &e.campaign]
            .into_iter()
            .flatten()
            .cloned()
            .chain(e.kept.map(|k| format!("+{k}")))
            .chain(e.dropped.map(|d| format!("−{d}")))
            .collect();
        rows.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&logged.at.replace('T', " ").replace('Z', "")),
            escape(&e.account),
            escape(e.role.map_or("—", |r| r.as_str())),
            escape(&e.action),
            escape(&about.join(" · ")),
        ));
    }
    format!(
        r#"<section aria-labelledby="access"><h2 id="access">{title}</h2>
<p>{intro}</p>
<div class="scroll" tabindex="0" role="region" aria-label="{title} ({table})"><table class="log"><caption class="visually-hidden">{title}</caption>
<thead><tr><th scope="col">{when}</th><th scope="col">{who}</th><th scope="col">{role}</th><th scope="col">{action}</th><th scope="col">{about}</th></tr></thead>
<tbody>{rows}</tbody></table></div>
</section>"#,
        title = escape(t.access_log),
        table = escape(t.table),
        intro = escape(t.access_intro),
        when = escape(t.when),
        who = escape(t.who),
        role = escape(t.role),
        action = escape(t.action),
        about = escape(t.about),
    )
}
