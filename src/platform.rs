//! What the widget asks of the browser that is not storage or signing: the
//! window, the clock, random ids, fetching a notice, downloading and
//! printing a receipt.

pub(crate) mod browser;
pub(crate) mod download;
