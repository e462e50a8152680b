//! Group commit, at the store: a batch of receipts is stored whole or not
//! at all, with the outcome storing them one by one would give, on SQLite
//! and on a PostgreSQL cluster of the test's own. The HTTP scenarios
//! (tests/sqlite.rs, tests/postgres.rs) cannot force receipts into one
//! transaction; these tests call the store and the recorder directly.
#![allow(clippy::unwrap_used)] // tests fail loudly on unexpected input

#[path = "support/mod_list.rs"]
mod support;

use std::collections::HashSet;

use limpide_receipt::log::LogEntry;
use limpide_receipt::parse_json;
use limpide_server::receipts::Recorder;
use limpide_server::store::{
    Batch, DeviceClaim, NewReceipt, PendingEnrollment, RecordError, Recorded, Store,
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

#[test]
fn receipts_stored_before_ids_per_subject_keep_their_chains() {
    let dir = TempDir::new("limpide-0007");
    let url = format!("sqlite://{}", dir.0.join("old.db").display());
    migrated_from_0005(&format!("{url}?mode=rwc"), &url);
    let cluster = Cluster::start(&["fsync=off"]);
    let url = cluster.database("old");
    migrated_from_0005(&url, &url);
}

/// A database migrated up to 0005 with a subject's two receipts (the
/// second withdrawing), then opened by the store (0007): every row is
/// kept, and the chain goes on from the stored receipts.
fn migrated_from_0005(create_url: &str, url: &str) {
    use sqlx::migrate::Migrator;
    use std::borrow::Cow;
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        sqlx::any::install_default_drivers();
        let all = sqlx::migrate!("./migrations");
        let before = Migrator {
            migrations: Cow::Owned(
                all.migrations
                    .iter()
                    .filter(|m| m.version <= 5)
                    .cloned()
                    .collect(),
            ),
            ..Migrator::DEFAULT
        };
        let pool = sqlx::AnyPool::connect(create_url).await.unwrap();
        before.run(&pool).await.unwrap();
        for statement in [
            "INSERT INTO receipts (receipt_id, notice_id, notice_version, subject, issued_at, \
             stored_at, previous_id, previous_digest, digest, jws, language, lapses_at) VALUES \
             ('o1', 'pass', '1', 'olga', 1000, 1, NULL, NULL, 'digest-of-o1', '{}', 'fr', NULL), \
             ('o2', 'pass', '1', 'olga', 1001, 2, 'o1', 'digest-of-o1', 'digest-of-o2', '{}', 'fr', NULL)",
            "INSERT INTO decisions (receipt_id, purpose, channel, granted) VALUES \
             ('o1', 'bons-plans', 'sms', 1), ('o1', 'bons-plans', 'email', 0), \
             ('o2', 'bons-plans', 'sms', 0), ('o2', 'bons-plans', 'email', 0)",
            "INSERT INTO latest (notice_id, subject, receipt_id) VALUES ('pass', 'olga', 'o2')",
        ] {
            sqlx::query(statement).execute(&pool).await.unwrap();
        }
        pool.close().await;
    });
    let store = runtime.block_on(Store::open(url)).unwrap();
    assert_eq!(rows(url, "receipts"), 2);
    assert_eq!(rows(url, "decisions"), 4);
    // The receipts stored before the log are its first leaves, each
    // written on its row (0008 and 0009 at this opening).
    assert_eq!(rows(url, "log_leaves"), 2);
    assert_eq!(
        sql::count(
            url,
            "SELECT COUNT(*) FROM receipts WHERE log_index_floor IS NOT NULL"
        ),
        2
    );
    let stored = sql::count(
        url,
        "SELECT COUNT(*) FROM decisions WHERE subject = 'olga' AND receipt_id = 'o1' AND granted = 1",
    );
    assert_eq!(stored, 1);
    let o2 = NewReceipt {
        digest: "digest-of-o2".to_owned(),
        ..receipt("o2", "olga", false, None)
    };
    let o3 = receipt("o3", "olga", true, Some(&o2));
    assert!(stored_now(&runtime.block_on(store.record(&o3)).unwrap()));
    assert_eq!(allowed(&runtime, &store), ["olga"]);
    // The stored ids are still the subject's: another payload under o2's
    // id is refused.
    let twin = NewReceipt {
        digest: "another digest".to_owned(),
        ..receipt("o2", "olga", true, None)
    };
    assert!(matches!(
        runtime.block_on(store.record(&twin)),
        Err(RecordError::IdTaken)
    ));
    runtime.block_on(store.close());
}

