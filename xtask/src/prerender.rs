//! The demo page's form, pre-rendered: `limpide render` (the command
//! embedders use) prints the declarative shadow root of the demo's notice,
//! which goes into the host at the page's marker, so that the demo shows
//! its form before any script has arrived.
//!
//! Runs once the stylesheet is in `dist/` (its integrity goes into the
//! snippet's link) and before `sri.json` and the compressed copies.

use std::fs;
use std::path::Path;

use anyhow::{bail, Context as _, Result};

use crate::root;
use crate::sri::integrity;

/// Where `index.html` takes the pre-rendered form: first in the host.
pub const MARKER: &str = "<!-- limpide:prerendered -->";
/// The notice the demo mounts, and its language.
const NOTICE: &str = "www/notices/pass-region.json";
const LANGUAGE: &str = "fr";

/// Puts the pre-rendered form into `dist/index.html`.
pub fn run(dist: &Path) -> Result<()> {
    let stylesheet = fs::read(dist.join("limpide.css")).context("cannot read dist/limpide.css")?;
    let hash = integrity(&stylesheet);
    eprintln!("+ limpide render {NOTICE} --lang {LANGUAGE}");
    let output = std::process::Command::new("cargo")
        .args([
            "run",
            "--quiet",
            "-p",
            "limpide-cli",
            "--",
            "render",
            NOTICE,
        ])
        .args([
            "--lang",
            LANGUAGE,
            "--stylesheet",
            "limpide.css",
            "--integrity",
            &hash,
        ])
        .current_dir(root())
        .output()
        .context("cannot run `cargo run -p limpide-cli`")?;
    if !output.status.success() {
        bail!(
            "`limpide render` failed ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let snippet = String::from_utf8(output.stdout).context("`limpide render` printed non-UTF-8")?;
    let page_path = dist.join("index.html");
    let page = fs::read_to_string(&page_path).context("cannot read dist/index.html")?;
    fs::write(&page_path, insert(&page, snippet.trim_end())?)
        .context("cannot write dist/index.html")
}

/// `page` with `snippet` in place of its one marker.
fn insert(page: &str, snippet: &str) -> Result<String> {
    match page.matches(MARKER).count() {
        1 => Ok(page.replacen(MARKER, snippet, 1)),
        n => bail!("expected the marker {MARKER} once in index.html, found it {n} times"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_snippet_takes_the_marker_s_place_once() {
        let page = format!("<div id=\"host\">{MARKER}<p>loading</p></div>");
        assert_eq!(
            insert(&page, "<template>…</template>").expect("one marker"),
            "<div id=\"host\"><template>…</template><p>loading</p></div>"
        );
        assert!(insert("<div></div>", "x").is_err());
        assert!(insert(&format!("{MARKER}{MARKER}"), "x").is_err());
    }

    #[test]
    fn the_demo_page_has_the_marker_in_its_host() {
        let page = fs::read_to_string(root().join("index.html")).expect("index.html");
        assert!(
            page.contains(&format!("<div id=\"limpide-demo\">{MARKER}")),
            "index.html's host must start with {MARKER}"
        );
    }
}
