//! Precompressed copies of `dist/`: `x.br` (brotli, quality 11) and `x.gz`
//! (gzip, best compression) next to every text or wasm file `x`, so a static
//! server can send them as they are.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use flate2::{write::GzEncoder, Compression};

/// The extensions of the files that get compressed copies.
const COMPRESSIBLE: &[&str] = &["js", "css", "html", "json", "wasm", "svg"];

/// Writes `.br` and `.gz` copies of every compressible file under `dist`,
/// one thread per file (brotli 11 is the slow part of a build).
pub fn run(dist: &Path) -> Result<()> {
    let files: Vec<PathBuf> = crate::folders::files(dist)?
        .into_iter()
        .filter(|file| {
            file.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| COMPRESSIBLE.contains(&e))
        })
        .collect();
    std::thread::scope(|scope| {
        let workers: Vec<_> = files
            .iter()
            .map(|file| scope.spawn(move || compress_file(file)))
            .collect();
        workers.into_iter().try_for_each(|worker| {
            worker
                .join()
                .map_err(|_| anyhow::anyhow!("a compression thread panicked"))?
        })
    })
}

/// Writes `file.br` and `file.gz`.
fn compress_file(file: &Path) -> Result<()> {
    let raw = fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    write(&with_suffix(file, "br"), &brotli(&raw)?)?;
    write(&with_suffix(file, "gz"), &gzip(&raw)?)
}

/// `path` with `.suffix` appended (`limpide.js` → `limpide.js.br`).
pub fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

/// Brotli at quality 11 with the largest standard window (what `brotli -q
/// 11` does).
pub fn brotli(raw: &[u8]) -> Result<Vec<u8>> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        size_hint: raw.len(),
        ..Default::default()
    };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &raw[..], &mut out, &params)?;
    Ok(out)
}

/// Gzip at the best compression level, without a file name or timestamp
/// (so that builds are reproducible).
pub fn gzip(raw: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(raw)?;
    Ok(encoder.finish()?)
}

/// Writes `bytes` to `path`, naming the file in the error.
fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use std::io::Read as _;

    use super::*;

    const TEXT: &[u8] = b"<p>Refuser tout</p><p>Accepter tout</p><p>Refuser tout</p>";

    #[test]
    fn brotli_round_trips() {
        let packed = brotli(TEXT).unwrap();
        let mut unpacked = Vec::new();
        brotli::Decompressor::new(&packed[..], 4096)
            .read_to_end(&mut unpacked)
            .unwrap();
        assert_eq!(unpacked, TEXT);
    }

    #[test]
    fn gzip_round_trips_and_is_reproducible() {
        let packed = gzip(TEXT).unwrap();
        let mut unpacked = Vec::new();
        flate2::read::GzDecoder::new(&packed[..])
            .read_to_end(&mut unpacked)
            .unwrap();
        assert_eq!(unpacked, TEXT);
        assert_eq!(packed, gzip(TEXT).unwrap());
    }

    #[test]
    fn suffixes_are_appended() {
        assert_eq!(
            with_suffix(Path::new("dist/limpide.js"), "br"),
            Path::new("dist/limpide.js.br")
        );
    }
}
