//! Reads package versions from `Cargo.lock`, to check that the
//! wasm-bindgen library xtask links agrees with the `wasm-bindgen` crate
//! the widget is built with.
//!
//! The generated JS glue and the wasm must come from the same wasm-bindgen
//! version: a mismatch fails at build time with an obscure schema error, or
//! worse, at run time in the browser. Both are pinned with `=` in their
//! `Cargo.toml`; this check catches an update of one without the other.

use anyhow::{bail, Context as _, Result};

/// Every version of the package `name` that `lock` (the text of a
/// `Cargo.lock`) resolves, in file order.
pub fn versions<'a>(lock: &'a str, name: &str) -> Vec<&'a str> {
    let mut found = Vec::new();
    let mut current_name = None;
    for line in lock.lines().map(str::trim) {
        if line == "[[package]]" {
            current_name = None;
        } else if let Some(value) = string_value(line, "name") {
            current_name = Some(value);
        } else if let Some(value) = string_value(line, "version") {
            if current_name == Some(name) {
                found.push(value);
            }
        }
    }
    found
}

/// The value of a `key = "value"` line, if `line` is one for `key`.
fn string_value<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let rest = line.strip_prefix(key)?.trim_start().strip_prefix('=')?;
    rest.trim().strip_prefix('"')?.strip_suffix('"')
}

/// Fails, saying what to change, unless `lock` resolves exactly one version
/// of `wasm-bindgen` and of `wasm-bindgen-cli-support` and they are equal.
pub fn check_bindgen_versions(lock: &str) -> Result<String> {
    let one = |name: &str| -> Result<&str> {
        match versions(lock, name).as_slice() {
            [version] => Ok(version),
            [] => bail!("Cargo.lock has no `{name}` package"),
            many => bail!(
                "Cargo.lock has several `{name}` versions ({}); keep exactly one",
                many.join(", ")
            ),
        }
    };
    let library = one("wasm-bindgen")?;
    let support = one("wasm-bindgen-cli-support")?;
    if library != support {
        bail!(
            "wasm-bindgen version mismatch: the widget links wasm-bindgen {library} but xtask \
             uses wasm-bindgen-cli-support {support}; pin both to the same version \
             (`wasm-bindgen = \"={library}\"` in Cargo.toml and \
             `wasm-bindgen-cli-support = \"={library}\"` in xtask/Cargo.toml), then run \
             `cargo update -p wasm-bindgen -p wasm-bindgen-cli-support`"
        );
    }
    Ok(library.to_owned())
}

/// Reads the workspace's `Cargo.lock` and runs [`check_bindgen_versions`].
pub fn check_workspace() -> Result<String> {
    let path = crate::root().join("Cargo.lock");
    let lock = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    check_bindgen_versions(&lock)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"
[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"
dependencies = [
 "wasm-bindgen-macro",
]

[[package]]
name = "wasm-bindgen-cli-support"
version = "0.2.130"
"#;

    #[test]
    fn the_workspace_lock_pins_one_wasm_bindgen_version() {
        let version = check_workspace().unwrap();
        assert!(!version.is_empty());
    }

    #[test]
    fn equal_versions_pass() {
        assert_eq!(check_bindgen_versions(LOCK).unwrap(), "0.2.130");
        assert_eq!(versions(LOCK, "wasm-bindgen-macro"), Vec::<&str>::new());
    }

    #[test]
    fn a_mismatch_is_refused_with_both_versions() {
        let lock = LOCK.replacen("0.2.130", "0.2.131", 1);
        let message = check_bindgen_versions(&lock).unwrap_err().to_string();
        assert!(message.contains("wasm-bindgen 0.2.131"), "{message}");
        assert!(
            message.contains("wasm-bindgen-cli-support 0.2.130"),
            "{message}"
        );
    }

    #[test]
    fn a_missing_or_duplicated_package_is_refused() {
        let missing = LOCK.replace("wasm-bindgen-cli-support", "something-else");
        assert!(check_bindgen_versions(&missing).is_err());
        let twice =
            format!("{LOCK}\n[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.100\"\n");
        let message = check_bindgen_versions(&twice).unwrap_err().to_string();
        assert!(message.contains("several"), "{message}");
    }
}
