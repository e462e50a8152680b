//! The test support shared by tests/sqlite.rs and tests/postgres.rs (and
//! the bench, examples/bench/).
#![allow(dead_code)] // each test file uses part of it

pub mod campaign_scenarios;
pub mod device_scenarios;
pub mod hostile_scenarios;
pub mod http;
pub mod log_scenarios;
pub mod postgres;
pub mod pupil_scenarios;
pub mod receipts;
pub mod scenarios;
pub mod server;
pub mod sql;
pub mod staff_scenarios;
