//! `limpide-server`: serve, staff, export, subject (see `docs/server.md`).
#![forbid(unsafe_code)]

mod cli;

use std::process::ExitCode;

use cli::{args, commands};

fn main() -> ExitCode {
    let command = match args::parse(std::env::args_os().skip(1)) {
        Ok(command) => command,
        Err(e) => {
            eprintln!("limpide-server: {e:#}\n\n{}", args::USAGE);
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("limpide-server: cannot start: {e}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(commands::run(command)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("limpide-server: {:#}", failure.error);
            ExitCode::from(failure.status)
        }
    }
}
