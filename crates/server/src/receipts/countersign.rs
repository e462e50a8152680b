//! `POST /receipts`, without HTTP: check a receipt completely, countersign
//! it, store it, answer the countersigned copy.

use std::sync::Arc;

use limpide_receipt::{parse_utc, Receipt, Role, SigningKey};

use super::device::{device_claim, Proof};
use super::lapse::grants_lapse_at;
use super::recorder::Recorder;
use super::refused::Refused;
use super::row::row;
use crate::controller::notices::{ListedKeys, NoticeSet};
use crate::controller::subject;
use crate::rate_limit::{PostLimits, Poster};
use crate::store::{NewReceipt, RecordError, Recorded, Store};
use crate::time::{now_seconds, CLOCK_SKEW};

/// What the service needs to take receipts.
pub struct Countersigner {
    /// The controller's key.
    key: Arc<SigningKey>,
    /// This service's key's thumbprint.
    kid: String,
    /// The notices served.
    notices: Arc<NoticeSet>,
    /// The keys that may have issued subject values.
    listed_keys: ListedKeys,
    /// Where checked receipts are queued to be stored.
    recorder: Recorder,
    /// The store, read for the pupil's devices before a post is counted.
    store: Store,
    /// The limits on posts.
    limits: Arc<PostLimits>,
}

/// A receipt taken: the countersigned copy, and its leaf in the
/// transparency log.
#[derive(Debug)]
pub struct Taken {
    /// The countersigned receipt, JWS JSON.
    pub receipt: String,
    /// Its index in the log.
    pub log_index: Option<u64>,
}

impl Countersigner {
    /// A countersigner with this key, over these notices, storing into
    /// `store`. Starts the store's writers: call it inside a tokio runtime.
    pub fn new(
        key: Arc<SigningKey>,
        notices: Arc<NoticeSet>,
        listed_keys: ListedKeys,
        store: Store,
        limits: Arc<PostLimits>,
    ) -> Self {
        Self {
            kid: key.public_jwk().thumbprint(),
            key,
            notices,
            listed_keys,
            recorder: Recorder::start(store.clone()),
            store,
            limits,
        }
    }

    /// Checks `body`, countersigns and stores it; returns the countersigned
    /// receipt, the same for the same receipt posted again, with its leaf
    /// in the transparency log. `proof` is what came beside it to show
    /// that its key may speak for its pupil.
    pub async fn take(&self, body: bytes::Bytes, proof: &Proof) -> Result<Taken, Refused> {
        // The checks and the signing (about 0.2 ms of CPU) run right here,
        // on the runtime's worker: handing them to the blocking pool cost
        // more in thread switches than it spared (measured: 1 800 against
        // 2 200 receipts/s on PostgreSQL).
        let (receipt, record) = self.check_and_sign(&body, proof)?;
        let poster = self.poster(&record, proof).await?;
        self.limits.receipt(poster).map_err(Refused::TooMany)?;
        match self.recorder.record(record).await {
            Ok(Recorded::Stored { log_index }) => Ok(Taken { receipt, log_index }),
            Ok(Recorded::AlreadyStored { jws, log_index }) => Ok(Taken {
                receipt: jws,
                log_index,
            }),
            Err(e) => Err(Refused::NotStored(e)),
        }
    }

    /// Whom a post counts against: its pupil when it authenticates (their
    /// credential came with it, or its key is one of their devices),
    /// otherwise its connection and everyone.
    async fn poster<'p>(
        &self,
        record: &'p NewReceipt,
        proof: &'p Proof,
    ) -> Result<Poster<'p>, Refused> {
        let authenticated = record.device.credential
            || self
                .store
                .is_enrolled(&record.subject, &record.device.key)
                .await
                .map_err(|e| Refused::NotStored(RecordError::Unavailable(e)))?;
        Ok(if authenticated {
            Poster::Pupil(&record.subject)
        } else {
            Poster::Anonymous(proof.connection.as_deref())
        })
    }

    /// Everything but storing: the countersigned JWS and its row.
    fn check_and_sign(&self, body: &[u8], proof: &Proof) -> Result<(String, NewReceipt), Refused> {
        let mut receipt = Receipt::from_json(body).map_err(Refused::Invalid)?;
        let named = receipt.payload().notice.clone();
        let published = self
            .notices
            .get(&named.id, &named.version)
            .ok_or_else(|| Refused::UnknownNotice(named.id.clone(), named.version.clone()))?;
        receipt
            .check_against(&published.notice)
            .map_err(Refused::NoticeMismatch)?;
        let ours = self.key.public_jwk();
        if !published.notice.controller.lists_key(&self.kid) {
            return Err(Refused::NotOurNotice(named.id, named.version));
        }
        // Checked by `Receipt::from_json`.
        let issued_at = parse_utc(&receipt.payload().issued_at).unwrap_or_default();
        if issued_at > now_seconds() + CLOCK_SKEW {
            return Err(Refused::IssuedInFuture);
        }
        let signers = receipt.signers();
        if !signers
            .iter()
            .any(|s| matches!(s.role, Role::Subject | Role::Guardian))
        {
            return Err(Refused::NotSignedBySubject);
        }
        let value = receipt
            .payload()
            .subject
            .clone()
            .ok_or(Refused::SubjectMissing)?;
        let subject = subject::id_of(&self.listed_keys, &value)
            .map_err(|_| Refused::SubjectNotIssued)?
            .to_owned();
        let device = device_claim(&receipt, &subject, proof, &self.listed_keys, &self.key)?;
        if !signers.iter().any(|s| s.key == ours) {
            let input = receipt.signing_input(Role::Controller, ours);
            let signature = self.key.sign(input.as_bytes());
            receipt
                .attach(input, &signature)
                .map_err(Refused::Invalid)?;
        }
        let jws = receipt.to_json();
        let lapses_at = grants_lapse_at(&published.notice, issued_at);
        let record = row(&receipt, subject, issued_at, lapses_at, jws.clone(), device);
        Ok((jws, record))
    }
}
