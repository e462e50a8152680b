//! The guardian's answer, and the joint receipt the pupil's device makes
//! of it.

use super::GuardianRequest;
use crate::age::GuardianStatement;
use crate::code::Code;
use crate::error::Error;
use crate::jose::Role;
use crate::notice::Notice;
use crate::payload::Choices;
use crate::receipt::Receipt;
use crate::time::parse_utc;

/// What the guardian's device sends back: enough for the pupil's device to
/// rebuild the payload the guardian signed, and that signature.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct GuardianAnswer {
    /// The request answered (the joint receipt's id).
    pub receipt_id: String,
    /// When the guardian confirmed: the joint receipt's `issued_at`.
    pub issued_at: String,
    /// The boxes granted by both: the pupil's, narrowed by the guardian.
    pub choices: Choices,
    /// The guardian's statement.
    pub guardian: GuardianStatement,
    /// The guardian's protected header, base64url, as signed.
    pub protected: String,
    /// The guardian's Ed25519 signature.
    pub signature: Vec<u8>,
}

impl GuardianAnswer {
    /// The answer a receipt signed by the guardian carries: `None` when it
    /// has no guardian signature or records no guardian statement.
    pub fn of(receipt: &Receipt) -> Option<Self> {
        let payload = receipt.payload();
        let (protected, signature) = receipt.signature_by(Role::Guardian)?;
        Some(Self {
            receipt_id: payload.receipt_id.clone(),
            issued_at: payload.issued_at.clone(),
            choices: Choices::from_payload(payload),
            guardian: payload.guardian.clone()?,
            protected: protected.to_owned(),
            signature: signature.to_vec(),
        })
    }
}

impl GuardianRequest {
    /// The joint receipt an answer makes: the payload rebuilt from this
    /// request and the answer, with the guardian's signature checked over
    /// it. It then awaits the pupil's signature
    /// ([`Receipt::missing_signers`]).
    #[cfg(feature = "ed25519")]
    pub fn receipt_from(&self, notice: &Notice, answer: &GuardianAnswer) -> Result<Receipt, Error> {
        self.receipt_from_checked(notice, answer, &crate::StrictEd25519)
    }

    /// [`GuardianRequest::receipt_from`] with the signature checked by `check`.
    pub fn receipt_from_checked(
        &self,
        notice: &Notice,
        answer: &GuardianAnswer,
        check: &dyn crate::SignatureCheck,
    ) -> Result<Receipt, Error> {
        if answer.receipt_id != self.receipt_id {
            return Err(Error::one(
                "/receipt_id",
                Code::RequestMismatch,
                "this answer is for another request: the pupil's form waits for an answer to its own",
            ));
        }
        let confirmed = parse_utc(&answer.issued_at);
        let in_time = confirmed
            .zip(parse_utc(&self.created_at))
            .is_some_and(|(at, created)| at >= created && !self.is_expired(at));
        if !in_time {
            return Err(Error::one(
                "/issued_at",
                Code::RequestExpired,
                format!(
                    "the guardian answered at {}, outside the request's time (from {} until {})",
                    answer.issued_at, self.created_at, self.expires_at
                ),
            ));
        }
        let payload = self.payload(
            notice,
            &answer.choices,
            answer.guardian.clone(),
            &answer.issued_at,
        )?;
        let mut receipt = Receipt::prepare(&payload);
        receipt.attach_protected(&answer.protected, &answer.signature, Role::Guardian, check)?;
        Ok(receipt)
    }
}
