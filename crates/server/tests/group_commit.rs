//! Group commit, at the store: a batch of receipts is stored whole or not
//! at all, with the outcome storing them one by one would give, on SQLite
//! and on a PostgreSQL cluster of the test's own. The HTTP scenarios
//! (tests/sqlite.rs, tests/postgres.rs) cannot force receipts into one
//! transaction; these tests call the store and the recorder directly.
#![allow(clippy::unwrap_used)] // tests fail loudly on unexpected input

#[path = "support/mod_list.rs"]
mod support;

use limpide_server::receipts::Recorder;
use limpide_server::store::{
    Batch, DeviceClaim, NewReceipt, PendingEnrollment, RecordError, Recorded, Store, Unwritten,
};
use support::postgres::Cluster;
use support::server::TempDir;
use support::sql;

#[test]
fn group_commit_on_sqlite() {
    let dir = TempDir::new("limpide-batch");
    let url = format!("sqlite://{}", dir.0.join("batch.db").display());
    every_check(&url);
}

#[test]
fn group_commit_on_postgresql() {
    let cluster = Cluster::start(&["fsync=off"]);
    every_check(&cluster.database("batch"));
}

fn every_check(url: &str) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let store = runtime.block_on(Store::open(url)).unwrap();
    a_batch_is_stored_whole(&runtime, &store, url);
    one_bad_receipt_and_nothing_is_stored(&runtime, &store, url);
    the_recorder_answers_each_receipt_as_if_alone(&runtime, &store, url);
    one_subject_posting_at_once(&runtime, &store, url);
    runtime.block_on(store.close());
}

/// A receipt of `subject` on the test notice, granting SMS or not.
fn receipt(id: &str, subject: &str, sms: bool, previous: Option<&NewReceipt>) -> NewReceipt {
    let channels = [("sms", sms), ("email", false)];
    let mut decisions: Vec<(String, String, bool)> = channels
        .iter()
        .map(|(c, g)| ("bons-plans".to_owned(), (*c).to_owned(), *g))
        .collect();
    decisions.push(("enquetes".to_owned(), String::new(), false));
    NewReceipt {
        receipt_id: id.to_owned(),
        notice_id: "pass".to_owned(),
        notice_version: "1".to_owned(),
        subject: subject.to_owned(),
        issued_at: 1_000 + previous.map_or(0, |p| p.issued_at + 1),
        previous: previous.map(|p| (p.receipt_id.clone(), p.digest.clone())),
        digest: format!("digest-of-{id}"),
        jws: format!("{{\"receipt\":\"{id}\"}}"),
        decisions,
        language: "fr".to_owned(),
        lapses_at: None,
        // The subject's one device, with a credential: the first receipt
        // enrolls it, the others come from it.
        device: DeviceClaim {
            key: format!("key-of-{subject}"),
            credential: true,
            enrollment_code: None,
            enrollment: Some(PendingEnrollment {
                enrollment_id: format!("enrollment-{id}"),
                how: "first-receipt",
                record: "{}".to_owned(),
            }),
        },
    }
}

fn allowed(runtime: &tokio::runtime::Runtime, store: &Store) -> Vec<String> {
    runtime.block_on(async {
        let mut rows = store.permissions("pass", "bons-plans", "sms", 0);
        let mut subjects = Vec::new();
        while let Some(row) = rows.recv().await {
            subjects.push(row.unwrap().subject);
        }
        subjects
    })
}

fn rows(url: &str, table: &str) -> i64 {
    sql::count(url, &format!("SELECT COUNT(*) FROM {table}"))
}

fn a_batch_is_stored_whole(runtime: &tokio::runtime::Runtime, store: &Store, url: &str) {
    let a = receipt("a1", "alice", true, None);
    let b = receipt("b1", "bob", false, None);
    let c = receipt("c1", "chloe", true, None);
    runtime.block_on(store.record_all(&[&a, &b, &c])).unwrap();
    assert_eq!(allowed(runtime, store), ["alice", "chloe"]);
    // Alice withdraws, Bob grants, Chloe's second receipt arrives before
    // her first is known (out of order): the grants follow each chain.
    let a2 = receipt("a2", "alice", false, Some(&a));
    let b2 = receipt("b2", "bob", true, Some(&b));
    let c_unknown = receipt("c0", "chloe", false, None);
    let c2 = receipt("c2", "chloe", true, Some(&c_unknown));
    runtime
        .block_on(store.record_all(&[&a2, &b2, &c2]))
        .unwrap();
    assert_eq!(allowed(runtime, store), ["bob", "chloe"]);
    assert_eq!(rows(url, "receipts"), 6);
    assert_eq!(rows(url, "decisions"), 18);
    assert_eq!(rows(url, "latest"), 3);
    let latest = sql::count(
        url,
        "SELECT COUNT(*) FROM latest WHERE receipt_id IN ('a2', 'b2', 'c2')",
    );
    assert_eq!(latest, 3);
}

