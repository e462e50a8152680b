//! The service against a real PostgreSQL that the test starts itself (a
//! cluster in a temporary folder, on a free port) and removes afterwards.
//! Every scenario runs in a database of its own.
#![allow(clippy::unwrap_used)] // tests fail loudly on unexpected input

#[path = "support/mod_list.rs"]
mod support;

use support::postgres::Cluster;
use support::scenarios::{Backend, ALL};

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
    for (name, scenario) in ALL {
        eprintln!("postgres: {name}");
        scenario(&backend);
    }
}
