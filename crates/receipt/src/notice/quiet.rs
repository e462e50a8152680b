//! Periods in which the controller sends no campaign under a notice
//! (`campaigns.quiet_periods`, notice format 2), e.g. the months before an
//! election.

use super::LocalizedText;

/// Seconds in a day.
const DAY: i64 = 86_400;

/// A period, whole days UTC from `from` through `to`, in which no campaign
/// under the notice may be sent, and why.
///
/// ```
/// use limpide_receipt::{parse_utc, Notice};
/// let notice = Notice::from_json(&std::fs::read("../../docs/examples/notice-format-2.json").unwrap()).unwrap();
/// let election = &notice.quiet_periods()[0];
/// assert_eq!(election.dates(), ("2027-09-15", "2028-03-15"));
/// let start = parse_utc("2028-03-15T09:00:00Z").unwrap();
/// assert!(election.overlaps(start, start + 3600));
/// assert!(!election.overlaps(parse_utc("2028-03-16T00:00:00Z").unwrap(), i64::MAX));
/// assert!(election.reason("en").unwrap().contains("election"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct QuietPeriod {
    /// The first instant of the period: midnight UTC starting its `from` day (Unix seconds).
    pub from: i64,
    /// The first instant after the period: midnight UTC ending its `to`
    /// day (Unix seconds). The period is `from <= t < to`.
    pub to: i64,
    dates: (String, String),
    reason: LocalizedText,
}

impl QuietPeriod {
    /// A period from the first day through the last (days since 1970), as
    /// the notice writes them.
    pub(super) fn new(first: (i64, &str), last: (i64, &str), reason: LocalizedText) -> Self {
        Self {
            from: first.0 * DAY,
            to: (last.0 + 1) * DAY,
            dates: (first.1.to_owned(), last.1.to_owned()),
            reason,
        }
    }

    /// Whether a window from `start_unix` through `end_unix` (Unix seconds,
    /// both included, e.g. a campaign's `not_before` and `not_after`)
    /// shares any instant with this period.
    pub fn overlaps(&self, start_unix: i64, end_unix: i64) -> bool {
        start_unix < self.to && end_unix >= self.from && start_unix <= end_unix
    }

    /// The `from` and `to` dates, `YYYY-MM-DD`, as the notice writes them.
    pub fn dates(&self) -> (&str, &str) {
        (&self.dates.0, &self.dates.1)
    }

    /// Why no campaign is sent, in `lang`; `None` for a language the
    /// notice does not declare.
    pub fn reason(&self, lang: &str) -> Option<&str> {
        self.reason.get(lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_utc;

    #[test]
    fn a_period_covers_its_whole_days_utc() {
        let day = |d: &str| crate::time::parse_date(d).unwrap();
        let period = QuietPeriod::new(
            (day("2027-09-15"), "2027-09-15"),
            (day("2027-09-16"), "2027-09-16"),
            LocalizedText(vec![("fr".into(), "Élection".into())]),
        );
        let t = |s: &str| parse_utc(s).unwrap();
        assert_eq!(period.from, t("2027-09-15T00:00:00Z"));
        assert_eq!(period.to, t("2027-09-17T00:00:00Z"));
        assert!(period.overlaps(t("2027-09-01T00:00:00Z"), t("2027-09-15T00:00:00Z")));
        assert!(period.overlaps(t("2027-09-16T23:59:59Z"), t("2027-10-01T00:00:00Z")));
        assert!(period.overlaps(t("2027-09-01T00:00:00Z"), t("2027-10-01T00:00:00Z")));
        assert!(!period.overlaps(t("2027-09-01T00:00:00Z"), t("2027-09-14T23:59:59Z")));
        assert!(!period.overlaps(t("2027-09-17T00:00:00Z"), t("2027-10-01T00:00:00Z")));
        // A window that ends before it starts covers nothing.
        assert!(!period.overlaps(t("2027-09-16T00:00:00Z"), t("2027-09-15T00:00:00Z")));
        assert_eq!(period.reason("fr"), Some("Élection"));
        assert_eq!(period.reason("de"), None);
    }
}