fn one_bad_receipt_and_nothing_is_stored(
    runtime: &tokio::runtime::Runtime,
    store: &Store,
    url: &str,
) {
    let stored = || {
        (
            rows(url, "receipts"),
            rows(url, "decisions"),
            rows(url, "latest"),
        )
    };
    let before = stored();
    let fresh = receipt("d1", "dan", true, None);
    let alice = receipt("a1", "alice", true, None);
    // Following another subject's receipt.
    let follows_alice = receipt("e1", "eve", true, Some(&alice));
    let outcome = runtime.block_on(store.record_all(&[&fresh, &follows_alice]));
    assert!(
        matches!(
            outcome,
            Err(Unwritten::Failed(RecordError::PreviousMismatch(_)))
        ),
        "{outcome:?}"
    );
    // A receipt stored before, posted again beside a new one.
    let outcome = runtime.block_on(store.record_all(&[&fresh, &alice]));
    assert!(
        matches!(&outcome, Err(Unwritten::AlreadyStored(jws)) if jws == &alice.jws),
        "{outcome:?}"
    );
    // Another payload under a stored id.
    let twin = NewReceipt {
        subject: "fred".to_owned(),
        digest: "another digest".to_owned(),
        ..receipt("a1", "fred", true, None)
    };
    let outcome = runtime.block_on(store.record_all(&[&fresh, &twin]));
    assert!(
        matches!(outcome, Err(Unwritten::Failed(RecordError::IdTaken))),
        "{outcome:?}"
    );
    // A stored receipt that names the late one with another digest.
    let early = receipt("g1", "gus", true, None);
    let liar = NewReceipt {
        previous: Some(("g1".to_owned(), "not g1's digest".to_owned())),
        ..receipt("g2", "gus", false, Some(&early))
    };
    runtime.block_on(store.record_all(&[&liar])).unwrap();
    let before = (before.0 + 1, before.1 + 3, before.2 + 1);
    let outcome = runtime.block_on(store.record_all(&[&fresh, &early]));
    assert!(
        matches!(
            outcome,
            Err(Unwritten::Failed(RecordError::PreviousMismatch(_)))
        ),
        "{outcome:?}"
    );
    assert_eq!(stored(), before, "a refused batch left rows behind");
    // Alone, the good receipt is stored.
    assert_eq!(
        runtime.block_on(store.record(&fresh)).unwrap(),
        Recorded::Stored
    );
}

fn the_recorder_answers_each_receipt_as_if_alone(
    runtime: &tokio::runtime::Runtime,
    store: &Store,
    url: &str,
) {
    let before = rows(url, "receipts");
    let alice = receipt("a1", "alice", true, None);
    let mut posts: Vec<NewReceipt> = (0..40)
        .map(|i| receipt(&format!("h{i}"), &format!("pupil-{i}"), i % 2 == 0, None))
        .collect();
    // Among them: one refused, one stored before, and one subject twice.
    posts.push(receipt("e2", "eve", true, Some(&alice)));
    posts.push(receipt("a1", "alice", true, None));
    posts.push(receipt("h0-bis", "pupil-0", false, Some(&posts[0])));
    let outcomes = record_together(runtime, store, posts);
    let (refused, rest) = outcomes.split_at(40).1.split_at(1);
    assert!(outcomes[..40]
        .iter()
        .all(|o| matches!(o, Ok(Recorded::Stored))));
    assert!(
        matches!(refused[0], Err(RecordError::PreviousMismatch(_))),
        "{:?}",
        refused[0]
    );
    assert!(
        matches!(&rest[0], Ok(Recorded::AlreadyStored(jws)) if jws == &alice.jws),
        "{:?}",
        rest[0]
    );
    assert!(matches!(rest[1], Ok(Recorded::Stored)), "{:?}", rest[1]);
    assert_eq!(rows(url, "receipts"), before + 41);
    let allowed = allowed(runtime, store);
    assert!(allowed.contains(&"pupil-2".to_owned()));
    assert!(!allowed.contains(&"pupil-0".to_owned()), "pupil-0 withdrew");
}

/// Twenty receipts of one subject at once: one per transaction, since a
/// batch takes one per chain, and none left waiting behind another
/// writer's wait for new receipts.
fn one_subject_posting_at_once(runtime: &tokio::runtime::Runtime, store: &Store, url: &str) {
    let before = rows(url, "receipts");
    let first = receipt("z0", "zoe", true, None);
    runtime.block_on(store.record(&first)).unwrap();
    let posts = (1..=20)
        .map(|i| receipt(&format!("z{i}"), "zoe", i % 2 == 0, Some(&first)))
        .collect();
    let outcomes = record_together(runtime, store, posts);
    assert!(
        outcomes.iter().all(|o| matches!(o, Ok(Recorded::Stored))),
        "{outcomes:?}"
    );
    assert_eq!(rows(url, "receipts"), before + 21);
}

/// Hands every receipt to a recorder at once; fails rather than hangs.
fn record_together(
    runtime: &tokio::runtime::Runtime,
    store: &Store,
    posts: Vec<NewReceipt>,
) -> Vec<Result<Recorded, RecordError>> {
    runtime.block_on(async {
        let recorder = Recorder::start(store.clone());
        let pending: Vec<_> = posts.into_iter().map(|p| recorder.record(p)).collect();
        let all = futures_util::future::join_all(pending);
        tokio::time::timeout(std::time::Duration::from_secs(30), all)
            .await
            .expect("the recorder stopped answering")
    })
}

#[test]
fn a_batch_admits_one_receipt_per_chain_and_per_id() {
    let mut batch = Batch::default();
    assert!(batch.admits(&receipt("a1", "alice", true, None)));
    assert!(!batch.admits(&receipt("a2", "alice", true, None)));
    assert!(!batch.admits(&receipt("a1", "bob", true, None)));
    assert!(batch.admits(&receipt("b1", "bob", true, None)));
}
