//! A hostile client's scenarios that touch the store, run on both engines
//! (listed in `every_scenario!`): a subject's receipts in pages.

use serde_json::Value;

use super::receipts::{notice, receipt, Spec};
use super::scenarios::Backend;
use super::server::Server;

/// The receipt ids of an answer of `GET /subjects/{id}/receipts`.
fn ids(page: &Value) -> Vec<String> {
    page["receipts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|jws| {
            let receipt = limpide_receipt::Receipt::from_json(jws.to_string().as_bytes()).unwrap();
            receipt.payload().receipt_id.clone()
        })
        .collect()
}

pub fn a_subjects_receipts_come_in_pages(b: &Backend) {
    let server = Server::start(&(b.fresh)("pages"), &[]);
    let notice = notice();
    let mut sent = Vec::new();
    for (n, issued_at) in [
        "2026-12-01T10:00:00Z",
        "2026-12-01T11:00:00Z",
        "2026-12-01T12:00:00Z",
    ]
    .iter()
    .enumerate()
    {
        let r = receipt(
            &notice,
            Spec {
                issued_at,
                pupil: u8::try_from(n).unwrap() + 1,
                ..Spec::default()
            },
        );
        assert_eq!(server.post_receipt(r.to_json().as_bytes()).status, 200);
        sent.push(r.payload().receipt_id.clone());
    }
    let first = server.dpo("GET", "/subjects/eleve-1/receipts?limit=2", b"");
    assert_eq!(first.status, 200, "{}", first.text());
    let first = first.json();
    assert_eq!(ids(&first), sent[..2]);
    let next = first["next"].as_str().expect("a next page").to_owned();
    let second = server
        .dpo(
            "GET",
            &format!("/subjects/eleve-1/receipts?limit=2&after={next}"),
            b"",
        )
        .json();
    assert_eq!(ids(&second), sent[2..]);
    assert_eq!(second["next"], Value::Null);
    // Without a limit: all three (the default page is larger), no next.
    let all = server.dpo("GET", "/subjects/eleve-1/receipts", b"").json();
    assert_eq!(ids(&all), sent);
    assert_eq!(all["next"], Value::Null);
    for bad in ["limit=0", "limit=501", "limit=x", "after=bm90LWEtY3Vyc29y"] {
        let answer = server.dpo("GET", &format!("/subjects/eleve-1/receipts?{bad}"), b"");
        assert_eq!(
            (answer.status, answer.code().as_str()),
            (400, "invalid-page"),
            "{bad}"
        );
    }
}
