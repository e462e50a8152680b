//! The transparency log under stress, with the real binary: two service
//! nodes on one PostgreSQL database append to one tree, with no gap and no
//! fork; a service killed (SIGKILL) under load keeps every receipt it
//! acknowledged in its log, and its next checkpoint is consistent with the
//! last one it published before.
#![allow(clippy::unwrap_used)] // tests fail loudly on unexpected input

#[path = "support/mod_list.rs"]
mod support;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use limpide_receipt::log::{LogEntry, LogProof, SignedCheckpoint};
use limpide_receipt::{parse_json, StrictEd25519};
use limpide_server::transparency::Frontier;
use support::log_scenarios::{checkpoint_covering, leaves_from_tiles, log_key};
use support::postgres::Cluster;
use support::receipts::{notice, receipt, subject_value, Spec, SMS};
use support::server::{Server, TempDir};

/// A receipt the service acknowledged: its leaf index and entry.
struct Acknowledged {
    index: u64,
    entry: LogEntry,
}

/// Posts first receipts of new pupils from `threads` threads, each to the
/// servers in turn, until `stop` (or `each` receipts a thread); what was
/// acknowledged. Refusals and failed connections (a killed node) are not.
fn post_until(
    servers: &[&Server],
    threads: usize,
    each: usize,
    label: &str,
    stop: &AtomicBool,
) -> Vec<Acknowledged> {
    let acknowledged = Mutex::new(Vec::new());
    let notice = notice();
    std::thread::scope(|scope| {
        for t in 0..threads {
            let (acknowledged, notice) = (&acknowledged, &notice);
            scope.spawn(move || {
                for i in 0..each {
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    let server = servers[(t + i) % servers.len()];
                    let sent = receipt(
                        notice,
                        Spec {
                            subject: Some(subject_value(&format!("{label}-{t}-{i}"))),
                            grants: &[("bons-plans", SMS)],
                            ..Spec::default()
                        },
                    );
                    let answer =
                        std::panic::catch_unwind(|| server.post_receipt(sent.to_json().as_bytes()));
                    let Ok(answer) = answer else { return };
                    if answer.status != 200 {
                        continue;
                    }
                    let index = answer.header("limpide-log-index").unwrap().parse().unwrap();
                    let entry =
                        LogEntry::of_document(&parse_json(&answer.body, "receipt").unwrap());
                    acknowledged
                        .lock()
                        .unwrap()
                        .push(Acknowledged { index, entry });
                }
            });
        }
    });
    acknowledged.into_inner().unwrap()
}

/// The root of the tree of the first `size` leaves.
fn root_of_prefix(leaves: &[(Vec<u8>, [u8; 32])], size: u64) -> [u8; 32] {
    let mut tree = Frontier::default();
    for (_, hash) in &leaves[..size as usize] {
        tree.push(*hash);
    }
    tree.root()
}

/// Every acknowledged receipt is the leaf its answer named.
fn each_in_its_place(leaves: &[(Vec<u8>, [u8; 32])], acknowledged: &[Acknowledged]) {
    for a in acknowledged {
        assert_eq!(
            leaves[a.index as usize].0,
            a.entry.to_bytes(),
            "the leaf {} is not the receipt acknowledged there",
            a.index
        );
    }
}

