//! Token buckets in this node's memory: one per key (a pupil's id, a
//! connection), or one for everyone.
//!
//! ```
//! use std::time::Duration;
//! use limpide_server::rate_limit::{KeyedLimiter, Rate};
//! let per_pupil = KeyedLimiter::new(Rate::per_hour(2));
//! assert!(per_pupil.take("eleve-1").is_ok());
//! assert!(per_pupil.take("eleve-1").is_ok());
//! let wait = per_pupil.take("eleve-1").unwrap_err();
//! assert!(wait.0 > Duration::ZERO && wait.0 <= Duration::from_secs(1800));
//! assert!(per_pupil.take("eleve-2").is_ok(), "each pupil has their own");
//! ```

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How many requests, and how fast they come back: a bucket of `burst`
/// tokens, one more every `every`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rate {
    /// The most requests at once.
    pub burst: u32,
    /// The time one token takes to come back.
    pub every: Duration,
}

impl Rate {
    /// `n` an hour, all of them at once if need be.
    pub fn per_hour(n: u32) -> Self {
        Self::spread(n, Duration::from_secs(3600))
    }

    /// `n` a second.
    pub fn per_second(n: u32) -> Self {
        Self::spread(n, Duration::from_secs(1))
    }

    /// `n` a minute.
    pub fn spread_over_minute(n: u32) -> Self {
        Self::spread(n, Duration::from_secs(60))
    }

    fn spread(n: u32, period: Duration) -> Self {
        let n = n.max(1);
        Self {
            burst: n,
            every: period / n,
        }
    }
}

/// How long to wait before asking again (for `Retry-After`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryAfter(pub Duration);

impl RetryAfter {
    /// Whole seconds, at least one.
    pub fn seconds(self) -> u64 {
        (self.0.as_secs() + u64::from(self.0.subsec_nanos() > 0)).max(1)
    }
}

/// One bucket: the tokens it had at `at`.
#[derive(Clone, Copy, Debug)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl Bucket {
    fn full(rate: Rate, now: Instant) -> Self {
        Self {
            tokens: f64::from(rate.burst),
            at: now,
        }
    }

    /// Takes a token, or says how long until one comes back.
    fn take(&mut self, rate: Rate, now: Instant) -> Result<(), RetryAfter> {
        let every = rate.every.as_secs_f64().max(f64::MIN_POSITIVE);
        let refilled = now.saturating_duration_since(self.at).as_secs_f64() / every;
        self.tokens = (self.tokens + refilled).min(f64::from(rate.burst));
        self.at = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            Ok(())
        } else {
            Err(RetryAfter(rate.every.mul_f64(1.0 - self.tokens)))
        }
    }

    fn is_full(&self, rate: Rate, now: Instant) -> bool {
        let every = rate.every.as_secs_f64().max(f64::MIN_POSITIVE);
        self.tokens + now.saturating_duration_since(self.at).as_secs_f64() / every
            >= f64::from(rate.burst)
    }
}

/// Above this many keys, the full buckets are forgotten (a full bucket is
/// what a new key starts with): memory stays bounded by the keys that are
/// actually being limited.
const FORGET_ABOVE: usize = 100_000;

/// A bucket per key.
#[derive(Debug)]
pub struct KeyedLimiter {
    rate: Rate,
    buckets: Mutex<HashMap<String, Bucket>>,
}

impl KeyedLimiter {
    /// Every key at `rate`.
    pub fn new(rate: Rate) -> Self {
        Self {
            rate,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one request for `key`, or says how long it must wait.
    pub fn take(&self, key: &str) -> Result<(), RetryAfter> {
        let now = Instant::now();
        // A poisoned lock only means another request panicked while
        // counting: the counts are still counts.
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if buckets.len() >= FORGET_ABOVE && !buckets.contains_key(key) {
            let rate = self.rate;
            buckets.retain(|_, b| !b.is_full(rate, now));
        }
        buckets
            .entry(key.to_owned())
            .or_insert_with(|| Bucket::full(self.rate, now))
            .take(self.rate, now)
    }
}

/// One bucket for every request of a kind.
#[derive(Debug)]
pub struct SharedLimiter {
    rate: Rate,
    bucket: Mutex<Bucket>,
}

impl SharedLimiter {
    /// All requests at `rate`.
    pub fn new(rate: Rate) -> Self {
        Self {
            rate,
            bucket: Mutex::new(Bucket::full(rate, Instant::now())),
        }
    }

    /// Counts one request, or says how long it must wait.
    pub fn take(&self) -> Result<(), RetryAfter> {
        self.bucket
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take(self.rate, Instant::now())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_refills_at_its_rate() {
        let rate = Rate {
            burst: 2,
            every: Duration::from_secs(10),
        };
        let start = Instant::now();
        let mut bucket = Bucket::full(rate, start);
        assert!(bucket.take(rate, start).is_ok());
        assert!(bucket.take(rate, start).is_ok());
        assert_eq!(
            bucket.take(rate, start),
            Err(RetryAfter(Duration::from_secs(10)))
        );
        let later = start + Duration::from_secs(5);
        assert_eq!(
            bucket.take(rate, later),
            Err(RetryAfter(Duration::from_secs(5)))
        );
        assert!(bucket.take(rate, start + Duration::from_secs(10)).is_ok());
        // Never more than the burst, however long it waited.
        let much_later = start + Duration::from_secs(3600);
        assert!(bucket.is_full(rate, much_later));
        for _ in 0..2 {
            assert!(bucket.take(rate, much_later).is_ok());
        }
        assert!(bucket.take(rate, much_later).is_err());
    }

    #[test]
    fn retry_after_is_whole_seconds_rounded_up() {
        assert_eq!(RetryAfter(Duration::from_millis(1)).seconds(), 1);
        assert_eq!(RetryAfter(Duration::from_millis(1500)).seconds(), 2);
        assert_eq!(RetryAfter(Duration::from_secs(60)).seconds(), 60);
    }

    #[test]
    fn a_shared_limiter_counts_everyone() {
        let limiter = SharedLimiter::new(Rate::per_hour(1));
        assert!(limiter.take().is_ok());
        assert!(limiter.take().is_err());
    }
}
