//! Part of `cargo xtask bench`: the receipt service on loopback, against
//! SQLite and against PostgreSQL (`crates/server/examples/bench.rs`: 20 000
//! receipts from 50 concurrent clients, then the gate over 100 000
//! subjects, then receipts/s with the transparency log against the build
//! without it), and the log itself (`crates/server/examples/log_bench.rs`:
//! proofs at 1 M and 12 M leaves, `limpide log watch` over 1 M). Release
//! builds of the service (and of its bench-only build without the log), the
//! CLI and the load generators.

use anyhow::{bail, Result};

use crate::build::target_dir;
use crate::{root, sh, tools};

pub fn run() -> Result<()> {
    tools::ensure_postgresql()?;
    let release = target_dir()?.join("release");
    // First, and kept under its own name: the next build writes the
    // service's binary again, without the feature.
    let without_log = release.join("limpide-server-without-log");
    let service = [
        "build",
        "--release",
        "-p",
        "limpide-server",
        "--bin",
        "limpide-server",
    ];
    sh(
        "cargo",
        &[&service[..], &["--features", "bench-without-log"]].concat(),
    )?;
    std::fs::copy(release.join("limpide-server"), &without_log)?;
    // Then the service as it ships, with the CLI and the load generators.
    let with_the_loads = [
        "--bin",
        "limpide",
        "--example",
        "bench",
        "--example",
        "log_bench",
        "-p",
        "limpide-cli",
    ];
    sh("cargo", &[&service[..], &with_the_loads[..]].concat())?;
    for example in ["bench", "log_bench"] {
        let status = std::process::Command::new(release.join("examples").join(example))
            .env("LIMPIDE_SERVER_BIN", release.join("limpide-server"))
            .env("LIMPIDE_SERVER_BIN_WITHOUT_LOG", &without_log)
            .env("LIMPIDE_BIN", release.join("limpide"))
            .current_dir(root())
            .status()?;
        if !status.success() {
            bail!("the service bench ({example}) failed ({status})");
        }
    }
    Ok(())
}
