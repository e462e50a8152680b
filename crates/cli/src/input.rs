//! Reading the files named on the command line, and standard input.

use std::io::BufRead;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

/// Reads a file; a file that cannot be read is a usage-level error (exit 2).
pub fn read_file(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
}

/// Whether the inputs of `verify` can hold more than one document.
pub fn several(paths: &[PathBuf]) -> bool {
    paths.len() > 1 || paths.iter().any(|p| p.as_os_str() == "-")
}

/// Calls `each` with the name and bytes of every input of `verify`, one at a
/// time, so a batch of any size runs in constant memory: files, or JSON
/// lines from standard input for `-` (named `-:N` for line N). `each`
/// breaks to stop early (the output's reader has gone).
pub fn each_receipt(
    paths: &[PathBuf],
    mut each: impl FnMut(String, &[u8]) -> Result<ControlFlow<()>>,
) -> Result<()> {
    for path in paths {
        if path.as_os_str() != "-" {
            if each(path.display().to_string(), &read_file(path)?)?.is_break() {
                return Ok(());
            }
            continue;
        }
        let mut stdin = std::io::stdin().lock();
        let mut line = Vec::new();
        for number in 1.. {
            line.clear();
            if stdin
                .read_until(b'\n', &mut line)
                .context("cannot read standard input")?
                == 0
            {
                break;
            }
            if !line.iter().all(u8::is_ascii_whitespace)
                && each(format!("-:{number}"), &line)?.is_break()
            {
                return Ok(());
            }
        }
    }
    Ok(())
}
