//! The service against SQLite (a file per scenario), started as a user
//! starts it: one test per scenario of `support/scenarios.rs`.
#![allow(clippy::unwrap_used)] // tests fail loudly on unexpected input

#[path = "support/mod_list.rs"]
mod support;

use support::scenarios::{every_scenario, Backend, Scenario};
use support::server::TempDir;

fn on_sqlite(scenario: Scenario) {
    let dir = TempDir::new("limpide-sqlite");
    let fresh = |label: &str| format!("sqlite://{}", dir.0.join(format!("{label}.db")).display());
    let backend = Backend {
        name: "sqlite",
        fresh: &fresh,
        cluster: None,
    };
    scenario(&backend);
}

/// One test per scenario; one that SQLite cannot run is ignored, with the
/// reason the list gives.
macro_rules! sqlite_tests {
    ($($name:ident $({ $($skips:tt)* })?,)*) => {
        $(sqlite_test!($name [$($($skips)*)?]);)*
    };
}

macro_rules! sqlite_test {
    ($name:ident [sqlite: $why:literal, $($rest:tt)*]) => {
        #[test]
        #[ignore = $why]
        fn $name() {}
    };
    ($name:ident [$other:ident: $why:literal, $($rest:tt)*]) => {
        sqlite_test!($name [$($rest)*]);
    };
    ($name:ident []) => {
        #[test]
        fn $name() {
            on_sqlite(support::scenarios::$name);
        }
    };
}

every_scenario!(sqlite_tests);
