//! Every scenario of the service, run against each engine (tests/sqlite.rs,
//! tests/postgres.rs) with the real binary.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use limpide_receipt::{ControllerCheck, Receipt, Role, SigningKey};
use serde_json::Value;

use super::postgres::Cluster;
use super::receipts::{
    altered, credential, demo_controller, notice, receipt, sign, subject_value, Spec, SMS,
};
use super::server::{notices_dir, run, Server};
use super::sql;

// The staff scenarios, listed in `every_scenario!` like these.
#[allow(unused_imports)] // unused where this module is included for its helpers
pub use super::staff_scenarios::*;
// The campaigns' scenarios, likewise.
#[allow(unused_imports)]
pub use super::campaign_scenarios::*;
// A pupil's device reading its records, likewise.
#[allow(unused_imports)]
pub use super::pupil_scenarios::*;
// Device keys bound to the pupil, likewise.
#[allow(unused_imports)]
pub use super::device_scenarios::*;
// A hostile client's scenarios on the store, likewise.
#[allow(unused_imports)]
pub use super::hostile_scenarios::*;
// The transparency log's, likewise.
#[allow(unused_imports)]
pub use super::log_scenarios::*;

/// An engine to run a scenario on.
pub struct Backend<'a> {
    pub name: &'static str,
    /// A URL to a new, empty database.
    pub fresh: &'a (dyn Fn(&str) -> String + Sync),
    /// The PostgreSQL cluster, to take the database down.
    pub cluster: Option<&'a Cluster>,
}

/// A scenario: it panics when the service does not behave.
pub type Scenario = fn(&Backend);

/// Every scenario, listed once, each with the engines that cannot run it
/// and why (`name { engine: "why", }`). `every_scenario!(m)` hands the list
/// to `m`, a test file's macro that makes its engine's tests of them
/// (tests/sqlite.rs, tests/postgres.rs).
#[allow(unused_macros)] // unused where this module is included for its helpers
macro_rules! every_scenario {
    ($engine_tests:ident) => {
        $engine_tests! {
            countersigns_stores_and_answers,
            the_same_receipt_twice_is_stored_once,
            tampered_and_forged_receipts_are_refused,
            wrong_kid_and_unlisted_controller_key,
            unknown_notice_or_version,
            credentials_the_controller_did_not_issue,
            an_unknown_previous_is_accepted,
            a_previous_of_another_subject_is_not_theirs,
            size_type_and_json_errors,
            a_slow_body_times_out,
            a_write_failing_part_way_leaves_nothing,
            fifty_concurrent_posts_for_one_subject,
            latest_is_decided_by_the_chain,
            permissions_and_export,
            a_campaign_from_draft_to_stop,
            drafts_are_checked_at_once,
            lapsed_grants_and_quiet_periods,
            a_campaign_is_decided_once_and_released_as_approved,
            objections_withdraw_one_box,
            the_console_drafts_approves_and_releases,
            a_pupils_device_reads_its_own_records,
            device_keys_are_bound_to_the_pupil,
            stored_receipts_enroll_their_keys,
            posts_are_limited_per_pupil,
            staff_routes_need_an_account,
            stats_and_the_dpo_page,
            each_role_is_refused_what_it_may_not,
            console_sign_in_and_sign_out,
            a_cross_site_console_post_is_refused,
            wrong_passwords_are_throttled,
            a_removed_or_changed_account_loses_its_session,
            an_expired_session_ends,
            a_second_factor,
            the_access_log_names_accounts_never_pupils,
            the_database_down {
                sqlite: "SQLite is a file opened by the service itself: it cannot be down apart from it",
            },
            chains_that_would_lie_are_refused,
            an_under_age_grant_needs_the_guardian,
            the_guardian_relay,
            a_subjects_receipts_come_in_pages,
            receipt_ids_cannot_be_squatted,
            a_replay_is_answered_from_the_store,
            every_document_is_in_the_log,
        }
    };
}
#[allow(unused_imports)]
pub(crate) use every_scenario;

/// The engines a scenario may name as unable to run it.
const ENGINES: [&str; 2] = ["sqlite", "postgres"];

/// Runs `scenario` on `backend`, unless `skips` (engine, why) names its
/// engine: then says why it does not (tests/postgres.rs, which runs every
/// scenario in one test; tests/sqlite.rs ignores its skipped tests).
pub fn run_scenario(name: &str, scenario: Scenario, skips: &[(&str, &str)], backend: &Backend) {
    for (engine, _) in skips {
        assert!(
            ENGINES.contains(engine),
            "{name} skips an unknown engine {engine:?}"
        );
    }
    match skips.iter().find(|(engine, _)| *engine == backend.name) {
        Some((_, why)) => eprintln!("{}: {name} does not run here: {why}", backend.name),
        None => {
            eprintln!("{}: {name}", backend.name);
            scenario(backend);
        }
    }
}

/// The ids of every stored receipt, from the audit export (whose other
/// lines are the controller's records: device enrollments, campaigns…).
pub fn audit_ids(server: &Server) -> Vec<String> {
    let audit = server.dpo("GET", "/audit", b"");
    assert_eq!(audit.status, 200, "{}", audit.text());
    audit
        .text()
        .lines()
        .filter(|l| {
            let value = limpide_receipt::parse_json(l.as_bytes(), "line").unwrap();
            limpide_receipt::RecordKind::of(&value) == limpide_receipt::RecordKind::Receipt
        })
        .map(|l| {
            Receipt::from_json(l.as_bytes())
                .unwrap()
                .payload()
                .receipt_id
                .clone()
        })
        .collect()
}

