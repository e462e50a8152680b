//! A command-line tool in a pipeline stops quietly when its reader goes away
//! (`limpide verify - < audit.jsonl | head`).

#![allow(clippy::unwrap_used)] // tests fail loudly on unexpected input

use std::io::{BufRead as _, BufReader, Write as _};
use std::process::{Command, Stdio};

#[test]
fn verify_stops_quietly_when_its_reader_goes_away() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_limpide"))
        .args(["verify", "-"])
        .env("RUST_BACKTRACE", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Far more lines than a pipe holds: each is read, but invalid, and
    // printed as one problem line.
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let lines = "{}\n".repeat(200_000);
        // The command may stop reading once its reader has gone.
        let _ = stdin.write_all(lines.as_bytes());
    });
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    assert!(first.starts_with("-:1: "), "{first}");
    drop(stdout);
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("Broken pipe"), "{stderr}");
    // What was checked (invalid documents) decides the exit status.
    assert_eq!(output.status.code(), Some(1), "{stderr}");
}
