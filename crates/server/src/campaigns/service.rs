//! What the campaign routes and pages share: the store, the notices, the
//! controller's key (which signs manifests, release records and one-box
//! withdrawals) and the public URL links are written with.

use std::sync::Arc;

use limpide_receipt::SigningKey;

use super::draft::Links;
use crate::controller::notices::NoticeSet;
use crate::staff::Role;
use crate::store::{AccessEntry, CampaignRow, Store};

/// The campaigns' workflows (`draft.rs`, `decide.rs`, `release.rs`,
/// `stopping.rs` each add theirs).
#[derive(Clone)]
pub struct Campaigns {
    pub(super) store: Store,
    pub(super) notices: Arc<NoticeSet>,
    pub(super) key: Arc<SigningKey>,
    pub(super) public_url: Arc<str>,
    /// The page that embeds the form, where a pupil changes every choice.
    consent_page: Option<Arc<str>>,
}

/// Who acts: a staff account and its role.
#[derive(Clone, Copy, Debug)]
pub struct Actor<'a> {
    /// The account id.
    pub account: &'a str,
    /// Its role.
    pub role: Role,
}

impl Actor<'_> {
    /// The access log's entry for `action` on `campaign`.
    pub fn entry(&self, action: &str, campaign: &CampaignRow) -> AccessEntry {
        AccessEntry {
            notice: Some(campaign.notice_id.clone()),
            purpose: Some(campaign.purpose.clone()),
            channel: Some(campaign.channel.clone()).filter(|c| !c.is_empty()),
            campaign: Some(campaign.campaign_id.clone()),
            ..AccessEntry::new(self.account, self.role, action)
        }
    }
}

impl Campaigns {
    /// The workflows over these parts.
    pub fn new(
        store: Store,
        notices: Arc<NoticeSet>,
        key: Arc<SigningKey>,
        public_url: &str,
        consent_page: Option<&str>,
    ) -> Self {
        Self {
            store,
            notices,
            key,
            public_url: public_url.trim_end_matches('/').into(),
            consent_page: consent_page.map(Into::into),
        }
    }

    /// The page that embeds the form (`--consent-page`), if configured.
    pub fn consent_page(&self) -> Option<&str> {
        self.consent_page.as_deref()
    }

    /// Where links point.
    pub fn links(&self) -> Links<'_> {
        Links {
            public_url: &self.public_url,
        }
    }

    /// The store, for the pages that read campaigns.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The notices served.
    pub fn notices(&self) -> &NoticeSet {
        &self.notices
    }
}
