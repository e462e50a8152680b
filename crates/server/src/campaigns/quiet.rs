//! The periods a notice forbids messages in (`campaigns.quiet_periods`),
//! e.g. the six months before an election, when French electoral law
//! forbids promoting the institution.

use limpide_receipt::Notice;

use super::refused::CampaignRefused;

/// Refuses a window that meets one of the notice's quiet periods, with the
/// period's reason in the notice's first language.
pub fn check_quiet_periods(notice: &Notice, start: i64, end: i64) -> Result<(), CampaignRefused> {
    let language = notice.languages.first().map_or("", String::as_str);
    match notice
        .quiet_periods()
        .iter()
        .find(|p| p.overlaps(start, end))
    {
        None => Ok(()),
        Some(period) => {
            let (from, to) = period.dates();
            Err(CampaignRefused::QuietPeriod(format!(
                "the window meets a period in which the notice forbids messages ({from} to {to}): {}",
                period.reason(language).unwrap_or_default()
            )))
        }
    }
}
