//! A hostile client's scenarios that touch the store, run on both engines
//! (listed in `every_scenario!`): a subject's receipts in pages, receipt ids
//! that cannot be squatted, replays answered from the store.

use serde_json::Value;

use super::receipts::{notice, receipt, subject_value, Spec, SMS};
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

/// A receipt id, or a `previous`, belongs to one subject. Whoever holds
/// another pupil's value (eleve-2's, eleve-3's) and has seen a receipt of eleve-1's
/// that the service does not have yet (a phone offline) can neither take
/// its id nor block it by naming it; in either order.
pub fn receipt_ids_cannot_be_squatted(b: &Backend) {
    let server = Server::start(&(b.fresh)("squatting"), &[]);
    let notice = notice();
    let victim = |grants, previous, id| {
        receipt(
            &notice,
            Spec {
                grants,
                previous,
                id,
                ..Spec::default()
            },
        )
    };
    // Two squatters: one of them naming a receipt it also took the id of
    // would be refused within its own chain, rightly.
    let squatter = |who: &str, previous, id| {
        receipt(
            &notice,
            Spec {
                subject: Some(subject_value(who)),
                pupil: 2,
                previous,
                id,
                ..Spec::default()
            },
        )
    };
    let post = |r: &limpide_receipt::Receipt| {
        let answer = server.post_receipt(r.to_json().as_bytes());
        assert_eq!(answer.status, 200, "{}", answer.text());
        answer.body
    };
    // The squatter first: the victim's receipt id taken, and the victim's
    // next receipt named as a previous, before the victim posts either.
    let first = victim(&[("bons-plans", SMS)], None, None);
    let second = victim(&[], Some(&first), None);
    post(&squatter(
        "eleve-2",
        None,
        Some(&first.payload().receipt_id),
    ));
    post(&squatter("eleve-3", Some(&second), None));
    let answer = post(&first);
    assert_eq!(
        limpide_receipt::Receipt::from_json(&answer)
            .unwrap()
            .digest(),
        first.digest(),
        "the victim got another receipt back"
    );
    post(&second);
    // The victim's chain is the victim's: the withdrawal is the latest.
    assert!(super::scenarios::permissions(&server, "bons-plans", "sms").is_empty());
    // The victim first: the squatter takes the id afterwards and names the
    // receipt as previous; the victim's receipt, posted again, is still the
    // victim's, and the victim's next receipt follows it.
    let third = victim(&[("bons-plans", SMS)], Some(&second), None);
    post(&third);
    post(&squatter(
        "eleve-2",
        None,
        Some(&third.payload().receipt_id),
    ));
    post(&squatter("eleve-3", Some(&third), None));
    let again = post(&third);
    assert_eq!(
        limpide_receipt::Receipt::from_json(&again)
            .unwrap()
            .digest(),
        third.digest()
    );
    post(&victim(&[("bons-plans", SMS)], Some(&third), None));
    let allowed = super::scenarios::permissions(&server, "bons-plans", "sms");
    assert_eq!(allowed.len(), 1, "{allowed:?}");
    assert_eq!(allowed[0]["subject"], "eleve-1");
    let victims = server.dpo("GET", "/subjects/eleve-1/receipts", b"").json();
    assert_eq!(ids(&victims).len(), 4);
    for squatter in ["eleve-2", "eleve-3"] {
        let theirs = server
            .dpo("GET", &format!("/subjects/{squatter}/receipts"), b"")
            .json();
        assert_eq!(ids(&theirs).len(), 2);
    }
}

/// The same receipt posted again while other receipts are being stored:
/// every post is answered as if alone (the replays with the stored copy,
/// byte for byte), and every new receipt is stored.
pub fn a_replay_is_answered_from_the_store(b: &Backend) {
    let server = Server::start(&(b.fresh)("replay"), &[]);
    let notice = notice();
    let replayed = receipt(&notice, Spec::default());
    let stored = server.post_receipt(replayed.to_json().as_bytes());
    assert_eq!(stored.status, 200, "{}", stored.text());
    let fresh: Vec<_> = (0..20)
        .map(|n| {
            receipt(
                &notice,
                Spec {
                    subject: Some(subject_value(&format!("eleve-replay-{n}"))),
                    ..Spec::default()
                },
            )
        })
        .collect();
    std::thread::scope(|scope| {
        let replays: Vec<_> = (0..10)
            .map(|_| scope.spawn(|| server.post_receipt(replayed.to_json().as_bytes())))
            .collect();
        let posts: Vec<_> = fresh
            .iter()
            .map(|r| scope.spawn(|| server.post_receipt(r.to_json().as_bytes())))
            .collect();
        for replay in replays {
            let answer = replay.join().unwrap();
            assert_eq!(answer.status, 200, "{}", answer.text());
            assert_eq!(answer.body, stored.body, "a replay got another answer");
        }
        for post in posts {
            let answer = post.join().unwrap();
            assert_eq!(answer.status, 200, "{}", answer.text());
        }
    });
    assert_eq!(super::scenarios::audit_ids(&server).len(), 21);
}
