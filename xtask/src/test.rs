//! `cargo xtask test`: every check CI runs, in order, failing on the first.

use anyhow::Result;

use crate::build::{ensure_wasm_target, WASM_TARGET};
use crate::sh;

pub fn run() -> Result<()> {
    ensure_wasm_target()?;
    sh("cargo", &["fmt", "--all", "--", "--check"])?;
    sh(
        "cargo",
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    sh(
        "cargo",
        &[
            "clippy",
            "-p",
            "limpide",
            "-p",
            "limpide-receipt",
            "--target",
            WASM_TARGET,
            "--",
            "-D",
            "warnings",
        ],
    )?;
    sh("cargo", &["test", "--workspace"])?;
    sh("cargo", &["build", "-p", "limpide-cli"])?;
    // Interoperability with an independent JOSE library (npm `jose`).
    sh("npm", &["ci", "--no-audit", "--no-fund"])?;
    sh("node", &["--test", "tests/interop/"])?;
    Ok(())
}
