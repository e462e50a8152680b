//! The staff's scenarios (issue 22, section 1): roles, the console's
//! sign-in, sessions, cross-site forms, the throttle, the second factor,
//! the access log. Listed in `scenarios.rs`' `every_scenario!`, run on
//! SQLite and PostgreSQL like every other.

use serde_json::Value;

use super::http::{request, Response};
use super::receipts::{notice, receipt, subject_value, Spec};
use super::scenarios::{Backend, STAFF_ROUTES};
use super::server::{Server, ROLES};
use super::sql;

/// A password long enough for `staff add`.
pub const PASSWORD: &str = "correct horse battery staple";

/// Adds a person's account with `PASSWORD` through `limpide-server staff add`.
pub fn add_person(server: &Server, id: &str, role: &str) -> String {
    let (status, out, err) = server.staff(
        &["add", id, "--role", role, "--password-stdin"],
        format!("{PASSWORD}\n").as_bytes(),
    );
    assert_eq!(status, 0, "{err}");
    out
}

/// A console form POST, as the console's own page sends it (`Origin`).
pub fn console_post(server: &Server, path: &str, cookie: Option<&str>, form: &str) -> Response {
    let origin = server.origin();
    let cookie = cookie.map(|c| format!("limpide_session={c}"));
    let mut headers = vec![
        ("Content-Type", "application/x-www-form-urlencoded"),
        ("Origin", origin.as_str()),
    ];
    if let Some(c) = &cookie {
        headers.push(("Cookie", c));
    }
    request(&server.addr, "POST", path, &headers, form.as_bytes())
}

/// `POST /console/sign-in`.
pub fn try_sign_in(server: &Server, account: &str, password: &str, code: &str) -> Response {
    console_post(
        server,
        "/console/sign-in",
        None,
        &format!(
            "account={account}&password={}&code={code}",
            password.replace(' ', "+")
        ),
    )
}

/// Signs in and answers the session cookie's value.
pub fn sign_in(server: &Server, account: &str, code: &str) -> String {
    let r = try_sign_in(server, account, PASSWORD, code);
    assert_eq!(r.status, 303, "{}", r.text());
    let cookie = r.header("set-cookie").expect("a session cookie");
    cookie
        .strip_prefix("limpide_session=")
        .and_then(|c| c.split(';').next())
        .expect("the session cookie")
        .to_owned()
}

/// A GET with the session cookie.
pub fn with_cookie(server: &Server, path: &str, cookie: &str) -> Response {
    let cookie = format!("limpide_session={cookie}");
    request(&server.addr, "GET", path, &[("Cookie", &cookie)], b"")
}

/// The console page's form token.
pub fn csrf_of(html: &str) -> String {
    html.split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a form token")
        .to_owned()
}

fn sign_out(server: &Server, cookie: &str, csrf: &str) -> Response {
    console_post(
        server,
        "/console/sign-out",
        Some(cookie),
        &format!("csrf={csrf}"),
    )
}

pub fn each_role_is_refused_what_it_may_not(b: &Backend) {
    let server = Server::start(&(b.fresh)("roles"), &[]);
    let r = receipt(
        &notice(),
        Spec {
            subject: Some(subject_value("eleve-secret")),
            grants: &[("bons-plans", super::receipts::SMS)],
            ..Spec::default()
        },
    );
    assert_eq!(server.post_receipt(r.to_json().as_bytes()).status, 200);
    for (method, path, allowed) in STAFF_ROUTES {
        for role in ROLES {
            let body: &[u8] = if path == "/subjects" {
                br#"{"id": "eleve-secret"}"#
            } else {
                b"subject\neleve-secret\n"
            };
            let answer = server.as_role(role, method, path, body);
            if allowed.contains(&role) {
                // Let through: it may still refuse the body or the id
                // (a campaign that does not exist), never the role.
                assert!(
                    answer.status != 401 && !(answer.status == 403 && answer.code() == "forbidden"),
                    "{role} {method} {path}: {}",
                    answer.text()
                );
            } else {
                assert_eq!(
                    (answer.status, answer.code().as_str()),
                    (403, "forbidden"),
                    "{role} {method} {path}"
                );
                assert!(
                    !answer.text().contains("eleve-secret")
                        && !answer.text().contains("bons-plans"),
                    "{role} {method} {path} leaks: {}",
                    answer.text()
                );
            }
        }
    }
    // The console: the DPO's screen only for the dpo role.
    let comms = server.communications("GET", "/console?lang=en", b"");
    assert_eq!(comms.status, 200);
    assert!(comms.text().contains("Campaigns"), "{}", comms.text());
    assert!(!comms.text().contains("<svg") && !comms.text().contains("Receive offers"));
    let crm = server.integration("GET", "/console?lang=en", b"").text();
    assert!(!crm.contains("<svg") && !crm.contains("Campaigns"), "{crm}");
}

