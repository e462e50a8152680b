//! Part of `cargo xtask bench`: the receipt service on loopback, against
//! SQLite and against PostgreSQL (`crates/server/examples/bench.rs`: 20 000
//! receipts from 50 concurrent clients, then the gate over 100 000
//! subjects). Release builds of the service and of the load generator.

use anyhow::{bail, Result};

use crate::build::target_dir;
use crate::{root, sh, tools};

pub fn run() -> Result<()> {
    tools::ensure_postgresql()?;
    sh(
        "cargo",
        &[
            "build",
            "--release",
            "-p",
            "limpide-server",
            "--bin",
            "limpide-server",
            "--example",
            "bench",
        ],
    )?;
    let release = target_dir()?.join("release");
    let status = std::process::Command::new(release.join("examples/bench"))
        .env("LIMPIDE_SERVER_BIN", release.join("limpide-server"))
        .current_dir(root())
        .status()?;
    if !status.success() {
        bail!("the service bench failed ({status})");
    }
    Ok(())
}
