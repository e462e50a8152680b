//! The storage contract: the names under which the widget keeps receipts on
//! the device, and by which tabs agree on them. The families' page My
//! consents (`www/receipts.js`) reads and writes the same database, under
//! the same lock, and tells open forms through the same channel, so these
//! names are written there too, as constants of the same names; a test
//! below holds the two together. docs/families.md documents them.

/// The IndexedDB database.
pub(crate) const DATABASE: &str = "limpide";
/// Its version: 2 added the receipts' store beside the keys'.
pub(crate) const DATABASE_VERSION: u32 = 2;
/// The store of the subject's keys (a `CryptoKeyPair`, or the fallback's seed).
pub(crate) const KEYS_STORE: &str = "keys";
/// The store of receipts: under each notice id, the JSON text of the list of
/// its receipts, oldest first.
pub(crate) const RECEIPTS_STORE: &str = "receipts";
/// In the receipts' store, before a notice id: the notice last signed on.
pub(crate) const NOTICE_KEY_PREFIX: &str = "notice:";
/// In the receipts' store, before a notice id: the request waiting for a
/// guardian (never a receipt, never counted as one).
pub(crate) const PENDING_KEY_PREFIX: &str = "pending:";
/// In the receipts' store, before a receipt id: where that receipt is in the
/// controller's transparency log, and its proof (`log_places.rs`).
pub(crate) const LOG_KEY_PREFIX: &str = "log:";
/// Before a notice id: the Web Lock under which its stored list is read and
/// written, across every tab of the origin.
pub(crate) const SIGNING_LOCK_PREFIX: &str = "limpide:";
/// Before a notice id: the Web Lock under which its receipts are sent to the
/// endpoint, so that two tabs never send the same receipt at once.
pub(crate) const SENDING_LOCK_PREFIX: &str = "limpide:send:";
/// The Web Lock under which the subject's key is found or made, so that two
/// first receipts signed at once (two tabs, two notices) share one key.
pub(crate) const SUBJECT_KEY_LOCK: &str = "limpide:subject-key";
/// The `BroadcastChannel` that carries the id of a notice whose receipts
/// changed.
pub(crate) const BROADCAST_CHANNEL: &str = "limpide:receipts";

#[cfg(test)]
mod tests {
    use super::*;

    /// `const NAME = value;` in `www/receipts.js`, the value as written.
    fn js_constant(name: &str) -> String {
        let page = include_str!("../../www/receipts.js");
        let start = format!("const {name} = ");
        let line = page
            .lines()
            .find_map(|line| line.strip_prefix(&start))
            .unwrap_or_else(|| panic!("www/receipts.js declares no `const {name}`"));
        line.trim_end_matches(';').to_owned()
    }

    #[test]
    fn the_families_page_uses_the_same_names() {
        let quoted = |value: &str| format!("{value:?}");
        assert_eq!(js_constant("DATABASE"), quoted(DATABASE));
        assert_eq!(
            js_constant("DATABASE_VERSION"),
            DATABASE_VERSION.to_string()
        );
        assert_eq!(js_constant("KEYS_STORE"), quoted(KEYS_STORE));
        assert_eq!(js_constant("RECEIPTS_STORE"), quoted(RECEIPTS_STORE));
        assert_eq!(js_constant("NOTICE_KEY_PREFIX"), quoted(NOTICE_KEY_PREFIX));
        assert_eq!(
            js_constant("PENDING_KEY_PREFIX"),
            quoted(PENDING_KEY_PREFIX)
        );
        assert_eq!(js_constant("LOG_KEY_PREFIX"), quoted(LOG_KEY_PREFIX));
        assert_eq!(
            js_constant("SIGNING_LOCK_PREFIX"),
            quoted(SIGNING_LOCK_PREFIX)
        );
        assert_eq!(js_constant("BROADCAST_CHANNEL"), quoted(BROADCAST_CHANNEL));
    }

    #[test]
    fn the_families_page_uses_its_constants_only() {
        // A literal written again beside its constant would escape the pin.
        let page = include_str!("../../www/receipts.js");
        for value in [
            DATABASE,
            BROADCAST_CHANNEL,
            NOTICE_KEY_PREFIX,
            PENDING_KEY_PREFIX,
            LOG_KEY_PREFIX,
        ] {
            let literal = format!("{value:?}");
            assert_eq!(
                page.matches(&literal).count(),
                1,
                "www/receipts.js writes {literal} outside its constant"
            );
        }
    }
}
