//! A pupil's device reads its own records (`POST /pupil/records`, issue 22
//! section 5): its withdrawals and the messages released to it, for a
//! request signed by a key that signed one of its receipts, and nothing for
//! anyone else. Listed in `scenarios.rs`' `every_scenario!`.

use limpide_receipt::{PupilRequest, SignedWithdrawal, SigningKey};
use serde_json::Value;

use super::campaign_scenarios::{draft, sms_draft, CONTROLLER};
use super::http::{request, Response};
use super::receipts::{notice, receipt, subject_value, Spec, SMS};
use super::scenarios::Backend;
use super::server::Server;

/// `t` seconds from now, RFC 3339.
pub fn at(t: i64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    limpide_receipt::format_utc(now + t)
}

/// The compact request for `subject`'s value on `notice`, signed by the
/// key of seed `[seed; 32]` (pupil `seed`'s device, as `Spec::pupil`).
pub fn signed_request(seed: u8, subject: &str, notice: &str, issued_at: &str) -> String {
    let key = SigningKey::from_seed([seed; 32]);
    let request = PupilRequest {
        subject: subject.to_owned(),
        notice: notice.to_owned(),
        issued_at: issued_at.to_owned(),
    };
    let input = request.signing_input(key.public_jwk());
    let signature = key.sign(input.as_bytes());
    input.attach(&signature).unwrap()
}

pub fn ask(server: &Server, body: &str) -> Response {
    request(
        &server.addr,
        "POST",
        "/pupil/records",
        &[("Content-Type", "application/jose")],
        body.as_bytes(),
    )
}

/// The pupil `id`'s device (`pupil`) asks, now, about pass-region.
fn ask_as(server: &Server, pupil: u8, id: &str) -> Response {
    ask(
        server,
        &signed_request(pupil, &subject_value(id), "pass-region", &at(0)),
    )
}

