//! `cargo xtask build`: the widget for wasm32 and the demo site in `dist/`.
//!
//! 1. `cargo build -p limpide` for wasm32 with the `wasm-release` profile;
//! 2. wasm-bindgen as a library (`bindgen.rs`): `limpide.js`, which
//!    initialises its wasm itself, and `limpide_bg.wasm`;
//! 3. `wasm-opt -Oz` (`wasm_opt.rs`);
//! 4. `index.html` and everything under `www/`, the verify page's verifier
//!    (`verify_page.rs`), the widget's and the pages' JavaScript and
//!    stylesheets minified (`minify.rs`), and the React example
//!    built with Vite (`react_example.rs`);
//!    then the wasm's and the stylesheet's integrity hashes written into
//!    `limpide.js` and the demo's preload hints (`pin.rs`), and the demo's
//!    form pre-rendered into its page by `limpide render` (`prerender.rs`);
//! 5. the SRI manifest `sri.json` (`sri.rs`);
//! 6. `.br` and `.gz` copies (`compress.rs`);
//! 7. the size table of everything the form loads (`sizes.rs`).

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use crate::{
    bindgen, compress, fallback, minify, pin, prerender, react_example, root, sh, sizes, sri,
    verify_page, wasm_opt,
};

/// The widget's compilation target.
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// Builds `dist/` and prints the size table.
pub fn run() -> Result<()> {
    let dist = build()?;
    sizes::report(&dist)
}

/// Builds `dist/` from scratch and returns its path.
pub fn build() -> Result<PathBuf> {
    ensure_wasm_target()?;
    sh(
        "cargo",
        &[
            "build",
            "-p",
            "limpide",
            "--target",
            WASM_TARGET,
            "--profile",
            "wasm-release",
        ],
    )?;
    let dist = root().join("dist");
    if dist.exists() {
        fs::remove_dir_all(&dist).context("cannot clear dist/")?;
    }
    fs::create_dir_all(&dist)?;
    let wasm = target_dir()?.join(format!("{WASM_TARGET}/wasm-release/limpide.wasm"));
    let fallback_glue = fallback::run(&dist)?;
    bindgen::run(&wasm, &dist, &fallback_glue)?;
    wasm_opt::run(&dist.join("limpide_bg.wasm"))?;
    fs::copy(root().join("index.html"), dist.join("index.html"))
        .context("cannot copy index.html")?;
    copy_dir(&root().join("www"), &dist)?;
    verify_page::run(&dist)?;
    minify::run(&dist)?;
    react_example::run(&dist)?;
    pin::run(&dist)?;
    prerender::run(&dist)?;
    sri::run(&dist)?;
    compress::run(&dist)?;
    eprintln!("built {}", dist.display());
    Ok(dist)
}

/// Cargo's target directory, as cargo resolves it (`CARGO_TARGET_DIR`,
/// `build.target-dir` in a config file, or `target/`).
pub fn target_dir() -> Result<PathBuf> {
    let output = std::process::Command::new("cargo")
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(root())
        .output()
        .context("cannot run `cargo metadata`")?;
    if !output.status.success() {
        anyhow::bail!(
            "`cargo metadata` failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout)?;
    let dir = metadata["target_directory"]
        .as_str()
        .context("`cargo metadata` gave no target_directory")?;
    Ok(PathBuf::from(dir))
}

/// Installs the wasm32 target when this toolchain lacks it.
pub fn ensure_wasm_target() -> Result<()> {
    let installed = std::process::Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()?;
    if !String::from_utf8_lossy(&installed.stdout)
        .lines()
        .any(|l| l == WASM_TARGET)
    {
        sh("rustup", &["target", "add", WASM_TARGET])?;
    }
    Ok(())
}

/// Copies `from` into `to`, subfolders included.
fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), &target)
                .with_context(|| format!("cannot copy {}", entry.path().display()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_listed_recursively_and_sorted() {
        let dir = std::env::temp_dir().join(format!("limpide-files-{}", std::process::id()));
        fs::create_dir_all(dir.join("notices")).unwrap();
        fs::write(dir.join("b.js"), "").unwrap();
        fs::write(dir.join("a.css"), "").unwrap();
        fs::write(dir.join("notices/c.json"), "").unwrap();
        assert_eq!(
            crate::folders::files(&dir).unwrap(),
            [
                dir.join("a.css"),
                dir.join("b.js"),
                dir.join("notices/c.json")
            ]
        );
        fs::remove_dir_all(&dir).unwrap();
    }
}
