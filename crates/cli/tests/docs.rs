//! Runs every `console` example of `docs/cli.md` against the built binary,
//! so the documentation cannot drift from what the command does.

#![allow(clippy::unwrap_used)] // tests fail loudly on unexpected input

use std::path::{Path, PathBuf};
use std::process::Command;

/// One `$ command` with its expected output lines and exit status.
struct Example {
    command: String,
    expected: Vec<String>,
    status: i32,
}

fn examples(markdown: &str) -> Vec<Example> {
    let mut out: Vec<Example> = Vec::new();
    let mut in_block = false;
    for line in markdown.lines() {
        if line.starts_with("```") {
            in_block = line == "```console";
            continue;
        }
        if !in_block {
            continue;
        }
        if let Some(command) = line.strip_prefix("$ ") {
            out.push(Example {
                command: command.to_owned(),
                expected: Vec::new(),
                status: 0,
            });
        } else if let Some(status) = line.strip_prefix("# exit ") {
            out.last_mut()
                .expect("an exit status follows a command")
                .status = status.parse().unwrap();
        } else {
            out.last_mut()
                .expect("output follows a command")
                .expected
                .push(line.to_owned());
        }
    }
    out
}

/// Whether `actual` matches `pattern`, where `[..]` matches any text.
fn line_matches(pattern: &str, actual: &str) -> bool {
    let parts: Vec<&str> = pattern.split("[..]").collect();
    if parts.len() == 1 {
        return pattern == actual;
    }
    let mut rest = actual;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            let Some(r) = rest.strip_prefix(part) else {
                return false;
            };
            rest = r;
        } else if i == parts.len() - 1 {
            return rest.ends_with(part);
        } else {
            let Some(at) = rest.find(part) else {
                return false;
            };
            rest = &rest[at + part.len()..];
        }
    }
    true
}

/// Matches output lines; a pattern line that is exactly `[..]` matches any
/// number of lines up to the next pattern line that matches.
fn output_matches(expected: &[String], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first == "[..]" => {
            (0..=actual.len()).any(|skip| output_matches(rest, &actual[skip..]))
        }
        Some((first, rest)) => {
            !actual.is_empty()
                && line_matches(first, actual[0])
                && output_matches(rest, &actual[1..])
        }
    }
}

fn workdir() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = std::env::temp_dir().join(format!("limpide-cli-docs-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("notices")).unwrap();
    std::fs::copy(
        root.join("www/notices/pass-region.json"),
        dir.join("notices/pass-region.json"),
    )
    .unwrap();
    std::fs::copy(
        root.join("www/notices/pass-college.json"),
        dir.join("notices/pass-college.json"),
    )
    .unwrap();
    // The demo controller's key: the one notices/pass-region.json lists.
    std::fs::copy(
        root.join("crates/server/demo/controller.jwk"),
        dir.join("controller.jwk"),
    )
    .unwrap();
    for older in ["pass-region-2026-09-01.json", "pass-region-2026-12-01.json"] {
        std::fs::copy(
            root.join("www/notices").join(older),
            dir.join("notices").join(older),
        )
        .unwrap();
    }
    // The documented receipts and controller records.
    for entry in std::fs::read_dir(root.join("docs/examples")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
    for entry in std::fs::read_dir(root.join("crates/receipt/tests/fixtures/notices")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join("notices").join(path.file_name().unwrap())).unwrap();
    }
    dir
}

#[test]
fn every_example_in_docs_cli_md_runs_as_documented() {
    let docs =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/cli.md")).unwrap();
    let examples = examples(&docs);
    assert!(
        examples.len() >= 15,
        "found only {} examples",
        examples.len()
    );
    let dir = workdir();
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_limpide"))
        .parent()
        .unwrap()
        .to_owned();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for example in &examples {
        let output = Command::new("bash")
            .args(["-c", &format!("set -o pipefail; {}", example.command)])
            .current_dir(&dir)
            .env("PATH", &path)
            .env("LC_ALL", "C")
            .output()
            .unwrap();
        let stdout = String::from_utf8(output.stdout).unwrap();
        let lines: Vec<&str> = stdout.lines().collect();
        assert_eq!(
            output.status.code(),
            Some(example.status),
            "`{}` exited {:?}\nstdout:\n{stdout}\nstderr:\n{}",
            example.command,
            output.status.code(),
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(
            output_matches(&example.expected, &lines),
            "`{}` printed:\n{stdout}\nexpected:\n{}",
            example.command,
            example.expected.join("\n")
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
