//! The communications team's screen. Its campaigns (drafts, their status,
//! the release of an approved one) come with the campaigns' work: this
//! section is where they are listed.

use super::html::escape;
use super::i18n::Lang;

/// The campaigns section of the communications screen (and of the DPO's,
/// for review): for now, the empty list.
pub fn campaigns_section(lang: Lang) -> String {
    let t = lang.texts();
    format!(
        r#"<section aria-labelledby="campaigns"><h2 id="campaigns">{title}</h2><p>{none}</p></section>"#,
        title = escape(t.campaigns),
        none = escape(t.no_campaign),
    )
}
