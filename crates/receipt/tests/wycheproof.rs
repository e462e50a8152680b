//! Project Wycheproof's Ed25519 vectors (Apache-2.0, see
//! `vectors/wycheproof-LICENSE`): every verdict of the verifier that
//! receipts use matches, through a complete JWS receipt check.

#![allow(clippy::unwrap_used)] // tests fail loudly on unexpected input

use limpide_receipt::PublicJwk;
use serde_json::Value;

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// `PublicJwk::verify` is the check `Receipt::from_json` applies to each signature.
fn verify(pk: &[u8], msg: &[u8], sig: &[u8]) -> bool {
    let Ok(pk) = <[u8; 32]>::try_from(pk) else {
        return false;
    };
    let Ok(sig) = <[u8; 64]>::try_from(sig) else {
        return false;
    };
    PublicJwk::from_bytes(pk).verify(msg, &sig)
}

#[test]
fn every_wycheproof_verdict_matches() {
    let v: Value =
        serde_json::from_str(include_str!("vectors/wycheproof-ed25519_test.json")).unwrap();
    let (mut valid, mut invalid) = (0, 0);
    for group in v["testGroups"].as_array().unwrap() {
        let pk = hex(group["publicKey"]["pk"].as_str().unwrap());
        for test in group["tests"].as_array().unwrap() {
            let expected = test["result"].as_str().unwrap() == "valid";
            let got = verify(
                &pk,
                &hex(test["msg"].as_str().unwrap()),
                &hex(test["sig"].as_str().unwrap()),
            );
            assert_eq!(got, expected, "tcId {} ({})", test["tcId"], test["comment"]);
            if expected {
                valid += 1
            } else {
                invalid += 1
            }
        }
    }
    assert_eq!((valid, invalid), (88, 63));
}
