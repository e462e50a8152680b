//! Standard output, written through one handle. A reader that goes away
//! (`limpide verify - < audit.jsonl | head`) is a normal end for a tool in a
//! pipeline: the rest of the output is dropped, without a panic.

use std::fmt;
use std::io::{ErrorKind, Write as _};

use anyhow::{Context as _, Result};

/// Prints lines to standard output until its reader goes away.
pub struct Output {
    stdout: std::io::Stdout,
    reader_gone: bool,
}

impl Output {
    /// Standard output, its reader there.
    pub fn stdout() -> Self {
        Self {
            stdout: std::io::stdout(),
            reader_gone: false,
        }
    }

    /// Writes one line. Once the reader has gone, lines are dropped; any
    /// other write error is an I/O problem (exit 2).
    pub fn line(&mut self, text: fmt::Arguments<'_>) -> Result<()> {
        if self.reader_gone {
            return Ok(());
        }
        match writeln!(self.stdout.lock(), "{text}") {
            Err(e) if e.kind() == ErrorKind::BrokenPipe => {
                self.reader_gone = true;
                Ok(())
            }
            written => written.context("cannot write to standard output"),
        }
    }

    /// Whether the reader has gone, so a long batch can stop early.
    pub fn reader_gone(&self) -> bool {
        self.reader_gone
    }
}

/// `say!(out, "format", args…)`: one line through an [`Output`], `?` included.
macro_rules! say {
    ($out:expr, $($arg:tt)*) => {
        $out.line(format_args!($($arg)*))?
    };
}
pub(crate) use say;
