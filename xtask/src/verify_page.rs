//! The verify page's verifier (`crates/verify-web`): the receipt core
//! compiled to wasm with its strict Ed25519 checks, bound by wasm-bindgen's
//! `web` target (an ES module that `www/verify.js` imports) and optimised.
//! Built apart from the widget, whose wasm leaves `ed25519-dalek` out.

use std::fs;
use std::path::Path;

use anyhow::{Context as _, Result};
use wasm_bindgen_cli_support::Bindgen;

use crate::build::{target_dir, WASM_TARGET};
use crate::{sh, wasm_opt};

/// The verifier's ES module, in `dist/`.
pub const JS_FILE: &str = "limpide-verify.js";
/// Its wasm, in `dist/`.
pub const WASM_FILE: &str = "limpide-verify_bg.wasm";

/// Builds the verifier into `dist`.
pub fn run(dist: &Path) -> Result<()> {
    let package = "limpide-verify-web";
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
        "{WASM_TARGET}/wasm-release/limpide_verify_web.wasm"
    ));
    let mut output = Bindgen::new()
        .input_path(&wasm)
        .web(true)?
        .out_name("limpide-verify")
        .remove_name_section(true)
        .remove_producers_section(true)
        .typescript(false)
        .generate_output()
        .with_context(|| format!("wasm-bindgen failed on {}", wasm.display()))?;
    let scratch = dist.join(".verify");
    output.emit(&scratch).with_context(|| {
        format!(
            "cannot write wasm-bindgen's output to {}",
            scratch.display()
        )
    })?;
    for file in [JS_FILE, WASM_FILE] {
        fs::rename(scratch.join(file), dist.join(file))
            .with_context(|| format!("cannot move {file} into dist/"))?;
    }
    fs::remove_dir_all(&scratch).context("cannot remove the verifier's scratch folder")?;
    wasm_opt::run(&dist.join(WASM_FILE))
}
