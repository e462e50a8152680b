//! `cargo xtask bench`'s figures for the receipt service (printed, never
//! asserted): on loopback, against SQLite and against PostgreSQL (a cluster
//! of our own, with its default durability settings),
//! - 20 000 receipts posted by 50 concurrent clients (each owning 100
//!   pupils, each pupil's 4 receipts chained, in order): throughput, p50,
//!   p99; then a check that every accepted receipt is stored exactly once;
//! - the release of an approved campaign over 100 000 subjects (a CSV of
//!   100 000 rows, half of them allowed, each kept row given its message
//!   and stop link): the median of 5 campaigns, each drafted, approved and
//!   released over HTTP;
//! - what the transparency log costs (`log_cost`): receipts/s with it and
//!   without it, in alternating runs.
//!
//! Run by `cargo xtask bench` with `LIMPIDE_SERVER_BIN` set to the release
//! binary, and `LIMPIDE_SERVER_BIN_WITHOUT_LOG` to its build without the
//! log.
#![allow(clippy::unwrap_used)] // a bench fails loudly

#[path = "../../tests/support/mod_list.rs"]
mod support;

mod log_cost;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use limpide_receipt::{Notice, Receipt};
use support::campaign_scenarios::sms_draft;
use support::postgres::Cluster;
use support::receipts::{credential, notice, receipt, subject_value, Spec, SMS};
use support::scenarios::audit_ids;
use support::server::{Server, TempDir};

const CLIENTS: usize = 50;
const PUPILS_PER_CLIENT: usize = 100;
const CHAIN: usize = 4;
const GATE_SUBJECTS: usize = 100_000;
const GATE_RUNS: usize = 5;

fn main() {
    let notice = notice();
    eprintln!(
        "signing {} receipts for the load…",
        CLIENTS * PUPILS_PER_CLIENT * CHAIN
    );
    let load = chained_load(&notice);
    eprintln!("signing {GATE_SUBJECTS} first receipts for the release…");
    let gate_load = gate_load(&notice);

    if wanted("sqlite") {
        let dir = TempDir::new("limpide-bench");
        let sqlite = format!("sqlite://{}", dir.0.join("bench.db").display());
        bench("SQLite", &sqlite, &load, &gate_load);
        let mut fresh_db =
            |label: &str| format!("sqlite://{}", dir.0.join(format!("{label}.db")).display());
        log_cost::compare("SQLite", &mut fresh_db, &load, &gate_load);
    }
    if wanted("postgres") {
        // Settings to try (`LIMPIDE_BENCH_PG_SETTINGS`, e.g.
        // `synchronous_commit=off`), to find where time goes; none by default.
        let settings = std::env::var("LIMPIDE_BENCH_PG_SETTINGS").unwrap_or_default();
        let settings: Vec<&str> = settings.split_whitespace().collect();
        let cluster = Cluster::start(&settings);
        let postgres = cluster.database("bench");
        bench("PostgreSQL", &postgres, &load, &gate_load);
        let mut fresh_db = |label: &str| cluster.database(label);
        log_cost::compare("PostgreSQL", &mut fresh_db, &load, &gate_load);
    }
}

/// Whether to bench this engine: all of them unless `LIMPIDE_BENCH_ENGINES`
/// names some (`sqlite,postgres`), to measure one change on one engine.
fn wanted(engine: &str) -> bool {
    std::env::var("LIMPIDE_BENCH_ENGINES").map_or(true, |list| list.split(',').any(|e| e == engine))
}

/// A receipt to post: its id, its JWS, its pupil's credential.
type Post = (String, String, String);

