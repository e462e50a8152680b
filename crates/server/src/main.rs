//! `limpide-server`: serve, gate, export, subject (see `docs/server.md`).
#![forbid(unsafe_code)]

mod args;
mod commands;

use std::process::ExitCode;

/// A failure and the exit status it ends with: 2 for usage and
/// configuration (a missing key, a bad notice), 1 for the rest.
pub struct Failure {
    status: u8,
    error: anyhow::Error,
}

impl Failure {
    /// A usage or configuration error (exit status 2).
    pub fn config(error: anyhow::Error) -> Self {
        Self { status: 2, error }
    }
}

impl<E: Into<anyhow::Error>> From<E> for Failure {
    fn from(error: E) -> Self {
        Self {
            status: 1,
            error: error.into(),
        }
    }
}

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
