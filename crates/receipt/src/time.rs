//! RFC 3339 timestamps in UTC (`2026-11-24T18:05:09Z`), without a date crate.

/// Writes a Unix time (seconds since 1970-01-01T00:00:00Z) as RFC 3339 UTC.
///
/// ```
/// assert_eq!(limpide_receipt::format_utc(0), "1970-01-01T00:00:00Z");
/// assert_eq!(limpide_receipt::format_utc(1_795_000_000), "2026-11-18T11:06:40Z");
/// ```
pub fn format_utc(unix_seconds: i64) -> String {
    let days = unix_seconds.div_euclid(86_400);
    let secs = unix_seconds.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// Reads an RFC 3339 UTC timestamp (`Z`, optional fraction of a second) as
/// Unix seconds; `None` when it is anything else.
///
/// ```
/// assert_eq!(limpide_receipt::parse_utc("1970-01-02T00:00:01.5Z"), Some(86_401));
/// assert_eq!(limpide_receipt::parse_utc("2026-02-29T00:00:00Z"), None);
/// assert_eq!(limpide_receipt::parse_utc("2026-11-24T18:05:09+01:00"), None);
/// ```
pub fn parse_utc(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = text.get(range)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let rest = &text[19..];
    let fraction_ok = match rest.strip_suffix('Z')? {
        "" => true,
        f => {
            f.len() >= 2
                && f.len() <= 10
                && f.starts_with('.')
                && f[1..].bytes().all(|c| c.is_ascii_digit())
        }
    };
    let valid = fraction_ok
        && (1..=12).contains(&month)
        && day >= 1
        && day <= days_in_month(year, month)
        && hour < 24
        && minute < 60
        && second < 60;
    valid.then(|| days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second)
}

/// Reads an RFC 3339 UTC timestamp as seconds since 1970 and the
/// nanoseconds of its fraction ([`parse_utc`] drops them): the order of two
/// times (`…:01.5Z` is after `…:01Z`, though it sorts before it as text).
///
/// ```
/// use limpide_receipt::parse_utc_exact;
/// assert_eq!(parse_utc_exact("1970-01-01T00:00:01.5Z"), Some((1, 500_000_000)));
/// assert!(parse_utc_exact("2026-11-24T18:05:01.5Z") > parse_utc_exact("2026-11-24T18:05:01Z"));
/// assert_eq!(parse_utc_exact("2026-11-24T18:05:09+01:00"), None);
/// ```
pub fn parse_utc_exact(text: &str) -> Option<(i64, u32)> {
    let seconds = parse_utc(text)?;
    // parse_utc checked the fraction: a dot and one to nine digits, or none.
    let digits = text[19..text.len() - 1].trim_start_matches('.').bytes();
    let nanos = digits
        .chain(std::iter::repeat(b'0'))
        .take(9)
        .fold(0, |n, digit| n * 10 + u32::from(digit - b'0'));
    Some((seconds, nanos))
}

/// Reads a calendar date `YYYY-MM-DD` (proleptic Gregorian, four-digit
/// year) as days since 1970-01-01; `None` for anything else.
pub(crate) fn parse_date(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = text.get(range)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
    valid.then(|| days_from_civil(year, month, day))
}

/// The day `months` calendar months after `days` (days since 1970), its
/// day of the month kept, or clamped to the target month's last day when
/// that month is shorter: 2026-01-31 plus one month is 2026-02-28, plus
/// one year from 2024-02-29 is 2025-02-28 (as `java.time` and `jiff` do).
pub(crate) fn add_months(days: i64, months: i64) -> i64 {
    let (year, month, day) = civil_from_days(days);
    let index = year * 12 + (month - 1) + months;
    let (year, month) = (index.div_euclid(12), index.rem_euclid(12) + 1);
    days_from_civil(year, month, day.min(days_in_month(year, month)))
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's algorithms for the proleptic Gregorian calendar.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn format_then_parse_round_trips(t in 0i64..253_402_300_799) {
            prop_assert_eq!(parse_utc(&format_utc(t)), Some(t));
        }
    }

    #[test]
    fn refuses_non_utc_and_impossible_dates() {
        for bad in [
            "2026-13-01T00:00:00Z",
            "2026-04-31T00:00:00Z",
            "2026-01-01T24:00:00Z",
            "2026-01-01 00:00:00Z",
            "2026-01-01T00:00:00",
            "2026-01-01T00:00:00.Z",
            "２026-01-01T00:00:00Z",
        ] {
            assert_eq!(parse_utc(bad), None, "{bad}");
        }
        assert_eq!(parse_utc("2024-02-29T23:59:59Z"), Some(1_709_251_199));
    }

    /// Each separator is checked on its own (mutants: `||` made `&&`).
    #[test]
    fn every_separator_is_checked() {
        let good = "2026-01-01T00:00:00Z";
        assert_eq!(parse_utc(good), Some(1_767_225_600));
        for at in [4, 7, 10, 13, 16] {
            let mut bad = good.as_bytes().to_vec();
            bad[at] = b'_';
            let bad = String::from_utf8(bad).unwrap();
            assert_eq!(parse_utc(&bad), None, "{bad}");
        }
        // One byte short of the shortest timestamp (mutant: `<` made `>`).
        assert_eq!(parse_utc("2026-01-01T00:00:0Z"), None);
    }

    /// The last day of a 400-year era (2000-02-29, 2400-02-29) is the one
    /// day whose date needs every term of the era arithmetic (mutant: a
    /// sign flipped in `civil_from_days`, which random times never reach).
    #[test]
    fn the_last_day_of_an_era_is_written_right() {
        assert_eq!(format_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(format_utc(13_574_563_200), "2400-02-29T00:00:00Z");
        assert_eq!(format_utc(951_868_800), "2000-03-01T00:00:00Z");
    }

    #[test]
    fn dates_read_as_days_and_months_clamp_their_day() {
        assert_eq!(parse_date("1970-01-02"), Some(1));
        assert_eq!(parse_date("2026-01-31"), Some(20_484));
        for bad in [
            "2026-02-29",
            "2026-1-31",
            "2026-13-01",
            "20260131",
            "2026-01-31Z",
            "",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        let day = |s| parse_date(s).unwrap();
        assert_eq!(add_months(day("2026-01-31"), 1), day("2026-02-28"));
        assert_eq!(add_months(day("2024-01-31"), 1), day("2024-02-29"));
        assert_eq!(add_months(day("2024-02-29"), 12), day("2025-02-28"));
        assert_eq!(add_months(day("2026-08-31"), 6), day("2027-02-28"));
        assert_eq!(add_months(day("2026-12-15"), 1), day("2027-01-15"));
        assert_eq!(add_months(day("2026-03-31"), -1), day("2026-02-28"));
        assert_eq!(add_months(day("2026-05-10"), 0), day("2026-05-10"));
    }

    /// Fractions order times; they are read as nanoseconds.
    #[test]
    fn nanoseconds_keep_the_fraction() {
        assert_eq!(parse_utc_exact("1970-01-01T00:00:00Z"), Some((0, 0)));
        assert_eq!(
            parse_utc_exact("1970-01-01T00:00:00.000000001Z"),
            Some((0, 1))
        );
        assert_eq!(
            parse_utc_exact("1970-01-01T00:00:00.123456789Z"),
            Some((0, 123_456_789))
        );
        assert_eq!(
            parse_utc_exact("1970-01-01T00:00:02.25Z"),
            Some((2, 250_000_000))
        );
        assert!(
            parse_utc_exact("2026-11-24T18:05:01.5Z") > parse_utc_exact("2026-11-24T18:05:01Z")
        );
        assert_eq!(parse_utc_exact("1970-01-01T00:00:00.Z"), None);
    }

    /// February has 29 days in years divisible by 4, except centuries not
    /// divisible by 400; April, June, September and November have 30
    /// (mutants: each part of the leap-year rule, and the month arms).
    #[test]
    fn months_have_their_gregorian_lengths() {
        for (year, leap) in [
            (2024, true),
            (2026, false),
            (2000, true),
            (1900, false),
            (2100, false),
            (2400, true),
        ] {
            let day_29 = format!("{year}-02-29T00:00:00Z");
            assert_eq!(parse_utc(&day_29).is_some(), leap, "{day_29}");
            assert!(parse_utc(&format!("{year}-02-28T00:00:00Z")).is_some());
            assert_eq!(parse_utc(&format!("{year}-02-30T00:00:00Z")), None);
        }
        for month in 1..=12 {
            let last = if [4, 6, 9, 11].contains(&month) {
                30
            } else if month == 2 {
                28
            } else {
                31
            };
            let inside = format!("2026-{month:02}-{last:02}T00:00:00Z");
            let past = format!("2026-{month:02}-{:02}T00:00:00Z", last + 1);
            assert!(parse_utc(&inside).is_some(), "{inside}");
            assert_eq!(parse_utc(&past), None, "{past}");
        }
    }

    /// The fraction has one to nine digits; every field's upper bound is
    /// the last value allowed (mutants: `<=` and `<` moved by one).
    #[test]
    fn fractions_and_fields_stop_at_their_bounds() {
        assert_eq!(parse_utc("1970-01-01T00:00:00.5Z"), Some(0));
        assert_eq!(parse_utc("1970-01-01T00:00:00.123456789Z"), Some(0));
        assert_eq!(parse_utc("1970-01-01T00:00:00.1234567891Z"), None);
        assert_eq!(parse_utc("1970-01-01T23:59:59Z"), Some(86_399));
        assert_eq!(parse_utc("1970-01-31T00:00:00Z"), Some(30 * 86_400));
        for bad in [
            "1970-01-01T00:00:60Z",
            "1970-01-01T00:60:00Z",
            "1970-01-00T00:00:00Z",
            "1970-01-32T00:00:00Z",
            "1970-00-01T00:00:00Z",
        ] {
            assert_eq!(parse_utc(bad), None, "{bad}");
        }
    }
}
