//! `cargo xtask test`: every check CI runs, in order, failing on the first.
//! It installs what it lacks (the wasm target, npm packages, PostgreSQL,
//! Chromium, ChromeDriver, Firefox ESR, the wasm-bindgen test runner).

use std::fs;
use std::process::Command;

use anyhow::{bail, Result};

use crate::build::{ensure_wasm_target, WASM_TARGET};
use crate::{build, root, sh, tools};

pub fn run() -> Result<()> {
    ensure_wasm_target()?;
    tools::ensure_npm_packages()?;
    sh("cargo", &["fmt", "--all", "--", "--check"])?;
    clippy(&["--workspace", "--all-targets"])?;
    clippy(&[
        "-p",
        "limpide",
        "-p",
        "limpide-receipt",
        "--target",
        WASM_TARGET,
    ])?;
    // The Ed25519 fallback module, on its own (with the widget, cargo would
    // unify the receipt core's features).
    clippy(&["-p", "limpide-ed25519-fallback", "--target", WASM_TARGET])?;
    // The verify page's verifier, on its own for the same reason.
    clippy(&["-p", "limpide-verify-web", "--target", WASM_TARGET])?;
    // The widget's browser tests too (the receipt core's tests use proptest,
    // which is native only).
    clippy(&["-p", "limpide", "--target", WASM_TARGET, "--all-targets"])?;
    // A Yew app links only the component (`default-features = false`);
    // the example app under examples/ does so and must build.
    clippy(&[
        "-p",
        "limpide",
        "-p",
        "limpide-example-yew",
        "--no-default-features",
        "--target",
        WASM_TARGET,
    ])?;
    sh(
        "cargo",
        &[
            "build",
            "-p",
            "limpide-example-yew",
            "--target",
            WASM_TARGET,
        ],
    )?;
    // The receipt service's tests run against SQLite and against a real
    // PostgreSQL cluster that they start themselves (tests/postgres.rs).
    tools::ensure_postgresql()?;
    sh("cargo", &["test", "--workspace"])?;
    sh(
        "cargo",
        &["build", "-p", "limpide-cli", "-p", "limpide-server"],
    )?;
    // Interoperability with an independent JOSE library (npm `jose`), and
    // the transparency log checked by Go's own sumdb packages.
    tools::ensure_go()?;
    sh("node", &["--test", "tests/interop/"])?;

    tools::ensure_browsers()?;
    component_tests()?;
    // End-to-end: the optimised dist/ in headless Chromium, most suites in
    // Firefox ESR too (tests/e2e/engines.mjs), axe-core audits included.
    build::run()?;
    sh("node", &["--test", "--test-concurrency=1", "tests/e2e/"])?;
    Ok(())
}

/// `cargo clippy ARGS -- -D warnings`.
fn clippy(args: &[&str]) -> Result<()> {
    let mut all = vec!["clippy"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--", "-D", "warnings"]);
    sh("cargo", &all)
}

/// The Yew component tests in headless Chromium (wasm-bindgen-test).
fn component_tests() -> Result<()> {
    tools::ensure_wasm_bindgen_test_runner()?;
    // The runner leaves Chromium profiles in TMPDIR: give it a folder of
    // ours and empty it afterwards.
    let temp = root().join(".tmp/wasm-bindgen-test");
    let _ = fs::remove_dir_all(&temp);
    fs::create_dir_all(&temp)?;
    let args = ["test", "-p", "limpide", "--target", WASM_TARGET];
    eprintln!("+ cargo {} (headless Chromium)", args.join(" "));
    let status = Command::new("cargo")
        .args(args)
        .current_dir(root())
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            "wasm-bindgen-test-runner",
        )
        .env("CHROMEDRIVER", "/usr/bin/chromedriver")
        // The runner adds --headless and --no-sandbox; these keep Chromium
        // from reaching for the network this machine does not have.
        .env(
            "WASM_BINDGEN_TEST_WEBDRIVER_JSON",
            root().join("tests/webdriver.json"),
        )
        .env("WASM_BINDGEN_TEST_TIMEOUT", "60")
        .env("TMPDIR", &temp)
        .status()?;
    let _ = fs::remove_dir_all(&temp);
    if !status.success() {
        bail!("the component tests failed ({status})");
    }
    Ok(())
}