/// Per client, its pupils' receipts in posting order (each chain in order).
fn chained_load(notice: &Notice) -> Vec<Vec<Post>> {
    (0..CLIENTS)
        .map(|c| {
            let mut posts = Vec::new();
            for p in 0..PUPILS_PER_CLIENT {
                let subject = subject_value(&format!("load-{c}-{p}"));
                let credential = credential(&subject);
                let mut previous: Option<Receipt> = None;
                for step in 0..CHAIN {
                    let grants: &[(&str, _)] = if step % 2 == 0 {
                        &[("bons-plans", SMS)]
                    } else {
                        &[]
                    };
                    let issued_at = format!("2026-12-01T10:{:02}:00Z", step);
                    let r = receipt(
                        notice,
                        Spec {
                            pupil: (p % 250) as u8 + 1,
                            subject: Some(subject.clone()),
                            grants,
                            issued_at: &issued_at,
                            previous: previous.as_ref(),
                            id: None,
                        },
                    );
                    posts.push((
                        r.payload().receipt_id.clone(),
                        r.to_json(),
                        credential.clone(),
                    ));
                    previous = Some(r);
                }
            }
            posts
        })
        .collect()
}

/// One first receipt per gate subject, spread over the clients; even
/// subjects grant SMS.
fn gate_load(notice: &Notice) -> Vec<Vec<Post>> {
    let mut per_client = vec![Vec::new(); CLIENTS];
    for i in 0..GATE_SUBJECTS {
        let grants: &[(&str, _)] = if i % 2 == 0 {
            &[("bons-plans", SMS)]
        } else {
            &[]
        };
        let r = receipt(
            notice,
            Spec {
                pupil: (i % 250) as u8 + 1,
                subject: Some(subject_value(&format!("gate-{i}"))),
                grants,
                ..Spec::default()
            },
        );
        let post = (
            r.payload().receipt_id.clone(),
            r.to_json(),
            credential(&format!("gate-{i}")),
        );
        per_client[i % CLIENTS].push(post);
    }
    per_client
}

/// Posts every client's receipts concurrently: (accepted ids, latencies,
/// wall time). The 50 clients are 50 connections driven by one thread
/// (tokio, current-thread): 50 client threads would compete with the
/// service for the machine's two cores and measure the scheduler instead.
/// Answers are not verified here (the tests do).
fn post_all(server: &Server, load: &[Vec<Post>]) -> (Vec<String>, Vec<Duration>, Duration) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let start = Instant::now();
    let results = runtime.block_on(async {
        let clients = load.iter().map(|posts| {
            let addr = server.addr.clone();
            let posts = posts.clone();
            tokio::spawn(async move { client(&addr, &posts).await })
        });
        let mut results = Vec::new();
        for handle in clients.collect::<Vec<_>>() {
            results.push(handle.await.unwrap());
        }
        results
    });
    let wall = start.elapsed();
    let (mut ids, mut latencies) = (Vec::new(), Vec::new());
    for (a, l) in results {
        ids.extend(a);
        latencies.extend(l);
    }
    latencies.sort();
    (ids, latencies, wall)
}