fn every_check(url: &str) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let store = runtime.block_on(Store::open(url)).unwrap();
    a_batch_is_stored_whole(&runtime, &store, url);
    one_bad_receipt_and_nothing_is_stored(&runtime, &store, url);
    a_replay_never_rolls_a_batch_back(&runtime, &store, url);
    an_id_belongs_to_one_subject(&runtime, &store, url);
    the_recorder_answers_each_receipt_as_if_alone(&runtime, &store, url);
    one_subject_posting_at_once(&runtime, &store, url);
    the_audit_pages_through_ties(&runtime, &store, url);
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
    let jws = format!("{{\"receipt\":\"{id}\",\"subject\":\"{subject}\"}}");
    let record = format!("{{\"enrollment\":\"{subject}-{id}\"}}");
    NewReceipt {
        receipt_id: id.to_owned(),
        notice_id: "pass".to_owned(),
        notice_version: "1".to_owned(),
        subject: subject.to_owned(),
        issued_at: 1_000 + previous.map_or(0, |p| p.issued_at + 1),
        previous: previous.map(|p| (p.receipt_id.clone(), p.digest.clone())),
        digest: format!("digest-of-{id}"),
        entry: LogEntry::of_document(&parse_json(jws.as_bytes(), "jws").unwrap()),
        jws,
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
                enrollment_id: format!("enrollment-{subject}-{id}"),
                how: "first-receipt",
                entry: LogEntry::of_document(&parse_json(record.as_bytes(), "record").unwrap()),
                record,
            }),
        },
    }
}

/// Stored now, and in the log.
fn stored_now(outcome: &Recorded) -> bool {
    matches!(outcome, Recorded::Stored { log_index: Some(_) })
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
    let outcomes = runtime.block_on(store.record_all(&[&a, &b, &c])).unwrap();
    assert!(outcomes.iter().all(stored_now), "{outcomes:?}");
    // One after the other in the log, in the batch's order of chains.
    let mut indexes: Vec<u64> = outcomes.iter().filter_map(Recorded::log_index).collect();
    indexes.sort_unstable();
    assert_eq!(indexes.len(), 3);
    assert!(indexes.windows(2).all(|w| w[1] == w[0] + 1), "{indexes:?}");
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
    // Following the subject's own receipt with another digest.
    let misnames_a1 = NewReceipt {
        previous: Some(("a1".to_owned(), "not a1's digest".to_owned())),
        ..receipt("a3", "alice", true, Some(&alice))
    };
    let outcome = runtime.block_on(store.record_all(&[&fresh, &misnames_a1]));
    assert!(
        matches!(outcome, Err(RecordError::PreviousMismatch(_))),
        "{outcome:?}"
    );
    // Another payload under an id the subject has stored.
    let twin = NewReceipt {
        digest: "another digest".to_owned(),
        ..receipt("a1", "alice", true, None)
    };
    let outcome = runtime.block_on(store.record_all(&[&fresh, &twin]));
    assert!(matches!(outcome, Err(RecordError::IdTaken)), "{outcome:?}");
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
        matches!(outcome, Err(RecordError::PreviousMismatch(_))),
        "{outcome:?}"
    );
    assert_eq!(stored(), before, "a refused batch left rows behind");
    // Alone, the good receipt is stored.
    assert!(stored_now(&runtime.block_on(store.record(&fresh)).unwrap()));
}

/// A receipt posted again beside new ones: the new ones are stored, in
/// the same transaction, and the replay is answered with its stored copy;
/// nothing is rolled back.
fn a_replay_never_rolls_a_batch_back(runtime: &tokio::runtime::Runtime, store: &Store, url: &str) {
    let before = rows(url, "receipts");
    let alice = receipt("a1", "alice", true, None);
    let new = [
        receipt("r1", "rita", true, None),
        receipt("s1", "sam", false, None),
    ];
    let outcomes = runtime
        .block_on(store.record_all(&[&new[0], &alice, &new[1]]))
        .unwrap();
    assert!(
        stored_now(&outcomes[0]) && stored_now(&outcomes[2]),
        "{outcomes:?}"
    );
    // The replay is answered with its stored copy and its leaf.
    assert!(
        matches!(&outcomes[1], Recorded::AlreadyStored { jws, log_index: Some(_) } if *jws == alice.jws),
        "{:?}",
        outcomes[1]
    );
    assert_eq!(rows(url, "receipts"), before + 2);
    assert!(allowed(runtime, store).contains(&"rita".to_owned()));
    // Each one's leaf is kept on its row, foreseen or corrected after the
    // replay ahead of it: posted again, each is answered with its own.
    for (r, outcome) in [(&new[0], &outcomes[0]), (&new[1], &outcomes[2])] {
        let again = runtime.block_on(store.record(r)).unwrap();
        assert!(matches!(again, Recorded::AlreadyStored { .. }));
        assert_eq!(again.log_index(), outcome.log_index(), "{}", r.receipt_id);
    }
}

