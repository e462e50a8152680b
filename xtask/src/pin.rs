//! Pins what `limpide.js` loads by itself: its wasm and its stylesheet get
//! their Subresource Integrity hashes written into the module, so that a page
//! pinning `limpide.js` (`<script type="module" integrity>`, or the import
//! of a pinned module) pins everything the form runs. The demo page's preload
//! hint for the stylesheet gets the same hash: a style preload is only used
//! by a request with the same integrity.
//!
//! Runs once the wasm is optimised and `www/` copied, before `sri.json`
//! (which then hashes the pinned `limpide.js`).

use std::fs;
use std::path::Path;

use anyhow::{bail, Context as _, Result};

use crate::sri::integrity;

/// Where `bindgen.rs` leaves the wasm's integrity for this step to fill in.
pub const WASM_INTEGRITY: &str = "@LIMPIDE_WASM_INTEGRITY@";
/// Where it leaves the stylesheet's.
pub const CSS_INTEGRITY: &str = "@LIMPIDE_CSS_INTEGRITY@";
/// Where it leaves the Ed25519 fallback module's (`fallback.rs`).
pub const FALLBACK_INTEGRITY: &str = "@LIMPIDE_FALLBACK_INTEGRITY@";

/// The files pinned: the placeholder standing for each in `limpide.js`, and
/// whether the demo's preload hint for it carries the hash too. Chromium
/// ignores `integrity` on `as="fetch"` preloads (and warns), yet uses such a
/// preload for the wasm's pinned request; a style preload needs the hash to
/// be used.
const PINNED: [(&str, &str, bool); 3] = [
    ("limpide_bg.wasm", WASM_INTEGRITY, false),
    ("limpide.css", CSS_INTEGRITY, true),
    (crate::fallback::WASM_FILE, FALLBACK_INTEGRITY, false),
];

/// Fills in `dist/limpide.js` and the preload hints of `dist/index.html`.
pub fn run(dist: &Path) -> Result<()> {
    let js_path = dist.join("limpide.js");
    let mut js = read(&js_path)?;
    let page_path = dist.join("index.html");
    let mut page = read(&page_path)?;
    for (file, placeholder, in_preload) in PINNED {
        let hash = integrity(
            &fs::read(dist.join(file)).with_context(|| format!("cannot read dist/{file}"))?,
        );
        js = fill(&js, placeholder, &hash)
            .with_context(|| format!("dist/limpide.js does not load {file} pinned"))?;
        if in_preload {
            page = pin_preload(&page, file, &hash).context("dist/index.html")?;
        }
    }
    fs::write(&js_path, js).with_context(|| format!("cannot write {}", js_path.display()))?;
    fs::write(&page_path, page).with_context(|| format!("cannot write {}", page_path.display()))
}

fn read(path: &Path) -> Result<String> {
    fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

/// `text` with its one `placeholder` replaced by `value`.
fn fill(text: &str, placeholder: &str, value: &str) -> Result<String> {
    match text.matches(placeholder).count() {
        1 => Ok(text.replacen(placeholder, value, 1)),
        n => bail!("expected the placeholder {placeholder} once, found it {n} times"),
    }
}

/// `page` with `integrity="…"` added to its `<link rel="preload" href="FILE"…>`.
fn pin_preload(page: &str, file: &str, hash: &str) -> Result<String> {
    let tag = format!("<link rel=\"preload\" href=\"{file}\"");
    match page.matches(&tag).count() {
        1 => Ok(page.replacen(&tag, &format!("{tag} integrity=\"{hash}\""), 1)),
        n => bail!("expected one preload hint for {file} (`{tag}`), found {n}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_placeholder_is_filled_once_or_reported() {
        assert_eq!(fill("a @X@ b", "@X@", "v").unwrap(), "a v b");
        assert!(fill("a b", "@X@", "v").is_err());
        assert!(fill("@X@ @X@", "@X@", "v").is_err());
    }

    #[test]
    fn the_preload_hint_gets_the_hash() {
        let page = r#"<link rel="preload" href="limpide.css" as="style" crossorigin>"#;
        assert_eq!(
            pin_preload(page, "limpide.css", "sha384-x").unwrap(),
            r#"<link rel="preload" href="limpide.css" integrity="sha384-x" as="style" crossorigin>"#
        );
        assert!(pin_preload(page, "limpide_bg.wasm", "sha384-x").is_err());
    }
}
