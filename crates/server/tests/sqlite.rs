//! The service against SQLite (a file per scenario), started as a user
//! starts it.
#![allow(clippy::unwrap_used)] // tests fail loudly on unexpected input

#[path = "support/mod_list.rs"]
mod support;

use support::scenarios::{Backend, ALL, NOT_ON_SQLITE};
use support::server::TempDir;

fn on_sqlite(name: &str) {
    let dir = TempDir::new("limpide-sqlite");
    let fresh = |label: &str| format!("sqlite://{}", dir.0.join(format!("{label}.db")).display());
    let backend = Backend {
        name: "sqlite",
        fresh: &fresh,
        cluster: None,
    };
    let (_, scenario) = ALL.iter().find(|(n, _)| *n == name).unwrap();
    scenario(&backend);
}

macro_rules! scenarios {
    ($($name:ident),* $(,)?) => {
        $( #[test] fn $name() { on_sqlite(stringify!($name)); } )*

        #[test]
        fn every_scenario_runs_on_sqlite() {
            let listed = [$(stringify!($name)),*];
            for (name, _) in ALL {
                let skipped = NOT_ON_SQLITE.iter().any(|(n, _)| n == name);
                assert!(listed.contains(name) != skipped, "scenario {name} is neither run on SQLite nor skipped with a reason");
            }
        }
    };
}

scenarios!(
    countersigns_stores_and_answers,
    the_same_receipt_twice_is_stored_once,
    tampered_and_forged_receipts_are_refused,
    wrong_kid_and_unlisted_controller_key,
    unknown_notice_or_version,
    subjects_the_controller_did_not_issue,
    an_unknown_previous_is_accepted,
    a_previous_of_another_subject_is_refused,
    size_type_and_json_errors,
    a_slow_body_times_out,
    a_write_failing_part_way_leaves_nothing,
    fifty_concurrent_posts_for_one_subject,
    latest_is_decided_by_the_chain,
    permissions_gate_and_export,
    admin_routes_need_the_token,
    stats_and_the_dpo_page,
    chains_that_would_lie_are_refused,
    an_under_age_grant_needs_the_guardian,
    the_guardian_relay,
);
