//! `limpide log watch` and `limpide log audit`: a controller's
//! transparency log read over HTTP(S) and checked against the log keys its
//! notice lists (docs/cli.md, "Watching the log"). `client.rs` reads it,
//! `replay.rs` checks the leaves and tiles a checkpoint adds, `watch.rs`
//! a pass of the monitor and what it keeps, `audit.rs` an export against
//! the log, `gate.rs` each release recounted from the export, `prove.rs` a
//! held document's proof built from the tiles.

mod audit;
mod client;
mod gate;
mod prove;
mod replay;
mod watch;

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{bail, Result};
use limpide_receipt::Notice;

use crate::output::{say, Output};
use client::LogClient;
use watch::{pass, say_pass, say_problem, Seen, DEFAULT_INTERVAL};

/// What `limpide log …` was asked.
pub enum LogCommand {
    /// `log watch URL --notice NOTICE [--once] [--state FILE] [--interval SECONDS]`.
    Watch {
        url: String,
        once: bool,
        state: Option<PathBuf>,
        interval: Option<Duration>,
    },
    /// `log audit EXPORT URL --notice NOTICE`.
    Audit { export: PathBuf, url: String },
    /// `log prove DOCUMENT URL --notice NOTICE`.
    Prove { document: PathBuf, url: String },
}

/// Runs it; the exit status (0: the log holds, 1: it does not).
pub fn run(out: &mut Output, command: LogCommand, notice: &Notice) -> Result<i32> {
    let keys = &notice.controller.log_keys;
    if keys.is_empty() {
        bail!(
            "notice {} version {} lists no log key (controller.log_keys): give the notice version that lists the log's keys",
            notice.id,
            notice.version
        );
    }
    match command {
        LogCommand::Prove { document, url } => {
            let bytes = crate::input::read_file(&document)?;
            match prove::prove(&LogClient::new(&url)?, keys, &bytes)? {
                Ok(proof) => {
                    eprintln!(
                        "leaf {} of the checkpoint of {} leaves, proven from the tiles",
                        proof.index(),
                        proof.checkpoint().checkpoint().size()
                    );
                    // The text ends with its newline, which the line adds back.
                    say!(out, "{}", proof.to_text().trim_end_matches('\n'));
                    Ok(0)
                }
                Err(why) => {
                    say!(out, "{why}");
                    Ok(1)
                }
            }
        }
        LogCommand::Audit { export, url } => audit::audit(
            out,
            &LogClient::new(&url)?,
            keys,
            &notice.controller.keys,
            &export,
        ),
        LogCommand::Watch {
            url,
            once,
            state,
            interval,
        } => {
            let client = LogClient::new(&url)?;
            let mut seen = match &state {
                Some(path) => Seen::load(path)?,
                None => Seen::nothing(),
            };
            loop {
                let before = seen.tree.size();
                match pass(&client, keys, &mut seen, false) {
                    Ok(Ok((signed, replayed))) => {
                        say_pass(out, before, &signed, &replayed)?;
                        if let Some(path) = &state {
                            seen.save(path)?;
                        }
                    }
                    Ok(Err(why)) => {
                        say_problem(out, &why, &seen, &client)?;
                        return Ok(1);
                    }
                    // Unreachable now: said, and tried again at the next
                    // pass (once: a usage-level error).
                    Err(e) if !once => say!(out, "the log could not be read this time: {e:#}"),
                    Err(e) => return Err(e),
                }
                if once || out.reader_gone() {
                    return Ok(0);
                }
                std::thread::sleep(interval.unwrap_or(DEFAULT_INTERVAL));
            }
        }
    }
}