#[test]
fn two_nodes_on_one_postgresql_append_to_one_tree() {
    let cluster = Cluster::start(&["fsync=off"]);
    let db = cluster.database("two-nodes");
    let (a, b) = (Server::start(&db, &[]), Server::start(&db, &[]));
    let never = AtomicBool::new(false);
    let acknowledged = post_until(&[&a, &b], 8, 40, "two-nodes", &never);
    assert_eq!(acknowledged.len(), 320, "every post was acknowledged");
    // Each first receipt enrolls its device: two leaves a pupil.
    let size = 2 * acknowledged.len() as u64;
    let signed = checkpoint_covering(&a, size);
    assert_eq!(
        signed.checkpoint().size(),
        size,
        "no gap: nothing more, nothing less"
    );
    let mut indexes: Vec<u64> = acknowledged.iter().map(|x| x.index).collect();
    indexes.sort_unstable();
    indexes.dedup();
    assert_eq!(
        indexes.len(),
        acknowledged.len(),
        "two receipts at one index"
    );
    // Both nodes serve the same tree, which every checkpoint either signed
    // is a prefix of: no fork.
    let leaves = leaves_from_tiles(&a, size);
    assert_eq!(leaves, leaves_from_tiles(&b, size));
    assert_eq!(&root_of_prefix(&leaves, size), signed.checkpoint().root());
    each_in_its_place(&leaves, &acknowledged);
    // Proofs in a tree of 640 leaves, from either node: their nodes of
    // levels 1 to 3 and 5 to 9, which the database does not keep, folded
    // from the kept ones.
    for (i, sent) in acknowledged.iter().enumerate().step_by(7) {
        let node = [&a, &b][i % 2];
        let r = node.anonymous(
            "GET",
            &format!("/log/proof/{}?size={size}", sent.index),
            b"",
        );
        assert_eq!(r.status, 200, "{}", r.text());
        let proof = LogProof::parse(&r.text()).unwrap();
        let position = proof
            .verify(&sent.entry, &[log_key()], &StrictEd25519)
            .unwrap();
        assert_eq!(position.index, sent.index);
    }
    let checkpoints =
        support::sql::rows_text(&db, "SELECT note FROM log_checkpoints ORDER BY size");
    assert!(checkpoints.len() > 1);
    for note in checkpoints {
        let head = SignedCheckpoint::parse(&note, "").unwrap();
        let head = head.checkpoint();
        assert_eq!(
            &root_of_prefix(&leaves, head.size()),
            head.root(),
            "a fork at {}",
            head.size()
        );
    }
}

/// SIGKILL in the middle of the load, on each engine.
fn killed_under_load(db: &str) {
    let server = Server::start(db, &[]);
    let stop = AtomicBool::new(false);
    let seen = AtomicUsize::new(0);
    let mut last_before: Option<SignedCheckpoint> = None;
    let acknowledged = std::thread::scope(|scope| {
        let posting = scope.spawn(|| post_until(&[&server], 4, 10_000, "killed", &stop));
        // Under load, a published checkpoint with leaves, then the kill.
        loop {
            std::thread::sleep(Duration::from_millis(50));
            let r = server.anonymous("GET", "/log/checkpoint", b"");
            let head = SignedCheckpoint::parse(&r.text(), "").unwrap();
            if head.checkpoint().size() >= 40 {
                seen.store(head.checkpoint().size() as usize, Ordering::Relaxed);
                last_before = Some(head);
                break;
            }
        }
        std::thread::sleep(Duration::from_millis(300));
        let status = std::process::Command::new("kill")
            .args(["-9", &server.pid().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        stop.store(true, Ordering::Relaxed);
        posting.join().unwrap()
    });
    let last_before = last_before.unwrap();
    assert!(!acknowledged.is_empty());
    // Started again on the same database: its log holds every receipt it
    // acknowledged, where it said, and extends what it published.
    let again = Server::start(db, &[]);
    let highest = acknowledged.iter().map(|a| a.index).max().unwrap();
    let head = checkpoint_covering(&again, highest + 1);
    let leaves = leaves_from_tiles(&again, head.checkpoint().size());
    each_in_its_place(&leaves, &acknowledged);
    let before = last_before.checkpoint();
    assert!(head.checkpoint().size() >= before.size());
    assert_eq!(
        &root_of_prefix(&leaves, before.size()),
        before.root(),
        "the tree after the restart does not extend the checkpoint published before the kill"
    );
    assert_eq!(
        &root_of_prefix(&leaves, head.checkpoint().size()),
        head.checkpoint().root()
    );
}

#[test]
fn a_service_killed_under_load_keeps_its_log_on_sqlite() {
    let dir = TempDir::new("limpide-killed");
    killed_under_load(&format!("sqlite://{}", dir.0.join("killed.db").display()));
}

#[test]
fn a_service_killed_under_load_keeps_its_log_on_postgresql() {
    let cluster = Cluster::start(&[]);
    killed_under_load(&cluster.database("killed"));
}
