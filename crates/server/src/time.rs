//! The service's clock: Unix seconds for receipts' and requests' times,
//! microseconds for the storage order, and how far a device's clock may
//! run ahead of it.

/// How far ahead of the service's clock a device's may run, in seconds: a
/// receipt or a guardian request dated later is refused.
pub const CLOCK_SKEW: i64 = 300;

/// Now, in Unix seconds (receipts' and requests' times).
pub fn now_seconds() -> i64 {
    now_micros() / 1_000_000
}

/// Now, in Unix microseconds (the storage order).
pub fn now_micros() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_micros()).unwrap_or(i64::MAX))
}

/// Reads an RFC 3339 UTC time (`2026-12-01T00:00:00Z`) as Unix
/// microseconds: where `--since` and `?since=` start the audit export.
pub fn since_micros(text: &str) -> Result<i64, String> {
    limpide_receipt::parse_utc(text)
        .map(|s| s.saturating_mul(1_000_000))
        .ok_or_else(|| {
            format!(
                "{} is not an RFC 3339 UTC time such as 2026-12-01T00:00:00Z",
                crate::echo::quoted(text)
            )
        })
}
