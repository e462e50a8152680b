//! Device keys bound to the pupil (issue 23, section 1): the first receipt
//! enrolls its key; later ones come from an enrolled key, or only narrow
//! consent with the pupil's credential, or enroll a new device with a
//! single-use code; receipts stored before keys were enrolled enroll
//! theirs at start. Listed in `scenarios.rs`' `every_scenario!`.

use limpide_receipt::{verify_document, Document, EnrolledBy, Receipt, SigningKey};
use serde_json::Value;

use super::http::{request, Response};
use super::pupil_scenarios::{ask, at, signed_request};
use super::receipts::{credential, legacy_subject_value, notice, receipt, Spec, SMS};
use super::scenarios::{audit_ids, Backend};
use super::server::Server;
use super::sql;

const BONS_PLANS: (&str, Option<limpide_receipt::Channel>) = ("bons-plans", SMS);
const INSTITUTIONNELS: (&str, Option<limpide_receipt::Channel>) = ("messages-institutionnels", SMS);

/// A receipt of pupil `id` by device `seed`, issued on 1 December at
/// `hour`, following `previous`.
fn by_device<'a>(
    seed: u8,
    id: &str,
    hour: u8,
    grants: &'a [(&'a str, Option<limpide_receipt::Channel>)],
    previous: Option<&'a Receipt>,
) -> Receipt {
    let issued_at = format!("2026-12-01T{hour:02}:00:00Z");
    receipt(
        &notice(),
        Spec {
            pupil: seed,
            subject: Some(id.to_owned()),
            grants,
            issued_at: &issued_at,
            previous,
            ..Spec::default()
        },
    )
}

fn bearer(id: &str) -> String {
    format!("Bearer {}", credential(id))
}

/// Posts with the pupil's credential.
fn with_credential(server: &Server, r: &Receipt, id: &str) -> Response {
    server.post_receipt_with(r.to_json().as_bytes(), &[("Authorization", &bearer(id))])
}

/// Posts with nothing beside the receipt.
fn bare(server: &Server, r: &Receipt) -> Response {
    server.post_receipt_with(r.to_json().as_bytes(), &[])
}

fn expect(r: &Response, status: u16, code: &str) {
    assert_eq!(
        (r.status, r.code().as_str()),
        (status, code),
        "{}",
        r.text()
    );
}

