//! Part of `cargo xtask bench`: how fast the `limpide` command verifies a
//! batch of receipts, natively. Builds the CLI in release mode, signs one
//! receipt for the example notice with a fresh key, writes [`RECEIPTS`]
//! copies of it as JSON lines and times `limpide verify -` reading them on
//! standard input (process start to exit, output read and checked).

use std::io::{BufRead as _, BufReader, BufWriter, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{bail, Context as _, Result};

use crate::{root, sh};

/// How many receipts the batch holds.
pub const RECEIPTS: usize = 100_000;

/// The notice the receipt is signed for.
const NOTICE: &str = "www/notices/pass-region.json";

/// Builds the CLI, times the batch and prints receipts per second.
pub fn run() -> Result<()> {
    sh("cargo", &["build", "--release", "-p", "limpide-cli"])?;
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), PathBuf::from);
    let cli = target
        .join("release")
        .join(format!("limpide{}", std::env::consts::EXE_SUFFIX));
    if !cli.is_file() {
        bail!(
            "{} is missing after `cargo build --release -p limpide-cli`",
            cli.display()
        );
    }
    let dir = std::env::temp_dir().join(format!("limpide-cli-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let result = time_batch(&cli, &dir);
    // Best effort: the folder only holds a throwaway key and receipts.
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// Runs `cli` with `args` in the workspace root; its standard output.
fn output(cli: &Path, args: &[&str]) -> Result<Vec<u8>> {
    let out = Command::new(cli)
        .args(args)
        .current_dir(root())
        .stderr(Stdio::piped())
        .output()
        .with_context(|| format!("cannot run {}", cli.display()))?;
    if !out.status.success() {
        bail!(
            "`limpide {}` failed ({}): {}",
            args.join(" "),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(out.stdout)
}

fn time_batch(cli: &Path, dir: &Path) -> Result<()> {
    let key = dir.join("key.jwk");
    let key = key.to_str().context("temporary folder path is not UTF-8")?;
    output(cli, &["keygen", "--out", key])?;
    let receipt = output(
        cli,
        &[
            "sign",
            "--key",
            key,
            "--notice",
            NOTICE,
            "--grant",
            "bons-plans:sms",
            "--grant",
            "enquetes:email",
        ],
    )?;
    // One JSON line, whatever the formatting `sign` uses.
    let receipt: serde_json::Value =
        serde_json::from_slice(&receipt).context("`limpide sign` did not print JSON")?;
    let line = serde_json::to_string(&receipt)?;

    let batch = dir.join("receipts.jsonl");
    {
        let file = std::fs::File::create(&batch)
            .with_context(|| format!("cannot create {}", batch.display()))?;
        let mut file = BufWriter::new(file);
        for _ in 0..RECEIPTS {
            file.write_all(line.as_bytes())?;
            file.write_all(b"\n")?;
        }
        file.flush()?;
    }
    let bytes = std::fs::metadata(&batch)?.len();

    let input = std::fs::File::open(&batch)?;
    let start = Instant::now();
    let mut child = Command::new(cli)
        .args(["verify", "-"])
        .current_dir(root())
        .stdin(input)
        .stdout(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot run {}", cli.display()))?;
    let stdout = child.stdout.take().context("no standard output")?;
    let (mut lines, mut valid) = (0_usize, 0_usize);
    for line in BufReader::new(stdout).lines() {
        let line = line?;
        lines += 1;
        if line.contains(": valid receipt ") {
            valid += 1;
        }
    }
    let status = child.wait()?;
    let elapsed = start.elapsed();
    if !status.success() || valid != RECEIPTS || lines != RECEIPTS {
        bail!(
            "`limpide verify -` on {RECEIPTS} receipts: {status}, {valid} valid of {lines} lines"
        );
    }
    let secs = elapsed.as_secs_f64();
    let rate = RECEIPTS as f64 / secs;
    println!();
    println!(
        "CLI batch verification (native, release build): {RECEIPTS} receipts ({:.1} MiB of JSON lines, {} bytes each) on standard input",
        bytes as f64 / 1_048_576.0,
        line.len()
    );
    println!(
        "  `limpide verify -`: {secs:.2} s, {rate:.0} receipts/s, all valid (process start to exit, output read)"
    );
    println!(
        "  single-threaded (one receipt at a time on one core): {rate:.0} receipts/s per core; {} cores here, not used in parallel",
        std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
    );
    Ok(())
}