pub fn console_sign_in_and_sign_out(b: &Backend) {
    let url = (b.fresh)("console");
    let server = Server::start(&url, &[]);
    let (_, _, err) = server.staff(
        &["add", "marie", "--role", "dpo", "--password-stdin"],
        format!("{PASSWORD}\n").as_bytes(),
    );
    assert!(err.contains("without a second factor"), "{err}");
    let (status, listed, _) = server.staff(&["list"], b"");
    assert_eq!(status, 0);
    assert!(
        listed.contains("marie\tdpo\tpassword\twarning: no second factor"),
        "{listed}"
    );
    assert!(
        listed.contains("integration-bot\tintegration\ttoken"),
        "{listed}"
    );
    assert!(
        !listed.contains("argon2") && !listed.contains("token_sha256"),
        "{listed}"
    );
    // Not signed in: to the sign-in form, which works without script.
    let r = server.anonymous("GET", "/console?lang=en", b"");
    assert_eq!(
        (r.status, r.header("location")),
        (303, Some("/console/sign-in?lang=en"))
    );
    let form = server.anonymous("GET", "/console/sign-in?lang=en", b"");
    assert_eq!(form.status, 200);
    assert!(form
        .header("content-security-policy")
        .unwrap()
        .contains("form-action 'self'"));
    let html = form.text();
    assert!(
        html.contains(r#"<label for="password">"#) && !html.contains("<script"),
        "{html}"
    );
    let css = server.anonymous("GET", "/console/style.css", b"");
    assert_eq!(
        (css.status, css.header("content-type")),
        (200, Some("text/css; charset=utf-8"))
    );
    // A wrong password: refused, saying not which part was wrong.
    let wrong = try_sign_in(&server, "marie", "not the password at all", "");
    assert_eq!(wrong.status, 401);
    assert!(wrong.header("set-cookie").is_none());
    // The right one: a session cookie, HttpOnly, SameSite=Strict (not
    // Secure: the demo's public URL is http://127.0.0.1).
    let r = try_sign_in(&server, "marie", PASSWORD, "");
    assert_eq!(
        (r.status, r.header("location")),
        (303, Some("/console?lang=fr"))
    );
    let set = r.header("set-cookie").unwrap();
    for part in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(set.contains(part), "{set}");
    }
    assert!(!set.contains("Secure"), "{set}");
    let cookie = sign_in(&server, "marie", "");
    let page = with_cookie(&server, "/console?lang=en", &cookie);
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(
        html.contains("marie") && html.contains("/access-log"),
        "{html}"
    );
    assert!(html.contains("no second factor"), "{html}");
    // The session opens the DPO's API routes too.
    assert_eq!(with_cookie(&server, "/stats", &cookie).status, 200);
    // Signing out needs the form's token…
    let csrf = csrf_of(&html);
    let r = sign_out(&server, &cookie, "forged");
    assert_eq!((r.status, r.code().as_str()), (403, "cross-site-request"));
    assert_eq!(with_cookie(&server, "/stats", &cookie).status, 200);
    // …and ends the session.
    let r = sign_out(&server, &cookie, &csrf);
    assert_eq!(r.status, 303);
    assert!(r.header("set-cookie").unwrap().contains("Max-Age=0"));
    let after = with_cookie(&server, "/stats", &cookie);
    assert_eq!((after.status, after.code().as_str()), (401, "unauthorized"));
    assert_eq!(
        sql::count(
            &url,
            "SELECT COUNT(*) FROM staff_sessions WHERE account = 'marie'"
        ),
        1
    );
}

