//! What the transparency log costs: the same loads posted to the service as
//! built, and to the build that does not append receipts to the log (the
//! feature `bench-without-log`, `LIMPIDE_SERVER_BIN_WITHOUT_LOG`), each on
//! a fresh database, in alternating runs (this shared machine's speed
//! drifts within minutes, and alternation spreads the drift over both);
//! each figure the median of its runs.

use std::path::PathBuf;

use crate::support::server::{bin, Server};
use crate::{post_all, Post};

/// Runs of each build, alternating.
const RUNS: usize = 3;
/// First receipts per run, taken from the release's set-up load: enough for
/// each run to last several group-commit cycles, few enough that six runs
/// per engine stay within minutes.
const FIRST_RECEIPTS: usize = 20_000;

/// Prints receipts/s with and without the log, for the chained load and
/// for first receipts; `fresh_db(label)` makes an empty database.
pub fn compare(
    engine: &str,
    fresh_db: &mut dyn FnMut(&str) -> String,
    chained: &[Vec<Post>],
    first: &[Vec<Post>],
) {
    let Some(without) = std::env::var_os("LIMPIDE_SERVER_BIN_WITHOUT_LOG").map(PathBuf::from)
    else {
        println!(
            "{engine:<10} the log's cost: not measured (LIMPIDE_SERVER_BIN_WITHOUT_LOG unset)"
        );
        return;
    };
    let first = first_receipts(first, FIRST_RECEIPTS);
    let builds = [("with", bin()), ("without", without)];
    // [build][load] → one figure per run.
    let mut rates = [[vec![], vec![]], [vec![], vec![]]];
    for run in 0..RUNS {
        for (b, (name, path)) in builds.iter().enumerate() {
            let db = fresh_db(&format!("cost_{run}_{name}"));
            let server = Server::start_bin(path, &db, &[]);
            rates[b][0].push(rate(&server, chained));
            rates[b][1].push(rate(&server, &first));
            eprintln!(
                "{engine} run {run}, {name} the log: chained {:.0}, first {:.0} receipts/s",
                rates[b][0][run], rates[b][1][run]
            );
        }
    }
    for (l, load) in ["chained receipts", "first receipts"].iter().enumerate() {
        let (with, without) = (median(&rates[0][l]), median(&rates[1][l]));
        println!(
            "{engine:<10} the log's cost, {load}: {with:.0} receipts/s with it, {without:.0} without (medians of {RUNS} alternating runs: {} against {}): {:+.1} %",
            list(&rates[0][l]),
            list(&rates[1][l]),
            (with / without - 1.0) * 100.0
        );
    }
}

/// Each client's first receipts, `total` in all.
fn first_receipts(load: &[Vec<Post>], total: usize) -> Vec<Vec<Post>> {
    let per_client = total / load.len();
    load.iter()
        .map(|posts| posts.iter().take(per_client).cloned().collect())
        .collect()
}

/// Receipts/s for one load; every receipt must be accepted.
fn rate(server: &Server, load: &[Vec<Post>]) -> f64 {
    let total: usize = load.iter().map(Vec::len).sum();
    let (accepted, _, wall) = post_all(server, load);
    assert_eq!(accepted.len(), total, "receipts refused: see above");
    total as f64 / wall.as_secs_f64()
}

fn median(figures: &[f64]) -> f64 {
    let mut sorted = figures.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted[sorted.len() / 2]
}

fn list(figures: &[f64]) -> String {
    let rounded: Vec<String> = figures.iter().map(|f| format!("{f:.0}")).collect();
    rounded.join(", ")
}
