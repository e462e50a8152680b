//! The end of a notice's chain, which the next receipt (or a request for a
//! guardian) continues. Read it at the moment of signing, under the
//! notice's lock, not when the form opened: another tab may have signed
//! since.

use limpide_receipt::PreviousReceipt;

use crate::error::WidgetError;
use crate::storage::receipts::{self, History};
use crate::storage::unsaved;

/// What storage keeps for a notice (or why it cannot be read), and the
/// receipt the next one chains to: the latest of those kept and of those
/// signed on this page that storage refused.
pub(crate) struct ChainEnd {
    pub(crate) history: Result<History, WidgetError>,
    pub(crate) previous: Option<PreviousReceipt>,
}

/// Reads the end of `notice_id`'s chain now.
pub(crate) async fn read(notice_id: &str) -> ChainEnd {
    let history = receipts::load(notice_id).await;
    let unsaved = unsaved::unsaved(notice_id);
    let previous = unsaved::latest(history.as_ref().ok(), &unsaved).map(PreviousReceipt::of);
    ChainEnd { history, previous }
}