pub fn a_cross_site_console_post_is_refused(b: &Backend) {
    let server = Server::start(&(b.fresh)("csrf"), &[]);
    add_person(&server, "marie", "dpo");
    let form = format!("account=marie&password={}", PASSWORD.replace(' ', "+"));
    let post = |headers: &[(&str, &str)]| {
        let mut all = vec![("Content-Type", "application/x-www-form-urlencoded")];
        all.extend_from_slice(headers);
        request(
            &server.addr,
            "POST",
            "/console/sign-in",
            &all,
            form.as_bytes(),
        )
    };
    for headers in [
        vec![("Origin", "https://elsewhere.example")],
        vec![("Origin", "null")],
        vec![],
        vec![("Sec-Fetch-Site", "cross-site")],
    ] {
        let r = post(&headers);
        assert_eq!(
            (r.status, r.code().as_str()),
            (403, "cross-site-request"),
            "{headers:?}"
        );
        assert!(r.header("set-cookie").is_none());
    }
    // A form that does not read: JSON like every error.
    let r = console_post(&server, "/console/sign-in", None, "account=marie");
    assert_eq!((r.status, r.code().as_str()), (400, "invalid-form"));
    // A browser that sends no Origin but says the request is same-origin.
    assert_eq!(post(&[("Sec-Fetch-Site", "same-origin")]).status, 303);
    // Signed in, a form from elsewhere is refused even with the right token.
    let cookie = sign_in(&server, "marie", "");
    let csrf = csrf_of(&with_cookie(&server, "/console", &cookie).text());
    let session = format!("limpide_session={cookie}");
    let r = request(
        &server.addr,
        "POST",
        "/console/sign-out",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Origin", "https://elsewhere.example"),
            ("Cookie", &session),
        ],
        format!("csrf={csrf}").as_bytes(),
    );
    assert_eq!((r.status, r.code().as_str()), (403, "cross-site-request"));
    assert_eq!(with_cookie(&server, "/stats", &cookie).status, 200);
}

pub fn wrong_passwords_are_throttled(b: &Backend) {
    let server = Server::start(&(b.fresh)("throttle"), &[]);
    add_person(&server, "marie", "dpo");
    for id in ["marie", "nobody"] {
        let mut pages = Vec::new();
        for _ in 0..5 {
            let r = try_sign_in(&server, id, "wrong password!!", "");
            assert_eq!(r.status, 401, "{id}");
            pages.push(r.text().replace(id, "ID"));
        }
        // The sixth try, even with the right password: 429.
        let r = try_sign_in(&server, id, PASSWORD, "");
        assert_eq!(r.status, 429, "{id}");
        let retry: u64 = r.header("retry-after").unwrap().parse().unwrap();
        assert!(retry >= 2, "{retry}");
        pages.push(r.text().replace(id, "ID"));
        // Nothing says whether the account exists.
        if id == "nobody" {
            let known = pages.clone();
            assert!(known.iter().all(|p| !p.contains("exist")));
        }
    }
    // Another account is not held back.
    add_person(&server, "paul", "communications");
    sign_in(&server, "paul", "");
    // Tries sent at once all count: at most five are checked (on
    // PostgreSQL, where they run side by side, fewer may be).
    let statuses: Vec<u16> = std::thread::scope(|scope| {
        let tries: Vec<_> = (0..10)
            .map(|_| scope.spawn(|| try_sign_in(&server, "paul", "wrong password!!", "").status))
            .collect();
        tries.into_iter().map(|t| t.join().unwrap()).collect()
    });
    let checked = statuses.iter().filter(|s| **s == 401).count();
    let throttled = statuses.iter().filter(|s| **s == 429).count();
    assert!(checked <= 5 && checked + throttled == 10, "{statuses:?}");
}

