//! `wasm-opt -Oz` (binaryen, from the npm package pinned in
//! `package-lock.json`) on the wasm wasm-bindgen produced.

use std::path::Path;

use anyhow::{Context as _, Result};

use crate::{root, sh};

/// The binaryen script, run with `node` so that it works the same on every
/// platform (no `.cmd` shim).
const WASM_OPT: &str = "node_modules/binaryen/bin/wasm-opt";

/// The WebAssembly features rustc 1.95 enables by default for
/// `wasm32-unknown-unknown` (its generic CPU, as listed in the module's
/// `target_features` section: `wasm-opt in.wasm --print-features`), which
/// wasm-opt must accept and may use. All are supported by the browsers we target (Chromium 137+,
/// Firefox 129+, Safari 17+). Not `--all-features`: that would let wasm-opt
/// introduce features (GC, SIMD, threads, exceptions, …) the widget never
/// asked for and some of those browsers lack.
pub const FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-bulk-memory-opt",
    "--enable-call-indirect-overlong",
    "--enable-multivalue",
    "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int",
    "--enable-reference-types",
    "--enable-sign-ext",
];

/// Optimises `wasm` for size, in place.
pub fn run(wasm: &Path) -> Result<()> {
    crate::tools::ensure_npm_packages()?;
    // Relative to the workspace root, where `sh` runs, for a readable log.
    let input = wasm
        .strip_prefix(root())
        .unwrap_or(wasm)
        .to_str()
        .with_context(|| format!("{} is not valid UTF-8", wasm.display()))?;
    let optimised = format!("{input}.opt");
    // The `target_features` section only informs tools; browsers ignore it.
    let mut args = vec![
        WASM_OPT,
        input,
        "-o",
        &optimised,
        "-Oz",
        "--strip-target-features",
    ];
    args.extend_from_slice(FEATURES);
    sh("node", &args)?;
    // `optimised` is relative to the root, not to this process's directory.
    std::fs::rename(root().join(&optimised), wasm)
        .with_context(|| format!("cannot replace {}", wasm.display()))?;
    Ok(())
}