pub fn permissions(server: &Server, purpose: &str, channel: &str) -> Vec<Value> {
    let r = server.dpo(
        "GET",
        &format!("/permissions?notice=pass-region&purpose={purpose}&channel={channel}"),
        b"",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    r.text()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

pub fn countersigns_stores_and_answers(b: &Backend) {
    let server = Server::start(&(b.fresh)("countersign"), &[]);
    let notice = notice();
    let sent = receipt(
        &notice,
        Spec {
            grants: &[("bons-plans", SMS)],
            ..Spec::default()
        },
    );
    let answer = server.post_receipt(sent.to_json().as_bytes());
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(answer.header("content-type"), Some("application/jose+json"));
    let acknowledged = Receipt::from_json(&answer.body).unwrap();
    assert_eq!(
        acknowledged.digest(),
        sent.digest(),
        "another payload came back"
    );
    let roles: Vec<Role> = acknowledged.signers().iter().map(|s| s.role).collect();
    assert_eq!(roles, [Role::Subject, Role::Controller]);
    // Checked against the published key (GET /keys) and the notice.
    let keys = server.anonymous("GET", "/keys", b"").json();
    assert_eq!(
        keys["keys"][0]["kid"].as_str(),
        Some(demo_controller().public_jwk().thumbprint().as_str())
    );
    assert_eq!(
        acknowledged.controller_check(Some(&notice)),
        Ok(ControllerCheck::Listed)
    );
    let published = server.anonymous(
        "GET",
        &format!("/notices/pass-region/{}", notice.version),
        b"",
    );
    assert_eq!(
        published.header("limpide-notice-digest"),
        Some(notice.digest())
    );
    assert_eq!(
        published.body,
        std::fs::read(notices_dir().join("pass-region.json")).unwrap()
    );
    let stored = server.dpo("GET", "/subjects/eleve-1/receipts", b"").json();
    assert_eq!(stored["receipts"].as_array().unwrap().len(), 1);
    assert_eq!(
        stored["receipts"][0],
        serde_json::from_slice::<Value>(&answer.body).unwrap()
    );
    assert_eq!(audit_ids(&server), [sent.payload().receipt_id.clone()]);
}

pub fn the_same_receipt_twice_is_stored_once(b: &Backend) {
    let server = Server::start(&(b.fresh)("twice"), &[]);
    let sent = receipt(&notice(), Spec::default());
    let first = server.post_receipt(sent.to_json().as_bytes());
    let second = server.post_receipt(sent.to_json().as_bytes());
    assert_eq!(
        (first.status, second.status),
        (200, 200),
        "{}",
        second.text()
    );
    assert_eq!(
        first.body, second.body,
        "the same receipt got another answer"
    );
    // The acknowledged copy posted again: the same answer too.
    let third = server.post_receipt(&first.body);
    assert_eq!(third.body, first.body);
    assert_eq!(audit_ids(&server).len(), 1);
}

pub fn tampered_and_forged_receipts_are_refused(b: &Backend) {
    let url = (b.fresh)("tampered");
    let server = Server::start(&url, &[]);
    let sent = receipt(&notice(), Spec::default()).to_json();
    // One byte of the payload changed.
    let at = sent.find("\"payload\":\"").unwrap() + 20;
    let mut tampered = sent.clone().into_bytes();
    tampered[at] = if tampered[at] == b'A' { b'B' } else { b'A' };
    let r = server.post_receipt(&tampered);
    assert_eq!(
        (r.status, r.code().as_str()),
        (400, "invalid-receipt"),
        "{}",
        r.text()
    );
    // A signature that is not the key's.
    let at = sent.rfind("\"signature\":\"").unwrap() + 13;
    let mut forged = sent.into_bytes();
    forged[at] = if forged[at] == b'A' { b'B' } else { b'A' };
    let r = server.post_receipt(&forged);
    assert_eq!(
        (r.status, r.code().as_str()),
        (400, "invalid-receipt"),
        "{}",
        r.text()
    );
    assert!(r.json()["message"].as_str().unwrap().contains("signature"));
    assert_eq!(sql::count(&url, "SELECT COUNT(*) FROM receipts"), 0);
}

pub fn wrong_kid_and_unlisted_controller_key(b: &Backend) {
    let server = Server::start(&(b.fresh)("kid"), &[]);
    let notice = notice();
    // A header whose kid is not its key's thumbprint.
    let sent = receipt(&notice, Spec::default());
    let value = Value::from(sent.to_value());
    let protected = value["signatures"][0]["protected"].as_str().unwrap();
    let mut header: Value =
        serde_json::from_slice(&limpide_receipt::base64url::decode(protected).unwrap()).unwrap();
    header["kid"] = Value::from("ze6nlQwxP0U-qBCLTwK7W8pM1lXRKz70b6nRshnTRco");
    let mut wrong = value.clone();
    wrong["signatures"][0]["protected"] = Value::from(limpide_receipt::base64url::encode(
        header.to_string().as_bytes(),
    ));
    let r = server.post_receipt(wrong.to_string().as_bytes());
    assert_eq!(
        (r.status, r.code().as_str()),
        (400, "invalid-receipt"),
        "{}",
        r.text()
    );
    // Countersigned already, by a key that is not the controller's.
    let mut forged = receipt(&notice, Spec::default());
    sign(
        &mut forged,
        Role::Controller,
        &SigningKey::from_seed([77; 32]),
    );
    let r = server.post_receipt(forged.to_json().as_bytes());
    assert_eq!(
        (r.status, r.code().as_str()),
        (422, "unlisted-controller-key"),
        "{}",
        r.text()
    );
    assert!(audit_ids(&server).is_empty());
}

pub fn unknown_notice_or_version(b: &Backend) {
    let server = Server::start(&(b.fresh)("unknown_notice"), &[]);
    let text =
        String::from_utf8(std::fs::read(notices_dir().join("pass-region.json")).unwrap()).unwrap();
    let version = format!("\"{}\"", notice().version);
    for (from, to) in [
        (version.as_str(), "\"2099-01-01\""),
        ("\"pass-region\"", "\"autre-notice\""),
    ] {
        let other =
            limpide_receipt::Notice::from_json(text.replacen(from, to, 1).as_bytes()).unwrap();
        let r = server.post_receipt(receipt(&other, Spec::default()).to_json().as_bytes());
        assert_eq!(
            (r.status, r.code().as_str()),
            (422, "unknown-notice"),
            "{}",
            r.text()
        );
    }
    // A version published before controller.keys: no key of ours to countersign with.
    let old = limpide_receipt::Notice::from_json(
        &std::fs::read(notices_dir().join("pass-region-2026-09-01.json")).unwrap(),
    )
    .unwrap();
    let r = server.post_receipt(receipt(&old, Spec::default()).to_json().as_bytes());
    assert_eq!(
        (r.status, r.code().as_str()),
        (422, "key-not-listed"),
        "{}",
        r.text()
    );
    let missing = server.anonymous("GET", "/notices/pass-region/2099-01-01", b"");
    assert_eq!(
        (missing.status, missing.code().as_str()),
        (404, "unknown-notice")
    );
    assert!(audit_ids(&server).is_empty());
}

/// A first receipt needs the pupil's credential, as the controller issued
/// it, for that pupil, in its time; a subject must be a controller's id.
pub fn credentials_the_controller_did_not_issue(b: &Backend) {
    let server = Server::start(&(b.fresh)("credentials"), &[]);
    let notice = notice();
    let body = |subject: Option<String>| {
        receipt(
            &notice,
            Spec {
                subject,
                ..Spec::default()
            },
        )
        .to_json()
    };
    let bearer = |credential: &str| format!("Bearer {credential}");
    let now = limpide_server::time::now_seconds();
    let stranger = limpide_server::controller::credential::issue(
        &SigningKey::from_seed([3; 32]),
        "eleve-7",
        now + 3600,
    )
    .unwrap();
    let expired = limpide_server::controller::credential::issue(
        super::receipts::demo_controller(),
        "eleve-7",
        now - 1,
    )
    .unwrap();
    let eleve_7 = || Some("eleve-7".to_owned());
    for (subject, authorization, (status, code)) in [
        (eleve_7(), None, (401, "credential-required")),
        (
            eleve_7(),
            Some(bearer(&stranger)),
            (403, "credential-invalid"),
        ),
        (
            eleve_7(),
            Some(bearer(&credential("eleve-8"))),
            (403, "credential-invalid"),
        ),
        (
            eleve_7(),
            Some(bearer(&expired)),
            (401, "credential-expired"),
        ),
        (
            eleve_7(),
            Some(format!("Basic {}", credential("eleve-7"))),
            (400, "invalid-credential-header"),
        ),
        (
            Some("Jeanne Dupont".to_owned()),
            None,
            (403, "subject-not-issued"),
        ),
        (None, None, (403, "subject-required")),
    ] {
        let headers: Vec<(&str, &str)> = authorization
            .as_deref()
            .map(|a| ("Authorization", a))
            .into_iter()
            .collect();
        let r = server.post_receipt_with(body(subject).as_bytes(), &headers);
        assert_eq!(
            (r.status, r.code().as_str()),
            (status, code),
            "{}",
            r.text()
        );
    }
    assert!(audit_ids(&server).is_empty());
    // POST /subjects issues a credential, and the CLI one offline: both
    // name the pupil, and both take a first receipt.
    let made = server.integration(
        "POST",
        "/subjects",
        br#"{"id": "eleve-7", "valid_for": 600}"#,
    );
    assert_eq!(made.status, 201, "{}", made.text());
    let issued = made.json()["credential"].as_str().unwrap().to_owned();
    assert!(issued.starts_with("eleve-7."), "{issued}");
    assert!(made.json()["expires_at"].is_string());
    let key = super::server::demo_key();
    let (status, out, err) = run(
        &["credential", "--key", key.to_str().unwrap(), "eleve-9"],
        b"",
    );
    assert_eq!(status, 0, "{err}");
    let (status, _, err) = run(&["subject", "--key", key.to_str().unwrap(), "eleve-9"], b"");
    assert!(
        status == 2 && err.contains("limpide-server credential"),
        "{err}"
    );
    let bad = server.integration("POST", "/subjects", br#"{"id": "Jeanne Dupont"}"#);
    assert_eq!(
        (bad.status, bad.code().as_str()),
        (400, "invalid-subject-id")
    );
    for (id, credential) in [("eleve-7", issued), ("eleve-9", out.trim().to_owned())] {
        let r = server.post_receipt_with(
            body(Some(id.to_owned())).as_bytes(),
            &[("Authorization", &bearer(&credential))],
        );
        assert_eq!(r.status, 200, "{}", r.text());
    }
}

pub fn an_unknown_previous_is_accepted(b: &Backend) {
    let server = Server::start(&(b.fresh)("unknown_previous"), &[]);
    let notice = notice();
    // The first receipt stayed on the old device; the new one names it.
    let never_posted = receipt(
        &notice,
        Spec {
            grants: &[("bons-plans", SMS)],
            ..Spec::default()
        },
    );
    let next = receipt(
        &notice,
        Spec {
            previous: Some(&never_posted),
            issued_at: "2026-11-02T10:00:00Z",
            ..Spec::default()
        },
    );
    let r = server.post_receipt(next.to_json().as_bytes());
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(permissions(&server, "bons-plans", "sms").is_empty());
    // The old one arrives later: the chain says `next` is still the latest.
    assert_eq!(
        server
            .post_receipt(never_posted.to_json().as_bytes())
            .status,
        200
    );
    assert!(
        permissions(&server, "bons-plans", "sms").is_empty(),
        "arrival order won over the chain"
    );
}

/// A receipt id belongs to one subject: naming another subject's receipt
/// as `previous` names nothing of this subject's (an unknown `previous`,
/// accepted as the end of a chain of its own), and changes nothing of
/// theirs. Refusing it would let a holder of one value block another
/// pupil's receipts (hostile_scenarios.rs, squatting).
pub fn a_previous_of_another_subject_is_not_theirs(b: &Backend) {
    let server = Server::start(&(b.fresh)("previous_mismatch"), &[]);
    let notice = notice();
    let theirs = receipt(
        &notice,
        Spec {
            subject: Some(subject_value("eleve-2")),
            grants: &[("bons-plans", SMS)],
            ..Spec::default()
        },
    );
    assert_eq!(server.post_receipt(theirs.to_json().as_bytes()).status, 200);
    let mine = receipt(
        &notice,
        Spec {
            previous: Some(&theirs),
            ..Spec::default()
        },
    );
    let r = server.post_receipt(mine.to_json().as_bytes());
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(audit_ids(&server).len(), 2);
    let allowed: Vec<Value> = permissions(&server, "bons-plans", "sms");
    assert_eq!(allowed.len(), 1);
    assert_eq!(allowed[0]["subject"], "eleve-2");
    assert_eq!(
        allowed[0]["receipt_id"].as_str(),
        Some(theirs.payload().receipt_id.as_str())
    );
}

pub fn size_type_and_json_errors(b: &Backend) {
    let server = Server::start(
        &(b.fresh)("errors"),
        &["--allow-origin", "https://pass.region.example"],
    );
    let big = vec![b' '; 64 * 1024 + 1];
    let r = server.post_receipt(&big);
    assert_eq!((r.status, r.code().as_str()), (413, "too-large"));
    let sent = receipt(&notice(), Spec::default()).to_json();
    let r = super::http::request(
        &server.addr,
        "POST",
        "/receipts",
        &[("Content-Type", "application/json")],
        sent.as_bytes(),
    );
    assert_eq!(
        (r.status, r.code().as_str()),
        (415, "unsupported-media-type")
    );
    let r = server.post_receipt(b"{\"payload\": \"e30\", \"signatures\": [");
    assert_eq!(
        (r.status, r.code().as_str()),
        (400, "malformed-json"),
        "{}",
        r.text()
    );
    let r = server.dpo("GET", "/nowhere", b"");
    assert_eq!((r.status, r.code().as_str()), (404, "not-found"));
    // A known route asked with another method: JSON too, with `Allow`.
    let r = super::http::request(&server.addr, "PUT", "/receipts", &[], b"");
    assert_eq!((r.status, r.code().as_str()), (405, "method-not-allowed"));
    assert_eq!(r.header("allow"), Some("POST"));
    let r = server.dpo("DELETE", "/audit", b"");
    assert_eq!((r.status, r.code().as_str()), (405, "method-not-allowed"));
    assert_eq!(r.header("allow"), Some("GET,HEAD"));
    // Without the token, an admin route is 401 whatever the method.
    let r = super::http::request(&server.addr, "DELETE", "/audit", &[], b"");
    assert_eq!((r.status, r.code().as_str()), (401, "unauthorized"));
    // A path segment that is not UTF-8 once decoded.
    let r = super::http::request(&server.addr, "GET", "/notices/%FF/1", &[], b"");
    assert_eq!((r.status, r.code().as_str()), (400, "invalid-path"));
    // CORS: the pages that embed the widget may post (a preflight passes).
    let preflight = super::http::request(
        &server.addr,
        "OPTIONS",
        "/receipts",
        &[
            ("Origin", "https://pass.region.example"),
            ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "content-type"),
        ],
        b"",
    );
    assert_eq!(preflight.status, 200, "{preflight:?}");
    assert_eq!(
        preflight.header("access-control-allow-origin"),
        Some("https://pass.region.example")
    );
    let other = super::http::request(
        &server.addr,
        "OPTIONS",
        "/receipts",
        &[
            ("Origin", "https://elsewhere.example"),
            ("Access-Control-Request-Method", "POST"),
        ],
        b"",
    );
    assert_eq!(
        other.header("access-control-allow-origin"),
        None,
        "another origin was allowed"
    );
    assert!(audit_ids(&server).is_empty());
}

pub fn a_slow_body_times_out(b: &Backend) {
    let server = Server::start(&(b.fresh)("slow"), &["--body-timeout", "0.5"]);
    let mut stream = TcpStream::connect(&server.addr).unwrap();
    stream
        .write_all(b"POST /receipts HTTP/1.1\r\nHost: x\r\nContent-Type: application/jose+json\r\nContent-Length: 1000\r\n\r\n{\"pay")
        .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("body-timeout"), "{answer}");
}

pub fn a_write_failing_part_way_leaves_nothing(b: &Backend) {
    let url = (b.fresh)("partial");
    let server = Server::start(&url, &[]);
    let notice = notice();
    let first = receipt(
        &notice,
        Spec {
            grants: &[("bons-plans", SMS)],
            ..Spec::default()
        },
    );
    assert_eq!(server.post_receipt(first.to_json().as_bytes()).status, 200);
    // The receipt row goes in, then its decisions fail: the transaction must
    // take the receipt row back, and the latest receipt must stay `first`.
    let trigger = match b.name {
        "sqlite" => {
            "CREATE TRIGGER fail_decisions BEFORE INSERT ON decisions \
                     WHEN NEW.purpose = 'enquetes' BEGIN SELECT RAISE(ABORT, 'injected fault'); END"
        }
        _ => {
            "CREATE FUNCTION fail_decisions() RETURNS trigger AS $$ BEGIN \
              IF NEW.purpose = 'enquetes' THEN RAISE EXCEPTION 'injected fault'; END IF; \
              RETURN NEW; END $$ LANGUAGE plpgsql; \
              CREATE TRIGGER fail_decisions BEFORE INSERT ON decisions \
              FOR EACH ROW EXECUTE FUNCTION fail_decisions()"
        }
    };
    sql::execute(&url, trigger);
    let second = receipt(
        &notice,
        Spec {
            previous: Some(&first),
            issued_at: "2026-11-02T10:00:00Z",
            ..Spec::default()
        },
    );
    let r = server.post_receipt(second.to_json().as_bytes());
    assert_eq!(
        (r.status, r.code().as_str()),
        (503, "database-unavailable"),
        "{}",
        r.text()
    );
    assert_eq!(
        sql::count(&url, "SELECT COUNT(*) FROM receipts"),
        1,
        "a half-written receipt"
    );
    assert_eq!(sql::count(&url, "SELECT COUNT(*) FROM decisions"), 10);
    assert_eq!(
        permissions(&server, "bons-plans", "sms").len(),
        1,
        "the latest moved"
    );
    sql::execute(
        &url,
        "DROP TRIGGER fail_decisions"
            .to_owned()
            .as_str()
            .replace(
                "fail_decisions",
                if b.name == "sqlite" {
                    "fail_decisions"
                } else {
                    "fail_decisions ON decisions"
                },
            )
            .as_str(),
    );
    // Sent again (as the widget does), it is stored, once.
    assert_eq!(server.post_receipt(second.to_json().as_bytes()).status, 200);
    assert!(permissions(&server, "bons-plans", "sms").is_empty());
    assert_eq!(audit_ids(&server).len(), 2);
}

pub fn fifty_concurrent_posts_for_one_subject(b: &Backend) {
    let server = Server::start(&(b.fresh)("concurrent"), &[]);
    let notice = notice();
    let first = receipt(&notice, Spec::default());
    assert_eq!(server.post_receipt(first.to_json().as_bytes()).status, 200);
    // Fifty tabs of the pupil's phone change the same choice at once, each
    // after `first`: the even ones grant, the odd ones refuse; the last
    // issued is #49 (refuses).
    let posts: Vec<Receipt> = (0..50)
        .map(|i| {
            let grants: &[(&str, _)] = if i % 2 == 0 {
                &[("bons-plans", SMS)]
            } else {
                &[]
            };
            let issued_at = format!("2026-11-02T10:00:{i:02}Z");
            receipt(
                &notice,
                Spec {
                    grants,
                    issued_at: &issued_at,
                    previous: Some(&first),
                    ..Spec::default()
                },
            )
        })
        .collect();
    let statuses: Vec<u16> = std::thread::scope(|scope| {
        let handles: Vec<_> = posts
            .iter()
            .map(|r| {
                let server = &server;
                scope.spawn(move || server.post_receipt(r.to_json().as_bytes()).status)
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    let ids = audit_ids(&server);
    assert_eq!(ids.len(), 51);
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 51, "a receipt stored twice");
    assert!(
        permissions(&server, "bons-plans", "sms").is_empty(),
        "#49 refused last"
    );
    // One more from the phone, after #49's time, granting: now allowed.
    let last = receipt(
        &notice,
        Spec {
            grants: &[("bons-plans", SMS)],
            issued_at: "2026-11-02T10:01:00Z",
            previous: Some(&posts[49]),
            ..Spec::default()
        },
    );
    assert_eq!(server.post_receipt(last.to_json().as_bytes()).status, 200);
    let allowed = permissions(&server, "bons-plans", "sms");
    assert_eq!(allowed.len(), 1);
    assert_eq!(
        allowed[0]["receipt_id"].as_str(),
        Some(last.payload().receipt_id.as_str())
    );
}

pub fn latest_is_decided_by_the_chain(b: &Backend) {
    let server = Server::start(&(b.fresh)("chain"), &[]);
    let notice = notice();
    let grant: &[(&str, _)] = &[("bons-plans", SMS)];
    let allowed = |server: &Server| permissions(server, "bons-plans", "sms").len();
    // A device whose clock runs ahead: A at 12:00, then B, which follows A,
    // at 11:00. B follows A, so B is the latest, whatever the clocks say.
    let a = receipt(
        &notice,
        Spec {
            grants: grant,
            issued_at: "2026-12-01T12:00:00Z",
            ..Spec::default()
        },
    );
    let b_ = receipt(
        &notice,
        Spec {
            issued_at: "2026-12-01T11:00:00Z",
            previous: Some(&a),
            ..Spec::default()
        },
    );
    // Posted out of order: B first.
    assert_eq!(server.post_receipt(b_.to_json().as_bytes()).status, 200);
    assert_eq!(server.post_receipt(a.to_json().as_bytes()).status, 200);
    assert_eq!(allowed(&server), 0, "B refuses and follows A");
    // A fork: two devices each follow B. The one issued later wins: C grants at 13:00, D refuses at 12:30.
    let c = receipt(
        &notice,
        Spec {
            pupil: 2,
            grants: grant,
            issued_at: "2026-12-01T13:00:00Z",
            previous: Some(&b_),
            ..Spec::default()
        },
    );
    let d = receipt(
        &notice,
        Spec {
            pupil: 3,
            issued_at: "2026-12-01T12:30:00Z",
            previous: Some(&b_),
            ..Spec::default()
        },
    );
    // Each of the two devices was added with an enrollment code.
    for r in [&c, &d] {
        let posted = server.post_receipt_enrolling(r.to_json().as_bytes(), "eleve-1");
        assert_eq!(posted.status, 200, "{}", posted.text());
    }
    assert_eq!(
        allowed(&server),
        1,
        "C, issued last among the chain's ends, grants"
    );
    // Another pupil's receipts never count for this one.
    let other = receipt(
        &notice,
        Spec {
            subject: Some(subject_value("eleve-2")),
            issued_at: "2026-12-01T14:00:00Z",
            ..Spec::default()
        },
    );
    assert_eq!(server.post_receipt(other.to_json().as_bytes()).status, 200);
    assert_eq!(allowed(&server), 1);
}

pub fn permissions_and_export(b: &Backend) {
    let url = (b.fresh)("permissions");
    let server = Server::start(&url, &[]);
    let notice = notice();
    for i in 0..5 {
        let grants: &[(&str, _)] = if i % 2 == 0 {
            &[("bons-plans", SMS)]
        } else {
            &[]
        };
        let r = receipt(
            &notice,
            Spec {
                subject: Some(subject_value(&format!("eleve-{i}"))),
                grants,
                ..Spec::default()
            },
        );
        assert_eq!(server.post_receipt(r.to_json().as_bytes()).status, 200);
    }
    let subjects: Vec<String> = permissions(&server, "bons-plans", "sms")
        .iter()
        .map(|p| p["subject"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(subjects, ["eleve-0", "eleve-2", "eleve-4"]);
    // By e-mail nobody agreed.
    assert!(permissions(&server, "bons-plans", "email").is_empty());
    // A typo is an error, not an empty list.
    let typo = server.dpo(
        "GET",
        "/permissions?notice=pass-region&purpose=bons-plan&channel=sms",
        b"",
    );
    assert_eq!(
        (typo.status, typo.code().as_str()),
        (400, "unknown-permission")
    );
    let (status, out, _) = run(&["export", "--db", &url], b"");
    assert_eq!(status, 0);
    // The five receipts, and the enrollment of each pupil's device.
    let kinds = out.lines().fold((0, 0), |(receipts, enrollments), line| {
        if limpide_receipt::SignedEnrollment::from_json(line.as_bytes()).is_ok() {
            (receipts, enrollments + 1)
        } else {
            Receipt::from_json(line.as_bytes()).unwrap();
            (receipts + 1, enrollments)
        }
    });
    assert_eq!(kinds, (5, 5));
    let (status, out, _) = run(
        &["export", "--db", &url, "--since", "2999-01-01T00:00:00Z"],
        b"",
    );
    assert_eq!((status, out.as_str()), (0, ""));
    let (status, _, err) = run(&["export", "--db", &url, "--since", "yesterday"], b"");
    assert_eq!(status, 2, "{err}");
}

pub fn staff_routes_need_an_account(b: &Backend) {
    let server = Server::start(&(b.fresh)("auth"), &[]);
    let r = receipt(
        &notice(),
        Spec {
            subject: Some(subject_value("eleve-secret")),
            ..Spec::default()
        },
    );
    assert_eq!(server.post_receipt(r.to_json().as_bytes()).status, 200);
    for (method, path, _) in STAFF_ROUTES {
        if path.starts_with("/console") {
            continue; // the console's pages lead to the sign-in form
        }
        for auth in [None, Some("Bearer wrong-token"), Some("Basic dGVzdA==")] {
            let headers: Vec<(&str, &str)> = auth.iter().map(|a| ("Authorization", *a)).collect();
            let answer = super::http::request(
                &server.addr,
                method,
                path,
                &headers,
                b"subject\neleve-secret\n",
            );
            assert_eq!(
                (answer.status, answer.code().as_str()),
                (401, "unauthorized"),
                "{method} {path}"
            );
            assert!(
                !answer.text().contains("eleve-secret"),
                "{method} {path} names the subject"
            );
        }
    }
}

/// Every staff API route, with the roles that may use it (docs/server.md).
pub const STAFF_ROUTES: [(&str, &str, &[&str]); 16] = [
    (
        "GET",
        "/permissions?notice=pass-region&purpose=bons-plans&channel=sms",
        &["dpo"],
    ),
    ("POST", "/campaigns", &["communications"]),
    ("GET", "/campaigns", &["communications", "dpo"]),
    ("GET", "/campaigns/AAAAAAAAAAA", &["communications", "dpo"]),
    ("POST", "/campaigns/AAAAAAAAAAA/approve", &["dpo"]),
    ("POST", "/campaigns/AAAAAAAAAAA/reject", &["dpo"]),
    ("POST", "/campaigns/AAAAAAAAAAA/allow-release", &["dpo"]),
    (
        "POST",
        "/campaigns/AAAAAAAAAAA/release",
        &["communications"],
    ),
    ("POST", "/objections", &["integration"]),
    ("GET", "/subjects/eleve-secret/receipts", &["dpo"]),
    ("POST", "/subjects", &["integration"]),
    (
        "POST",
        "/subjects/eleve-secret/enrollment-codes",
        &["integration"],
    ),
    ("GET", "/audit", &["dpo"]),
    ("GET", "/stats", &["dpo"]),
    ("GET", "/access-log", &["dpo"]),
    ("GET", "/console/campaigns/new", &["communications"]),
];

pub fn stats_and_the_dpo_page(b: &Backend) {
    let server = Server::start(&(b.fresh)("stats"), &[]);
    let notice = notice();
    let a = receipt(
        &notice,
        Spec {
            grants: &[("bons-plans", SMS)],
            issued_at: "2026-11-30T10:00:00Z",
            ..Spec::default()
        },
    );
    let withdrawn = receipt(
        &notice,
        Spec {
            previous: Some(&a),
            issued_at: "2026-12-01T10:00:00Z",
            ..Spec::default()
        },
    );
    let other = receipt(
        &notice,
        Spec {
            subject: Some(subject_value("eleve-2")),
            grants: &[("bons-plans", SMS)],
            ..Spec::default()
        },
    );
    for r in [&a, &withdrawn, &other] {
        assert_eq!(server.post_receipt(r.to_json().as_bytes()).status, 200);
    }
    let stats = server.dpo("GET", "/stats", b"").json();
    let sms = stats["current"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["purpose"] == "bons-plans" && t["channel"] == "sms")
        .unwrap()
        .clone();
    assert_eq!(
        (
            sms["granted"].as_i64(),
            sms["refused"].as_i64(),
            sms["withdrawn"].as_i64()
        ),
        (Some(1), Some(0), Some(1))
    );
    let days: Vec<&str> = stats["daily"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["purpose"] == "bons-plans" && d["channel"] == "sms")
        .map(|d| d["day"].as_str().unwrap())
        .collect();
    assert_eq!(days, ["2026-11-30", "2026-12-01"]);
    // The former page leads to the console, whose DPO screen shows them.
    let moved = server.anonymous("GET", "/admin", b"");
    assert_eq!(
        (moved.status, moved.header("location")),
        (303, Some("/console"))
    );
    let page = server.dpo("GET", "/console?lang=en", b"");
    assert_eq!(page.status, 200, "{}", page.text());
    let csp = page.header("content-security-policy").unwrap();
    assert!(csp.starts_with("default-src 'none'"), "{csp}");
    let html = page.text();
    // Purposes by their titles, in the page's language.
    assert!(
        html.contains("<svg") && html.contains("Receive offers from the pass"),
        "{html}"
    );
    assert!(
        !html.contains("src=") && !html.contains("<script") && !html.contains("style="),
        "the page loads something or styles inline"
    );
    assert!(!html.contains("eleve-"), "the DPO page names a subject");
    let french = server.dpo("GET", "/console?lang=fr", b"").text();
    assert!(
        french.contains("lang=\"fr\"")
            && french.contains("Recevoir les bons plans des partenaires"),
        "{french}"
    );
}

pub fn the_database_down(b: &Backend) {
    let cluster = b
        .cluster
        .expect("run on PostgreSQL only (every_scenario! skips SQLite)");
    let server = Server::start(&(b.fresh)("down"), &[]);
    let notice = notice();
    let sent = receipt(&notice, Spec::default());
    cluster.stop();
    let r = server.post_receipt(sent.to_json().as_bytes());
    assert_eq!(
        (r.status, r.code().as_str()),
        (503, "database-unavailable"),
        "{}",
        r.text()
    );
    assert_eq!(r.header("retry-after"), Some("30"));
    cluster.restart();
    // The service recovers by itself; the widget's later resend is stored.
    let mut status = 0;
    for _ in 0..20 {
        status = server.post_receipt(sent.to_json().as_bytes()).status;
        if status == 200 {
            break;
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    assert_eq!(status, 200);
    assert_eq!(audit_ids(&server).len(), 1);
}

pub fn chains_that_would_lie_are_refused(b: &Backend) {
    let url = (b.fresh)("lies");
    let server = Server::start(&url, &[]);
    let notice = notice();
    // Dated in the future: it would outrank every later withdrawal.
    let future = receipt(
        &notice,
        Spec {
            issued_at: "2999-01-01T00:00:00Z",
            ..Spec::default()
        },
    );
    let r = server.post_receipt(future.to_json().as_bytes());
    assert_eq!(
        (r.status, r.code().as_str()),
        (422, "issued-in-future"),
        "{}",
        r.text()
    );
    // Following itself.
    let first = receipt(&notice, Spec::default());
    let looped = altered(&first, |p| {
        p["previous"] =
            serde_json::json!({"receipt_id": p["receipt_id"], "digest": first.digest()});
    });
    let r = server.post_receipt(looped.to_json().as_bytes());
    assert_eq!(
        (r.status, r.code().as_str()),
        (400, "invalid-receipt"),
        "{}",
        r.text()
    );
    assert!(r.text().contains("cannot follow itself"), "{}", r.text());
    // Another payload under a stored receipt's id.
    assert_eq!(server.post_receipt(first.to_json().as_bytes()).status, 200);
    let twin = receipt(
        &notice,
        Spec {
            grants: &[("bons-plans", SMS)],
            ..Spec::default()
        },
    );
    let twin = altered(&twin, |p| {
        p["receipt_id"] = serde_json::json!(first.payload().receipt_id)
    });
    let r = server.post_receipt(twin.to_json().as_bytes());
    assert_eq!(
        (r.status, r.code().as_str()),
        (409, "receipt-id-taken"),
        "{}",
        r.text()
    );
    // Out of order, a receipt names an earlier one with a wrong digest: when
    // the earlier one arrives, it is refused rather than hidden.
    let earlier = receipt(
        &notice,
        Spec {
            grants: &[("bons-plans", SMS)],
            issued_at: "2026-12-01T11:00:00Z",
            ..Spec::default()
        },
    );
    let liar = receipt(
        &notice,
        Spec {
            issued_at: "2026-12-01T12:00:00Z",
            previous: Some(&earlier),
            ..Spec::default()
        },
    );
    let liar = altered(&liar, |p| {
        p["previous"]["digest"] = serde_json::json!(first.digest())
    });
    assert_eq!(server.post_receipt(liar.to_json().as_bytes()).status, 200);
    let r = server.post_receipt(earlier.to_json().as_bytes());
    assert_eq!(
        (r.status, r.code().as_str()),
        (409, "previous-mismatch"),
        "{}",
        r.text()
    );
    assert_eq!(audit_ids(&server).len(), 2, "a refused receipt was stored");
}

/// A pupil under the age of digital consent grants SMS offers on
/// `pass-college`: refused without the guardian's signature (and never in
/// the gate), stored and counted with it.
pub fn an_under_age_grant_needs_the_guardian(b: &Backend) {
    use limpide_receipt::{
        AgeBracket, Choices, Collection, Context, GuardianStatement, Notice, Payload,
    };
    let url = (b.fresh)("joint");
    let server = Server::start(&url, &[]);
    let college =
        Notice::from_json(&std::fs::read(notices_dir().join("pass-college.json")).unwrap())
            .unwrap();
    let mut choices = Choices::refuse_all();
    choices.grant("bons-plans", SMS);
    let mut context = Context::new(
        super::receipts::uuid(),
        "2026-12-02T10:00:00Z".to_owned(),
        "fr".to_owned(),
        Collection::new("web-form", "limpide/test", "webcrypto-indexeddb"),
    );
    context.subject = Some(subject_value("eleve-14"));
    context.age = Some(AgeBracket::Under);
    context.guardian = Some(GuardianStatement {
        holds_parental_authority: true,
        name: Some("M. D.".to_owned()),
    });
    let payload = Payload::new(&college, &choices, context).unwrap();
    let mut joint = Receipt::prepare(&payload);
    sign(&mut joint, Role::Subject, &SigningKey::from_seed([14; 32]));
    let alone = server.post_receipt(joint.to_json().as_bytes());
    assert_eq!(
        (alone.status, alone.code().as_str()),
        (400, "invalid-receipt"),
        "{}",
        alone.text()
    );
    assert!(alone.text().contains("guardian"), "{}", alone.text());
    assert_eq!(sql::count(&url, "SELECT COUNT(*) FROM receipts"), 0);
    let gate = "/permissions?notice=pass-college&purpose=bons-plans&channel=sms";
    assert_eq!(server.dpo("GET", gate, b"").text(), "");

    sign(&mut joint, Role::Guardian, &SigningKey::from_seed([41; 32]));
    let both = server.post_receipt(joint.to_json().as_bytes());
    assert_eq!(both.status, 200, "{}", both.text());
    let roles: Vec<Role> = Receipt::from_json(&both.body)
        .unwrap()
        .signers()
        .iter()
        .map(|s| s.role)
        .collect();
    assert_eq!(roles, [Role::Subject, Role::Guardian, Role::Controller]);
    let listed = server.dpo("GET", gate, b"").text();
    assert!(listed.contains("eleve-14"), "{listed}");
}

/// The pupil's device leaves a request, the guardian's device reads it and
/// answers, the pupil's device reads the answer, signs, posts the joint
/// receipt and removes the request; every wrong request or answer is
/// refused with its reason.
pub fn the_guardian_relay(b: &Backend) {
    use super::http::request as http;
    use limpide_receipt::{
        format_utc, Choices, Collection, Context, GuardianAnswer, GuardianRequest,
        GuardianStatement, Notice,
    };
    let url = (b.fresh)("relay");
    let server = Server::start(&url, &[]);
    let college =
        Notice::from_json(&std::fs::read(notices_dir().join("pass-college.json")).unwrap())
            .unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let make = |created: i64, subject: Option<String>| {
        let mut choices = Choices::refuse_all();
        choices.grant("bons-plans", SMS);
        choices.grant("enquetes", Some(limpide_receipt::Channel::Email));
        let mut context = Context::new(
            super::receipts::uuid(),
            format_utc(created),
            "fr".to_owned(),
            Collection::new("web-form", "limpide/test", "webcrypto-indexeddb"),
        );
        context.subject = subject;
        GuardianRequest::new(&college, &choices, &context).unwrap()
    };
    let post = |text: &str| {
        http(
            &server.addr,
            "POST",
            "/guardian-requests",
            &[("Content-Type", "text/plain")],
            text.as_bytes(),
        )
    };
    let request = make(now, Some(subject_value("eleve-13")));
    let created = post(&request.to_fragment());
    assert_eq!(created.status, 201, "{}", created.text());
    let id = created.json()["id"].as_str().unwrap().to_owned();
    assert_eq!(id.len(), 22, "16 random bytes in base64url");
    let path = format!("/guardian-requests/{id}");
    let answer_path = format!("{path}/answer");

    // The guardian's device reads the request, narrows it, signs.
    let read = http(&server.addr, "GET", &path, &[], b"");
    assert_eq!((read.status, read.text()), (200, request.to_fragment()));
    assert_eq!(
        http(&server.addr, "GET", &answer_path, &[], b"").status,
        204
    );
    let read = GuardianRequest::from_fragment(&read.text()).unwrap();
    let mut narrowed = Choices::refuse_all();
    narrowed.grant("enquetes", Some(limpide_receipt::Channel::Email));
    let statement = GuardianStatement {
        holds_parental_authority: true,
        name: Some("M. D.".to_owned()),
    };
    let payload = read
        .payload(&college, &narrowed, statement, &format_utc(now + 60))
        .unwrap();
    let mut by_parent = Receipt::prepare(&payload);
    sign(
        &mut by_parent,
        Role::Guardian,
        &SigningKey::from_seed([42; 32]),
    );
    let answer = GuardianAnswer::of(&by_parent).unwrap();
    // Widened in transit: the signature no longer holds.
    let mut widened = answer.clone();
    widened.choices = request.choices.clone();
    let put = |text: &str| {
        http(
            &server.addr,
            "PUT",
            &answer_path,
            &[("Content-Type", "text/plain")],
            text.as_bytes(),
        )
    };
    let refused = put(&widened.to_fragment());
    assert_eq!(
        (refused.status, refused.code().as_str()),
        (422, "bad-signature"),
        "{}",
        refused.text()
    );
    let garbage = put("not an answer");
    assert_eq!(
        (garbage.status, garbage.code().as_str()),
        (422, "invalid-answer")
    );
    assert_eq!(put(&answer.to_fragment()).status, 204);
    let again = put(&answer.to_fragment());
    assert_eq!(
        (again.status, again.code().as_str()),
        (409, "already-answered")
    );

    // The pupil's device reads the answer, signs, posts, removes the request.
    let got = http(&server.addr, "GET", &answer_path, &[], b"");
    assert_eq!(got.status, 200);
    let got = GuardianAnswer::from_fragment(&got.text()).unwrap();
    let mut joint = request.receipt_from(&college, &got).unwrap();
    sign(&mut joint, Role::Subject, &SigningKey::from_seed([13; 32]));
    let posted = server.post_receipt(joint.to_json().as_bytes());
    assert_eq!(posted.status, 200, "{}", posted.text());
    let gate = |purpose: &str, channel: &str| {
        server
            .dpo(
                "GET",
                &format!("/permissions?notice=pass-college&purpose={purpose}&channel={channel}"),
                b"",
            )
            .text()
    };
    assert!(gate("enquetes", "email").contains("eleve-13"));
    assert!(
        !gate("bons-plans", "sms").contains("eleve-13"),
        "the guardian refused it"
    );
    assert_eq!(http(&server.addr, "DELETE", &path, &[], b"").status, 204);
    let gone = http(&server.addr, "GET", &path, &[], b"");
    assert_eq!(
        (gone.status, gone.code().as_str()),
        (404, "unknown-request")
    );
    assert_eq!(
        sql::count(&url, "SELECT COUNT(*) FROM guardian_requests"),
        0
    );

    // Requests the relay refuses, keeping nothing.
    let no_subject = post(&make(now, None).to_fragment());
    assert_eq!(
        (no_subject.status, no_subject.code().as_str()),
        (422, "subject-not-issued")
    );
    let expired = post(&make(now - 73 * 3600, Some(subject_value("eleve-13"))).to_fragment());
    assert_eq!(
        (expired.status, expired.code().as_str()),
        (410, "request-expired")
    );
    let mut longer = make(now, Some(subject_value("eleve-13")));
    longer.expires_at = format_utc(now + 30 * 24 * 3600);
    let longer = post(&longer.to_fragment());
    assert_eq!(
        (longer.status, longer.code().as_str()),
        (422, "invalid-request")
    );
    let mut other_version = make(now, Some(subject_value("eleve-13")));
    other_version.notice.version = "2099-01-01".to_owned();
    let other_version = post(&other_version.to_fragment());
    assert_eq!(
        (other_version.status, other_version.code().as_str()),
        (422, "unknown-notice")
    );
    let damaged = post("e30");
    assert_eq!(
        (damaged.status, damaged.code().as_str()),
        (422, "invalid-request")
    );
    assert_eq!(
        sql::count(&url, "SELECT COUNT(*) FROM guardian_requests"),
        0
    );
}
