//! `cargo xtask build`: the widget for wasm32 and the demo site in `dist/`.
//!
//! The widget is still the stub of the foundation issue: this builds its
//! wasm (so the wasm32 build stays green) and lays out the demo page and the
//! example notices. wasm-bindgen, wasm-opt, compression and SRI hashes come
//! with the consent form issue.

use std::fs;
use std::path::Path;

use anyhow::{Context as _, Result};

use crate::{root, sh};

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

pub fn run() -> Result<()> {
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
    fs::copy(root().join("index.html"), dist.join("index.html"))?;
    copy_dir(&root().join("www"), &dist)?;
    let wasm = root().join(format!("target/{WASM_TARGET}/wasm-release/limpide.wasm"));
    fs::copy(&wasm, dist.join("limpide_bg.wasm"))
        .with_context(|| format!("cannot copy {}", wasm.display()))?;
    eprintln!("built {}", dist.display());
    Ok(())
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

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}
