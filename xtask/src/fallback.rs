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
use wasm_bindgen_cli_support::Bindgen;

use crate::build::{target_dir, WASM_TARGET};
use crate::{sh, wasm_opt};

/// The fallback's wasm, in `dist/`.
pub const WASM_FILE: &str = "limpide-ed25519_bg.wasm";

/// Builds the module into `dist` and returns its glue (a script that
/// defines `wasm_bindgen`).
pub fn run(dist: &Path) -> Result<String> {
    // A build of its own: built with the widget, cargo would unify the
    // receipt core's features and put `ed25519` back into the widget.
    let package = "limpide-ed25519-fallback";
    sh(
        "cargo",
        &[
            "build",
            "-p",
            package,
            "--target",
            WASM_TARGET,
            "--profile",
            "wasm-release",
        ],
    )?;
    let wasm = target_dir()?.join(format!(
        "{WASM_TARGET}/wasm-release/limpide_ed25519_fallback.wasm"
    ));
    let mut output = Bindgen::new()
        .input_path(&wasm)
        .no_modules(true)?
        .out_name("limpide-ed25519")
        .remove_name_section(true)
        .remove_producers_section(true)
        .typescript(false)
        .generate_output()
        .with_context(|| format!("wasm-bindgen failed on {}", wasm.display()))?;
    let scratch = dist.join(".fallback");
    output.emit(&scratch).with_context(|| {
        format!(
            "cannot write wasm-bindgen's output to {}",
            scratch.display()
        )
    })?;
    let glue = fs::read_to_string(scratch.join("limpide-ed25519.js"))
        .context("cannot read the fallback's glue")?;
    fs::rename(scratch.join(WASM_FILE), dist.join(WASM_FILE))
        .context("cannot move the fallback's wasm")?;
    fs::remove_dir_all(&scratch).context("cannot remove the fallback's scratch folder")?;
    wasm_opt::run(&dist.join(WASM_FILE))?;
    Ok(glue)
}
