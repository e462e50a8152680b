//! `cargo xtask build | serve | bench | test | fuzz | mutants`: the project's tasks, in Rust
//! so they run the same on every machine.
#![forbid(unsafe_code)]

mod bench;
mod bindgen;
mod build;
mod cli_bench;
mod compress;
mod demo_service;
mod fallback;
mod fuzz;
mod lockfile;
mod minify;
mod mutants;
mod pin;
mod prerender;
mod react_example;
mod serve;
mod server_bench;
mod sizes;
mod sri;
mod test;
mod tools;
mod verify_page;
mod wasm_module;
mod wasm_opt;

use anyhow::{bail, Context as _, Result};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("build") => build::run(),
        Some("serve") => {
            build::run()?;
            let port = args.get(1).map(|p| p.parse()).transpose()?.unwrap_or(8080);
            let service = demo_service::start(&format!("http://127.0.0.1:{port}"))?;
            serve::run(port, Some(&service))
        }
        Some("bench") => bench::run(&args[1..]),
        Some("test") => test::run(),
        Some("fuzz") => fuzz::run(&args[1..]),
        Some("mutants") => mutants::run(&args[1..]),
        _ => bail!(
            "usage: cargo xtask build | serve [PORT] | bench [peers | server] | test \
             | fuzz [SECONDS] | mutants [FILE…] [-- CARGO-MUTANTS ARGS]"
        ),
    }
}

/// The workspace root (xtask lives one level below it), without `..`:
/// Chromium cannot start with a `TMPDIR` that has one.
pub fn root() -> std::path::PathBuf {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    root.canonicalize().unwrap_or(root)
}

/// Runs a command in the workspace root, failing with its command line.
pub fn sh(program: &str, args: &[&str]) -> Result<()> {
    eprintln!("+ {program} {}", args.join(" "));
    let status = std::process::Command::new(program)
        .args(args)
        .current_dir(root())
        .status()
        .with_context(|| format!("cannot run `{program}`: is it installed?"))?;
    if !status.success() {
        bail!("`{program} {}` failed ({status})", args.join(" "));
    }
    Ok(())
}