/// A receipt id belongs to one subject: another subject's receipt under
/// the same id, or naming it as previous, is theirs alone, in either order.
fn an_id_belongs_to_one_subject(runtime: &tokio::runtime::Runtime, store: &Store, url: &str) {
    let before = rows(url, "receipts");
    // The squatter first: the victim's future id, and the victim's future
    // second receipt named as previous.
    let v1 = receipt("v1", "victor", true, None);
    let v2 = receipt("v2", "victor", false, Some(&v1));
    let squat = NewReceipt {
        digest: "the squatter's digest".to_owned(),
        ..receipt("v1", "mallory", true, None)
    };
    let names_v2 = receipt("m2", "mallory", true, Some(&v2));
    for r in [&squat, &names_v2, &v1, &v2] {
        assert!(
            stored_now(&runtime.block_on(store.record(r)).unwrap()),
            "{}",
            r.receipt_id
        );
    }
    // The victim first, then the squatter naming its receipt with another
    // digest: stored as the squatter's, and the victim's chain goes on.
    let v3 = receipt("v3", "victor", true, Some(&v2));
    runtime.block_on(store.record(&v3)).unwrap();
    let lie = NewReceipt {
        previous: Some(("v3".to_owned(), "not v3's digest".to_owned())),
        ..receipt("m3", "mallory", false, None)
    };
    // (Another squatter: Mallory's own v3 would be refused, as her m3
    // names a v3 of hers with another digest.)
    let squat_v3 = NewReceipt {
        digest: "another digest".to_owned(),
        ..receipt("v3", "trudy", false, None)
    };
    for r in [&lie, &squat_v3] {
        assert!(stored_now(&runtime.block_on(store.record(r)).unwrap()));
    }
    assert!(matches!(
        runtime.block_on(store.record(&v3)).unwrap(),
        Recorded::AlreadyStored { jws, .. } if jws == v3.jws
    ));
    let v4 = receipt("v4", "victor", true, Some(&v3));
    assert!(stored_now(&runtime.block_on(store.record(&v4)).unwrap()));
    assert_eq!(rows(url, "receipts"), before + 8);
    let latest = sql::count(
        url,
        "SELECT COUNT(*) FROM latest WHERE subject = 'victor' AND receipt_id = 'v4'",
    );
    assert_eq!(latest, 1);
    assert!(allowed(runtime, store).contains(&"victor".to_owned()));
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
    posts.push(NewReceipt {
        previous: Some(("a1".to_owned(), "not a1's digest".to_owned())),
        ..receipt("a9", "alice", true, Some(&alice))
    });
    posts.push(receipt("a1", "alice", true, None));
    posts.push(receipt("h0-bis", "pupil-0", false, Some(&posts[0])));
    let outcomes = record_together(runtime, store, posts);
    let (refused, rest) = outcomes.split_at(40).1.split_at(1);
    assert!(outcomes[..40]
        .iter()
        .all(|o| matches!(o, Ok(Recorded::Stored { log_index: Some(_) }))));
    assert!(
        matches!(refused[0], Err(RecordError::PreviousMismatch(_))),
        "{:?}",
        refused[0]
    );
    assert!(
        matches!(&rest[0], Ok(Recorded::AlreadyStored { jws, .. }) if jws == &alice.jws),
        "{:?}",
        rest[0]
    );
    assert!(
        matches!(rest[1], Ok(Recorded::Stored { .. })),
        "{:?}",
        rest[1]
    );
    assert_eq!(rows(url, "receipts"), before + 41);
    // Stored by writers side by side (on PostgreSQL), each receipt's leaf
    // lies after its row's floor, among the others' leaves: posted again,
    // each is answered with its own.
    let mut leaves = HashSet::new();
    for (post, outcome) in (0..40).zip(&outcomes) {
        let again = runtime
            .block_on(store.record(&receipt(
                &format!("h{post}"),
                &format!("pupil-{post}"),
                post % 2 == 0,
                None,
            )))
            .unwrap();
        let stored = outcome.as_ref().unwrap().log_index();
        assert_eq!(again.log_index(), stored, "h{post}");
        assert!(leaves.insert(stored), "h{post} shares its leaf");
    }
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
        outcomes
            .iter()
            .all(|o| matches!(o, Ok(Recorded::Stored { .. }))),
        "{outcomes:?}"
    );
    assert_eq!(rows(url, "receipts"), before + 21);
}

/// The audit export, read a page at a time, gives every record once, even
/// 2 500 stored in the same microsecond under two receipt ids (each id
/// shared by many subjects): the page key is time, id and subject.
fn the_audit_pages_through_ties(runtime: &tokio::runtime::Runtime, store: &Store, url: &str) {
    sql::execute(
        url,
        "INSERT INTO receipts (receipt_id, notice_id, notice_version, subject, issued_at, \
           stored_at, previous_id, previous_digest, digest, jws, language, lapses_at) \
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2500) \
         SELECT CASE WHEN i % 2 = 0 THEN 'tie-a' ELSE 'tie-b' END, 'pass', '1', \
           'audit-' || CAST(i AS TEXT), 1000, 5, NULL, NULL, 'd', \
           '{\"n\":' || CAST(i AS TEXT) || '}', 'fr', NULL \
         FROM n",
    );
    let lines = runtime.block_on(async {
        let mut lines = Vec::new();
        let mut audit = store.audit(0);
        while let Some(line) = audit.recv().await {
            lines.push(line.unwrap());
        }
        lines
    });
    // Every receipt, and the enrollment of each subject's device.
    assert_eq!(
        i64::try_from(lines.len()).unwrap(),
        rows(url, "receipts") + rows(url, "device_keys")
    );
    let ties: std::collections::HashSet<&String> =
        lines.iter().filter(|l| l.starts_with("{\"n\":")).collect();
    assert_eq!(ties.len(), 2500, "a record was skipped or repeated");
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
