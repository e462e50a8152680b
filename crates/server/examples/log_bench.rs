//! `cargo xtask bench server`'s figures for the transparency log (printed,
//! never asserted):
//! - an inclusion proof at 1 M and 12 M leaves, by simulation (the tree
//!   built in memory with the service's `Frontier`, keeping the levels it
//!   keeps, proofs made by `tlog_tiles` from them as the service makes
//!   them, folding the levels between, and checked by the receipt
//!   core as a family's device checks them): time to make, time to check,
//!   size as a C2SP tlog-proof;
//! - `limpide log watch --once` over a real service whose log holds 1 M
//!   leaves (written into its SQLite database, then served by it).
//!
//! Run with `LIMPIDE_SERVER_BIN` and `LIMPIDE_BIN` set to the release binaries.
#![allow(clippy::unwrap_used)] // a bench fails loudly

#[path = "../tests/support/mod_list.rs"]
mod support;

use std::time::{Duration, Instant};

use limpide_receipt::base64url;
use limpide_receipt::log::{leaf_hash, root_from_inclusion, Frontier, TreeHash};
use limpide_server::transparency::{fold, folded_from, keeps_level};
use sqlx::Connection as _;
use support::server::{root, Server, TempDir};
use tlog_tiles::{split_stored_hash_index, Hash, HashReader};

/// The tree in memory as the service keeps it: the nodes of each kept
/// level, by index (the others empty, folded on read as the service does).
struct Levels(Vec<Vec<TreeHash>>);

impl HashReader for Levels {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, tlog_tiles::tlog::Error> {
        Ok(indexes
            .iter()
            .map(|&i| {
                let (level, n) = split_stored_hash_index(i);
                let (kept, first, count) = folded_from(u32::from(level), n).unwrap();
                let nodes = &self.0[kept as usize][first as usize..(first + count) as usize];
                Hash(fold(nodes).unwrap())
            })
            .collect())
    }
}

/// Leaf `i`'s data: a receipt's entry, its digest made up.
fn entry(i: u64) -> String {
    format!(
        "receipt {}",
        limpide_receipt::sha256_base64url(&i.to_be_bytes())
    )
}

fn build(size: u64) -> (Levels, TreeHash) {
    let mut frontier = Frontier::default();
    let mut levels: Vec<Vec<TreeHash>> = vec![Vec::new(); 64];
    for i in 0..size {
        for node in frontier.push(leaf_hash(entry(i).as_bytes())) {
            if keeps_level(node.level) {
                levels[node.level as usize].push(node.hash);
            }
        }
    }
    (Levels(levels), frontier.root())
}

fn median(mut times: Vec<Duration>) -> f64 {
    times.sort();
    times[times.len() / 2].as_secs_f64() * 1e6
}

fn proofs(size: u64) {
    let start = Instant::now();
    let (tree, root) = build(size);
    let built = start.elapsed();
    let (mut make, mut check, mut hashes) = (Vec::new(), Vec::new(), 0);
    for k in 0..1000u64 {
        let index = (k * 7_919_993) % size;
        let t = Instant::now();
        let proof: Vec<TreeHash> = tlog_tiles::prove_record(size, index, &tree)
            .unwrap()
            .into_iter()
            .map(|h| h.0)
            .collect();
        make.push(t.elapsed());
        let leaf = leaf_hash(entry(index).as_bytes());
        let t = Instant::now();
        assert_eq!(root_from_inclusion(index, size, &leaf, &proof), Some(root));
        check.push(t.elapsed());
        hashes = proof.len();
    }
    // The tlog-proof text: its header and index, one base64 line per hash,
    // and a checkpoint with one signature (about 160 bytes).
    let text = 23 + 7 + 8 + hashes * 45 + 1 + 160;
    println!(
        "log proof at {size} leaves (simulated; tree built in {:.1} s): {hashes} hashes, a tlog-proof of about {text} bytes; made in {:.1} µs, checked in {:.1} µs (medians of 1 000)",
        built.as_secs_f64(),
        median(make),
        median(check),
    );
}

/// Writes a log of `size` leaves into the service's SQLite database, as the
/// service would have appended it.
async fn fill(url: &str, size: u64) {
    let mut conn = sqlx::AnyConnection::connect(url).await.unwrap();
    let mut tx = conn.begin().await.unwrap();
    let mut frontier = Frontier::default();
    let (mut leaves, mut nodes) = (Vec::new(), Vec::new());
    for i in 0..size {
        let text = entry(i);
        for node in frontier.push(leaf_hash(text.as_bytes())) {
            if node.level == 0 {
                leaves.push((i as i64, text.clone(), base64url::encode(&node.hash)));
            } else if keeps_level(node.level) {
                nodes.push((
                    i64::from(node.level),
                    node.index as i64,
                    base64url::encode(&node.hash),
                ));
            }
        }
    }
    for part in leaves.chunks(5_000) {
        let sql = format!(
            "INSERT INTO log_leaves (leaf_index, entry, hash) VALUES {}",
            vec!["(?, ?, ?)"; part.len()].join(", ")
        );
        let mut query = sqlx::query(&sql);
        for (i, e, h) in part {
            query = query.bind(*i).bind(e.as_str()).bind(h.as_str());
        }
        query.execute(&mut *tx).await.unwrap();
    }
    for part in nodes.chunks(5_000) {
        let sql = format!(
            "INSERT INTO log_nodes (level, node_index, hash) VALUES {}",
            vec!["(?, ?, ?)"; part.len()].join(", ")
        );
        let mut query = sqlx::query(&sql);
        for (l, i, h) in part {
            query = query.bind(*l).bind(*i).bind(h.as_str());
        }
        query.execute(&mut *tx).await.unwrap();
    }
    sqlx::query("UPDATE log_state SET size = ?, frontier = ? WHERE id = 1")
        .bind(size as i64)
        .bind(frontier.encode())
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

fn watch(size: u64) {
    let dir = TempDir::new("limpide-log-bench");
    let url = format!("sqlite://{}", dir.0.join("log.db").display());
    drop(Server::start(&url, &[])); // creates and migrates the database
    let runtime = tokio::runtime::Runtime::new().unwrap();
    sqlx::any::install_default_drivers();
    runtime.block_on(fill(&url, size));
    let server = Server::start(&url, &[]);
    // The demo notice lists the demo log's key.
    let notice = root().join("www/notices/pass-region.json");
    let cli = std::env::var("LIMPIDE_BIN").expect("LIMPIDE_BIN names the limpide binary");
    let start = Instant::now();
    let run = std::process::Command::new(cli)
        .args([
            "log",
            "watch",
            &format!("http://{}", server.addr),
            "--notice",
        ])
        .arg(&notice)
        .arg("--once")
        .output()
        .unwrap();
    let took = start.elapsed();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stdout)
    );
    println!(
        "limpide log watch --once over {size} leaves of a real service (SQLite, loopback): {:.1} s, every entry bundle and hash tile read and checked",
        took.as_secs_f64()
    );
}

fn main() {
    for size in [1_000_000, 12_000_000] {
        proofs(size);
    }
    watch(1_000_000);
}