/// One client: its receipts in order, on one kept-alive connection.
async fn client(addr: &str, posts: &[Post]) -> (Vec<String>, Vec<Duration>) {
    use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
    let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.set_nodelay(true).unwrap();
    let mut stream = BufReader::new(stream);
    let (mut accepted, mut latencies) = (Vec::new(), Vec::new());
    for (id, body, credential) in posts {
        let sent = Instant::now();
        // With the pupil's credential, as the widget sends every post.
        let head = format!(
            "POST /receipts HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/jose+json\r\nAuthorization: Bearer {credential}\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        stream.get_mut().write_all(head.as_bytes()).await.unwrap();
        stream.get_mut().write_all(body.as_bytes()).await.unwrap();
        let mut line = String::new();
        stream.read_line(&mut line).await.unwrap();
        let status = line
            .split_whitespace()
            .nth(1)
            .unwrap_or_default()
            .to_owned();
        let mut length = 0;
        loop {
            let mut header = String::new();
            stream.read_line(&mut header).await.unwrap();
            if header.trim().is_empty() {
                break;
            }
            if let Some(v) = header.to_ascii_lowercase().strip_prefix("content-length:") {
                length = v.trim().parse().unwrap();
            }
        }
        let mut answer = vec![0; length];
        stream.read_exact(&mut answer).await.unwrap();
        latencies.push(sent.elapsed());
        if status == "200" {
            accepted.push(id.clone());
        } else {
            eprintln!("refused: {status} {}", String::from_utf8_lossy(&answer));
        }
    }
    (accepted, latencies)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn bench(engine: &str, db: &str, load: &[Vec<Post>], gate_load: &[Vec<Post>]) {
    let server = Server::start(db, &[]);
    let total: usize = load.iter().map(Vec::len).sum();
    let (accepted, latencies, wall) = post_all(&server, load);
    // Every accepted receipt stored exactly once: the audit export, read back.
    let stored = audit_ids(&server);
    let unique: HashSet<&String> = stored.iter().collect();
    let accepted_set: HashSet<&String> = accepted.iter().collect();
    let exactly_once = stored.len() == unique.len() && unique == accepted_set;
    println!(
        "{engine:<10} {total} receipts, {CLIENTS} clients: {:.0} receipts/s, p50 {:.2} ms, p99 {:.2} ms; {} accepted, {} stored, each exactly once: {}",
        total as f64 / wall.as_secs_f64(),
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99),
        accepted.len(),
        stored.len(),
        if exactly_once { "yes" } else { "NO" }
    );

    let gate_total: usize = gate_load.iter().map(Vec::len).sum();
    let (gate_accepted, latencies, wall) = post_all(&server, gate_load);
    println!(
        "{engine:<10} {gate_total} first receipts (release set-up), {CLIENTS} clients: {:.0} receipts/s, p50 {:.2} ms, p99 {:.2} ms; {} accepted",
        gate_total as f64 / wall.as_secs_f64(),
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99),
        gate_accepted.len()
    );
    let mut csv = String::from("subject,mobile\n");
    for i in 0..GATE_SUBJECTS {
        csv.push_str(&format!("gate-{i},06{i:08}\n"));
    }
    let mut times = Vec::new();
    let mut kept = String::new();
    for run in 0..GATE_RUNS {
        let body = sms_draft(
            "bons-plans",
            &format!("Les bons plans de la semaine ({run})"),
        );
        let drafted = server.communications("POST", "/campaigns", body.to_string().as_bytes());
        assert_eq!(drafted.status, 201, "{}", drafted.text());
        let id = serde_json::from_str::<serde_json::Value>(&drafted.text()).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let approved = server.dpo("POST", &format!("/campaigns/{id}/approve"), b"");
        assert_eq!(approved.status, 200, "{}", approved.text());
        let start = Instant::now();
        let answer =
            server.communications("POST", &format!("/campaigns/{id}/release"), csv.as_bytes());
        times.push(start.elapsed());
        assert_eq!(answer.status, 200, "{}", answer.text());
        kept = answer
            .header("limpide-rows-kept")
            .unwrap_or_default()
            .to_owned();
    }
    times.sort();
    let start = Instant::now();
    let permissions = server.dpo(
        "GET",
        "/permissions?notice=pass-region&purpose=bons-plans&channel=sms",
        b"",
    );
    let listed = permissions.text().lines().count();
    let permissions_time = start.elapsed();
    println!(
        "{engine:<10} campaign release over {GATE_SUBJECTS} subjects: HTTP median {:.0} ms (min {:.0}, max {:.0}, {GATE_RUNS} campaigns; {kept} kept, each with its message and stop link); /permissions streamed {listed} lines in {:.0} ms; service peak RSS {} MiB",
        times[GATE_RUNS / 2].as_secs_f64() * 1000.0,
        times[0].as_secs_f64() * 1000.0,
        times[GATE_RUNS - 1].as_secs_f64() * 1000.0,
        permissions_time.as_secs_f64() * 1000.0,
        peak_rss_kib(server.pid()).map_or("?".to_owned(), |k| format!("{:.1}", k as f64 / 1024.0)),
    );
}
