//! The command line: `args.rs` reads it, `commands.rs` runs one function
//! per command over the library, `failure.rs` says how a command fails, `staff.rs` manages
//! the staff file, `database.rs` the database URL and its password.

pub mod args;
pub mod commands;
pub mod database;
pub mod failure;
pub mod staff;
