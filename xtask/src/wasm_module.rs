//! A wasm module of the workspace built on its own and bound by
//! wasm-bindgen as a library: the Ed25519 fallback (`fallback.rs`) and the
//! verify page's verifier (`verify_page.rs`). Each is built apart from the
//! widget: built together, cargo would unify the receipt core's features
//! and put `ed25519` back into the widget's wasm.

use std::path::Path;

use anyhow::{Context as _, Result};
use wasm_bindgen_cli_support::Bindgen;

use crate::build::{target_dir, WASM_TARGET};
use crate::sh;

/// The glue wasm-bindgen writes.
pub enum Glue {
    /// A classic script defining `wasm_bindgen` (embedded in another file).
    NoModules,
    /// An ES module.
    Web,
}

/// Builds `package` for wasm32 with the `wasm-release` profile and writes
/// wasm-bindgen's output, named `out_name`, into `folder`.
pub fn build_and_bind(package: &str, glue: Glue, out_name: &str, folder: &Path) -> Result<()> {
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
        "{WASM_TARGET}/wasm-release/{}.wasm",
        package.replace('-', "_")
    ));
    let mut bindgen = Bindgen::new();
    bindgen.input_path(&wasm);
    match glue {
        Glue::NoModules => bindgen.no_modules(true)?,
        Glue::Web => bindgen.web(true)?,
    };
    let mut output = bindgen
        .out_name(out_name)
        .remove_name_section(true)
        .remove_producers_section(true)
        .typescript(false)
        .generate_output()
        .with_context(|| format!("wasm-bindgen failed on {}", wasm.display()))?;
    output
        .emit(folder)
        .with_context(|| format!("cannot write wasm-bindgen's output to {}", folder.display()))
}
