//! The DPO page's chart: an SVG drawn here, with nothing loaded from
//! elsewhere. One small chart per purpose and channel: a stacked bar per
//! day of granted, refused and withdrawn decisions.

use std::fmt::Write as _;

use crate::store::DailyCount;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 140.0;
const MARGIN: f64 = 28.0;
/// Granted, refused, withdrawn: told apart by pattern-free colours with
/// enough contrast, and named in the legend (the console's stylesheet
/// gives its swatches the same colours) and each bar's title.
const COLOURS: [(&str, &str); 3] = [
    ("granted", "#1b7a3a"),
    ("refused", "#6b6b6b"),
    ("withdrawn", "#c25400"),
];

/// Escapes text for HTML and SVG.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// The chart of `days` (one purpose and channel, in day order), titled `title`.
pub fn daily_bars(title: &str, days: &[&DailyCount]) -> String {
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}"><title>{}</title>"#,
        escape(title)
    );
    let max = days
        .iter()
        .map(|d| d.tally.granted + d.tally.refused + d.tally.withdrawn)
        .max()
        .unwrap_or(0)
        .max(1);
    let plot_height = HEIGHT - 2.0 * MARGIN;
    let slot = (WIDTH - 2.0 * MARGIN) / days.len().max(1) as f64;
    // Narrow bars even for a few days: a single day is not a wall.
    let bar = (slot * 0.8).clamp(1.0, 24.0);
    for (i, day) in days.iter().enumerate() {
        let x = MARGIN + i as f64 * slot;
        let mut bottom = HEIGHT - MARGIN;
        let t = &day.tally;
        for ((name, colour), count) in COLOURS.iter().zip([t.granted, t.refused, t.withdrawn]) {
            if count == 0 {
                continue;
            }
            let h = plot_height * count as f64 / max as f64;
            bottom -= h;
            let _ = write!(
                svg,
                r#"<rect x="{x:.1}" y="{bottom:.1}" width="{bar:.1}" height="{h:.1}" fill="{colour}"><title>{}: {count} {name}</title></rect>"#,
                escape(&day.day)
            );
        }
    }
    // The axis: first and last day, and the tallest bar's count.
    let _ = write!(
        svg,
        r##"<line x1="{MARGIN}" y1="{y}" x2="{x2}" y2="{y}" stroke="#222"/><text x="{MARGIN}" y="{ty}" font-size="11" fill="#222">{first}</text><text x="{x2}" y="{ty}" font-size="11" fill="#222" text-anchor="end">{last}</text><text x="2" y="{top}" font-size="11" fill="#222">{max}</text>"##,
        y = HEIGHT - MARGIN,
        x2 = WIDTH - MARGIN,
        ty = HEIGHT - MARGIN + 16.0,
        top = MARGIN + 4.0,
        first = escape(days.first().map_or("", |d| d.day.as_str())),
        last = escape(days.last().map_or("", |d| d.day.as_str())),
    );
    svg.push_str("</svg>");
    svg
}
