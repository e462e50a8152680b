//! What each command does and takes: `cargo xtask --help`, and
//! `cargo xtask COMMAND --help`, print it and exit 0.

/// Every command, one line each.
pub const OVERVIEW: &str = "\
usage: cargo xtask COMMAND [ARGS]

commands:
  build              the optimised dist/ (wasm-bindgen, wasm-opt, .br/.gz, sri.json) and its size tables
  serve [PORT]       build, then serve the demo on http://127.0.0.1:PORT/ (8080) with the receipt service on :8787
  test               every test and check CI runs (installs what it lacks)
  bench [peers | server]
                     sizes and speed beside the peers; the receipt service's throughput (figures, not tests)
  fuzz [SECONDS]     the receipt core's fuzz targets, each for SECONDS (60), with nightly cargo-fuzz
  mutants [FILE…] [-- CARGO-MUTANTS ARGS]
                     mutation testing of limpide-receipt with cargo-mutants

`cargo xtask COMMAND --help` tells more of one command.
";

/// One command's usage, or `None` for a command there is not.
pub fn of(command: &str) -> Option<&'static str> {
    Some(match command {
        "build" => {
            "\
usage: cargo xtask build

Builds dist/: the widget's wasm (profile wasm-release), wasm-bindgen, wasm-opt -Oz,
the Ed25519 fallback module, the verify page, the React example and the pre-rendered
demo, their integrity hashes, .br/.gz copies and sri.json. Then prints the size
tables; the build fails when the first load is above its ratchet, or the verify
page above its limit.
"
        }
        "serve" => {
            "\
usage: cargo xtask serve [PORT]

Builds dist/, then serves it on http://127.0.0.1:PORT/ (default 8080) under the
production Content-Security-Policy, with the controller's receipt service
(limpide-server) on http://127.0.0.1:8787/ as the demo's endpoint.
"
        }
        "test" => {
            "\
usage: cargo xtask test

Every test and check CI runs, in order, failing on the first: fmt, clippy (host and
wasm32), the native tests, the interoperability tests (npm jose; the log's proofs by
Go's sumdb), the component tests in headless Chromium, then the end-to-end tests of the
built dist/ in Chromium and Firefox ESR. Installs what it lacks (wasm target, npm
packages, browsers, PostgreSQL, Go, the test runner).
"
        }
        "bench" => {
            "\
usage: cargo xtask bench [peers | server]

Figures, never asserted: without an argument, the sizes, the time to a visible form
beside vanilla-cookieconsent, klaro and tarteaucitronjs, the CLI on 100 000 receipts
and the receipt service. `peers`: the comparison and the CLI only, against dist/ as
built. `server`: the receipt service on SQLite and PostgreSQL only.
"
        }
        "fuzz" => {
            "\
usage: cargo xtask fuzz [SECONDS]

Runs each fuzz target of crates/receipt/fuzz/ for SECONDS (default 60) with nightly
cargo-fuzz, seeded from the notices, receipts and vectors. Fails on a crash.
"
        }
        "mutants" => {
            "\
usage: cargo xtask mutants [FILE…] [-- CARGO-MUTANTS ARGS]

Mutation testing of limpide-receipt with cargo-mutants (installed when missing).
FILE names source files under crates/receipt/src/ to focus on (`receipt.rs`,
`notice/*`); arguments after `--` go to cargo-mutants.
"
        }
        _ => return None,
    })
}

/// Whether `args` ask for help: `--help` or `-h`, before any `--` (what
/// follows it belongs to another program).
pub fn asks_for_help(args: &[String]) -> bool {
    args.iter()
        .take_while(|a| *a != "--")
        .any(|a| a == "--help" || a == "-h")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|a| (*a).to_owned()).collect()
    }

    #[test]
    fn help_is_asked_before_a_double_dash_only() {
        assert!(asks_for_help(&args(&["--help"])));
        assert!(asks_for_help(&args(&["30", "-h"])));
        assert!(!asks_for_help(&args(&["30"])));
        assert!(!asks_for_help(&args(&["receipt.rs", "--", "--help"])));
    }

    #[test]
    fn every_command_of_the_overview_has_its_usage() {
        for command in ["build", "serve", "test", "bench", "fuzz", "mutants"] {
            assert!(OVERVIEW.contains(&format!("\n  {command}")), "{command}");
            let usage = of(command).expect("a usage");
            assert!(usage.starts_with(&format!("usage: cargo xtask {command}")));
        }
        assert_eq!(of("nope"), None);
    }
}
