//! The guardian relay, without HTTP: where the embedder configured this
//! service, the pupil's device may leave its pending request here and the
//! guardian's device its answer, instead of passing links both ways. The
//! relay checks both as the pupil's device would, so that it never hands
//! on a request for a notice it does not serve, or an answer whose
//! signature does not hold.

use std::sync::Arc;

use limpide_receipt::{base64url, parse_utc, GuardianAnswer, GuardianRequest, Notice};

use crate::controller::notices::{ListedKeys, NoticeSet};
use crate::controller::{credential, subject};
use crate::rate_limit::{PostLimits, Poster, RetryAfter};
use crate::receipts::Proof;
use crate::store::{Store, Unavailable};
use crate::time::{now_seconds as now, CLOCK_SKEW};

/// A request or answer link text is at most this long (a few hundred
/// bytes in practice).
pub const MAX_RELAY_BYTES: usize = 8 * 1024;

/// Why the relay refused; nothing was kept.
#[derive(Debug)]
pub enum RelayRefused {
    /// Not a request, or not an answer, that reads or holds.
    Invalid(limpide_receipt::Error),
    /// About a notice version this service does not serve.
    UnknownNotice(String, String),
    /// A request whose times are not the notice's period from a past moment.
    BadPeriod,
    /// A request without a subject, or one that is not a controller's id.
    SubjectNotIssued,
    /// No such request, or it expired, or it was abandoned or read.
    UnknownRequest,
    /// The request's time is over.
    Expired,
    /// The request has an answer already.
    AlreadyAnswered,
    /// Over the limit of its pupil, or of posts that do not authenticate:
    /// the wait before another.
    TooMany(RetryAfter),
    /// The database failed.
    Unavailable(Unavailable),
}

impl From<Unavailable> for RelayRefused {
    fn from(e: Unavailable) -> Self {
        Self::Unavailable(e)
    }
}

/// The relay: what it checks against, and where it keeps the rows.
pub struct Relay {
    /// The notices served.
    notices: Arc<NoticeSet>,
    /// The keys that may have issued subject values.
    listed_keys: ListedKeys,
    /// Where requests and answers wait.
    store: Store,
    /// The limits on posts.
    limits: Arc<PostLimits>,
}

impl Relay {
    /// A relay over these notices, keeping its rows in `store`.
    pub fn new(
        notices: Arc<NoticeSet>,
        listed_keys: ListedKeys,
        store: Store,
        limits: Arc<PostLimits>,
    ) -> Self {
        Self {
            notices,
            listed_keys,
            store,
            limits,
        }
    }

    /// Keeps a pupil's request; answers its relay id and when it expires.
    /// `proof` is what came beside it: the pupil's credential, which only
    /// decides whose allowance the request counts against (a missing or
    /// stale one counts against the connection's and everyone's).
    pub async fn request(
        &self,
        text: &str,
        proof: &Proof,
    ) -> Result<(String, String), RelayRefused> {
        let request = GuardianRequest::from_fragment(text).map_err(RelayRefused::Invalid)?;
        let notice = self.relayed_notice(&request)?;
        let value = request
            .subject
            .as_deref()
            .ok_or(RelayRefused::SubjectNotIssued)?;
        let id =
            subject::id_of(&self.listed_keys, value).map_err(|_| RelayRefused::SubjectNotIssued)?;
        let theirs = proof.credential.as_deref().is_some_and(|c| {
            credential::verify(&self.listed_keys, c, now()).is_ok_and(|c| c.subject == id)
        });
        let poster = if theirs {
            Poster::Pupil(id)
        } else {
            Poster::Anonymous(proof.connection.as_deref())
        };
        self.limits.relay(poster).map_err(RelayRefused::TooMany)?;
        // The expiry is the notice's, counted from when the pupil chose:
        // a request cannot grant itself a longer wait.
        let created = parse_utc(&request.created_at);
        let expires = parse_utc(&request.expires_at);
        let period = i64::from(notice.joint_consent.request_valid_hours) * 3600;
        let (Some(created), Some(expires)) = (created, expires) else {
            return Err(RelayRefused::BadPeriod);
        };
        if expires - created != period || created > now() + CLOCK_SKEW {
            return Err(RelayRefused::BadPeriod);
        }
        if request.is_expired(now()) {
            return Err(RelayRefused::Expired);
        }
        let relay_id = random_id()?;
        self.store
            .relay_insert(&relay_id, &request.notice.id, text, expires, now())
            .await?;
        Ok((relay_id, request.expires_at))
    }

    /// The request under `relay_id`, for the guardian's device.
    pub async fn read(&self, relay_id: &str) -> Result<String, RelayRefused> {
        let row = self.store.relay_get(relay_id, now()).await?;
        row.map(|r| r.request).ok_or(RelayRefused::UnknownRequest)
    }

    /// Keeps the guardian's answer, once its signature holds over the
    /// payload the pupil's device will rebuild.
    pub async fn take_answer(&self, relay_id: &str, text: &str) -> Result<(), RelayRefused> {
        let row = self
            .store
            .relay_get(relay_id, now())
            .await?
            .ok_or(RelayRefused::UnknownRequest)?;
        if row.answer.is_some() {
            return Err(RelayRefused::AlreadyAnswered);
        }
        let request =
            GuardianRequest::from_fragment(&row.request).map_err(RelayRefused::Invalid)?;
        let notice = self.relayed_notice(&request)?;
        let answer = GuardianAnswer::from_fragment(text).map_err(RelayRefused::Invalid)?;
        request
            .receipt_from(notice, &answer)
            .map_err(RelayRefused::Invalid)?;
        if self.store.relay_answer(relay_id, text, now()).await? {
            Ok(())
        } else {
            // Answered or expired between the read and the write.
            Err(RelayRefused::AlreadyAnswered)
        }
    }

    /// The answer, if the guardian gave one yet.
    pub async fn read_answer(&self, relay_id: &str) -> Result<Option<String>, RelayRefused> {
        let row = self
            .store
            .relay_get(relay_id, now())
            .await?
            .ok_or(RelayRefused::UnknownRequest)?;
        Ok(row.answer)
    }

    /// Removes a request: abandoned by the pupil, or its answer read.
    pub async fn abandon(&self, relay_id: &str) -> Result<(), RelayRefused> {
        Ok(self.store.relay_delete(relay_id).await?)
    }

    fn relayed_notice(&self, request: &GuardianRequest) -> Result<&Notice, RelayRefused> {
        let notice = &request.notice;
        let published = self
            .notices
            .get(&notice.id, &notice.version)
            .ok_or_else(|| {
                RelayRefused::UnknownNotice(notice.id.clone(), notice.version.clone())
            })?;
        request
            .check_notice(&published.notice)
            .map_err(RelayRefused::Invalid)?;
        Ok(&published.notice)
    }
}

/// 16 random bytes, base64url: a relay id nobody can guess.
fn random_id() -> Result<String, RelayRefused> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| {
        RelayRefused::Unavailable(Unavailable(sqlx::Error::Protocol(format!(
            "no random source: {e}"
        ))))
    })?;
    Ok(base64url::encode(&bytes))
}
