//! Receipts as the widget makes them, signed natively.

use limpide_receipt::testing::ReceiptSpec;
use limpide_receipt::{
    Channel, Collection, Notice, Payload, PreviousReceipt, Receipt, Role, SigningKey,
};

pub fn notice() -> Notice {
    Notice::from_json(
        &std::fs::read(super::server::notices_dir().join("pass-region.json")).unwrap(),
    )
    .unwrap()
}

pub fn demo_controller() -> &'static SigningKey {
    static KEY: std::sync::OnceLock<SigningKey> = std::sync::OnceLock::new();
    KEY.get_or_init(|| {
        SigningKey::from_jwk(&std::fs::read(super::server::demo_key()).unwrap()).unwrap()
    })
}

/// What a receipt names its pupil by: the controller's bare id (the
/// widget's `subject` option).
pub fn subject_value(id: &str) -> String {
    id.to_owned()
}

/// A subject value as receipts carried before credentials left them:
/// `ID.SIGNATURE`, the controller key's signature over
/// `limpide-subject-v1:ID`.
pub fn legacy_subject_value(id: &str) -> String {
    let signature = demo_controller().sign(format!("limpide-subject-v1:{id}").as_bytes());
    format!("{id}.{}", limpide_receipt::base64url::encode(&signature))
}

/// The pupil's credential, valid for an hour, as `POST /subjects` gives it
/// to the embedding page.
pub fn credential(id: &str) -> String {
    let expires_at = limpide_server::time::now_seconds() + 3600;
    limpide_server::controller::credential::issue(demo_controller(), id, expires_at).unwrap()
}

/// The credential for the pupil a posted receipt names (its bare id, or
/// the id of a legacy value), as the widget sends it beside the receipt.
pub fn credential_for(body: &[u8]) -> Option<String> {
    let receipt = Receipt::from_json(body).ok()?;
    let subject = receipt.payload().subject.clone()?;
    let id =
        limpide_server::controller::subject::id_of(&[demo_controller().public_jwk()], &subject)
            .ok()?;
    Some(credential(id))
}

/// A random lowercase UUID v4 (from a counter and the process id: unique
/// enough for tests, and valid).
pub fn uuid() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let p = u64::from(std::process::id());
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        (t >> 16) as u32,
        (p & 0xffff) as u16,
        (n >> 12) & 0xfff,
        n & 0xfff,
        (t ^ (p << 24) ^ (n << 40)) & 0xffff_ffff_ffff
    )
}

/// What a receipt records.
pub struct Spec<'a> {
    pub pupil: u8,
    pub subject: Option<String>,
    pub grants: &'a [(&'a str, Option<Channel>)],
    pub issued_at: &'a str,
    pub previous: Option<&'a Receipt>,
    /// The receipt id; `None`: a new one.
    pub id: Option<&'a str>,
}

impl Default for Spec<'_> {
    fn default() -> Self {
        Self {
            pupil: 1,
            subject: Some(subject_value("eleve-1")),
            grants: &[],
            issued_at: "2026-12-01T10:00:00Z",
            previous: None,
            id: None,
        }
    }
}

/// A receipt signed by the pupil's key, made by the core's shared test
/// builder (`limpide_receipt::testing`) as the widget makes one.
pub fn receipt(notice: &Notice, spec: Spec<'_>) -> Receipt {
    let mut built = ReceiptSpec {
        subject: spec.subject,
        previous: spec.previous.map(PreviousReceipt::of),
        collection: Collection::new("web-form", "limpide/test", "webcrypto-indexeddb"),
        ..ReceiptSpec::default()
    }
    .id(&spec.id.map_or_else(uuid, str::to_owned))
    .issued_at(spec.issued_at)
    .signers(&[(Role::Subject, [spec.pupil; 32])]);
    for (purpose, channel) in spec.grants {
        built = built.grant(purpose, *channel);
    }
    built.receipt(notice)
}

pub use limpide_receipt::testing::sign;

pub const SMS: Option<Channel> = Some(Channel::Sms);

/// A receipt of `receipt`'s payload changed by `change`, signed again by
/// pupil 1: for payloads the library would refuse to make.
pub fn altered(receipt: &Receipt, change: impl FnOnce(&mut serde_json::Value)) -> Receipt {
    let mut value = serde_json::Value::from(receipt.payload().to_value());
    change(&mut value);
    let payload = Payload::read_unchecked(&value.into()).unwrap();
    limpide_receipt::testing::signed(&payload, &[(Role::Subject, [1; 32])])
}
