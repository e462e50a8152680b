//! Installs what the tests need when it is missing, from the registries
//! this machine reaches (Debian, crates.io, npm); quick when all is there.

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Result};

use crate::{lockfile, root, sh};

/// Debian's Chromium, ChromeDriver (browser tests), Firefox ESR (the
/// second engine of the end-to-end suites), WebKitGTK's WebDriver with its
/// MiniBrowser and a virtual display (the main flows in WebKit:
/// `tests/e2e/webkit.test.mjs`) and poppler's `pdftotext` and `pdftoppm`
/// (the printable receipt's PDF, read back by a test).
pub fn ensure_browsers() -> Result<()> {
    let wanted = [
        ("/usr/bin/chromium", "chromium"),
        ("/usr/bin/chromedriver", "chromium-driver"),
        ("/usr/bin/firefox-esr", "firefox-esr"),
        ("/usr/bin/WebKitWebDriver", "webkit2gtk-driver"),
        ("/usr/bin/xvfb-run", "xvfb"),
        ("/usr/bin/xauth", "xauth"),
        ("/usr/bin/pdftotext", "poppler-utils"),
    ];
    let missing: Vec<&str> = wanted
        .iter()
        .filter(|(path, _)| !Path::new(path).exists())
        .map(|(_, package)| *package)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let mut install = vec!["install", "-y", "--no-install-recommends"];
    install.extend(&missing);
    if sh("apt-get", &install).is_err() {
        // A fresh machine may not have read the package lists yet.
        sh("apt-get", &["update"])?;
        sh("apt-get", &install)?;
    }
    Ok(())
}

/// PostgreSQL's server programs, for the receipt service's tests, which
/// start a cluster of their own (Debian's `postgresql-15`).
pub fn ensure_postgresql() -> Result<()> {
    let installed = ["15", "16", "17"]
        .iter()
        .any(|v| Path::new(&format!("/usr/lib/postgresql/{v}/bin/initdb")).exists());
    if installed {
        return Ok(());
    }
    let install = ["install", "-y", "--no-install-recommends", "postgresql-15"];
    if sh("apt-get", &install).is_err() {
        sh("apt-get", &["update"])?;
        sh("apt-get", &install)?;
    }
    Ok(())
}

/// Go and Debian's copy of `golang.org/x/mod` (`sumdb/note`, `sumdb/tlog`):
/// the independent verifier of the transparency log's proofs
/// (tests/interop/go-tlog), built offline against that copy.
pub fn ensure_go() -> Result<()> {
    let present = Path::new("/usr/bin/go").exists()
        && Path::new("/usr/share/gocode/src/golang.org/x/mod/sumdb/tlog").exists();
    if present {
        return Ok(());
    }
    let install = [
        "install",
        "-y",
        "--no-install-recommends",
        "golang-go",
        "golang-golang-x-mod-dev",
    ];
    if sh("apt-get", &install).is_err() {
        sh("apt-get", &["update"])?;
        sh("apt-get", &install)?;
    }
    Ok(())
}

/// `wasm-bindgen-test-runner` of exactly the `wasm-bindgen` version in
/// Cargo.lock (the runner and the library must agree). Installed without
/// `--locked`: this registry lacks one of its pinned dependencies.
pub fn ensure_wasm_bindgen_test_runner() -> Result<()> {
    let version = lockfile::check_workspace()?;
    let installed = Command::new("wasm-bindgen-test-runner")
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned());
    if installed.as_deref() == Some(&format!("wasm-bindgen-test-runner {version}")) {
        return Ok(());
    }
    sh(
        "cargo",
        &[
            "install",
            "wasm-bindgen-cli",
            "--version",
            &format!("={version}"),
        ],
    )
}

/// The npm packages pinned in package-lock.json, installed again whenever
/// the lock file is newer than what is installed.
pub fn ensure_npm_packages() -> Result<()> {
    let root = root();
    let installed = root.join("node_modules/.package-lock.json");
    let fresh = match (
        installed.metadata(),
        root.join("package-lock.json").metadata(),
    ) {
        (Ok(installed), Ok(lock)) => match (installed.modified(), lock.modified()) {
            (Ok(i), Ok(l)) => i >= l,
            _ => false,
        },
        _ => false,
    };
    if !fresh {
        // No install scripts: nothing here needs one (wasm-opt is prebuilt
        // wasm in binaryen's package), and a peer's build tools would try.
        sh(
            "npm",
            &["ci", "--no-audit", "--no-fund", "--ignore-scripts"],
        )?;
    }
    if !root.join("node_modules/.bin/wasm-opt").exists() {
        bail!("npm ci did not install binaryen's wasm-opt");
    }
    Ok(())
}