pub fn a_removed_or_changed_account_loses_its_session(b: &Backend) {
    let server = Server::start(&(b.fresh)("removed"), &[]);
    add_person(&server, "marie", "dpo");
    add_person(&server, "paul", "communications");
    let marie = sign_in(&server, "marie", "");
    let paul = sign_in(&server, "paul", "");
    assert_eq!(with_cookie(&server, "/stats", &marie).status, 200);
    // Removed: her session ends at once.
    let (status, _, err) = server.staff(&["remove", "marie"], b"");
    assert_eq!(status, 0, "{err}");
    assert_eq!(with_cookie(&server, "/stats", &marie).status, 401);
    assert_eq!(with_cookie(&server, "/console", &marie).status, 303);
    // A machine client's token too.
    assert_eq!(
        server
            .integration("POST", "/subjects", br#"{"id": "e-1"}"#)
            .status,
        201
    );
    server.staff(&["remove", "integration-bot"], b"");
    let r = server.integration("POST", "/subjects", br#"{"id": "e-1"}"#);
    assert_eq!((r.status, r.code().as_str()), (401, "unauthorized"));
    // Changed (a new password, a new role): the old session ends.
    assert_eq!(with_cookie(&server, "/console", &paul).status, 200);
    server.staff(&["remove", "paul"], b"");
    add_person(&server, "paul", "dpo");
    assert_eq!(with_cookie(&server, "/stats", &paul).status, 401);
    let (status, _, err) = server.staff(&["remove", "nobody"], b"");
    assert_eq!(status, 2, "{err}");
}

pub fn an_expired_session_ends(b: &Backend) {
    let url = (b.fresh)("expiry");
    let server = Server::start(&url, &[]);
    add_person(&server, "marie", "dpo");
    let idle = sign_in(&server, "marie", "");
    let old = sign_in(&server, "marie", "");
    assert_eq!(with_cookie(&server, "/stats", &idle).status, 200);
    // 31 minutes idle; signed in 9 hours ago.
    let digest = |c: &str| limpide_receipt::sha256_base64url(c.as_bytes());
    sql::execute(
        &url,
        &format!(
            "UPDATE staff_sessions SET last_seen = last_seen - 1860 WHERE session_digest = '{}'",
            digest(&idle)
        ),
    );
    sql::execute(
        &url,
        &format!(
            "UPDATE staff_sessions SET created_at = created_at - 32400 WHERE session_digest = '{}'",
            digest(&old)
        ),
    );
    for cookie in [&idle, &old] {
        let r = with_cookie(&server, "/stats", cookie);
        assert_eq!((r.status, r.code().as_str()), (401, "unauthorized"));
    }
    assert_eq!(sql::count(&url, "SELECT COUNT(*) FROM staff_sessions"), 0);
}

pub fn a_second_factor(b: &Backend) {
    let server = Server::start(&(b.fresh)("totp"), &[]);
    let (status, out, err) = server.staff(
        &["add", "anne", "--role", "dpo", "--password-stdin", "--totp"],
        format!("{PASSWORD}\n").as_bytes(),
    );
    assert_eq!(status, 0, "{err}");
    assert!(!err.contains("warning"), "{err}");
    let uri = out.trim();
    assert!(
        uri.starts_with("otpauth://totp/Limpide:anne?secret="),
        "{uri}"
    );
    let secret = uri
        .split("secret=")
        .nth(1)
        .and_then(|s| s.split('&').next())
        .unwrap();
    let (_, listed, _) = server.staff(&["list"], b"");
    assert!(listed.contains("anne\tdpo\tpassword+totp\n"), "{listed}");
    assert!(!listed.contains(secret), "the list shows the secret");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let code = limpide_server::staff::TotpSecret(secret.to_owned())
        .code_at(now)
        .unwrap();
    assert_eq!(try_sign_in(&server, "anne", PASSWORD, "").status, 401);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    assert_eq!(try_sign_in(&server, "anne", PASSWORD, wrong).status, 401);
    let cookie = sign_in(&server, "anne", &code);
    // A code signs in once.
    assert_eq!(try_sign_in(&server, "anne", PASSWORD, &code).status, 401);
    let page = with_cookie(&server, "/console?lang=en", &cookie).text();
    assert!(!page.contains("no second factor"), "{page}");
}

pub fn the_access_log_names_accounts_never_pupils(b: &Backend) {
    let server = Server::start(&(b.fresh)("access_log"), &[]);
    let r = receipt(
        &notice(),
        Spec {
            subject: Some(subject_value("eleve-secret")),
            ..Spec::default()
        },
    );
    assert_eq!(server.post_receipt(r.to_json().as_bytes()).status, 200);
    add_person(&server, "marie", "dpo");
    assert_eq!(
        try_sign_in(&server, "marie", "wrong password!!", "").status,
        401
    );
    assert_eq!(
        try_sign_in(&server, "nobody", "wrong password!!", "").status,
        401
    );
    let cookie = sign_in(&server, "marie", "");
    assert_eq!(with_cookie(&server, "/console", &cookie).status, 200);
    for path in [
        "/permissions?notice=pass-region&purpose=bons-plans&channel=sms",
        "/subjects/eleve-secret/receipts",
        "/audit",
        "/stats",
    ] {
        assert_eq!(server.dpo("GET", path, b"").status, 200, "{path}");
    }
    let issued = server.integration("POST", "/subjects", br#"{"id": "eleve-77"}"#);
    assert_eq!(issued.status, 201);
    assert_eq!(server.communications("GET", "/access-log", b"").status, 403);
    let log = server.dpo("GET", "/access-log", b"");
    assert_eq!(log.status, 200);
    assert_eq!(log.header("content-type"), Some("application/jsonl"));
    let text = log.text();
    assert!(
        !text.contains("eleve-"),
        "the access log names a pupil: {text}"
    );
    let entries: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let actions: Vec<(String, String, String)> = entries
        .iter()
        .map(|e| {
            (
                e["account"].as_str().unwrap().to_owned(),
                e["role"].as_str().unwrap_or("").to_owned(),
                e["action"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected = [
        // The pupil's first receipt enrolled their device: by whom, never whose.
        ("(a pupil's device)", "", "device-enrolled-by-first-receipt"),
        ("marie", "dpo", "sign-in-refused"),
        ("(no such account)", "", "sign-in-refused"),
        ("marie", "dpo", "sign-in"),
        ("marie", "dpo", "console"),
        ("dpo-bot", "dpo", "permissions"),
        ("dpo-bot", "dpo", "subject-receipts"),
        ("dpo-bot", "dpo", "audit"),
        ("dpo-bot", "dpo", "stats"),
        ("integration-bot", "integration", "subject-issued"),
        // The export itself is logged, before it is read.
        ("dpo-bot", "dpo", "access-log"),
    ];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(a, r, x)| (a.to_string(), r.to_string(), x.to_string()))
        .collect();
    assert_eq!(actions, expected, "{text}");
    let permissions = &entries[5];
    assert_eq!(
        (
            permissions["notice"].as_str(),
            permissions["purpose"].as_str(),
            permissions["channel"].as_str()
        ),
        (Some("pass-region"), Some("bons-plans"), Some("sms"))
    );
    assert!(entries
        .iter()
        .all(|e| e["at"].as_str().unwrap().ends_with('Z')));
    // Append-only: a later export starts with the same lines.
    let again = server.dpo("GET", "/access-log", b"").text();
    assert!(again.starts_with(&text), "{again}");
    // The DPO's console shows the latest entries.
    let page = with_cookie(&server, "/console?lang=en", &cookie).text();
    assert!(
        page.contains("Access log")
            && page.contains("subject-issued")
            && page.contains("pass-region · bons-plans · sms"),
        "{page}"
    );
    assert!(!page.contains("eleve-"), "{page}");
}
