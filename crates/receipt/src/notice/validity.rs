//! How long a grant counts (`grant_validity`, notice format 2): an ISO 8601
//! duration of years, months, weeks and days, or the last day it counts.

use crate::time::{add_months, parse_date};

/// Seconds in a day.
const DAY: i64 = 86_400;
/// No grant counts longer than this many years: a longer duration is a
/// typing mistake, not a policy.
const MAX_YEARS: i64 = 100;

/// How long a grant of a notice counts, from the receipt that grants it.
///
/// Lapse is computed from the receipt's `issued_at` and the notice version
/// it names; a receipt never changes, and a new receipt that grants again
/// starts a new period (`docs/notice-format.md`, "Grant validity").
///
/// ```
/// use limpide_receipt::{parse_utc, GrantValidity};
/// let year = GrantValidity::parse("P1Y").unwrap();
/// let issued = parse_utc("2026-01-31T10:00:00Z").unwrap();
/// assert_eq!(year.lapses_at(issued), parse_utc("2027-01-31T10:00:00Z").unwrap());
/// // A month from the 31st ends on the last day of a shorter month.
/// let month = GrantValidity::parse("P1M").unwrap();
/// assert_eq!(month.lapses_at(issued), parse_utc("2026-02-28T10:00:00Z").unwrap());
/// // A date counts through that day, UTC.
/// let school_year = GrantValidity::parse("2027-07-05").unwrap();
/// assert_eq!(school_year.lapses_at(issued), parse_utc("2027-07-06T00:00:00Z").unwrap());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GrantValidity {
    text: String,
    rule: Rule,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rule {
    /// Calendar months (years × 12 + months), then days (weeks × 7 + days).
    Period { months: i64, days: i64 },
    /// The first instant after the last day it counts (days since 1970).
    Through { day: i64 },
}

impl GrantValidity {
    /// Reads `grant_validity`: `PnYnMnWnD` (each part optional, in that
    /// order, at least one, not all zero, at most 100 years in all) or
    /// `YYYY-MM-DD`. The error is the reason, for a person.
    pub fn parse(text: &str) -> Result<Self, String> {
        let rule = if let Some(day) = parse_date(text) {
            Rule::Through { day }
        } else if let Some(period) = text.strip_prefix('P') {
            period_rule(period)?
        } else {
            return Err(format!(
                "{text:?} is neither an ISO 8601 duration such as \"P1Y\", \"P6M\" or \"P90D\" \
                 nor a date \"YYYY-MM-DD\""
            ));
        };
        Ok(Self {
            text: text.to_owned(),
            rule,
        })
    }

    /// The text as the notice writes it, e.g. `P1Y` or `2027-07-05`.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether it is a last day (`YYYY-MM-DD`) rather than a duration.
    pub fn is_date(&self) -> bool {
        matches!(self.rule, Rule::Through { .. })
    }

    /// The instant (Unix seconds) from which a grant in a receipt issued at
    /// `issued_at_unix_seconds` no longer counts.
    ///
    /// A duration adds its years and months first, keeping the time of day
    /// and the day of the month, clamped to the last day of a shorter
    /// month (2026-01-31 + `P1M` is 2026-02-28), then its weeks and days.
    /// A date lapses at the next midnight UTC after that day, whenever
    /// the receipt was issued.
    pub fn lapses_at(&self, issued_at_unix_seconds: i64) -> i64 {
        match self.rule {
            Rule::Through { day } => (day + 1) * DAY,
            Rule::Period { months, days } => {
                let day = issued_at_unix_seconds.div_euclid(DAY);
                let time = issued_at_unix_seconds.rem_euclid(DAY);
                (add_months(day, months) + days) * DAY + time
            }
        }
    }
}

