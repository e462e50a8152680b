//! `cargo xtask fuzz [SECONDS]`: the coverage-guided fuzz targets of
//! `crates/receipt/fuzz` (cargo-fuzz, libFuzzer, nightly), each for a
//! bounded time (60 s unless told), seeded from the notices, receipts and
//! test vectors in the repository. Not a CI gate: a run explores, and each
//! crash it finds becomes a regression test in `crates/receipt/tests/`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{anyhow, bail, Context as _, Result};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

use crate::mutants::ensure_cargo_tool;
use crate::root;

/// What a seed file gives a target's corpus.
#[derive(Clone, Copy)]
enum Seed {
    /// The file itself.
    File,
    /// The decoded `payload` of a receipt file (for `signed_payload`,
    /// whose input is the payload bytes).
    Payload,
}

/// Each target, the files (relative to the workspace root) it starts from
/// (a directory stands for its `.json` files), and what they give it.
const TARGETS: &[(&str, &[&str], Seed)] = &[
    (
        "notice",
        &["www/notices", "crates/receipt/tests/fixtures/notices"],
        Seed::File,
    ),
    ("receipt", &["docs/examples"], Seed::File),
    ("record", &["docs/examples"], Seed::File),
    ("signed_payload", &["docs/examples"], Seed::Payload),
    (
        "jcs",
        &[
            "crates/receipt/tests/vectors/jcs/input",
            "www/notices",
            "docs/examples",
            "crates/receipt/tests/vectors/rfc8037-appendix-a.json",
        ],
        Seed::File,
    ),
    (
        "base64url",
        &[
            "docs/examples",
            "crates/receipt/tests/vectors/rfc8037-appendix-a.json",
        ],
        Seed::File,
    ),
];

/// What one target's run reports.
struct Figures {
    runs: String,
    coverage: String,
    features: String,
    corpus: String,
    crashes: usize,
}

pub fn run(args: &[String]) -> Result<()> {
    let seconds: u64 = match args.first() {
        Some(s) => s
            .parse()
            .with_context(|| format!("SECONDS: {s:?} is not a number of seconds"))?,
        None => 60,
    };
    ensure_cargo_tool("fuzz", "cargo-fuzz")?;
    let dir = root().join("crates/receipt");
    // The crate forbids unsafe code, so AddressSanitizer would mostly slow
    // each run down; without it libFuzzer runs several times more inputs.
    cargo_fuzz(&dir, &["build", "-s", "none"])?;
    let mut results = Vec::new();
    for (target, seeds, kind) in TARGETS {
        let corpus = seed_corpus(&dir, target, seeds, *kind)?;
        results.push((*target, run_target(&dir, target, &corpus, seconds)?));
    }
    report(&results);
    let crashes: usize = results.iter().map(|(_, f)| f.crashes).sum();
    if crashes > 0 {
        bail!("{crashes} crash(es): see crates/receipt/fuzz/artifacts/; each becomes a regression test");
    }
    Ok(())
}

