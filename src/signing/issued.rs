//! What signing gives back: the receipt, and whether the device kept it.

use limpide_receipt::Receipt;

use crate::error::WidgetError;

/// A signed receipt, and whether it could be kept on the device.
#[derive(Clone, Debug, PartialEq)]
pub struct Issued {
    /// The signed receipt (JWS JSON through [`Receipt::to_json`]).
    pub receipt: Receipt,
    /// `Ok` when stored on the device; otherwise why not (it can still be
    /// downloaded).
    pub stored: Result<(), WidgetError>,
}
