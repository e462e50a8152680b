//! `GET /stats` (JSON) and `GET /admin`, the data-protection officer's
//! page: counts per purpose and channel, and their chart over time. The
//! page loads nothing, runs no script, and names no subject.

use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use axum::Json;

use super::chart::{daily_bars, escape, legend};
use super::error::ApiError;
use crate::store::{DailyCount, Stats, Store};

/// `GET /stats`: the counts, as JSON.
pub async fn stats(State(store): State<Store>) -> Result<Json<Stats>, ApiError> {
    Ok(Json(store.stats().await?))
}

/// `GET /admin`: the counts and their charts, as a page.
pub async fn page(State(store): State<Store>) -> Result<Response, ApiError> {
    let stats = store.stats().await?;
    Ok((
        [(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'none'; frame-ancestors 'none'",
        )],
        Html(render(&stats)),
    )
        .into_response())
}

fn render(stats: &Stats) -> String {
    let mut rows = String::new();
    let mut charts = String::new();
    for t in &stats.current {
        let channel = if t.channel.is_empty() {
            "—"
        } else {
            t.channel.as_str()
        };
        rows.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&t.notice),
            escape(&t.purpose),
            escape(channel),
            t.granted,
            t.refused,
            t.withdrawn
        ));
        let days: Vec<&DailyCount> = stats
            .daily
            .iter()
            .filter(|d| {
                d.tally.notice == t.notice
                    && d.tally.purpose == t.purpose
                    && d.tally.channel == t.channel
            })
            .collect();
        let title = format!("{} — {} — {}", t.notice, t.purpose, channel);
        charts.push_str(&format!(
            "<figure><figcaption>{}</figcaption>{}</figure>",
            escape(&title),
            daily_bars(&title, &days)
        ));
    }
    if stats.current.is_empty() {
        rows.push_str(r#"<tr><td colspan="6">No receipt stored yet.</td></tr>"#);
    }
    format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Consent receipts — data-protection officer</title>
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #111; }}
table {{ border-collapse: collapse; width: 100%; }} th, td {{ border-bottom: 1px solid #ccc; padding: .3rem .5rem; text-align: left; }}
td:nth-child(n+4), th:nth-child(n+4) {{ text-align: right; }}
figure {{ margin: 1.5rem 0; }} figcaption {{ font-weight: 600; }} svg {{ max-width: 100%; height: auto; }}
.key {{ margin-right: 1rem; }} .swatch {{ display: inline-block; width: .9rem; height: .9rem; margin-right: .3rem; vertical-align: middle; }}
</style></head>
<body><main>
<h1>Consent receipts</h1>
<p>Each pupil counts once, by their latest receipt (the chain's rule, in docs/server.md). "Withdrawn": refused now after having granted it.</p>
<table><thead><tr><th>Notice</th><th>Purpose</th><th>Channel</th><th>Granted</th><th>Refused</th><th>Withdrawn</th></tr></thead>
<tbody>{rows}</tbody></table>
<h2>Decisions by day</h2>
<p>{legend}</p>
{charts}
</main></body></html>
"#,
        legend = legend()
    )
}
