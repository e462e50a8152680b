//! `limpide`: lint consent notices; sign, verify and show consent receipts;
//! verify and show the controller's records (campaign manifests, release
//! records, one-box withdrawals).
//!
//! Exit codes: 0 valid, 1 read but invalid (one `path: message` line per
//! problem on standard output), 2 usage error or unreadable file (standard
//! error). See `docs/cli.md`.
#![forbid(unsafe_code)]

mod args;
mod checks;
mod commands;
mod input;
mod log;
mod log_proof;
mod output;
mod report;
mod show;
mod show_record;

use std::process::ExitCode;

fn main() -> ExitCode {
    let command = match args::parse(std::env::args_os().skip(1)) {
        Ok(command) => command,
        Err(e) => {
            eprintln!("limpide: {e:#}\n\n{}", args::USAGE);
            return ExitCode::from(2);
        }
    };
    match commands::run(command) {
        Ok(outcome) => ExitCode::from(outcome as u8),
        Err(e) => {
            eprintln!("limpide: {e:#}");
            ExitCode::from(2)
        }
    }
}
