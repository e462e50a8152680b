//! Receipts built in one expression, for tests (feature `test-support`,
//! off by default): the core's own tests and the service's use this one
//! builder. Not for production code: it panics on a receipt the core
//! refuses to make, which in a test is the failure to report.
//!
//! ```
//! use limpide_receipt::testing::ReceiptSpec;
//! use limpide_receipt::{Channel, Notice, Role};
//! # let notice = Notice::from_json(&std::fs::read("../../www/notices/pass-region.json").unwrap()).unwrap();
//!
//! let receipt = ReceiptSpec::default()
//!     .grant("bons-plans", Some(Channel::Sms))
//!     .signed_by(Role::Guardian, [2; 32])
//!     .receipt(&notice);
//! assert_eq!(receipt.signers().len(), 2);
//! ```

use crate::age::{AgeBracket, GuardianStatement};
use crate::jose::{Role, SigningKey};
use crate::notice::{Channel, Notice};
use crate::payload::{Choices, Collection, Context, Payload, PreviousReceipt};
use crate::receipt::Receipt;

/// What a test receipt records, and who signs it. [`Default`]: a French
/// receipt (or the notice's first language) with a fixed id, issued
/// `2026-11-24T18:05:09Z` by the CLI, refusing everything, signed by the
/// pupil's key of seed `[1; 32]`.
/// Its fields are public, for `..ReceiptSpec::default()`.
#[derive(Clone, Debug)]
pub struct ReceiptSpec {
    /// `receipt_id`.
    pub receipt_id: String,
    /// `issued_at`.
    pub issued_at: String,
    /// The language shown; `None` for `fr` when the notice has it, else its first.
    pub language: Option<String>,
    /// The boxes ticked.
    pub choices: Choices,
    /// How the receipt was made.
    pub collection: Collection,
    /// The receipt it replaces.
    pub previous: Option<PreviousReceipt>,
    /// A pseudonymous subject identifier.
    pub subject: Option<String>,
    /// The age bracket the pupil gave.
    pub age: Option<AgeBracket>,
    /// The guardian's statement.
    pub guardian: Option<GuardianStatement>,
    /// Who signs, in order: each role with its key's seed.
    pub signers: Vec<(Role, [u8; 32])>,
}

impl Default for ReceiptSpec {
    fn default() -> Self {
        Self {
            receipt_id: "0b9f3f8e-3c7a-4a43-9d55-2f1f0c4b6a10".to_owned(),
            issued_at: "2026-11-24T18:05:09Z".to_owned(),
            language: None,
            choices: Choices::refuse_all(),
            collection: Collection::new("cli", "limpide-test", "jwk-file"),
            previous: None,
            subject: None,
            age: None,
            guardian: None,
            signers: vec![(Role::Subject, [1; 32])],
        }
    }
}

impl ReceiptSpec {
    /// This spec with another `receipt_id`.
    pub fn id(mut self, receipt_id: &str) -> Self {
        receipt_id.clone_into(&mut self.receipt_id);
        self
    }

    /// This spec issued at another time.
    pub fn issued_at(mut self, issued_at: &str) -> Self {
        issued_at.clone_into(&mut self.issued_at);
        self
    }

    /// This spec with one more box ticked.
    pub fn grant(mut self, purpose: &str, channel: Option<Channel>) -> Self {
        self.choices.grant(purpose, channel);
        self
    }

    /// This spec replacing `previous`.
    pub fn replacing(mut self, previous: &Receipt) -> Self {
        self.previous = Some(PreviousReceipt::of(previous));
        self
    }

    /// This spec signed by one more key, after the others.
    pub fn signed_by(mut self, role: Role, seed: [u8; 32]) -> Self {
        self.signers.push((role, seed));
        self
    }

    /// This spec signed by exactly these keys, in order.
    pub fn signers(mut self, signers: &[(Role, [u8; 32])]) -> Self {
        self.signers = signers.to_vec();
        self
    }

    /// The context `Payload::new` is given.
    pub fn context(&self, notice: &Notice) -> Context {
        let language = self.language.clone().unwrap_or_else(|| {
            let french = notice.languages.iter().find(|l| *l == "fr");
            french.unwrap_or(&notice.languages[0]).clone()
        });
        let mut context = Context::new(
            self.receipt_id.clone(),
            self.issued_at.clone(),
            language,
            self.collection.clone(),
        );
        context.previous = self.previous.clone();
        context.subject = self.subject.clone();
        context.age = self.age;
        context.guardian = self.guardian.clone();
        context
    }

    /// The payload on `notice`. Panics where the core refuses it.
    pub fn payload(&self, notice: &Notice) -> Payload {
        Payload::new(notice, &self.choices, self.context(notice))
            .unwrap_or_else(|e| panic!("the core refuses this test payload:\n{e}"))
    }

