//! wasm-bindgen, run as a library (`wasm-bindgen-cli-support`): the ES
//! module `limpide.js` and its `limpide_bg.wasm`.

use std::fs;
use std::path::Path;

use anyhow::{bail, Context as _, Result};
use wasm_bindgen_cli_support::Bindgen;

use crate::pin;

/// The name wasm-bindgen's `web` target gives the default-exported
/// initialisation function (`export { initSync, __wbg_init as default };`).
const INIT_FUNCTION: &str = "__wbg_init";

/// The export through which `limpide.js` tells the widget its own URL.
const ASSET_BASE_FUNCTION: &str = "__limpideAssetBase";

/// Generates `limpide.js`, `limpide_bg.wasm` and any `snippets/` in `dist`
/// from the widget's raw `wasm`.
///
/// `limpide.js` initialises its wasm itself (the documented API has "no separate `init()`
/// call"): a top-level `await __wbg_init();` follows the generated code, so
/// importing the module is enough, and every generated export is kept.
pub fn run(wasm: &Path, dist: &Path, fallback_glue: &str) -> Result<()> {
    let version = crate::lockfile::check_workspace()?;
    eprintln!("+ wasm-bindgen {version} (library) {}", wasm.display());
    let mut output = Bindgen::new()
        .input_path(wasm)
        .web(true)?
        .out_name("limpide")
        .omit_default_module_path(false)
        .remove_name_section(true)
        .remove_producers_section(true)
        .typescript(false)
        .generate_output()
        .with_context(|| format!("wasm-bindgen failed on {}", wasm.display()))?;

    if !output.npm_dependencies().is_empty() {
        let names: Vec<&str> = output
            .npm_dependencies()
            .keys()
            .map(String::as_str)
            .collect();
        bail!(
            "the widget imports npm packages ({}), which a browser cannot load from dist/",
            names.join(", ")
        );
    }
    if output.start().is_some() {
        bail!("wasm-bindgen produced a separate start script, which the web target never does");
    }

    // `emit` writes what the wasm-bindgen command line writes, with the
    // same layout (`limpide.js`, `limpide_bg.wasm`, `snippets/…` for inline
    // JS and local modules, which the generated imports refer to) and the
    // same tidied indentation.
    output
        .emit(dist)
        .with_context(|| format!("cannot write wasm-bindgen's output to {}", dist.display()))?;
    let js_path = dist.join("limpide.js");
    let generated = fs::read_to_string(&js_path)
        .with_context(|| format!("cannot read {}", js_path.display()))?;
    fs::write(&js_path, self_initialising(&generated, fallback_glue)?)
        .with_context(|| format!("cannot write {}", js_path.display()))
}

/// The generated module followed by the call to its init function, after
/// checking that the generated code still default-exports it by that name.
fn self_initialising(generated: &str, fallback_glue: &str) -> Result<String> {
    let export = format!("{INIT_FUNCTION} as default");
    let definition = format!("async function {INIT_FUNCTION}(");
    if !(generated.contains(&export) && generated.contains(&definition)) {
        bail!(
            "wasm-bindgen's output no longer default-exports `{INIT_FUNCTION}`: update \
             INIT_FUNCTION in xtask/src/bindgen.rs to the init function it exports"
        );
    }
    let mut js = generated.trim_end().to_owned();
    js.push_str("\n\n// Initialise the wasm on import: no separate init() call. The wasm is\n");
    js.push_str("// fetched with its integrity hash, so pinning this module pins it too.\n");
    js.push_str(&format!(
        "await {INIT_FUNCTION}({{ module_or_path: new Request(new URL(\"limpide_bg.wasm\", import.meta.url), \
         {{ integrity: \"{}\" }}) }});\n",
        pin::WASM_INTEGRITY
    ));
    // The widget finds `limpide.css` next to this module, whatever page
    // embeds it, and links it with its integrity hash (see `set_asset_base`
    // in src/js_api/mount.rs).
    if generated.contains(ASSET_BASE_FUNCTION) {
        js.push_str(&fallback_loader(fallback_glue));
        js.push_str(&format!(
            "{ASSET_BASE_FUNCTION}(import.meta.url, \"{}\", {FALLBACK_LOADER});\n",
            pin::CSS_INTEGRITY
        ));
    }
    Ok(js)
}

/// The function `limpide.js` hands the widget to load the Ed25519 fallback.
const FALLBACK_LOADER: &str = "__limpideLoadFallback";

/// The fallback's glue (wasm-bindgen's `no-modules` script, which defines
/// `wasm_bindgen`) wrapped in a function, and the loader that runs it and
/// fetches the fallback's wasm pinned, only when the widget calls it.
fn fallback_loader(glue: &str) -> String {
    format!(
        "\n// Ed25519 for browsers whose WebCrypto has none (src/signing/fallback.rs): its wasm\n\
         // is fetched only when the widget asks, with its integrity hash.\n\
         function __limpideFallbackGlue() {{\n{}\nreturn wasm_bindgen;\n}}\n\
         async function {FALLBACK_LOADER}() {{\n\
         \x20 const glue = __limpideFallbackGlue();\n\
         \x20 await glue({{ module_or_path: new Request(new URL(\"{}\", import.meta.url), {{ integrity: \"{}\" }}) }});\n\
         \x20 return glue;\n\
         }}\n",
        glue.trim_end(),
        crate::fallback::WASM_FILE,
        pin::FALLBACK_INTEGRITY
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_module_awaits_its_init_function() {
        let generated = "async function __wbg_init(module_or_path) {}\n\
                         export { initSync, __wbg_init as default };\n";
        let js = self_initialising(generated, "").unwrap();
        assert!(js.starts_with(generated.trim_end()), "{js}");
        assert!(
            js.ends_with(&format!(
                "\nawait __wbg_init({{ module_or_path: new Request(new URL(\"limpide_bg.wasm\", \
                 import.meta.url), {{ integrity: \"{}\" }}) }});\n",
                pin::WASM_INTEGRITY
            )),
            "{js}"
        );
    }

    #[test]
    fn a_renamed_init_function_is_reported() {
        let message = self_initialising(
            "async function init() {}\nexport { init as default };\n",
            "",
        )
        .unwrap_err()
        .to_string();
        assert!(message.contains("INIT_FUNCTION"), "{message}");
    }
}
