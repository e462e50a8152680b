//! Limpide, the consent widget (Yew, WebAssembly).
//!
//! This crate is the widget's home. The form itself arrives with the consent
//! form issue; for now it re-exports the receipt core so that the workspace
//! and the wasm32 build are in place.
#![forbid(unsafe_code)]

pub use limpide_receipt as receipt;