fn cargo_fuzz(dir: &Path, args: &[&str]) -> Result<std::process::Output> {
    eprintln!("+ cargo +nightly fuzz {}", args.join(" "));
    let output = Command::new("cargo")
        .arg("+nightly")
        .arg("fuzz")
        .args(args)
        .current_dir(dir)
        .output()
        .context("cannot run `cargo +nightly fuzz`: is the nightly toolchain installed?")?;
    if args.first() == Some(&"build") && !output.status.success() {
        bail!(
            "cargo fuzz build failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(output)
}

/// Copies the seeds into `fuzz/corpus/TARGET` (kept between runs, so each
/// run goes on from what the last one found).
fn seed_corpus(dir: &Path, target: &str, seeds: &[&str], kind: Seed) -> Result<PathBuf> {
    let corpus = dir.join("fuzz/corpus").join(target);
    fs::create_dir_all(&corpus)?;
    for seed in seeds {
        for file in seed_files(&root().join(seed))? {
            let name = format!(
                "seed-{}",
                file.file_name().unwrap_or_default().to_string_lossy()
            );
            fs::write(corpus.join(name), seed_bytes(&file, kind)?)
                .with_context(|| format!("cannot seed from {}", file.display()))?;
        }
    }
    Ok(corpus)
}

fn seed_bytes(file: &Path, kind: Seed) -> Result<Vec<u8>> {
    let bytes = fs::read(file)?;
    match kind {
        Seed::File => Ok(bytes),
        Seed::Payload => {
            let receipt: serde_json::Value = serde_json::from_slice(&bytes)?;
            let payload = receipt["payload"].as_str().unwrap_or_default();
            URL_SAFE_NO_PAD
                .decode(payload)
                .map_err(|e| anyhow!("{}: the payload is not base64url: {e}", file.display()))
        }
    }
}

fn seed_files(path: &Path) -> Result<Vec<PathBuf>> {
    if path.is_file() {
        return Ok(vec![path.to_owned()]);
    }
    let mut files = Vec::new();
    for entry in fs::read_dir(path).with_context(|| format!("no seeds in {}", path.display()))? {
        let file = entry?.path();
        if file.extension().is_some_and(|e| e == "json") {
            files.push(file);
        }
    }
    Ok(files)
}

fn run_target(dir: &Path, target: &str, corpus: &Path, seconds: u64) -> Result<Figures> {
    eprintln!("{target}: fuzzing for {seconds} s");
    let time = format!("-max_total_time={seconds}");
    let corpus = corpus.to_string_lossy();
    let artifacts = dir.join("fuzz/artifacts").join(target);
    let before = count_files(&artifacts);
    let output = cargo_fuzz(
        dir,
        &[
            "run",
            "-s",
            "none",
            target,
            &corpus,
            "--",
            &time,
            "-print_final_stats=1",
        ],
    )?;
    let log = String::from_utf8_lossy(&output.stderr);
    let last = log
        .lines()
        .rev()
        .find(|l| l.starts_with('#') && l.contains("cov:"))
        .unwrap_or_default();
    // Artifacts of earlier runs stay until a test replaces them.
    let crashes = count_files(&artifacts) - before;
    if !output.status.success() {
        // The crash report is in the log; show its end.
        let tail: Vec<&str> = log.lines().rev().take(30).collect();
        eprintln!(
            "{target}: libFuzzer stopped:\n{}",
            tail.into_iter().rev().collect::<Vec<_>>().join("\n")
        );
    }
    Ok(Figures {
        runs: stat(&log, "stat::number_of_executed_units:")
            .unwrap_or_else(|| field(last, "#").unwrap_or_default()),
        coverage: field(last, "cov:").unwrap_or_default(),
        features: field(last, "ft:").unwrap_or_default(),
        corpus: field(last, "corp:").unwrap_or_default(),
        crashes,
    })
}

fn count_files(dir: &Path) -> usize {
    fs::read_dir(dir).map_or(0, |d| d.count())
}

/// The word after `name` in a libFuzzer status line (`#N DONE cov: 512 ft: …`).
fn field(line: &str, name: &str) -> Option<String> {
    if name == "#" {
        return line
            .split_whitespace()
            .next()
            .map(|w| w.trim_start_matches('#').to_owned());
    }
    let mut words = line.split_whitespace();
    words.find(|w| *w == name)?;
    words.next().map(str::to_owned)
}

/// A final statistic (`stat::number_of_executed_units: 123`).
fn stat(log: &str, name: &str) -> Option<String> {
    log.lines()
        .find_map(|l| l.strip_prefix(name))
        .map(|v| v.trim().to_owned())
}

fn report(results: &[(&str, Figures)]) {
    println!(
        "{:<14} {:>12} {:>8} {:>8} {:>14} {:>8}",
        "target", "runs", "cov", "ft", "corpus", "crashes"
    );
    for (target, f) in results {
        println!(
            "{:<14} {:>12} {:>8} {:>8} {:>14} {:>8}",
            target, f.runs, f.coverage, f.features, f.corpus, f.crashes
        );
    }
}
