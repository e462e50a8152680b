//! The Ed25519 fallback module (`crates/ed25519-fallback`), for browsers
//! whose WebCrypto has no Ed25519: built apart from the widget (so that the
//! widget's wasm leaves `ed25519-dalek` out), bound by wasm-bindgen's
//! `no-modules` target, and optimised. Its small glue is embedded in
//! `limpide.js` (`bindgen.rs`), which fetches its wasm only when the widget
//! asks, with the integrity hash `pin.rs` writes in: a page that pins
//! `limpide.js` pins the fallback too.

use std::fs;
use std::path::Path;

use anyhow::{Context as _, Result};

use crate::wasm_module::{self, Glue};
use crate::wasm_opt;

/// The fallback's wasm, in `dist/`.
pub const WASM_FILE: &str = "limpide-ed25519_bg.wasm";

/// Builds the module into `dist` and returns its glue (a script that
/// defines `wasm_bindgen`).
pub fn run(dist: &Path) -> Result<String> {
    let scratch = dist.join(".fallback");
    wasm_module::build_and_bind(
        "limpide-ed25519-fallback",
        Glue::NoModules,
        "limpide-ed25519",
        &scratch,
    )?;
    let glue = fs::read_to_string(scratch.join("limpide-ed25519.js"))
        .context("cannot read the fallback's glue")?;
    fs::rename(scratch.join(WASM_FILE), dist.join(WASM_FILE))
        .context("cannot move the fallback's wasm")?;
    fs::remove_dir_all(&scratch).context("cannot remove the fallback's scratch folder")?;
    wasm_opt::run(&dist.join(WASM_FILE))?;
    Ok(glue)
}
