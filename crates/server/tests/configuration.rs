//! The service refuses to start on a bad configuration: a clear message
//! and exit status 2, before it touches the database or the network.
#![allow(clippy::unwrap_used)] // tests fail loudly on unexpected input

#[path = "support/mod_list.rs"]
mod support;

use limpide_receipt::SigningKey;
use support::server::{demo_key, notices_dir, run, TempDir};

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
    // The demo notice lists the demo log's key: the demo log, unless the
    // test names a log key or notices of its own.
    let log = support::server::log_args();
    if notices == notices_dir() && !extra.contains(&"--log-key") {
        args.extend(log.iter().map(String::as_str));
    }
    args.extend_from_slice(extra);
    let (status, _, err) = run(&args, b"");
    assert!(
        !dir.0.join("never.db").exists(),
        "the database was created before the configuration was checked"
    );
    (status, err)
}

fn set_mode(path: &std::path::Path, mode: u32) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    }
}

#[test]
fn the_database_password_never_comes_from_the_command_line() {
    let dir = TempDir::new("limpide-db-password");
    let with_password = "postgres://limpide:hunter2@127.0.0.1:9/limpide";
    for command in [
        vec!["export", "--db", with_password],
        vec![
            "serve",
            "--notices",
            "x",
            "--key",
            "y",
            "--db",
            with_password,
        ],
    ] {
        let (status, _, err) = run(&command, b"");
        assert_eq!(status, 2, "{err}");
        assert!(err.contains("--db-password-file"), "{err}");
        assert!(!err.contains("hunter2"), "the password was printed: {err}");
    }
    // A password file other users may read is refused too.
    let file = dir.0.join("db.password");
    std::fs::write(&file, "hunter2\n").unwrap();
    let export = || {
        let (status, _, err) = run(
            &[
                "export",
                "--db",
                "postgres://limpide@127.0.0.1:9/limpide",
                "--db-password-file",
                file.to_str().unwrap(),
            ],
            b"",
        );
        assert!(!err.contains("hunter2"), "the password was printed: {err}");
        (status, err)
    };
    set_mode(&file, 0o644);
    let (status, err) = export();
    assert_eq!(status, 2, "{err}");
    assert!(err.contains("chmod 600"), "{err}");
    // From a private file, it is used (here, against nothing listening).
    set_mode(&file, 0o600);
    let (status, err) = export();
    assert_eq!(status, 1, "{err}");
    assert!(err.contains("cannot open the database"), "{err}");
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

    // A private key other users may read is refused, as ssh refuses one.
    let unlisted = dir.0.join("unlisted.jwk");
    std::fs::write(&unlisted, SigningKey::from_seed([4; 32]).to_jwk()).unwrap();
    set_mode(&unlisted, 0o644);
    let (status, err) = serve(&unlisted, &notices_dir(), &[]);
    assert_eq!(status, 2);
    assert!(
        err.contains("may be read by other users (mode 644)") && err.contains("chmod 600"),
        "{err}"
    );
    set_mode(&unlisted, 0o600);
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

    // The old shared token is gone: the message says how to move over.
    let token = dir.0.join("admin.token");
    std::fs::write(&token, "secret-secret-secret-secret-secret\n").unwrap();
    let (status, err) = serve(
        &demo_key(),
        &notices_dir(),
        &["--demo", "--admin-token-file", token.to_str().unwrap()],
    );
    assert_eq!(status, 2);
    assert!(
        err.contains("--admin-token-file is gone") && err.contains("staff add"),
        "{err}"
    );

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
fn a_readable_or_bad_staff_file_or_public_url_stops_the_service() {
    let dir = TempDir::new("limpide-staff-config");
    let staff = dir.0.join("staff.toml");
    support::server::write_staff_file(&staff);
    let path = staff.to_str().unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        // Readable by every user, or by the owner's group: refused.
        for mode in [0o644, 0o640] {
            std::fs::set_permissions(&staff, std::fs::Permissions::from_mode(mode)).unwrap();
            let (status, err) = serve(&demo_key(), &notices_dir(), &["--demo", "--staff", path]);
            assert_eq!(status, 2);
            assert!(
                err.contains("may be read by other users") && err.contains("chmod 600"),
                "{err}"
            );
        }
        std::fs::set_permissions(&staff, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let bad = dir.0.join("bad.toml");
    std::fs::write(&bad, "[accounts.Marie]\nrole = \"boss\"\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&bad, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let (status, err) = serve(
        &demo_key(),
        &notices_dir(),
        &["--demo", "--staff", bad.to_str().unwrap()],
    );
    assert_eq!(status, 2);
    assert!(err.contains("is not a valid staff file"), "{err}");
    for url in [
        "http://consent.region.example",
        "ftp://x",
        "consent.region.example",
    ] {
        let (status, err) = serve(
            &demo_key(),
            &notices_dir(),
            &["--demo", "--staff", path, "--public-url", url],
        );
        assert_eq!(status, 2, "{url}");
        assert!(err.contains("--public-url"), "{err}");
    }
    // The staff command refuses what it cannot keep.
    let file = dir.0.join("new.toml");
    let file = file.to_str().unwrap();
    let add = |args: &[&str], stdin: &[u8]| {
        let mut all = vec!["staff", "add"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--staff", file]);
        run(&all, stdin)
    };
    let (status, _, err) = add(
        &["Marie Curie", "--role", "dpo", "--password-stdin"],
        b"long enough password\n",
    );
    assert_eq!(status, 2, "{err}");
    let (status, _, err) = add(
        &["marie", "--role", "boss", "--password-stdin"],
        b"long enough password\n",
    );
    assert_eq!(status, 2, "{err}");
    let (status, _, err) = add(&["marie", "--role", "dpo", "--password-stdin"], b"short\n");
    assert!(status == 2 && err.contains("fewer than 12"), "{err}");
    let short = dir.0.join("short.token");
    std::fs::write(&short, "secret\n").unwrap();
    let (status, _, err) = add(
        &[
            "crm",
            "--role",
            "integration",
            "--token-file",
            short.to_str().unwrap(),
        ],
        b"",
    );
    assert!(status == 2 && err.contains("fewer than 32"), "{err}");
    let (status, _, err) = add(&["marie", "--role", "dpo"], b"");
    assert!(status == 2 && err.contains("--password-stdin"), "{err}");
    let (status, _, err) = add(
        &["marie", "--role", "dpo", "--password-stdin"],
        b"long enough password\n",
    );
    assert_eq!(status, 0, "{err}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let text = std::fs::read_to_string(file).unwrap();
    assert!(
        text.contains("$argon2id$") && !text.contains("long enough password"),
        "{text}"
    );
    let (status, _, err) = add(
        &["marie", "--role", "dpo", "--password-stdin"],
        b"long enough password\n",
    );
    assert!(status == 2 && err.contains("exists already"), "{err}");
}

#[test]
fn export_never_creates_a_database() {
    let dir = TempDir::new("limpide-missing-db");
    let db = format!("sqlite://{}", dir.0.join("typo.db").display());
    let (status, _, err) = run(&["export", "--db", &db], b"");
    assert_eq!(status, 1, "{err}");
    assert!(err.contains("cannot open the database"), "{err}");
    assert!(
        !dir.0.join("typo.db").exists(),
        "a mistyped path made an empty database"
    );
}

#[test]
fn limits_and_credentials_take_sensible_numbers() {
    for (flag, value) in [
        ("--subject-receipts-per-hour", "0"),
        ("--subject-relay-per-hour", "many"),
        ("--anonymous-posts-per-second", "2000000"),
    ] {
        let (status, err) = serve(&demo_key(), &notices_dir(), &["--demo", flag, value]);
        assert_eq!(status, 2, "{flag} {value}: {err}");
        assert!(err.contains(flag) && err.contains("1 to 1000000"), "{err}");
    }
    let key = demo_key();
    let key = key.to_str().unwrap();
    for valid_for in ["5", "99999999", "a day"] {
        let (status, _, err) = run(
            &[
                "credential",
                "--key",
                key,
                "--valid-for",
                valid_for,
                "eleve-1",
            ],
            b"",
        );
        assert_eq!(status, 2, "{valid_for}: {err}");
        assert!(err.contains("--valid-for"), "{err}");
    }
    let (status, _, err) = run(&["credential", "--key", key, "Jeanne Dupont"], b"");
    assert_eq!(status, 2, "{err}");
    let (status, out, err) = run(
        &["credential", "--key", key, "--valid-for", "3600", "eleve-1"],
        b"",
    );
    assert_eq!(status, 0, "{err}");
    let now = limpide_server::time::now_seconds();
    let credential = limpide_server::controller::credential::verify(
        &[SigningKey::from_jwk(&std::fs::read(demo_key()).unwrap())
            .unwrap()
            .public_jwk()],
        out.trim(),
        now,
    )
    .unwrap();
    assert_eq!(credential.subject, "eleve-1");
    assert!((now + 3590..=now + 3600).contains(&credential.expires_at));
}

/// The log's key: readable by its owner alone, not the controller's, a
/// demo key only with `--demo`, listed where notices list log keys, and
/// required where they do.
#[test]
fn a_bad_or_unlisted_log_key_stops_the_service() {
    let dir = TempDir::new("limpide-log-key");
    let log_key = dir.0.join("log.jwk");
    std::fs::write(&log_key, SigningKey::from_seed([6; 32]).to_jwk()).unwrap();
    set_mode(&log_key, 0o644);
    let log = log_key.to_str().unwrap();
    let (status, err) = serve(&demo_key(), &notices_dir(), &["--demo", "--log-key", log]);
    assert_eq!(status, 2);
    assert!(
        err.contains("may be read by other users") && err.contains("chmod 600"),
        "{err}"
    );
    set_mode(&log_key, 0o600);
    let missing = dir.0.join("missing.jwk");
    let (status, err) = serve(
        &demo_key(),
        &notices_dir(),
        &["--demo", "--log-key", missing.to_str().unwrap()],
    );
    assert_eq!(status, 2);
    assert!(
        err.contains("cannot read the log key") && err.contains("limpide keygen"),
        "{err}"
    );
    // The controller's own key never signs the log.
    let demo = demo_key();
    let (status, err) = serve(
        &demo,
        &notices_dir(),
        &["--demo", "--log-key", demo.to_str().unwrap()],
    );
    assert_eq!(status, 2);
    assert!(err.contains("the log key is the controller key"), "{err}");

    // Notices that list log keys: the service needs one of them.
    let notices = dir.0.join("notices");
    std::fs::create_dir(&notices).unwrap();
    std::fs::copy(
        support::server::root().join("docs/examples/notice-format-3.json"),
        notices.join("pass-region.json"),
    )
    .unwrap();
    let (status, err) = serve(&demo_key(), &notices, &["--demo"]);
    assert_eq!(status, 2);
    assert!(
        err.contains("lists controller.log_keys") && err.contains("--log-key"),
        "{err}"
    );
    let (status, err) = serve(&demo_key(), &notices, &["--demo", "--log-key", log]);
    assert_eq!(status, 2);
    assert!(
        err.contains("start with --log-origin \"limpide-demo.example/log\""),
        "{err}"
    );
    let (status, err) = serve(
        &demo_key(),
        &notices,
        &[
            "--demo",
            "--log-key",
            log,
            "--log-origin",
            "limpide-demo.example/log",
        ],
    );
    assert_eq!(status, 2);
    assert!(
        err.contains("no notice served lists this log key")
            && err.contains("limpide-demo.example/log+"),
        "{err}"
    );
    // The demo log key, which the notice lists, is refused without --demo.
    let demo_log = support::server::root().join("crates/server/demo/log.jwk");
    let (status, err) = serve(
        &demo_key(),
        &notices,
        &[
            "--log-key",
            demo_log.to_str().unwrap(),
            "--public-url",
            "https://limpide-demo.example",
        ],
    );
    assert_eq!(status, 2);
    assert!(err.contains("demo"), "{err}");
}

/// A log's origin never changes: a service started with another one than
/// its published checkpoints carry is refused, and says which to use.
#[test]
fn a_log_keeps_its_origin() {
    let dir = TempDir::new("limpide-log-origin");
    let db = format!("sqlite://{}", dir.0.join("log.db").display());
    // It publishes the empty tree's checkpoint before it listens.
    drop(support::server::Server::start(&db, &[]));
    // The version before the log: no notice names the log's origin.
    let notices = dir.0.join("notices");
    std::fs::create_dir(&notices).unwrap();
    std::fs::copy(
        notices_dir().join("pass-region-2026-12-01.json"),
        notices.join("pass-region.json"),
    )
    .unwrap();
    let key = demo_key();
    let log = support::server::demo_log_key();
    let (status, _, err) = run(
        &[
            "serve",
            "--notices",
            notices.to_str().unwrap(),
            "--key",
            key.to_str().unwrap(),
            "--db",
            &db,
            "--listen",
            "127.0.0.1:0",
            "--demo",
            "--log-key",
            log.to_str().unwrap(),
            "--log-origin",
            "second.example/log",
        ],
        b"",
    );
    assert_eq!(status, 2, "{err}");
    assert!(
        err.contains("this database's log is \"limpide-demo.example/log\"")
            && err.contains("--log-origin \"limpide-demo.example/log\""),
        "{err}"
    );
}
