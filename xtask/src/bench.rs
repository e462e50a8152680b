//! `cargo xtask bench`: figures, not a test. Builds `dist/`, prints the size
//! table of everything the form loads against its limit, then runs the
//! browser measurements of `tests/e2e/measure.mjs` when that script exists,
//! the comparison with the peer widgets (`tests/bench/peers.mjs`), the
//! timing of the CLI verifying a batch of receipts (`cli_bench`) and the
//! receipt service's throughput and gate (`server_bench`).
//!
//! `cargo xtask bench peers` runs only the peers and the CLI, against
//! `dist/` as it is (no rebuild); `cargo xtask bench server` only the service.

use anyhow::{bail, Result};

use crate::{build, cli_bench, root, server_bench, sh, sizes};

/// The browser measurement script (load time, memory, …), optional.
const MEASURE: &str = "tests/e2e/measure.mjs";

/// Limpide side by side with vanilla-cookieconsent, klaro and tarteaucitronjs.
const PEERS: &str = "tests/bench/peers.mjs";

/// Runs the benchmark: everything, or with `peers` only the comparison and
/// the CLI timing, without rebuilding `dist/`.
pub fn run(args: &[String]) -> Result<()> {
    match args {
        [] => all(),
        [only] if only == "peers" => peers(),
        [only] if only == "server" => server_bench::run(),
        _ => bail!("usage: cargo xtask bench [peers | server]"),
    }
}

/// The peer comparison (against `dist/` as built) and the CLI batch timing.
fn peers() -> Result<()> {
    // Installs the peers too when node_modules/ predates them.
    crate::tools::ensure_npm_packages()?;
    sh("node", &[PEERS])?;
    cli_bench::run()
}

fn all() -> Result<()> {
    let dist = build::build()?;
    sizes::report(&dist)?;
    if root().join(MEASURE).is_file() {
        sh("node", &[MEASURE])?;
    } else {
        eprintln!("({MEASURE} not found: no browser measurements)");
    }
    peers()?;
    server_bench::run()
}
