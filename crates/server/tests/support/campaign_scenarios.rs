//! The campaigns' scenarios (issue 22, sections 2 to 5): drafts checked at
//! once, the DPO's decision, the release of an approved list, stop links
//! and objections, lapsed grants. Listed in `scenarios.rs`'
//! `every_scenario!`, run on SQLite and PostgreSQL like every other.

use limpide_receipt::{Notice, SignedManifest, SignedRelease, SignedWithdrawal};
use serde_json::{json, Value};

use super::http::{request, Response};
use super::receipts::{notice, receipt, subject_value, Spec, SMS};
use super::scenarios::Backend;
use super::server::{notices_dir, Server, TempDir};
use super::sql;

/// The controller as `www/notices/pass-region.json` names it.
pub const CONTROLLER: &str = "Région Exemple — Direction de la jeunesse";

/// `t` seconds from now, RFC 3339.
fn at(t: i64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    limpide_receipt::format_utc(now + t)
}

/// A draft's body: an SMS under `purpose`, sendable from a minute ago for
/// an hour.
pub fn sms_draft(purpose: &str, french: &str) -> Value {
    json!({
        "notice": "pass-region",
        "purpose": purpose,
        "channel": "sms",
        "sender": format!("Pass'Région — {CONTROLLER}"),
        "text": {"fr": french, "en": "Happy new school year from the President of the Region!"},
        "not_before": at(-60),
        "not_after": at(3600),
    })
}

/// Drafts `body` as the communications team; answers the campaign id.
pub fn draft(server: &Server, body: &Value) -> String {
    let r = server.communications("POST", "/campaigns", body.to_string().as_bytes());
    assert_eq!(r.status, 201, "{}", r.text());
    let answer: Value = serde_json::from_str(&r.text()).unwrap();
    assert_eq!(answer["status"], "draft");
    answer["id"].as_str().unwrap().to_owned()
}

fn post(server: &Server, role: &str, path: &str, body: &str) -> Response {
    server.as_role(role, "POST", path, body.as_bytes())
}

fn code(r: &Response) -> (u16, String) {
    (r.status, r.code())
}

/// Posts a receipt of `id` granting `grants`, issued at `issued_at`.
fn consent(
    server: &Server,
    notice: &Notice,
    id: &str,
    grants: &[(&str, Option<limpide_receipt::Channel>)],
    issued_at: &str,
) {
    let r = receipt(
        notice,
        Spec {
            subject: Some(subject_value(id)),
            grants,
            issued_at,
            ..Spec::default()
        },
    );
    let answer = server.post_receipt(r.to_json().as_bytes());
    assert_eq!(answer.status, 200, "{}", answer.text());
}

/// The rows of a released CSV: (subject, stop_url, language, message).
fn rows(csv: &str) -> Vec<(String, String, String, String)> {
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (s, u, l, m) = (
        column("subject"),
        column("stop_url"),
        column("language"),
        column("message"),
    );
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (
                r[s].to_owned(),
                r[u].to_owned(),
                r[l].to_owned(),
                r[m].to_owned(),
            )
        })
        .collect()
}

const CONTACTS: &str = "subject,mobile\neleve-1,0600000001\neleve-2,0600000002\neleve-3,0600000003\neleve-9,0600000009\n";

