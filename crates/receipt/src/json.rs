//! JSON as the core reads and writes it, without serde (which would cost
//! the widget's wasm tens of kilobytes): the strict parser, the
//! strict-object reader, values built by hand, and JSON Pointers.

mod build;
mod members;
mod parse;
mod pointer;

pub(crate) use build::{object, string};
pub(crate) use members::{expected, type_name, Members, Shape};
pub(crate) use parse::parse;
pub use parse::MAX_DOCUMENT_BYTES;
pub(crate) use pointer::pointer;
