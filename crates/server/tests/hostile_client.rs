//! A hostile client against the real binary (on SQLite: these are the
//! connection's limits, the same on either engine): a head sent a line at
//! a time, an idle connection, more connections than allowed, a route
//! that does not answer in time, answers the client stops reading, and
//! staff exports that must not starve the receipts' writers. Each checks
//! what the service does (a closed connection, an answer), never how fast.
#![allow(clippy::unwrap_used)] // tests fail loudly on unexpected input

#[path = "support/mod_list.rs"]
mod support;

use std::io::{ErrorKind, Read as _, Write as _};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use support::receipts::{notice, receipt, subject_value, Spec};
use support::server::{role_token, Server, TempDir};
use support::sql;

/// Reads until the service closes the connection, for at most `patience`:
/// what it sent, and whether it closed it.
fn read_until_closed(stream: &mut TcpStream, patience: Duration) -> (Vec<u8>, bool) {
    let end = Instant::now() + patience;
    let mut got = Vec::new();
    let mut buf = [0u8; 64 * 1024];
    while Instant::now() < end {
        stream
            .set_read_timeout(Some(Duration::from_millis(500)))
            .unwrap();
        match stream.read(&mut buf) {
            Ok(0) => return (got, true),
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            // Reset: closed with data unread.
            Err(_) => return (got, true),
        }
    }
    (got, false)
}

fn connect(server: &Server) -> TcpStream {
    TcpStream::connect(&server.addr).unwrap()
}

fn db_in(dir: &TempDir) -> String {
    format!("sqlite://{}", dir.0.join("hostile.db").display())
}

#[test]
fn a_head_sent_a_line_at_a_time_is_cut() {
    let dir = TempDir::new("limpide-slow-head");
    let server = Server::start(
        &db_in(&dir),
        &["--header-timeout", "1", "--idle-timeout", "60"],
    );
    let mut slow = connect(&server);
    slow.write_all(b"GET /keys HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .unwrap();
    // One header line every half second, for up to 20 s: far past the
    // header timeout, well before any other limit.
    let mut cut = false;
    for n in 0..40 {
        std::thread::sleep(Duration::from_millis(500));
        if slow
            .write_all(format!("X-Slow-{n}: 1\r\n").as_bytes())
            .is_err()
        {
            cut = true;
            break;
        }
        slow.set_nonblocking(true).unwrap();
        let mut byte = [0u8; 1];
        let closed = matches!(slow.read(&mut byte), Ok(0))
            || matches!(slow.read(&mut byte), Err(e) if e.kind() != ErrorKind::WouldBlock);
        slow.set_nonblocking(false).unwrap();
        if closed {
            cut = true;
            break;
        }
    }
    assert!(cut, "a head sent a line every 0.5 s was never cut");
    // The service still answers everyone else.
    assert_eq!(server.anonymous("GET", "/keys", b"").status, 200);
}

#[test]
fn idle_connections_are_closed() {
    let dir = TempDir::new("limpide-idle");
    let server = Server::start(
        &db_in(&dir),
        &["--idle-timeout", "1", "--header-timeout", "30"],
    );
    // A connection that never sends anything.
    let mut silent = connect(&server);
    let (_, closed) = read_until_closed(&mut silent, Duration::from_secs(20));
    assert!(closed, "a silent connection stayed open");
    // A kept-alive connection after its answer.
    let mut kept = connect(&server);
    kept.write_all(b"GET /keys HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .unwrap();
    let (answer, closed) = read_until_closed(&mut kept, Duration::from_secs(20));
    assert!(
        answer.starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&answer)
    );
    assert!(closed, "an idle kept-alive connection stayed open");
}

#[test]
fn connections_beyond_the_limit_wait_for_a_place() {
    let dir = TempDir::new("limpide-max-conn");
    let server = Server::start(
        &db_in(&dir),
        &[
            "--max-connections",
            "2",
            "--idle-timeout",
            "60",
            "--header-timeout",
            "60",
        ],
    );
    let idle: Vec<TcpStream> = (0..2).map(|_| connect(&server)).collect();
    // Both places are taken: a third connection's request waits.
    let mut third = connect(&server);
    third
        .write_all(b"GET /keys HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .unwrap();
    third
        .set_read_timeout(Some(Duration::from_secs(1)))
        .unwrap();
    let mut buf = [0u8; 16];
    let early = third.read(&mut buf);
    assert!(
        matches!(&early, Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut)),
        "a third connection was served beside two open ones: {early:?}"
    );
    // A place comes free: it is served.
    drop(idle);
    let (answer, _) = read_until_closed(&mut third, Duration::from_secs(20));
    assert!(
        answer.starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&answer)
    );
}

