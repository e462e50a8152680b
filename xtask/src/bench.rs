//! `cargo xtask bench`: figures, not a test. Builds `dist/`, prints the size
//! table of everything the form loads against the budget, then runs the
//! browser measurements of `tests/e2e/measure.mjs` when that script exists,
//! the comparison with the peer widgets (`tests/bench/peers.mjs`) and the
//! timing of the CLI verifying a batch of receipts (`cli_bench`).
//!
//! `cargo xtask bench peers` runs only the last two, against `dist/` as it
//! is (no rebuild).

use anyhow::{bail, Result};

use crate::{build, cli_bench, root, sh, sizes};

/// The browser measurement script (load time, memory, …), optional.
const MEASURE: &str = "tests/e2e/measure.mjs";

/// Limpide side by side with vanilla-cookieconsent, klaro and tarteaucitronjs.
const PEERS: &str = "tests/bench/peers.mjs";

/// The npm packages it compares with (devDependencies in package.json).
const PEER_PACKAGES: &[&str] = &["vanilla-cookieconsent", "klaro", "tarteaucitronjs"];

/// Runs the benchmark: everything, or with `peers` only the comparison and
/// the CLI timing, without rebuilding `dist/`.
pub fn run(args: &[String]) -> Result<()> {
    match args {
        [] => all(),
        [only] if only == "peers" => peers(),
        _ => bail!("usage: cargo xtask bench [peers]"),
    }
}

/// The peer comparison (against `dist/` as built) and the CLI batch timing.
fn peers() -> Result<()> {
    crate::wasm_opt::ensure_npm_packages()?;
    // A node_modules/ installed before the peers were added to package.json.
    if PEER_PACKAGES.iter().any(|p| {
        !root()
            .join("node_modules")
            .join(p)
            .join("package.json")
            .is_file()
    }) {
        sh("npm", &["ci", "--no-audit", "--no-fund"])?;
    }
    sh("node", &[PEERS])?;
    cli_bench::run()
}

fn all() -> Result<()> {
    let dist = build::build()?;
    sizes::report(&dist)?;
    if root().join(MEASURE).is_file() {
        crate::wasm_opt::ensure_npm_packages()?;
        sh("node", &[MEASURE])?;
    } else {
        eprintln!("({MEASURE} not found: no browser measurements)");
    }
    peers()
}
