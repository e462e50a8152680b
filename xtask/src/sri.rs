//! `dist/sri.json`: the Subresource Integrity hash of every file in `dist/`.
//!
//! Embedders who load `limpide.js`, `limpide-element.js` or `limpide.css`
//! from another origin (a CDN, a copy on their own server) pin them with
//! `integrity="sha384-…"` attributes (`<script type="module" integrity>`,
//! `<link rel="stylesheet" integrity>`, `<link rel="modulepreload"
//! integrity>`): the browser then refuses any file that differs from the
//! published build. This manifest gives those values, one per file, keyed by
//! its path relative to `dist/` with forward slashes. The `.br` and `.gz`
//! copies are left out: SRI covers the decoded bytes, which are those of the
//! original file. `limpide.js` also carries the hashes of its wasm and its
//! stylesheet (`pin.rs`), so pinning it pins them.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use anyhow::{Context as _, Result};
use base64::Engine as _;
use sha2::{Digest as _, Sha384};

/// The manifest's file name, in `dist/`.
pub const MANIFEST: &str = "sri.json";

/// Writes `dist/sri.json`.
pub fn run(dist: &Path) -> Result<()> {
    let mut manifest = BTreeMap::new();
    for file in crate::folders::files(dist)? {
        let key = relative_key(dist, &file)?;
        if key == MANIFEST || key.ends_with(".br") || key.ends_with(".gz") {
            continue;
        }
        let bytes = fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
        manifest.insert(key, integrity(&bytes));
    }
    let mut json = serde_json::to_string_pretty(&manifest)?;
    json.push('\n');
    let path = dist.join(MANIFEST);
    fs::write(&path, json).with_context(|| format!("cannot write {}", path.display()))
}

/// The `integrity` attribute value for `bytes`: `sha384-` and the standard
/// base64 (with padding) of their SHA-384 digest.
pub fn integrity(bytes: &[u8]) -> String {
    let digest = Sha384::digest(bytes);
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// `file`'s path relative to `dist`, with `/` between components on every
/// platform.
fn relative_key(dist: &Path, file: &Path) -> Result<String> {
    let relative = file
        .strip_prefix(dist)
        .with_context(|| format!("{} is outside {}", file.display(), dist.display()))?;
    let parts = relative
        .components()
        .map(|c| {
            c.as_os_str()
                .to_str()
                .with_context(|| format!("{} is not valid UTF-8", file.display()))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integrity_matches_a_known_answer() {
        // printf 'alert(1)' | openssl dgst -sha384 -binary | base64
        assert_eq!(
            integrity(b"alert(1)"),
            "sha384-HT2E9NfWiuQ/w1PRai+hTyqW16NIoCGA/m8VQDUopfAtcz6YQjtsMmQd5uRbVDpW"
        );
        assert_eq!(
            integrity(b""),
            "sha384-OLBgp1GsljhM2TJ+sbHjaiH9txEUvgdDTAzHv2P24donTt6/529l+9Ua0vFImLlb"
        );
    }

    #[test]
    fn keys_use_forward_slashes() {
        let dist = Path::new("dist");
        assert_eq!(
            relative_key(dist, &dist.join("notices").join("a.json")).unwrap(),
            "notices/a.json"
        );
    }
}
