//! Reading the files named on the command line, and standard input.

use std::io::BufRead;
use std::path::Path;

use anyhow::{Context as _, Result};

/// One document to check: where it came from and its bytes.
pub struct Input {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Reads a file; a file that cannot be read is a usage-level error (exit 2).
pub fn read_file(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
}

/// The inputs of `verify`: files, or JSON lines from standard input for `-`.
pub fn receipts(paths: &[std::path::PathBuf]) -> Result<Vec<Input>> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            let stdin = std::io::stdin();
            let mut lock = stdin.lock();
            let mut line = Vec::new();
            let mut number = 0;
            loop {
                line.clear();
                if lock
                    .read_until(b'\n', &mut line)
                    .context("cannot read standard input")?
                    == 0
                {
                    break;
                }
                number += 1;
                if line.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                inputs.push(Input {
                    name: format!("-:{number}"),
                    bytes: std::mem::take(&mut line),
                });
            }
        } else {
            inputs.push(Input {
                name: path.display().to_string(),
                bytes: read_file(path)?,
            });
        }
    }
    Ok(inputs)
}
