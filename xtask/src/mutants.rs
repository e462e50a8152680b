//! `cargo xtask mutants [FILE…] [-- CARGO-MUTANTS ARGS]`: mutation testing
//! of `limpide-receipt` with cargo-mutants (installed when missing): each
//! mutant of its code must make a test fail. Prints the caught, missed,
//! unviable and timed-out counts, the share caught, and every missed mutant.
//!
//! FILE names source files to focus on (`receipt.rs`, `notice/*`), as
//! `-f crates/receipt/src/FILE`; without one, every file is mutated.

use std::fs;
use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context as _, Result};

use crate::{root, sh};

/// The outcome files cargo-mutants writes, one mutant a line.
const OUTCOMES: [&str; 4] = ["caught", "missed", "unviable", "timeout"];

pub fn run(args: &[String]) -> Result<()> {
    ensure_cargo_tool("mutants", "cargo-mutants")?;
    let (files, extra) = match args.iter().position(|a| a == "--") {
        Some(i) => (&args[..i], &args[i + 1..]),
        None => (args, &[][..]),
    };
    let output = root().join("target/mutants");
    let output_arg = output.to_string_lossy().into_owned();
    let mut command: Vec<String> = [
        "mutants",
        "-p",
        "limpide-receipt",
        // One mutant at a time: a shared machine, and the build is the cost.
        "--jobs",
        "1",
        "--output",
        &output_arg,
        // Not the ignored files (fuzz corpora and build output, node_modules):
        // the copy is smaller, and a fuzzer writing its corpus cannot break it.
        "--gitignore",
        "true",
        // Dependencies optimized: Ed25519 in a debug build takes most of
        // each mutant's test time; only limpide-receipt is rebuilt per mutant.
        "--cargo-arg",
        "--config=profile.dev.package.\"*\".opt-level=3",
    ]
    .map(String::from)
    .to_vec();
    for file in files {
        command.push("-f".into());
        command.push(format!("crates/receipt/src/{file}"));
    }
    command.extend(extra.iter().cloned());
    // Without doctests (`--all-targets`): the unit and integration tests
    // are what checks the code, and doctests cost a compile per example.
    command.extend(["--", "--all-targets"].map(String::from));
    let status = run_mutants(&command)?;
    let counts = summarize(&output.join("mutants.out"))?;
    // cargo-mutants exits 2 when mutants were missed, 3 on timeouts: a
    // result to report, not a failure to run.
    if !matches!(status.code(), Some(0 | 2 | 3)) {
        bail!("cargo mutants failed ({status})");
    }
    if counts[1] > 0 {
        bail!("{} mutant(s) missed", counts[1]);
    }
    Ok(())
}

fn run_mutants(command: &[String]) -> Result<std::process::ExitStatus> {
    eprintln!("+ cargo {}", command.join(" "));
    Command::new("cargo")
        .args(command)
        .current_dir(root())
        // No debug info: each mutant relinks every test binary.
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        .env("CARGO_PROFILE_TEST_DEBUG", "0")
        .status()
        .context("cannot run cargo mutants")
}

/// Prints the counts (in `OUTCOMES` order) and the missed mutants.
fn summarize(out: &Path) -> Result<[usize; 4]> {
    let mut counts = [0; 4];
    let mut missed = Vec::new();
    for (i, name) in OUTCOMES.iter().enumerate() {
        let path = out.join(format!("{name}.txt"));
        let text =
            fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
        counts[i] = text.lines().filter(|l| !l.is_empty()).count();
        if *name == "missed" {
            missed = text.lines().map(str::to_owned).collect();
        }
    }
    let [caught, missed_n, unviable, timeout] = counts;
    // Timeouts count as caught, as cargo-mutants counts them: the tests
    // did not pass. Unviable mutants do not build and test nothing.
    let viable = caught + missed_n + timeout;
    let share = if viable == 0 {
        100.0
    } else {
        100.0 * (caught + timeout) as f64 / viable as f64
    };
    println!("caught {caught}, missed {missed_n}, unviable {unviable}, timeout {timeout}: {share:.1} % of viable mutants caught");
    for m in &missed {
        println!("missed: {m}");
    }
    Ok(counts)
}

/// Installs the cargo subcommand `cargo-NAME` from crates.io (package
/// `package`) into the usual cargo bin directory when `cargo NAME` is absent.
pub fn ensure_cargo_tool(name: &str, package: &str) -> Result<()> {
    let present = Command::new("cargo")
        .args([name, "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if present {
        return Ok(());
    }
    sh("cargo", &["install", "--locked", package])
}
