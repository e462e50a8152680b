//! `limpide-server`: the controller's receipt service.
//!
//! It takes the receipts the widget posts (`POST /receipts`), checks each
//! one completely against the notice version it names, countersigns it
//! with the controller's key and keeps it in an append-only store (SQLite
//! by default, PostgreSQL at scale). A message list leaves it only through
//! a campaign the DPO approved, and keeps only the pupils whose latest
//! receipt grants that purpose on that channel. See `docs/server.md`.
//!
//! The flow: [`http`] receives a request; [`receipts`] checks and
//! countersigns a receipt against what [`controller`] publishes (its
//! notices, its key, the subject values it issued) and queues it for
//! [`store`], the append-only proof. [`relay`] keeps a guardian's request
//! and answer; [`campaigns`] bind each message to its purpose, its approval
//! and its stop links; [`staff`] are the accounts that act;
//! [`time`] is the clock they share. The binary's command line is `cli/`.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod campaigns;
pub mod controller;
pub mod echo;
pub mod http;
pub mod listen;
pub mod private_file;
pub mod rate_limit;
pub mod receipts;
pub mod relay;
pub mod staff;
pub mod store;
pub mod time;
pub mod transparency;