#[test]
fn a_route_that_does_not_answer_in_time_is_503() {
    let dir = TempDir::new("limpide-request-timeout");
    let server = Server::start(
        &db_in(&dir),
        &[
            "--request-timeout",
            "1",
            "--body-timeout",
            "30",
            "--header-timeout",
            "30",
        ],
    );
    // A body that never comes: only the request timeout can end it.
    let mut stalled = connect(&server);
    stalled
        .write_all(
            b"POST /receipts HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/jose+json\r\n\
              Content-Length: 100\r\n\r\n{",
        )
        .unwrap();
    let (answer, _) = read_until_closed(&mut stalled, Duration::from_secs(20));
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(answer.contains("\"request-timeout\""), "{answer}");
}

/// A database whose audit export is some 40 MB: one real receipt copied
/// in SQL 10 000 times (twice its JWS each), each copy another subject's.
fn large_audit(dir: &TempDir) -> String {
    let db = db_in(dir);
    {
        let server = Server::start(&db, &[]);
        let sent = receipt(&notice(), Spec::default());
        assert_eq!(server.post_receipt(sent.to_json().as_bytes()).status, 200);
    }
    sql::execute(
        &db,
        "INSERT INTO receipts (receipt_id, notice_id, notice_version, subject, issued_at, \
           stored_at, previous_id, previous_digest, digest, jws, language, lapses_at) \
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000) \
         SELECT r.receipt_id || '-' || n.i, r.notice_id, r.notice_version, r.subject || '-' || n.i, \
           r.issued_at, r.stored_at + n.i, NULL, NULL, r.digest, r.jws || r.jws, r.language, r.lapses_at \
         FROM receipts r, n",
    );
    db
}

/// `GET /audit` as the DPO on a new connection, never read.
fn unread_audit(server: &Server) -> TcpStream {
    let mut stream = connect(server);
    let head = format!(
        "GET /audit HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {}\r\n\r\n",
        role_token("dpo")
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream
}

#[test]
fn an_answer_the_client_stops_reading_is_cut() {
    let dir = TempDir::new("limpide-stall");
    let db = large_audit(&dir);
    let server = Server::start(&db, &["--stall-timeout", "1"]);
    let mut reader = unread_audit(&server);
    // Not read for a while: the service's writes make no progress.
    std::thread::sleep(Duration::from_secs(4));
    let (got, closed) = read_until_closed(&mut reader, Duration::from_secs(60));
    assert!(closed, "the connection stayed open");
    assert!(
        !got.ends_with(b"\r\n0\r\n\r\n"),
        "the whole export came through ({} bytes): the stalled answer was never cut",
        got.len()
    );
    assert_eq!(server.anonymous("GET", "/keys", b"").status, 200);
}

#[test]
fn readers_that_stop_reading_never_starve_the_writers() {
    let dir = TempDir::new("limpide-starve");
    let db = large_audit(&dir);
    let server = Server::start(&db, &[]);
    // More readers than SQLite's pool has connections (4), none reading.
    let readers: Vec<TcpStream> = (0..6).map(|_| unread_audit(&server)).collect();
    std::thread::sleep(Duration::from_secs(2));
    for pupil in 0..3 {
        let sent = receipt(
            &notice(),
            Spec {
                subject: Some(subject_value(&format!("eleve-writer-{pupil}"))),
                ..Spec::default()
            },
        );
        let answer = server.post_receipt(sent.to_json().as_bytes());
        assert_eq!(answer.status, 200, "{}", answer.text());
    }
    let permissions = server.dpo(
        "GET",
        "/permissions?notice=pass-region&purpose=bons-plans&channel=sms",
        b"",
    );
    assert_eq!(permissions.status, 200, "{}", permissions.text());
    drop(readers);
}

#[test]
fn a_huge_contact_list_is_refused_at_once() {
    let dir = TempDir::new("limpide-huge-list");
    let server = Server::start(&db_in(&dir), &[]);
    // 40 MiB announced, over the 32 MiB cap: refused from its length,
    // before the service reads or parses any of it.
    let mut upload = connect(&server);
    let head = format!(
        "POST /campaigns/any/release HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {}\r\n\
         Content-Type: text/csv\r\nContent-Length: {}\r\n\r\nsubject\r\n",
        role_token("communications"),
        40 * 1024 * 1024
    );
    upload.write_all(head.as_bytes()).unwrap();
    // The service answers everyone else meanwhile.
    assert_eq!(server.anonymous("GET", "/keys", b"").status, 200);
    upload
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    while !answer.windows(4).any(|w| w == b"\r\n\r\n") || !answer.ends_with(b"}") {
        match upload.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => answer.extend_from_slice(&buf[..n]),
        }
    }
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("\"code\":\"too-large\""), "{answer}");
}
