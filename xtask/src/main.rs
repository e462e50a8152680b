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
mod folders;
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
mod usage;
mod verify_page;
mod wasm_module;
mod wasm_opt;

use std::process::ExitCode;

use anyhow::{bail, Context as _, Result};

/// Runs the command; an error is printed with its causes, never with a
/// backtrace (whatever `RUST_BACKTRACE` says), and exits 1. A wrong command
/// line exits 2, as for any command-line tool.
fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(command) = args.first().map(String::as_str) else {
        eprint!("{}", usage::OVERVIEW);
        return ExitCode::from(2);
    };
    let rest = &args[1..];
    if matches!(command, "--help" | "-h" | "help") {
        print!("{}", usage::OVERVIEW);
        return ExitCode::SUCCESS;
    }
    let Some(command_usage) = usage::of(command) else {
        eprint!("unknown command `{command}`\n\n{}", usage::OVERVIEW);
        return ExitCode::from(2);
    };
    if usage::asks_for_help(rest) {
        print!("{command_usage}");
        return ExitCode::SUCCESS;
    }
    match run(command, rest) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Runs one of the commands `usage::of` knows.
fn run(command: &str, args: &[String]) -> Result<()> {
    match command {
        "build" => build::run(),
        "serve" => {
            build::run()?;
            let port = match args.first() {
                Some(port) => port
                    .parse()
                    .with_context(|| format!("PORT: {port:?} is not a port number"))?,
                None => 8080,
            };
            let service = demo_service::start(&format!("http://127.0.0.1:{port}"))?;
            serve::run(port, Some(&service))
        }
        "bench" => bench::run(args),
        "test" => test::run(),
        "fuzz" => fuzz::run(args),
        "mutants" => mutants::run(args),
        _ => bail!("unknown command `{command}`"),
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
