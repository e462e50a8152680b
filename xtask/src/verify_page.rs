//! The verify page's verifier (`crates/verify-web`): the receipt core
//! compiled to wasm with its strict Ed25519 checks, bound by wasm-bindgen's
//! `web` target (an ES module that `www/verify.js` imports) and optimised.
//! Built apart from the widget (`wasm_module.rs`), whose wasm leaves
//! `ed25519-dalek` out.

use std::fs;
use std::path::Path;

use anyhow::{Context as _, Result};

use crate::wasm_module::{self, Glue};
use crate::wasm_opt;

/// The verifier's ES module, in `dist/`.
pub const JS_FILE: &str = "limpide-verify.js";
/// Its wasm, in `dist/`.
pub const WASM_FILE: &str = "limpide-verify_bg.wasm";

/// Builds the verifier into `dist`.
pub fn run(dist: &Path) -> Result<()> {
    let scratch = dist.join(".verify");
    wasm_module::build_and_bind("limpide-verify-web", Glue::Web, "limpide-verify", &scratch)?;
    for file in [JS_FILE, WASM_FILE] {
        fs::rename(scratch.join(file), dist.join(file))
            .with_context(|| format!("cannot move {file} into dist/"))?;
    }
    fs::remove_dir_all(&scratch).context("cannot remove the verifier's scratch folder")?;
    wasm_opt::run(&dist.join(WASM_FILE))
}
