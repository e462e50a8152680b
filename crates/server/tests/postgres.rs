//! The service against a real PostgreSQL that the test starts itself (a
//! cluster in a temporary folder, on a free port) and removes afterwards.
//! Every scenario of `support/scenarios.rs` runs in a database of its own,
//! one after the other in one test: one cluster serves them all.
#![allow(clippy::unwrap_used)] // tests fail loudly on unexpected input

#[path = "support/mod_list.rs"]
mod support;

use support::postgres::Cluster;
use support::scenarios::{every_scenario, run_scenario, Backend};

macro_rules! postgres_test {
    ($($name:ident $({ $($engine:ident: $why:literal,)* })?,)*) => {
        #[test]
        fn every_scenario_on_postgresql() {
            // fsync off: these are tests, not the bench.
            let cluster = Cluster::start(&["fsync=off"]);
            let fresh = |label: &str| cluster.database(label);
            let backend = Backend {
                name: "postgres",
                fresh: &fresh,
                cluster: Some(&cluster),
            };
            $(
                let skips: &[(&str, &str)] = &[$($((stringify!($engine), $why),)*)?];
                run_scenario(stringify!($name), support::scenarios::$name, skips, &backend);
            )*
        }
    };
}

every_scenario!(postgres_test);
