//! Which controller signatures count: only those made with a key the
//! notice version the receipt names lists in `controller.keys`.

#![allow(clippy::unwrap_used)] // tests fail loudly on unexpected input

mod support;

use limpide_receipt::testing::ReceiptSpec;
use limpide_receipt::{ControllerCheck, Notice, Receipt, Role, SigningKey};
use support::{demo_notice as notice, sign};

const NOTICE: &str = include_str!("../../../www/notices/pass-region-2026-12-01.json");
const DEMO_CONTROLLER: &[u8] = include_bytes!("../../server/demo/controller.jwk");

/// A pupil's receipt on `notice`, countersigned by `controller` if given.
fn receipt(notice: &Notice, controller: Option<&SigningKey>) -> Receipt {
    let mut receipt = ReceiptSpec::default()
        .issued_at("2026-12-01T10:00:00Z")
        .receipt(notice);
    if let Some(key) = controller {
        sign(&mut receipt, Role::Controller, key);
    }
    receipt
}

#[test]
fn a_listed_key_is_the_controller() {
    let notice = notice();
    let controller = SigningKey::from_jwk(DEMO_CONTROLLER).unwrap();
    let receipt = receipt(&notice, Some(&controller));
    assert_eq!(
        receipt.controller_check(Some(&notice)),
        Ok(ControllerCheck::Listed)
    );
    receipt.check_against(&notice).unwrap();
}

#[test]
fn an_unlisted_key_signing_as_controller_is_refused_against_the_notice() {
    let notice = notice();
    let stranger = SigningKey::from_seed([9; 32]);
    let receipt = receipt(&notice, Some(&stranger));
    // Its signature is a valid Ed25519 signature: the receipt reads.
    Receipt::from_json(receipt.to_json().as_bytes()).unwrap();
    let err = receipt.check_against(&notice).unwrap_err();
    assert_eq!(err.problems().len(), 1, "{err}");
    assert_eq!(err.problems()[0].code().as_str(), "unlisted-controller-key");
    assert_eq!(err.problems()[0].path(), "/signatures/1/protected");
    insta::assert_snapshot!(err.to_string());
}

#[test]
fn without_the_notice_a_controller_signature_is_unchecked_never_genuine() {
    let notice = notice();
    let controller = SigningKey::from_jwk(DEMO_CONTROLLER).unwrap();
    let receipt = receipt(&notice, Some(&controller));
    assert_eq!(
        receipt.controller_check(None),
        Ok(ControllerCheck::Unchecked)
    );
    let unsigned = self::receipt(&notice, None);
    assert_eq!(
        unsigned.controller_check(Some(&notice)),
        Ok(ControllerCheck::Unsigned)
    );
}

#[test]
fn the_keys_are_those_of_the_version_the_receipt_names() {
    let notice = notice();
    let controller = SigningKey::from_jwk(DEMO_CONTROLLER).unwrap();
    let receipt = receipt(&notice, Some(&controller));
    let other = Notice::from_json(
        NOTICE
            .replacen("\"2026-12-01\"", "\"2027-01-01\"", 1)
            .as_bytes(),
    )
    .unwrap();
    let err = receipt.controller_check(Some(&other)).unwrap_err();
    assert_eq!(err.problems()[0].code().as_str(), "notice-mismatch");
}

#[test]
fn controller_keys_are_checked_in_the_notice() {
    let with = |keys: &str| {
        let text = NOTICE.replacen(
            r#""keys": [
      { "kty": "OKP", "crv": "Ed25519", "x": "lMJ_zVx-bbTZ88HcU4HOmWtPgsmk6N438fA8k6r9jZA" }
    ]"#,
            &format!("\"keys\": {keys}"),
            1,
        );
        assert_ne!(text, NOTICE, "the notice's keys moved");
        Notice::from_json(text.as_bytes())
    };
    let codes = |keys: &str| -> Vec<&'static str> {
        with(keys)
            .unwrap_err()
            .problems()
            .iter()
            .map(|p| p.code().as_str())
            .collect()
    };
    assert_eq!(codes("[]"), ["invalid-keys"]);
    assert_eq!(codes("{}"), ["wrong-type"]);
    let key = r#"{"kty":"OKP","crv":"Ed25519","x":"lMJ_zVx-bbTZ88HcU4HOmWtPgsmk6N438fA8k6r9jZA"}"#;
    assert_eq!(codes(&format!("[{key}, {key}]")), ["duplicate-key"]);
    let private = key.replace(
        "\"x\"",
        "\"d\":\"lgUo1pMFwp0UaxNnNPm6lR-tzC7CsYSRoBnudDBqelo\",\"x\"",
    );
    assert_eq!(codes(&format!("[{private}]")), ["private-key-exposed"]);
    assert_eq!(
        codes(r#"[{"kty":"EC","crv":"P-256","x":"AA"}]"#),
        ["invalid-jwk"]
    );
    let two = with(&format!(
        "[{key}, {}]",
        SigningKey::from_seed([3; 32]).public_jwk().to_value()
    ))
    .unwrap();
    assert_eq!(two.controller.keys.len(), 2, "rotation lists two keys");
}
