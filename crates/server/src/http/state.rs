//! What the handlers share: the service's parts, each of which a handler
//! extracts alone by its type (`State<Store>`, `State<Arc<NoticeSet>>`…),
//! as axum's `FromRef` lets it. A handler then says what it uses, and a
//! new part (staff accounts, campaigns) is one line here.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::FromRef;
use limpide_receipt::SigningKey;

use super::auth::StaffAccounts;
use super::body::BodyTimeout;
use super::public_url::PublicUrl;
use crate::campaigns::Campaigns;
use crate::controller::notices::{ListedKeys, NoticeSet};
use crate::rate_limit::PostLimits;
use crate::receipts::Countersigner;
use crate::relay::Relay;
use crate::staff::StaffDirectory;
use crate::store::Store;

/// Declares `AppState` with one field per part and a `FromRef` for each,
/// as `#[derive(FromRef)]` would (axum's `macros` feature, which this
/// build leaves out). Each part's type is its own, so that extracting it
/// by type is never ambiguous.
macro_rules! app_state {
    ($($(#[$doc:meta])* $field:ident: $part:ty,)*) => {
        /// Every part of the service, cheap to clone (each is shared).
        #[derive(Clone)]
        pub struct AppState {
            $($(#[$doc])* pub $field: $part,)*
        }

        $(impl FromRef<AppState> for $part {
            fn from_ref(state: &AppState) -> Self {
                state.$field.clone()
            }
        })*
    };
}

app_state! {
    /// Checks and countersigns receipts, and queues them for the store.
    countersigner: Arc<Countersigner>,
    /// The guardian relay.
    relay: Arc<Relay>,
    /// The proof store, which the staff's routes read.
    store: Store,
    /// The notices served.
    notices: Arc<NoticeSet>,
    /// Every key the notices list: the JWKS `GET /keys` answers.
    listed_keys: ListedKeys,
    /// The controller's key, which issues subject values.
    key: Arc<SigningKey>,
    /// The staff accounts (`--staff FILE`); without them every staff
    /// route answers 401.
    staff: StaffAccounts,
    /// The service's public address (`--public-url`).
    public_url: PublicUrl,
    /// How long a client has to send a request body.
    body_timeout: BodyTimeout,
    /// Campaigns: drafts, decisions, releases, stop links, objections.
    campaigns: Campaigns,
}

/// Where the service's links point.
pub struct Links {
    /// `--public-url`: stop links, campaign pages, the console's origin.
    pub public_url: PublicUrl,
    /// `--consent-page`: the page that embeds the form, where a pupil who
    /// stopped one message changes every other choice.
    pub consent_page: Option<String>,
}

impl AppState {
    /// The service over this key, these notices and this store. Starts the
    /// store's writers: call it inside a tokio runtime.
    pub fn new(
        key: SigningKey,
        notices: NoticeSet,
        store: Store,
        staff: Option<StaffDirectory>,
        links: Links,
        body_timeout: Duration,
        limits: PostLimits,
    ) -> Self {
        let key = Arc::new(key);
        let listed_keys = notices.listed_keys();
        let notices = Arc::new(notices);
        let limits = Arc::new(limits);
        Self {
            countersigner: Arc::new(Countersigner::new(
                Arc::clone(&key),
                Arc::clone(&notices),
                listed_keys.clone(),
                store.clone(),
                Arc::clone(&limits),
            )),
            relay: Arc::new(Relay::new(
                Arc::clone(&notices),
                listed_keys.clone(),
                store.clone(),
                limits,
            )),
            campaigns: Campaigns::new(
                store.clone(),
                Arc::clone(&notices),
                Arc::clone(&key),
                links.public_url.as_str(),
                links.consent_page.as_deref(),
            ),
            store,
            notices,
            listed_keys,
            key,
            staff: StaffAccounts(staff.map(Arc::new)),
            public_url: links.public_url,
            body_timeout: BodyTimeout(body_timeout),
        }
    }
}