    /// The receipt on `notice`, signed by each signer in turn.
    pub fn receipt(&self, notice: &Notice) -> Receipt {
        signed(&self.payload(notice), &self.signers)
    }
}

/// `payload` signed by each of `signers` (role and key seed), in order.
pub fn signed(payload: &Payload, signers: &[(Role, [u8; 32])]) -> Receipt {
    let mut receipt = Receipt::prepare(payload);
    for (role, seed) in signers {
        sign(&mut receipt, *role, &SigningKey::from_seed(*seed));
    }
    receipt
}

/// Adds `key`'s signature as `role`. Panics if the core refuses it.
pub fn sign(receipt: &mut Receipt, role: Role, key: &SigningKey) {
    let input = receipt.signing_input(role, key.public_jwk());
    let signature = key.sign(input.as_bytes());
    receipt
        .attach(input, &signature)
        .unwrap_or_else(|e| panic!("the core refuses this signature:\n{e}"));
}

/// The example campaign of `docs/examples/campaign-manifest.json`: the
/// region's back-to-school SMS under `messages-institutionnels`, drafted
/// by `acct-communications-1` and approved by `acct-dpo-1`, for `notice`.
pub fn campaign_manifest(notice: &Notice) -> crate::CampaignManifest {
    use crate::{MessageText, Template};
    let text = |text: &str, footer: &str| MessageText::Text {
        text: text.to_owned(),
        footer: footer.to_owned(),
    };
    crate::CampaignManifest {
        campaign_id: "c-2026-rentree".to_owned(),
        notice: crate::NoticeRef::of(notice),
        purpose: "messages-institutionnels".to_owned(),
        channel: Some(Channel::Sms),
        sender: "Région Exemple — Pass'Région".to_owned(),
        template: Template(vec![
            (
                "fr".to_owned(),
                text(
                    "Bonne rentrée ! Votre Pass'Région 2026-2027 est actif : 100 € pour vos livres.",
                    "Pass'Région. Stop : {stop_url}",
                ),
            ),
            (
                "en".to_owned(),
                text(
                    "Happy new school year! Your Pass'Région 2026-2027 is active: €100 for your books.",
                    "Pass'Région. Stop: {stop_url}",
                ),
            ),
        ]),
        not_before: "2026-12-07T08:00:00Z".to_owned(),
        not_after: "2026-12-11T18:00:00Z".to_owned(),
        drafted_by: "acct-communications-1".to_owned(),
        drafted_at: "2026-12-02T10:15:00Z".to_owned(),
        approved_by: "acct-dpo-1".to_owned(),
        approved_at: "2026-12-03T09:40:00Z".to_owned(),
    }
}

/// The example release of `docs/examples/release-record.json`: the first
/// release of `manifest`'s campaign.
pub fn release_record(manifest: &crate::SignedManifest) -> crate::ReleaseRecord {
    crate::ReleaseRecord {
        campaign_id: manifest.payload().campaign_id.clone(),
        manifest_digest: manifest.digest().to_owned(),
        release: 1,
        released_at: "2026-12-07T08:05:00Z".to_owned(),
        released_by: "acct-communications-1".to_owned(),
        rows_kept: 3,
        rows_dropped: 2,
    }
}

/// The example withdrawal of `docs/examples/box-withdrawal.json`: pupil
/// `subject-0007` pressed the stop link of `manifest`'s message.
pub fn box_withdrawal(manifest: &crate::SignedManifest) -> crate::BoxWithdrawal {
    let campaign = manifest.payload();
    crate::BoxWithdrawal {
        withdrawal_id: "w-2026-12-07-0001".to_owned(),
        issued_at: "2026-12-07T12:31:08Z".to_owned(),
        subject: "subject-0007".to_owned(),
        notice: campaign.notice.clone(),
        purpose: campaign.purpose.clone(),
        channel: campaign.channel,
        via: crate::Via::StopLink {
            campaign_id: campaign.campaign_id.clone(),
        },
    }
}

/// The example enrollment of `docs/examples/device-enrollment.json`: pupil
/// `subject-0007`'s phone (the key of seed `[7; 32]`), enrolled by their
/// first receipt on `manifest`'s notice.
pub fn device_enrollment(manifest: &crate::SignedManifest) -> crate::DeviceEnrollment {
    crate::DeviceEnrollment {
        enrollment_id: "e-2026-12-01-0001".to_owned(),
        enrolled_at: "2026-12-01T09:12:40Z".to_owned(),
        subject: "subject-0007".to_owned(),
        key: crate::SigningKey::from_seed([7; 32])
            .public_jwk()
            .thumbprint(),
        notice: manifest.payload().notice.clone(),
        receipt_id: "6f1b2c8e-4d0a-4c3e-9a57-0c2d9b1e7f41".to_owned(),
        how: crate::EnrolledBy::FirstReceipt,
    }
}
