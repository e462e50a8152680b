//! The React example (`examples/react-app`), built with Vite (from the npm
//! packages pinned in `package-lock.json`) into `dist/examples/react/`, so
//! that the bundler path of docs/embedding.md is built and tested, not only
//! written down.

use std::path::Path;

use anyhow::{Context as _, Result};

use crate::sh;

/// Vite's command-line script, run with `node` (no `.bin` shim).
const VITE: &str = "node_modules/vite/bin/vite.js";

/// Builds the example into `dist/examples/react/`.
pub fn run(dist: &Path) -> Result<()> {
    crate::tools::ensure_npm_packages()?;
    let out = dist.join("examples/react");
    let out = out
        .to_str()
        .with_context(|| format!("{} is not valid UTF-8", out.display()))?;
    sh(
        "node",
        &[VITE, "build", "examples/react-app", "--outDir", out],
    )
}
