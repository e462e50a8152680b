//! Tells the other tabs (and other widgets on this page) that a notice's
//! receipts changed, so that they refresh their history and boxes at once.
//! IndexedDB has no change event; a `BroadcastChannel` carries the notice id.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast as _, JsValue};
use web_sys::{BroadcastChannel, MessageEvent};

use crate::storage::contract::BROADCAST_CHANNEL;

/// Announces that the receipts of `notice_id` changed (best effort: a
/// browser without `BroadcastChannel` only misses the live refresh).
pub(crate) fn announce(notice_id: &str) {
    if let Ok(channel) = BroadcastChannel::new(BROADCAST_CHANNEL) {
        let _ = channel.post_message(&JsValue::from_str(notice_id));
        channel.close();
    }
}

/// A live subscription; dropping it closes the channel.
pub(crate) struct Subscription {
    channel: BroadcastChannel,
    _listener: Closure<dyn FnMut(MessageEvent)>,
}

/// Calls `on_change` whenever another page or widget announces `notice_id`.
pub(crate) fn subscribe(notice_id: String, on_change: impl Fn() + 'static) -> Option<Subscription> {
    let channel = BroadcastChannel::new(BROADCAST_CHANNEL).ok()?;
    let listener = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        if event.data().as_string().as_deref() == Some(notice_id.as_str()) {
            on_change();
        }
    });
    channel.set_onmessage(Some(listener.as_ref().unchecked_ref()));
    Some(Subscription {
        channel,
        _listener: listener,
    })
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.channel.set_onmessage(None);
        self.channel.close();
    }
}