/// The whole story of issue 22, through the API: the president's message
/// under "bons-plans" is rejected; under "messages-institutionnels" it is
/// approved and released to exactly the pupils who agreed; one stops; a
/// second campaign no longer reaches them; the access log shows each step.
pub fn a_campaign_from_draft_to_stop(b: &Backend) {
    let url = (b.fresh)("campaign");
    let server = Server::start(&url, &[]);
    let notice = notice();
    let both = [("messages-institutionnels", SMS), ("bons-plans", SMS)];
    consent(&server, &notice, "eleve-1", &both, "2026-12-01T10:00:00Z");
    consent(
        &server,
        &notice,
        "eleve-2",
        &both[..1],
        "2026-12-01T10:00:00Z",
    );
    consent(
        &server,
        &notice,
        "eleve-3",
        &both[1..],
        "2026-12-01T10:00:00Z",
    );
    let greeting = "Bonne rentrée à toutes et à tous ! Le Président de la Région";
    // 1–2. Under partner offers: rejected, with a reason.
    let wrong = draft(&server, &sms_draft("bons-plans", greeting));
    let rejected = post(
        &server,
        "dpo",
        &format!("/campaigns/{wrong}/reject"),
        r#"{"reason": "A greeting from the President is not a partner offer."}"#,
    );
    assert_eq!(rejected.status, 200, "{}", rejected.text());
    let shown: Value = serde_json::from_str(&rejected.text()).unwrap();
    assert_eq!(shown["status"], "rejected");
    // A rejected campaign releases nothing.
    let refused = post(
        &server,
        "communications",
        &format!("/campaigns/{wrong}/release"),
        CONTACTS,
    );
    assert_eq!(code(&refused), (409, "campaign-not-approved".to_owned()));
    // 3–4. Under institutional messages: approved.
    let id = draft(&server, &sms_draft("messages-institutionnels", greeting));
    let premature = post(
        &server,
        "communications",
        &format!("/campaigns/{id}/release"),
        CONTACTS,
    );
    assert_eq!(code(&premature), (409, "campaign-not-approved".to_owned()));
    let approved = post(&server, "dpo", &format!("/campaigns/{id}/approve"), "");
    assert_eq!(approved.status, 200, "{}", approved.text());
    // The manifest is public, and holds what was approved.
    let manifest = server.anonymous("GET", &format!("/campaigns/{id}/manifest"), b"");
    assert_eq!(manifest.status, 200);
    let signed = SignedManifest::from_json(manifest.text().as_bytes()).unwrap();
    signed.check_against(&notice).unwrap();
    assert_eq!(signed.payload().campaign_id, id);
    assert_eq!(signed.payload().purpose, "messages-institutionnels");
    assert_eq!(signed.payload().drafted_by, "communications-bot");
    assert_eq!(signed.payload().approved_by, "dpo-bot");
    let campaign: Value =
        serde_json::from_str(&server.dpo("GET", &format!("/campaigns/{id}"), b"").text()).unwrap();
    assert_eq!(signed.payload().text_digest(), campaign["text_digest"]);
    // 5. The release keeps exactly the pupils who granted that box.
    let released = post(
        &server,
        "communications",
        &format!("/campaigns/{id}/release"),
        CONTACTS,
    );
    assert_eq!(released.status, 200, "{}", released.text());
    assert_eq!(released.header("limpide-rows-kept"), Some("2"));
    assert_eq!(released.header("limpide-rows-dropped"), Some("2"));
    let kept = rows(&released.text());
    let subjects: Vec<&str> = kept.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(subjects, ["eleve-1", "eleve-2"]);
    let (_, stop_url, language, message) = &kept[0];
    assert_eq!(language, "fr");
    assert!(message.starts_with(greeting), "{message}");
    assert!(
        message.ends_with(&format!("Pass'Région — {CONTROLLER}. Stop : {stop_url}")),
        "{message}"
    );
    assert_ne!(kept[0].1, kept[1].1, "each pupil has their own link");
    // A second release is refused.
    let again = post(
        &server,
        "communications",
        &format!("/campaigns/{id}/release"),
        CONTACTS,
    );
    assert_eq!(code(&again), (409, "already-released".to_owned()));
    // 6. eleve-1 opens the stop link and stops.
    let path = stop_url.strip_prefix(&server.origin()).unwrap();
    let page = server.anonymous("GET", path, b"");
    assert_eq!(page.status, 200);
    assert!(
        page.text().contains(greeting),
        "the page says which message"
    );
    assert!(!page.text().contains("eleve-1"), "the page names no pupil");
    let origin = server.origin();
    let cross = request(
        &server.addr,
        "POST",
        path,
        &[("Origin", "https://evil.example")],
        b"",
    );
    assert_eq!(cross.status, 403, "another site cannot stop for the pupil");
    let stopped = request(&server.addr, "POST", path, &[("Origin", &origin)], b"");
    assert_eq!(stopped.status, 200, "{}", stopped.text());
    let twice = request(&server.addr, "POST", path, &[("Origin", &origin)], b"");
    assert_eq!(twice.status, 200);
    assert_eq!(
        sql::count(&url, "SELECT COUNT(*) FROM box_withdrawals"),
        1,
        "pressing twice records once"
    );
    // The stop is exactly that box: bons-plans by SMS still holds.
    let listed = server
        .dpo(
            "GET",
            "/permissions?notice=pass-region&purpose=bons-plans&channel=sms",
            b"",
        )
        .text();
    assert!(listed.contains("eleve-1"));
    // 7. A second approved campaign's release no longer holds them.
    let next = draft(
        &server,
        &sms_draft(
            "messages-institutionnels",
            "Les inscriptions au Pass'Région sont ouvertes.",
        ),
    );
    assert_eq!(
        post(&server, "dpo", &format!("/campaigns/{next}/approve"), "").status,
        200
    );
    let second = post(
        &server,
        "communications",
        &format!("/campaigns/{next}/release"),
        CONTACTS,
    );
    let subjects: Vec<String> = rows(&second.text()).into_iter().map(|r| r.0).collect();
    assert_eq!(subjects, ["eleve-2"]);
    // 9. The access log shows every step, and who took it; never a pupil.
    let log = server.dpo("GET", "/access-log", b"").text();
    assert!(!log.contains("eleve-"), "the access log names no pupil");
    let steps: Vec<(String, String)> = log
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|e| e["action"].as_str().unwrap_or("").starts_with("campaign-"))
        .map(|e| {
            (
                e["action"].as_str().unwrap().to_owned(),
                e["account"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected = [
        ("campaign-drafted", "communications-bot"),
        ("campaign-rejected", "dpo-bot"),
        ("campaign-drafted", "communications-bot"),
        ("campaign-approved", "dpo-bot"),
        ("campaign-viewed", "dpo-bot"),
        ("campaign-released", "communications-bot"),
        ("campaign-drafted", "communications-bot"),
        ("campaign-approved", "dpo-bot"),
        ("campaign-released", "communications-bot"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect();
    assert_eq!(steps, expected);
    assert!(
        log.contains(r#""kept":2"#) && log.contains(r#""dropped":2"#),
        "{log}"
    );
    // The audit export holds the receipts, manifests, release records, the
    // withdrawal and the pupils' devices, each a record of its kind.
    let audit = server.dpo("GET", "/audit", b"").text();
    let kinds = audit.lines().fold([0; 5], |mut n, line| {
        if SignedManifest::from_json(line.as_bytes()).is_ok() {
            n[0] += 1;
        } else if SignedRelease::from_json(line.as_bytes()).is_ok() {
            n[1] += 1;
        } else if SignedWithdrawal::from_json(line.as_bytes()).is_ok() {
            n[2] += 1;
        } else if limpide_receipt::SignedEnrollment::from_json(line.as_bytes()).is_ok() {
            n[3] += 1;
        } else {
            n[4] += 1;
        }
        n
    });
    assert_eq!(
        kinds,
        [2, 2, 1, 3, 3],
        "manifests, releases, withdrawals, devices, receipts"
    );
    // The public page names roles, never people.
    let page = server
        .anonymous("GET", &format!("/c/{id}?lang=en"), b"")
        .text();
    assert!(page.contains("data-protection officer"), "{page}");
    assert!(!page.contains("dpo-bot") && !page.contains("communications-bot"));
}

/// Every way a draft is refused at once, with its code.
pub fn drafts_are_checked_at_once(b: &Backend) {
    let server = Server::start(&(b.fresh)("drafts"), &[]);
    let refuse = |change: &dyn Fn(&mut Value), expected: (u16, &str)| {
        let mut body = sms_draft("messages-institutionnels", "Bonjour");
        change(&mut body);
        let r = server.communications("POST", "/campaigns", body.to_string().as_bytes());
        assert_eq!((r.status, r.code().as_str()), expected, "{}", r.text());
        r.text()
    };
    refuse(
        &|b| b["purpose"] = json!("information-regionale"),
        (400, "unknown-permission"),
    );
    refuse(
        &|b| b["channel"] = json!("email"),
        (400, "unknown-permission"),
    );
    let message = refuse(
        &|b| b["text"] = json!({"fr": "Bonjour"}),
        (422, "missing-translation"),
    );
    assert!(message.contains("en"), "{message}");
    let message = refuse(
        &|b| b["sender"] = json!("Le Président de la Région"),
        (422, "sender-not-controller"),
    );
    assert!(message.contains(CONTROLLER), "{message}");
    let message = refuse(
        &|b| b["text"]["fr"] = json!("Bonne fête ! ".repeat(20)),
        (422, "text-too-long"),
    );
    assert!(
        message.contains("UCS-2") && message.contains("at most 3"),
        "{message}"
    );
    refuse(
        &|b| b["not_after"] = json!(at(-10)),
        (422, "invalid-window"),
    );
    refuse(
        &|b| b["not_before"] = json!("tomorrow"),
        (422, "invalid-window"),
    );
    refuse(&|b| b["surprise"] = json!(1), (400, "invalid-campaign"));
    // A hostile megabyte of input never comes back whole.
    let message = refuse(
        &|b| b["purpose"] = json!("x".repeat(100_000)),
        (400, "unknown-permission"),
    );
    assert!(message.len() < 400, "{} bytes", message.len());
    let long = format!(
        "/permissions?notice=pass-region&purpose={}&channel=sms",
        "y".repeat(50_000)
    );
    let answer = server.dpo("GET", &long, b"");
    assert_eq!(answer.status, 400);
    assert!(answer.text().len() < 400, "{} bytes", answer.text().len());
    // Roles: neither the DPO nor an integration drafts.
    for role in ["dpo", "integration"] {
        let body = sms_draft("messages-institutionnels", "Bonjour").to_string();
        let r = server.as_role(role, "POST", "/campaigns", body.as_bytes());
        assert_eq!(r.status, 403, "{role}");
    }
}

/// A notices folder with the served notices and a format-2 version of
/// pass-region whose grants count for one day and which forbids messages
/// from 2027-09-15 to 2028-03-15.
fn format_2_notices(dir: &TempDir) -> Notice {
    for entry in std::fs::read_dir(notices_dir()).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.0.join(path.file_name().unwrap())).unwrap();
    }
    let root = notices_dir().join("../../docs/examples/notice-format-2.json");
    let mut value: Value = serde_json::from_slice(&std::fs::read(root).unwrap()).unwrap();
    value["grant_validity"] = json!("P1D");
    let bytes = serde_json::to_vec_pretty(&value).unwrap();
    std::fs::write(dir.0.join("pass-region-2027.json"), &bytes).unwrap();
    Notice::from_json(&bytes).unwrap()
}

/// A grant older than the notice's `grant_validity` is not released and is
/// counted as lapsed; a window in a quiet period is refused.
pub fn lapsed_grants_and_quiet_periods(b: &Backend) {
    let dir = TempDir::new("limpide-format-2");
    let notice = format_2_notices(&dir);
    let notices = dir.0.to_str().unwrap().to_owned();
    let server = Server::start(&(b.fresh)("lapse"), &["--notices", &notices]);
    let sms = [("messages-institutionnels", SMS)];
    consent(&server, &notice, "eleve-old", &sms, &at(-3 * 86_400));
    consent(&server, &notice, "eleve-new", &sms, &at(-3_600));
    let listed = server
        .dpo(
            "GET",
            "/permissions?notice=pass-region&purpose=messages-institutionnels&channel=sms",
            b"",
        )
        .text();
    assert!(
        listed.contains("eleve-new") && !listed.contains("eleve-old"),
        "{listed}"
    );
    let stats: Value = serde_json::from_str(&server.dpo("GET", "/stats", b"").text()).unwrap();
    let tally = stats["current"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["purpose"] == "messages-institutionnels" && t["channel"] == "sms")
        .unwrap();
    assert_eq!(
        (tally["granted"].as_i64(), tally["lapsed"].as_i64()),
        (Some(1), Some(1))
    );
    let id = draft(&server, &sms_draft("messages-institutionnels", "Bonjour"));
    assert_eq!(
        post(&server, "dpo", &format!("/campaigns/{id}/approve"), "").status,
        200
    );
    let contacts = "subject\neleve-old\neleve-new\n";
    let released = post(
        &server,
        "communications",
        &format!("/campaigns/{id}/release"),
        contacts,
    );
    let subjects: Vec<String> = rows(&released.text()).into_iter().map(|r| r.0).collect();
    assert_eq!(subjects, ["eleve-new"]);
    // The notice forbids messages before the election.
    let mut body = sms_draft("messages-institutionnels", "Bonjour");
    body["not_before"] = json!("2027-10-01T08:00:00Z");
    body["not_after"] = json!("2027-10-02T08:00:00Z");
    let r = server.communications("POST", "/campaigns", body.to_string().as_bytes());
    assert_eq!(code(&r), (422, "quiet-period".to_owned()), "{}", r.text());
    assert!(r.text().contains("2027-09-15"), "{}", r.text());
}

/// The DPO decides once, never on a campaign their own account drafted;
/// a release needs the window and the approved text.
pub fn a_campaign_is_decided_once_and_released_as_approved(b: &Backend) {
    let url = (b.fresh)("decide");
    let server = Server::start(&url, &[]);
    let notice = notice();
    consent(
        &server,
        &notice,
        "eleve-1",
        &[("messages-institutionnels", SMS)],
        "2026-12-01T10:00:00Z",
    );
    // Communications may not approve, nor the integration.
    let id = draft(&server, &sms_draft("messages-institutionnels", "Bonjour"));
    for role in ["communications", "integration"] {
        let r = post(&server, role, &format!("/campaigns/{id}/approve"), "");
        assert_eq!(r.status, 403, "{role}");
    }
    // A rejection says why.
    let r = post(
        &server,
        "dpo",
        &format!("/campaigns/{id}/reject"),
        r#"{"reason": " "}"#,
    );
    assert_eq!(code(&r), (400, "invalid-campaign".to_owned()));
    assert_eq!(
        post(&server, "dpo", &format!("/campaigns/{id}/approve"), "").status,
        200
    );
    let r = post(
        &server,
        "dpo",
        &format!("/campaigns/{id}/reject"),
        r#"{"reason": "late"}"#,
    );
    assert_eq!(code(&r), (409, "campaign-not-approved".to_owned()));
    // The text changed in the database after approval: it never releases.
    sql::execute(
        &url,
        &format!("UPDATE campaigns SET template = REPLACE(template, 'Bonjour', 'Votez pour moi') WHERE campaign_id = '{id}'"),
    );
    let r = post(
        &server,
        "communications",
        &format!("/campaigns/{id}/release"),
        "subject\neleve-1\n",
    );
    assert_eq!(
        code(&r),
        (409, "template-changed".to_owned()),
        "{}",
        r.text()
    );
    // A window that has passed releases nothing.
    let mut body = sms_draft("messages-institutionnels", "Bonjour");
    body["not_after"] = json!(at(2));
    let short = draft(&server, &body);
    assert_eq!(
        post(&server, "dpo", &format!("/campaigns/{short}/approve"), "").status,
        200
    );
    std::thread::sleep(std::time::Duration::from_secs(3));
    let r = post(
        &server,
        "communications",
        &format!("/campaigns/{short}/release"),
        "subject\neleve-1\n",
    );
    assert_eq!(code(&r), (409, "outside-window".to_owned()));
    // Released once; the DPO may allow one more, explicitly.
    let id = draft(&server, &sms_draft("messages-institutionnels", "Bonjour"));
    assert_eq!(
        post(&server, "dpo", &format!("/campaigns/{id}/approve"), "").status,
        200
    );
    let release = |expected: u16| {
        let r = post(
            &server,
            "communications",
            &format!("/campaigns/{id}/release"),
            "subject\neleve-1\n",
        );
        assert_eq!(r.status, expected, "{}", r.text());
    };
    release(200);
    release(409);
    assert_eq!(
        post(
            &server,
            "dpo",
            &format!("/campaigns/{id}/allow-release"),
            ""
        )
        .status,
        200
    );
    release(200);
    release(409);
    // An account whose role became dpo never approves what it drafted.
    let drafted = draft(&server, &sms_draft("messages-institutionnels", "Bonjour"));
    let staff = std::fs::read_to_string(&server.staff_file).unwrap();
    let changed = staff.replacen(
        "[accounts.communications-bot]\nrole = \"communications\"",
        "[accounts.communications-bot]\nrole = \"dpo\"",
        1,
    );
    assert_ne!(
        staff, changed,
        "the staff file's shape changed: update this test"
    );
    std::fs::write(&server.staff_file, changed).unwrap();
    let r = post(
        &server,
        "communications",
        &format!("/campaigns/{drafted}/approve"),
        "",
    );
    assert_eq!(code(&r), (403, "own-campaign".to_owned()), "{}", r.text());
}

/// An objection relayed by the region's tools withdraws exactly one box; a
/// receipt issued before it never brings the grant back, one issued after
/// it decides again.
pub fn objections_withdraw_one_box(b: &Backend) {
    let server = Server::start(&(b.fresh)("objection"), &[]);
    let notice = notice();
    let both = [("messages-institutionnels", SMS), ("bons-plans", SMS)];
    consent(&server, &notice, "eleve-1", &both, &at(-600));
    let allowed = |purpose: &str| {
        server
            .dpo(
                "GET",
                &format!("/permissions?notice=pass-region&purpose={purpose}&channel=sms"),
                b"",
            )
            .text()
            .contains("eleve-1")
    };
    assert!(allowed("bons-plans"));
    let body = r#"{"subject": "eleve-1", "notice": "pass-region", "purpose": "bons-plans", "channel": "sms"}"#;
    for role in ["dpo", "communications"] {
        assert_eq!(
            server
                .as_role(role, "POST", "/objections", body.as_bytes())
                .status,
            403
        );
    }
    let r = server.integration("POST", "/objections", body.as_bytes());
    assert_eq!(r.status, 201, "{}", r.text());
    let answer: Value = serde_json::from_str(&r.text()).unwrap();
    let withdrawal =
        SignedWithdrawal::from_json(answer["withdrawal"].to_string().as_bytes()).unwrap();
    withdrawal.check_against(&notice).unwrap();
    assert_eq!(withdrawal.payload().subject, "eleve-1");
    assert!(!allowed("bons-plans"), "withdrawn at once");
    assert!(allowed("messages-institutionnels"), "only that box");
    // A receipt issued before the objection arrives late: still withdrawn.
    consent(&server, &notice, "eleve-1", &both, &at(-300));
    assert!(!allowed("bons-plans"));
    // One issued after it decides again.
    std::thread::sleep(std::time::Duration::from_secs(1));
    consent(&server, &notice, "eleve-1", &both, &at(1));
    assert!(allowed("bons-plans"));
    // A box the notice does not have is refused.
    let typo = body.replace("bons-plans", "bons-plan");
    let r = server.integration("POST", "/objections", typo.as_bytes());
    assert_eq!(code(&r), (400, "unknown-permission".to_owned()));
}

/// Percent-encodes a form value.
fn form_value(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".to_owned(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The same story through the console's forms, as people use it with
/// JavaScript off: the team drafts, the DPO reads the message beside the
/// purpose's texts and approves, the team uploads the list and gets the
/// file to send. A form from another site, or without its token, is
/// refused.
pub fn the_console_drafts_approves_and_releases(b: &Backend) {
    use super::staff_scenarios::{add_person, console_post, csrf_of, sign_in, with_cookie};
    let server = Server::start(&(b.fresh)("console_campaign"), &[]);
    consent(
        &server,
        &notice(),
        "eleve-1",
        &[("messages-institutionnels", SMS)],
        "2026-12-01T10:00:00Z",
    );
    add_person(&server, "camille", "communications");
    add_person(&server, "dominique", "dpo");
    let camille = sign_in(&server, "camille", "");
    let form = with_cookie(&server, "/console/campaigns/new?lang=en", &camille);
    assert_eq!(form.status, 200);
    assert!(
        form.text().contains("messages-institutionnels|sms"),
        "{}",
        form.text()
    );
    let csrf = csrf_of(&form.text());
    let fields = |csrf: &str, sender: &str| {
        format!(
            "csrf={csrf}&box=pass-region%7Cmessages-institutionnels%7Csms&sender={}&not_before={}&not_after={}&text_fr={}&text_en={}&subject_fr=&subject_en=",
            form_value(sender),
            form_value(&at(-60)),
            form_value(&at(3600)),
            form_value("Bonne rentrée !"),
            form_value("Happy new school year!"),
        )
    };
    // A refusal comes back in the form, as an alert, with what was typed.
    let refused = console_post(
        &server,
        "/console/campaigns?lang=en",
        Some(&camille),
        &fields(&csrf, "Le Président"),
    );
    assert_eq!(refused.status, 422);
    assert!(
        refused.text().contains("role=\"alert\""),
        "{}",
        refused.text()
    );
    assert!(refused.text().contains("Bonne rentrée !"));
    // Without the form token: refused, nothing drafted.
    let forged = console_post(
        &server,
        "/console/campaigns",
        Some(&camille),
        &fields("x", &format!("Pass — {CONTROLLER}")),
    );
    assert_eq!(
        (forged.status, forged.code().as_str()),
        (403, "cross-site-request")
    );
    let drafted = console_post(
        &server,
        "/console/campaigns?lang=en",
        Some(&camille),
        &fields(&csrf, &format!("Pass — {CONTROLLER}")),
    );
    assert_eq!(drafted.status, 303, "{}", drafted.text());
    let path = drafted
        .header("location")
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let id = path.rsplit('/').next().unwrap().to_owned();
    // The DPO sees the message, footer included, beside the texts agreed to.
    let dominique = sign_in(&server, "dominique", "");
    let page = with_cookie(&server, &format!("{path}?lang=fr"), &dominique).text();
    assert!(page.contains("Bonne rentrée !"), "{page}");
    assert!(
        page.contains(&format!(
            "Pass — {CONTROLLER}. Stop : (lien personnel pour arrêter)"
        )),
        "{page}"
    );
    assert!(page.contains("Ce que les élèves ont accepté"));
    let approved = console_post(
        &server,
        &format!("/console/campaigns/{id}/approve?lang=fr"),
        Some(&dominique),
        &format!("csrf={}", csrf_of(&page)),
    );
    assert_eq!(approved.status, 303, "{}", approved.text());
    // The team uploads the list (multipart, as a browser sends a file).
    let page = with_cookie(&server, &format!("{path}?lang=en"), &camille).text();
    assert!(page.contains("enctype=\"multipart/form-data\""), "{page}");
    let boundary = "limpide-test-boundary";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"list\"; filename=\"contacts.csv\"\r\nContent-Type: text/csv\r\n\r\nsubject,mobile\neleve-1,0601\neleve-2,0602\n\r\n--{boundary}--\r\n",
        csrf_of(&page)
    );
    let content_type = format!("multipart/form-data; boundary={boundary}");
    let cookie = format!("limpide_session={camille}");
    let origin = server.origin();
    let released = request(
        &server.addr,
        "POST",
        &format!("/console/campaigns/{id}/release"),
        &[
            ("Content-Type", &content_type),
            ("Cookie", &cookie),
            ("Origin", &origin),
        ],
        body.as_bytes(),
    );
    assert_eq!(released.status, 200, "{}", released.text());
    assert!(released
        .header("content-disposition")
        .unwrap()
        .starts_with("attachment"));
    let kept: Vec<String> = rows(&released.text()).into_iter().map(|r| r.0).collect();
    assert_eq!(kept, ["eleve-1"]);
    // The log names the people who acted.
    let log = server.dpo("GET", "/access-log", b"").text();
    assert!(
        log.contains(r#""account":"camille","role":"communications","action":"campaign-released""#),
        "{log}"
    );
    assert!(
        log.contains(r#""account":"dominique","role":"dpo","action":"campaign-approved""#),
        "{log}"
    );
}
