//! The limits on what pupils' devices post (`POST /receipts`, `POST
//! /guardian-requests`). A request that authenticates (its key is one of
//! the pupil's devices, or the pupil's credential came with it) counts
//! against that pupil's allowance; any other counts against its
//! connection's and everyone's. So a stranger who knows a pupil's id
//! cannot spend that pupil's allowance and block their withdrawal, and one
//! pupil's flood does not slow the others.

use super::bucket::{KeyedLimiter, Rate, RetryAfter, SharedLimiter};

/// The `serve` settings of the limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PostLimitSettings {
    /// Receipts a pupil may post in an hour (`--subject-receipts-per-hour`).
    pub receipts_per_subject_hour: u32,
    /// Guardian requests a pupil may relay in an hour
    /// (`--subject-relay-per-hour`).
    pub relay_per_subject_hour: u32,
    /// Posts that do not authenticate, from everyone, in a second
    /// (`--anonymous-posts-per-second`).
    pub anonymous_per_second: u32,
}

impl Default for PostLimitSettings {
    /// A pupil changing their mind all evening posts a few dozen receipts;
    /// a joint request is relayed a few times. Posts that do not
    /// authenticate are resends of stored receipts and mistakes.
    fn default() -> Self {
        Self {
            receipts_per_subject_hour: 120,
            relay_per_subject_hour: 20,
            anonymous_per_second: 50,
        }
    }
}

/// Posts that do not authenticate, on one connection, in a minute.
const ANONYMOUS_PER_CONNECTION_MINUTE: u32 = 60;

/// Who a post counts against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Poster<'a> {
    /// The pupil with this id: the post authenticated.
    Pupil(&'a str),
    /// Nobody proved anything: the connection it came on (peer address and
    /// port, kept in memory only), if known.
    Anonymous(Option<&'a str>),
}

/// The limits' buckets.
#[derive(Debug)]
pub struct PostLimits {
    receipts: KeyedLimiter,
    relay: KeyedLimiter,
    anonymous: SharedLimiter,
    per_connection: KeyedLimiter,
}

impl PostLimits {
    /// Limits with these settings.
    pub fn new(settings: PostLimitSettings) -> Self {
        Self {
            receipts: KeyedLimiter::new(Rate::per_hour(settings.receipts_per_subject_hour)),
            relay: KeyedLimiter::new(Rate::per_hour(settings.relay_per_subject_hour)),
            anonymous: SharedLimiter::new(Rate::per_second(settings.anonymous_per_second)),
            per_connection: KeyedLimiter::new(Rate::spread_over_minute(
                ANONYMOUS_PER_CONNECTION_MINUTE,
            )),
        }
    }

    /// Counts a receipt posted by `poster`.
    pub fn receipt(&self, poster: Poster<'_>) -> Result<(), RetryAfter> {
        self.count(&self.receipts, poster)
    }

    /// Counts a guardian request relayed by `poster`.
    pub fn relay(&self, poster: Poster<'_>) -> Result<(), RetryAfter> {
        self.count(&self.relay, poster)
    }

    fn count(&self, per_pupil: &KeyedLimiter, poster: Poster<'_>) -> Result<(), RetryAfter> {
        match poster {
            Poster::Pupil(id) => per_pupil.take(id),
            Poster::Anonymous(connection) => {
                if let Some(connection) = connection {
                    self.per_connection.take(connection)?;
                }
                self.anonymous.take()
            }
        }
    }
}

impl Default for PostLimits {
    fn default() -> Self {
        Self::new(PostLimitSettings::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stranger_cannot_spend_a_pupils_allowance() {
        let limits = PostLimits::new(PostLimitSettings {
            receipts_per_subject_hour: 2,
            relay_per_subject_hour: 1,
            anonymous_per_second: 3,
        });
        for _ in 0..3 {
            assert!(limits.receipt(Poster::Anonymous(None)).is_ok());
        }
        assert!(limits.receipt(Poster::Anonymous(None)).is_err());
        // The pupil's own posts still go through, and theirs alone count.
        assert!(limits.receipt(Poster::Pupil("eleve-1")).is_ok());
        assert!(limits.receipt(Poster::Pupil("eleve-1")).is_ok());
        let wait = limits.receipt(Poster::Pupil("eleve-1")).unwrap_err();
        assert!(wait.seconds() > 60, "{wait:?}");
        assert!(limits.receipt(Poster::Pupil("eleve-2")).is_ok());
        // The relay's allowance is its own.
        assert!(limits.relay(Poster::Pupil("eleve-1")).is_ok());
        assert!(limits.relay(Poster::Pupil("eleve-1")).is_err());
    }
}
