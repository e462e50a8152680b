//! When a receipt's grants lapse: one rule, from the notice version it
//! names and its `issued_at` (docs/server.md, "Consent that lapses").

use limpide_receipt::Notice;

/// Unix seconds after which the grants of a receipt issued at `issued_at`
/// under `notice` no longer count; `None` when the notice sets no
/// `grant_validity`. A receipt never changes: the gate and the stats
/// compare this with the clock.
pub(super) fn grants_lapse_at(notice: &Notice, issued_at: i64) -> Option<i64> {
    notice
        .grant_validity()
        .map(|validity| validity.lapses_at(issued_at))
}