/// The years, months, weeks and days after the `P`.
fn period_rule(period: &str) -> Result<Rule, String> {
    let whole = format!("P{period}");
    if period.contains('T') || period.contains('H') || period.contains('S') {
        return Err(format!(
            "{whole:?}: a grant counts for years, months, weeks or days; hours, minutes and \
             seconds (after \"T\") are not accepted"
        ));
    }
    let mut parts = [0i64; 4];
    let mut next = 0;
    let mut rest = period;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let unit = rest[digits..].chars().next();
        let at = unit.and_then(|u| ['Y', 'M', 'W', 'D'].iter().position(|&c| c == u));
        let (Some(at), 1..=5) = (at, digits) else {
            return Err(format!(
                "{whole:?} is not an ISO 8601 duration of years, months, weeks and days, \
                 such as \"P1Y\", \"P6M\", \"P1Y6M\" or \"P90D\""
            ));
        };
        if at < next {
            return Err(format!(
                "{whole:?}: write each of Y, M, W and D at most once, in that order"
            ));
        }
        parts[at] = rest[..digits].parse().unwrap_or(i64::MAX);
        next = at + 1;
        rest = &rest[digits + 1..];
    }
    let [years, months, weeks, days] = parts;
    let total_days = years * 366 + months * 31 + weeks * 7 + days;
    if next == 0 || total_days == 0 {
        return Err(format!(
            "{whole:?} is no time at all: give a duration such as \"P1Y\", or leave \
             \"grant_validity\" out for grants that count until withdrawn"
        ));
    }
    if total_days > MAX_YEARS * 366 {
        return Err(format!(
            "{whole:?} is longer than {MAX_YEARS} years; leave \"grant_validity\" out for \
             grants that count until withdrawn"
        ));
    }
    Ok(Rule::Period {
        months: years * 12 + months,
        days: weeks * 7 + days,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_utc;

    fn at(text: &str) -> i64 {
        parse_utc(text).unwrap()
    }

    #[test]
    fn durations_add_calendar_months_then_days() {
        let lapse = |validity: &str, issued: &str| {
            crate::format_utc(
                GrantValidity::parse(validity)
                    .unwrap()
                    .lapses_at(at(issued)),
            )
        };
        assert_eq!(lapse("P1Y", "2026-09-01T08:30:00Z"), "2027-09-01T08:30:00Z");
        assert_eq!(lapse("P6M", "2026-08-31T23:59:59Z"), "2027-02-28T23:59:59Z");
        assert_eq!(lapse("P1M", "2026-01-31T00:00:00Z"), "2026-02-28T00:00:00Z");
        assert_eq!(lapse("P1M", "2028-01-31T00:00:00Z"), "2028-02-29T00:00:00Z");
        assert_eq!(lapse("P1Y", "2024-02-29T12:00:00Z"), "2025-02-28T12:00:00Z");
        assert_eq!(
            lapse("P1Y6M", "2026-01-15T00:00:00Z"),
            "2027-07-15T00:00:00Z"
        );
        assert_eq!(
            lapse("P90D", "2026-12-01T00:00:00Z"),
            "2027-03-01T00:00:00Z"
        );
        assert_eq!(lapse("P2W", "2026-12-25T00:00:00Z"), "2027-01-08T00:00:00Z");
        assert_eq!(
            lapse("P1M1D", "2026-01-31T00:00:00Z"),
            "2026-03-01T00:00:00Z"
        );
        assert_eq!(
            lapse("P0Y1D", "2026-01-31T00:00:00Z"),
            "2026-02-01T00:00:00Z"
        );
    }

    #[test]
    fn a_date_counts_through_that_day_utc() {
        let through = GrantValidity::parse("2027-07-05").unwrap();
        assert!(through.is_date());
        assert_eq!(through.as_str(), "2027-07-05");
        let end = at("2027-07-06T00:00:00Z");
        assert_eq!(through.lapses_at(at("2026-09-01T10:00:00Z")), end);
        assert_eq!(through.lapses_at(at("2027-07-05T23:59:59Z")), end);
        // Issued after the date: it has already lapsed.
        assert!(through.lapses_at(at("2027-08-01T00:00:00Z")) < at("2027-08-01T00:00:00Z"));
    }

    #[test]
    fn anything_else_is_refused_with_its_reason() {
        for (bad, why) in [
            ("1Y", "neither"),
            ("P", "no time at all"),
            ("P0D", "no time at all"),
            ("P0Y0M", "no time at all"),
            ("PT12H", "hours, minutes and seconds"),
            ("P1DT1H", "hours, minutes and seconds"),
            ("P1M1Y", "in that order"),
            ("P1Y1Y", "in that order"),
            ("P1y", "not an ISO 8601 duration"),
            ("P1.5Y", "not an ISO 8601 duration"),
            ("P-1Y", "not an ISO 8601 duration"),
            ("PY", "not an ISO 8601 duration"),
            ("P123456D", "not an ISO 8601 duration"),
            ("P101Y", "longer than 100 years"),
            ("P99999D", "longer than 100 years"),
            ("2026-02-30", "neither"),
            ("", "neither"),
        ] {
            let err = GrantValidity::parse(bad).unwrap_err();
            assert!(err.contains(why), "{bad}: {err}");
        }
        assert!(GrantValidity::parse("P100Y").is_ok());
    }
}
