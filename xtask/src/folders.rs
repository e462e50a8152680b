//! Walking a folder, for the steps that treat every file of `dist/`
//! (compression, integrity hashes).

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

/// Every file under `dir`, recursively, in a stable (sorted) order.
pub fn files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut entries = fs::read_dir(dir)
        .with_context(|| format!("cannot list {}", dir.display()))?
        .collect::<std::io::Result<Vec<_>>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        if entry.file_type()?.is_dir() {
            found.extend(files(&entry.path())?);
        } else {
            found.push(entry.path());
        }
    }
    Ok(found)
}
