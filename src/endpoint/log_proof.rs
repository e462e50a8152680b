//! Each acknowledged receipt's place in the controller's transparency log
//! (docs/server.md, "The transparency log"): the service answers its leaf's
//! index (`Limpide-Log-Index`); once a checkpoint covers it, about a second
//! later, the form fetches its inclusion proof (a C2SP tlog-proof) from the
//! endpoint's sibling route `…/log/proof/<index>` and keeps both beside the
//! receipt (`storage/log_places.rs`). My consents, the printable receipt and
//! the verify page check the proof against the log keys the notice lists;
//! the form only keeps it, in the background: the pupil never waits for it.

use limpide_receipt::Receipt;

use crate::platform::browser::{fetch_answer, sleep};
use crate::storage::log_places::{self, LogPlace};

/// How long after the answer to ask for the proof: checkpoints follow the
/// leaves within a second.
const FIRST_WAIT_MS: i32 = 1_500;
/// Asks this many times, this far apart, before leaving it to a later open.
const TRIES: u32 = 3;
const RETRY_WAIT_MS: i32 = 2_000;

/// The proof route beside `endpoint` (`…/receipts`).
fn proof_url(endpoint: &str, index: u64) -> Option<String> {
    endpoint
        .strip_suffix("/receipts")
        .map(|base| format!("{base}/log/proof/{index}"))
}

/// Keeps `receipt`'s index now, and its proof once the log has one, in the
/// background.
pub(crate) fn keep_later(endpoint: String, receipt: &Receipt, index: u64) {
    let id = receipt.payload().receipt_id.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let place = LogPlace { index, proof: None };
        if log_places::keep(&id, &place).await.is_err() {
            return; // storage is off: nothing to keep it beside
        }
        sleep(FIRST_WAIT_MS).await;
        for attempt in 0..TRIES {
            if fetch_and_keep(&endpoint, &id, index).await {
                return;
            }
            if attempt + 1 < TRIES {
                sleep(RETRY_WAIT_MS).await;
            }
        }
    });
}

/// On open: the proofs of kept receipts that have an index and no proof yet.
pub(crate) async fn fetch_missing(endpoint: &str, receipts: &[Receipt]) {
    for receipt in receipts {
        let id = &receipt.payload().receipt_id;
        if let Ok(Some(LogPlace { index, proof: None })) = log_places::load(id).await {
            fetch_and_keep(endpoint, id, index).await;
        }
    }
}

/// Fetches the proof of leaf `index` and keeps it; whether it did.
async fn fetch_and_keep(endpoint: &str, id: &str, index: u64) -> bool {
    let Some(url) = proof_url(endpoint, index) else {
        return false;
    };
    match fetch_answer(&url, None).await {
        Ok((200, proof, _)) if proof.starts_with("c2sp.org/tlog-proof@v1\n") => {
            let place = LogPlace {
                index,
                proof: Some(proof),
            };
            log_places::keep(id, &place).await.is_ok()
        }
        // Not yet in a checkpoint (404), or the service is away: later.
        _ => false,
    }
}
