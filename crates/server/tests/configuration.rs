//! The service refuses to start on a bad configuration: a clear message
//! and exit status 2, before it touches the database or the network.
#![allow(clippy::unwrap_used)] // tests fail loudly on unexpected input

#[path = "support/mod_list.rs"]
mod support;

use limpide_receipt::SigningKey;
use support::server::{demo_key, gate_sms_args, notices_dir, run, TempDir};

/// `serve` with this key file and notices folder: (status, stderr).
fn serve(key: &std::path::Path, notices: &std::path::Path, extra: &[&str]) -> (i32, String) {
    let dir = TempDir::new("limpide-config");
    let db = format!("sqlite://{}", dir.0.join("never.db").display());
    let mut args = vec![
        "serve",
        "--notices",
        notices.to_str().unwrap(),
        "--key",
        key.to_str().unwrap(),
        "--db",
        &db,
        "--listen",
        "127.0.0.1:0",
    ];
    args.extend_from_slice(extra);
    let (status, _, err) = run(&args, b"");
    assert!(
        !dir.0.join("never.db").exists(),
        "the database was created before the configuration was checked"
    );
    (status, err)
}

#[test]
fn a_missing_or_unusable_key_stops_the_service() {
    let dir = TempDir::new("limpide-keys");
    let missing = dir.0.join("missing.jwk");
    let (status, err) = serve(&missing, &notices_dir(), &[]);
    assert_eq!(status, 2);
    assert!(
        err.contains("cannot read the controller key") && err.contains("limpide keygen"),
        "{err}"
    );

    let public_only = dir.0.join("public.jwk");
    std::fs::write(
        &public_only,
        SigningKey::from_seed([4; 32])
            .public_jwk()
            .to_value()
            .to_string(),
    )
    .unwrap();
    let (status, err) = serve(&public_only, &notices_dir(), &[]);
    assert_eq!(status, 2);
    assert!(err.contains("is not the controller's private key"), "{err}");

    let unlisted = dir.0.join("unlisted.jwk");
    std::fs::write(&unlisted, SigningKey::from_seed([4; 32]).to_jwk()).unwrap();
    let (status, err) = serve(&unlisted, &notices_dir(), &[]);
    assert_eq!(status, 2);
    assert!(err.contains("no notice served lists the key"), "{err}");

    // The demo key's private half is published: refused unless --demo.
    let (status, err) = serve(&demo_key(), &notices_dir(), &[]);
    assert_eq!(status, 2);
    assert!(err.contains("is the demo controller key"), "{err}");
}

#[test]
fn a_bad_notice_or_token_stops_the_service() {
    let dir = TempDir::new("limpide-notices");
    std::fs::write(dir.0.join("broken.json"), b"{\"format\": 1").unwrap();
    let (status, err) = serve(&demo_key(), &dir.0, &["--demo"]);
    assert_eq!(status, 2);
    assert!(err.contains("broken.json is not a valid notice"), "{err}");

    let token = dir.0.join("short.token");
    std::fs::write(&token, "secret\n").unwrap();
    let (status, err) = serve(
        &demo_key(),
        &notices_dir(),
        &["--demo", "--admin-token-file", token.to_str().unwrap()],
    );
    assert_eq!(status, 2);
    assert!(err.contains("fewer than 32 characters"), "{err}");

    for origin in ["*", "pass.region.example", "https://"] {
        let (status, err) = serve(
            &demo_key(),
            &notices_dir(),
            &["--demo", "--allow-origin", origin],
        );
        assert_eq!(status, 2, "{origin}");
        assert!(err.contains("is not an origin"), "{err}");
    }

    let (status, err) = serve(&demo_key(), &notices_dir(), &["--bogus"]);
    assert_eq!(status, 2);
    assert!(err.contains("usage:"), "{err}");
}

#[test]
fn gate_and_export_never_create_a_database() {
    let dir = TempDir::new("limpide-missing-db");
    let db = format!("sqlite://{}", dir.0.join("typo.db").display());
    for args in [vec!["export", "--db", &db], gate_sms_args(&db).to_vec()] {
        let (status, _, err) = run(&args, b"subject\n");
        assert_eq!(status, 1, "{err}");
        assert!(err.contains("cannot open the database"), "{err}");
    }
    assert!(
        !dir.0.join("typo.db").exists(),
        "a mistyped path made an empty database"
    );
}
