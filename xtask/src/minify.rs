//! The widget's JavaScript and stylesheet, minified (`xtask/minify.mjs`:
//! oxc's minifier through rolldown, lightningcss for the CSS), both from
//! the npm packages the build already installs. On the demo's files this
//! takes about 4 KB brotli off what a pupil's phone downloads.
//!
//! Runs once `www/` is copied and before `pin.rs`: the integrity
//! placeholders are string literals, which minifying keeps.

use std::path::Path;

use anyhow::Result;

use crate::{root, sh};

/// The files minified, relative to `dist/`.
pub const FILES: [&str; 10] = [
    "limpide.js",
    "limpide-element.js",
    "limpide.css",
    "verify.js",
    "verify.css",
    "print.js",
    "print.css",
    "receipts.js",
    "family.js",
    crate::verify_page::JS_FILE,
];

/// Minifies [`FILES`] in `dist` in place.
pub fn run(dist: &Path) -> Result<()> {
    crate::tools::ensure_npm_packages()?;
    let script = root().join("xtask/minify.mjs");
    let files: Vec<String> = FILES
        .iter()
        .map(|file| dist.join(file).display().to_string())
        .collect();
    let mut args = vec![script.display().to_string()];
    args.extend(files);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    sh("node", &args)
}