fn granted(server: &Server, purpose: &str) -> Vec<String> {
    let r = server.dpo(
        "GET",
        &format!("/permissions?notice=pass-region&purpose={purpose}&channel=sms"),
        b"",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    r.text()
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["subject"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

/// The device enrollments of the audit export, each verified as a
/// controller record against the notice.
fn enrollments(server: &Server) -> Vec<limpide_receipt::DeviceEnrollment> {
    let audit = server.dpo("GET", "/audit", b"");
    assert_eq!(audit.status, 200, "{}", audit.text());
    audit
        .text()
        .lines()
        .filter_map(
            |line| match verify_document(line.as_bytes(), Some(&notice())).unwrap() {
                Document::DeviceEnrollment(e) => Some(e.payload().clone()),
                _ => None,
            },
        )
        .collect()
}

fn enrollment_code(server: &Server, id: &str) -> String {
    let r = server.integration("POST", &format!("/subjects/{id}/enrollment-codes"), b"");
    assert_eq!(r.status, 201, "{}", r.text());
    r.json()["code"].as_str().unwrap().to_owned()
}

/// The attack: whoever can issue credentials, or holds a pupil's old
/// subject value, posts a receipt in the pupil's name from a fresh key.
/// Refused, nothing stored; the pupil's own device and a withdrawal from a
/// new phone still work; a code enrolls the new phone, once.
pub fn device_keys_are_bound_to_the_pupil(b: &Backend) {
    let db = (b.fresh)("device_keys");
    let server = Server::start(&db, &[]);
    let key_of = |seed: u8| SigningKey::from_seed([seed; 32]).public_jwk().thumbprint();
    // The first receipt enrolls the phone's key.
    let first = by_device(1, "eleve-42", 8, &[BONS_PLANS], None);
    assert_eq!(with_credential(&server, &first, "eleve-42").status, 200);
    let listed = enrollments(&server);
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (
            listed[0].subject.as_str(),
            listed[0].key.as_str(),
            listed[0].how
        ),
        ("eleve-42", key_of(1).as_str(), EnrolledBy::FirstReceipt)
    );
    assert_eq!(listed[0].receipt_id, first.payload().receipt_id);
    // A resend of it, and a later receipt from the phone, need nothing else.
    assert_eq!(bare(&server, &first).status, 200);
    let second = by_device(1, "eleve-42", 9, &[BONS_PLANS], Some(&first));
    assert_eq!(bare(&server, &second).status, 200);
    let stored = audit_ids(&server).len();
    // A fresh key granting more, with a credential or without: refused.
    let forged = by_device(
        7,
        "eleve-42",
        10,
        &[BONS_PLANS, INSTITUTIONNELS],
        Some(&second),
    );
    expect(
        &with_credential(&server, &forged, "eleve-42"),
        403,
        "key-not-enrolled",
    );
    expect(&bare(&server, &forged), 403, "key-not-enrolled");
    // A pupil without any device yet: their first receipt needs a credential.
    let stranger = by_device(7, "eleve-43", 10, &[BONS_PLANS], None);
    expect(&bare(&server, &stranger), 401, "credential-required");
    assert_eq!(audit_ids(&server).len(), stored, "nothing stored");
    assert_eq!(
        granted(&server, "messages-institutionnels"),
        Vec::<String>::new()
    );
    // A new phone withdraws, with the credential: taken, not enrolled.
    let withdrawal = by_device(2, "eleve-42", 11, &[], Some(&second));
    expect(&bare(&server, &withdrawal), 403, "key-not-enrolled");
    assert_eq!(
        with_credential(&server, &withdrawal, "eleve-42").status,
        200
    );
    assert_eq!(granted(&server, "bons-plans"), Vec::<String>::new());
    assert_eq!(
        sql::count(
            &db,
            "SELECT COUNT(*) FROM receipts WHERE unenrolled_key = 1"
        ),
        1
    );
    let again = by_device(2, "eleve-42", 12, &[BONS_PLANS], Some(&withdrawal));
    expect(
        &with_credential(&server, &again, "eleve-42"),
        403,
        "key-not-enrolled",
    );
    // A code enrolls the new phone, once, for that pupil only.
    let code = enrollment_code(&server, "eleve-42");
    let other_code = enrollment_code(&server, "eleve-44");
    let with_code = |r: &Receipt, code: &str| {
        server.post_receipt_with(r.to_json().as_bytes(), &[("Limpide-Enrollment-Code", code)])
    };
    expect(
        &with_code(&again, &other_code),
        403,
        "enrollment-code-invalid",
    );
    assert_eq!(with_code(&again, &code).status, 200);
    let third_phone = by_device(3, "eleve-42", 13, &[BONS_PLANS], Some(&again));
    expect(
        &with_code(&third_phone, &code),
        403,
        "enrollment-code-invalid",
    );
    assert_eq!(granted(&server, "bons-plans"), vec!["eleve-42".to_owned()]);
    let hows: Vec<EnrolledBy> = enrollments(&server).iter().map(|e| e.how).collect();
    assert_eq!(hows, [EnrolledBy::FirstReceipt, EnrolledBy::EnrollmentCode]);
    // The access log says each enrollment and each code, never whose.
    let log = server.dpo("GET", "/access-log", b"").text();
    for action in [
        "device-enrolled-by-first-receipt",
        "device-enrolled-by-enrollment-code",
        "enrollment-code-issued",
    ] {
        assert!(log.contains(action), "{action} missing from {log}");
    }
    assert!(!log.contains("eleve-42"), "{log}");
    // The pupil's phone lists the devices, for the family to see.
    let devices = records(&server, 1, "eleve-42");
    assert_eq!(devices.status, 200, "{}", devices.text());
    let devices = devices.json()["devices"].as_array().unwrap().clone();
    let keys: Vec<&str> = devices.iter().map(|d| d["key"].as_str().unwrap()).collect();
    assert_eq!(keys, [key_of(1).as_str(), key_of(2).as_str()]);
    assert_eq!(devices[1]["how"], "enrollment-code");
    // The unenrolled key of the withdrawal reads nothing.
    expect(&records(&server, 9, "eleve-42"), 403, "unknown-device");
}

/// `POST /pupil/records` signed by device `seed` for `id`, now.
fn records(server: &Server, seed: u8, id: &str) -> Response {
    ask(server, &signed_request(seed, id, "pass-region", &at(0)))
}

/// Receipts stored before keys were enrolled (one with an old subject
/// value) keep verifying, and enroll their keys when the service starts:
/// their devices post on without a credential.
pub fn stored_receipts_enroll_their_keys(b: &Backend) {
    let db = (b.fresh)("stored_keys");
    let (old, legacy) = {
        let server = Server::start(&db, &[]);
        let old = by_device(4, "eleve-50", 8, &[BONS_PLANS], None);
        assert_eq!(with_credential(&server, &old, "eleve-50").status, 200);
        let legacy = receipt(
            &notice(),
            Spec {
                pupil: 5,
                subject: Some(legacy_subject_value("eleve-51")),
                grants: &[BONS_PLANS],
                ..Spec::default()
            },
        );
        assert_eq!(with_credential(&server, &legacy, "eleve-51").status, 200);
        (old, legacy)
    };
    // As the database was before device keys.
    sql::execute(&db, "DELETE FROM device_keys");
    sql::execute(&db, "UPDATE receipts SET device_key = NULL");
    let server = Server::start(&db, &[]);
    let mut hows: Vec<(String, EnrolledBy)> = enrollments(&server)
        .into_iter()
        .map(|e| (e.subject, e.how))
        .collect();
    hows.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        hows,
        [
            ("eleve-50".to_owned(), EnrolledBy::StoredReceipt),
            ("eleve-51".to_owned(), EnrolledBy::StoredReceipt)
        ]
    );
    let next = by_device(4, "eleve-50", 9, &[], Some(&old));
    assert_eq!(bare(&server, &next).status, 200);
    let legacy_next = by_device(5, "eleve-51", 11, &[], Some(&legacy));
    assert_eq!(bare(&server, &legacy_next).status, 200);
    // The old receipt still verifies, as stored, with its subject value.
    let audit = server.dpo("GET", "/audit", b"").text();
    let legacy_value = legacy_subject_value("eleve-51");
    assert!(audit
        .lines()
        .any(|l| Receipt::from_json(l.as_bytes())
            .is_ok_and(|r| r.payload().subject.as_deref() == Some(legacy_value.as_str()))));
    assert_eq!(
        sql::count(
            &db,
            "SELECT COUNT(*) FROM receipts WHERE device_key IS NULL"
        ),
        0
    );
}

/// A pupil's flood answers 429 with `Retry-After`, counted against that
/// pupil alone; posts that do not authenticate (a stranger who knows a
/// pupil's id) count against their connection and everyone, never against
/// the pupil, who can still withdraw.
pub fn posts_are_limited_per_pupil(b: &Backend) {
    let server = Server::start(
        &(b.fresh)("limits"),
        &[
            "--subject-receipts-per-hour",
            "3",
            "--subject-relay-per-hour",
            "1",
            "--anonymous-posts-per-second",
            "2",
        ],
    );
    let first = by_device(1, "eleve-60", 8, &[BONS_PLANS], None);
    assert_eq!(with_credential(&server, &first, "eleve-60").status, 200);
    // A stranger floods the pupil's id from fresh keys: refused, then limited.
    let statuses: Vec<u16> = (0..6)
        .map(|i| {
            bare(
                &server,
                &by_device(20 + i, "eleve-60", 9, &[INSTITUTIONNELS], Some(&first)),
            )
            .status
        })
        .collect();
    assert!(
        statuses.iter().all(|s| [403, 429].contains(s)),
        "{statuses:?}"
    );
    assert!(statuses.contains(&429), "{statuses:?}");
    // The pupil's own device still posts: their allowance is untouched.
    let second = by_device(1, "eleve-60", 10, &[], Some(&first));
    assert_eq!(bare(&server, &second).status, 200);
    let third = by_device(1, "eleve-60", 11, &[BONS_PLANS], Some(&second));
    assert_eq!(bare(&server, &third).status, 200);
    // The pupil's fourth post within the hour is one too many.
    let fourth = by_device(1, "eleve-60", 12, &[], Some(&third));
    let limited = bare(&server, &fourth);
    expect(&limited, 429, "too-many-requests");
    let wait: u64 = limited.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=1200).contains(&wait), "{wait}");
    // Another pupil is not slowed.
    let other = by_device(2, "eleve-61", 8, &[BONS_PLANS], None);
    assert_eq!(with_credential(&server, &other, "eleve-61").status, 200);
    // The relay: one request an hour for this pupil, with their credential.
    let relay = |id: &str| {
        request(
            &server.addr,
            "POST",
            "/guardian-requests",
            &[
                ("Content-Type", "text/plain"),
                ("Authorization", &bearer(id)),
            ],
            guardian_request(id).as_bytes(),
        )
    };
    assert_eq!(relay("eleve-62").status, 201);
    let limited = relay("eleve-62");
    expect(&limited, 429, "too-many-requests");
    assert!(limited.header("retry-after").is_some());
    assert_eq!(relay("eleve-63").status, 201);
}

/// A pupil's pending joint request for `id`, as its link text.
fn guardian_request(id: &str) -> String {
    use limpide_receipt::{format_utc, Choices, Collection, Context, GuardianRequest, Notice};
    let college = Notice::from_json(
        &std::fs::read(super::server::notices_dir().join("pass-college.json")).unwrap(),
    )
    .unwrap();
    let mut choices = Choices::refuse_all();
    choices.grant("bons-plans", SMS);
    let mut context = Context::new(
        super::receipts::uuid(),
        format_utc(limpide_server::time::now_seconds()),
        "fr".to_owned(),
        Collection::new("web-form", "limpide/test", "webcrypto-indexeddb"),
    );
    context.subject = Some(id.to_owned());
    GuardianRequest::new(&college, &choices, &context)
        .unwrap()
        .to_fragment()
}
