//! `cargo xtask bench`: figures, not a test. Builds `dist/`, prints the size
//! table of everything the form loads against the budget, then runs the
//! browser measurements of `tests/e2e/measure.mjs` when that script exists.

use anyhow::Result;

use crate::{build, root, sh, sizes};

/// The browser measurement script (load time, memory, …), optional.
const MEASURE: &str = "tests/e2e/measure.mjs";

/// Runs the benchmark.
pub fn run() -> Result<()> {
    let dist = build::build()?;
    sizes::report(&dist)?;
    if root().join(MEASURE).is_file() {
        crate::wasm_opt::ensure_npm_packages()?;
        sh("node", &[MEASURE])?;
    } else {
        eprintln!("({MEASURE} not found: no browser measurements)");
    }
    Ok(())
}