/// Two pupils granted institutional messages by SMS; a campaign released
/// to both; one stopped. Each device reads exactly its own records.
pub fn a_pupils_device_reads_its_own_records(b: &Backend) {
    let server = Server::start(&(b.fresh)("pupil_records"), &[]);
    let notice = notice();
    let both = [("messages-institutionnels", SMS), ("bons-plans", SMS)];
    for (pupil, id) in [(1, "eleve-1"), (2, "eleve-2")] {
        let r = receipt(
            &notice,
            Spec {
                pupil,
                subject: Some(subject_value(id)),
                grants: &both,
                issued_at: &at(-600),
                ..Spec::default()
            },
        );
        let answer = server.post_receipt(r.to_json().as_bytes());
        assert_eq!(answer.status, 200, "{}", answer.text());
    }
    // Before any campaign: nothing recorded.
    let empty = ask_as(&server, 1, "eleve-1");
    assert_eq!(empty.status, 200, "{}", empty.text());
    assert_eq!(empty.json()["withdrawals"], serde_json::json!([]));
    assert_eq!(empty.json()["messages"], serde_json::json!([]));
    assert_eq!(
        empty.json()["devices"][0]["key"].as_str(),
        Some(
            SigningKey::from_seed([1; 32])
                .public_jwk()
                .thumbprint()
                .as_str()
        ),
        "its one device, this one"
    );
    assert_eq!(empty.header("cache-control"), Some("no-store"));

    let greeting = "Bonne rentrée à toutes et à tous ! Le Président de la Région";
    let id = draft(&server, &sms_draft("messages-institutionnels", greeting));
    let approved = server.dpo("POST", &format!("/campaigns/{id}/approve"), b"");
    assert_eq!(approved.status, 200, "{}", approved.text());
    let released = server.communications(
        "POST",
        &format!("/campaigns/{id}/release"),
        b"subject,mobile\neleve-1,0600000001\neleve-2,0600000002\neleve-3,0600000003\n",
    );
    assert_eq!(released.status, 200, "{}", released.text());
    let mut reader = csv::Reader::from_reader(released.body.as_slice());
    let stop_column = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "stop_url")
        .unwrap();
    let stop_url = reader.records().next().unwrap().unwrap()[stop_column].to_owned();
    let origin = server.origin();
    let path = stop_url.strip_prefix(&origin).unwrap();
    let stopped = request(&server.addr, "POST", path, &[("Origin", &origin)], b"");
    assert_eq!(stopped.status, 200, "{}", stopped.text());

    // eleve-1's device: the stop and the message, the text without its footer.
    let mine = ask_as(&server, 1, "eleve-1");
    assert_eq!(mine.status, 200, "{}", mine.text());
    let answer = mine.json();
    let withdrawals = answer["withdrawals"].as_array().unwrap();
    assert_eq!(withdrawals.len(), 1);
    let withdrawal = SignedWithdrawal::from_json(withdrawals[0].to_string().as_bytes()).unwrap();
    withdrawal.check_against(&notice).unwrap();
    assert_eq!(withdrawal.payload().purpose, "messages-institutionnels");
    let messages = answer["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 1, "{answer}");
    let m = &messages[0];
    assert_eq!(m["campaign_id"], id.as_str());
    assert_eq!(m["purpose"], "messages-institutionnels");
    assert_eq!(m["channel"], "sms");
    assert_eq!(m["language"], "fr");
    assert_eq!(m["text"], greeting);
    assert_eq!(m["sender"], format!("Pass'Région — {CONTROLLER}").as_str());
    assert_eq!(m["page_url"], format!("{origin}/c/{id}").as_str());
    assert!(limpide_receipt::parse_utc(m["released_at"].as_str().unwrap()).is_some());
    assert!(
        !mine.text().contains("/s/"),
        "no stop link in the answer: {}",
        mine.text()
    );
    // eleve-2's device: the message, no withdrawal.
    let theirs = ask_as(&server, 2, "eleve-2").json();
    assert_eq!(theirs["withdrawals"], serde_json::json!([]));
    assert_eq!(theirs["messages"].as_array().map(Vec::len), Some(1));
    // An SMS "STOP" relayed as an objection reaches eleve-2's device too.
    let objection = server.integration(
        "POST",
        "/objections",
        br#"{"subject": "eleve-2", "notice": "pass-region", "purpose": "bons-plans", "channel": "sms"}"#,
    );
    assert_eq!(objection.status, 201, "{}", objection.text());
    let theirs = ask_as(&server, 2, "eleve-2").json();
    let withdrawals = theirs["withdrawals"].as_array().unwrap();
    assert_eq!(withdrawals.len(), 1);
    let objected = SignedWithdrawal::from_json(withdrawals[0].to_string().as_bytes()).unwrap();
    assert_eq!(objected.payload().via.as_str(), "objection");
    assert_eq!(objected.payload().purpose, "bons-plans");
    // eleve-1's records hold nothing of eleve-2's.
    assert_eq!(
        ask_as(&server, 1, "eleve-1").json()["withdrawals"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );

    // Refused, with nothing of the records in the answer.
    let refused = |r: Response, status: u16, code: &str| {
        assert_eq!(
            (r.status, r.code()),
            (status, code.to_owned()),
            "{}",
            r.text()
        );
        assert!(!r.text().contains(greeting));
    };
    // Another pupil's device, with eleve-1's subject value.
    refused(ask_as(&server, 2, "eleve-1"), 403, "unknown-device");
    // A key that signed no receipt at all.
    refused(ask_as(&server, 9, "eleve-1"), 403, "unknown-device");
    // A pupil with no receipt.
    refused(ask_as(&server, 3, "eleve-3"), 403, "unknown-device");
    // A forged subject value names another id, which this device is not of.
    let forged = format!("eleve-1.{}", "A".repeat(86));
    refused(
        ask(&server, &signed_request(1, &forged, "pass-region", &at(0))),
        403,
        "unknown-device",
    );
    // A subject that is no controller's id.
    refused(
        ask(
            &server,
            &signed_request(1, "jeanne-dupont!", "pass-region", &at(0)),
        ),
        403,
        "subject-not-issued",
    );
    // Too old, or from the future.
    for t in [-3600, 3600] {
        refused(
            ask(
                &server,
                &signed_request(1, &subject_value("eleve-1"), "pass-region", &at(t)),
            ),
            422,
            "stale-pupil-request",
        );
    }
    // A notice the service does not serve.
    refused(
        ask(
            &server,
            &signed_request(1, &subject_value("eleve-1"), "pass-autre", &at(0)),
        ),
        422,
        "unknown-notice",
    );
    // Altered: another subject's value under eleve-1's signature.
    let good = signed_request(1, &subject_value("eleve-1"), "pass-region", &at(0));
    let mut parts: Vec<String> = good.split('.').map(str::to_owned).collect();
    let other = signed_request(1, &subject_value("eleve-2"), "pass-region", &at(0));
    parts[1] = other.split('.').nth(1).unwrap().to_owned();
    refused(ask(&server, &parts.join(".")), 400, "invalid-pupil-request");
    refused(ask(&server, "not a request"), 400, "invalid-pupil-request");
    // Sent as something else.
    let json = request(
        &server.addr,
        "POST",
        "/pupil/records",
        &[("Content-Type", "application/json")],
        good.as_bytes(),
    );
    refused(json, 415, "unsupported-media-type");
    // A GET is not a way in.
    let get = server.anonymous("GET", "/pupil/records", b"");
    assert_eq!(get.status, 405);
    let _: Value = get.json();
}
