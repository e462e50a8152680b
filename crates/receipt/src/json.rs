//! JSON as the core reads and writes it, without serde (which would cost
//! the widget's wasm tens of kilobytes): the value, the strict parser, the
//! strict-object reader, values built by hand, JSON Pointers, and the
//! canonical form (RFC 8785) that digests are taken over.

mod build;
mod canonical;
mod members;
mod parse;
mod pointer;
mod value;

pub(crate) use build::{object, string};
pub use canonical::canonical_json;
pub(crate) use members::{expected, type_name, Members, Shape};
pub(crate) use parse::parse;
pub use parse::MAX_DOCUMENT_BYTES;
pub(crate) use pointer::pointer;
pub use value::{Map, Number, Value};
