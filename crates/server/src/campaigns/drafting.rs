//! Drafting a campaign: checked at once (`draft.rs`), stored as a draft,
//! and logged.

use super::draft::{check, DraftRequest};
use super::service::{Actor, Campaigns};
use super::template::stored_form;
use super::CampaignError;
use crate::store::CampaignRow;
use crate::time::now_seconds;

/// 8 random bytes, base64url (11 characters): a campaign's id, short
/// enough for its page's link in an SMS, and not guessable.
fn new_campaign_id() -> Result<String, CampaignError> {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).map_err(|e| CampaignError::Internal(e.to_string()))?;
    Ok(limpide_receipt::base64url::encode(&bytes))
}

impl Campaigns {
    /// Checks and stores `request` as a draft by `actor`.
    pub async fn draft(
        &self,
        actor: Actor<'_>,
        request: DraftRequest,
    ) -> Result<CampaignRow, CampaignError> {
        let now = now_seconds();
        let draft = check(
            request,
            &self.notices,
            &self.links(),
            new_campaign_id()?,
            now,
        )?;
        let row = CampaignRow {
            campaign_id: draft.campaign_id,
            notice_id: draft.notice_id,
            notice_version: draft.notice_version,
            purpose: draft.purpose,
            channel: draft.channel,
            sender: draft.sender,
            template: stored_form(&draft.template),
            text_digest: draft.template.digest(),
            not_before: draft.not_before,
            not_after: draft.not_after,
            drafted_by: actor.account.to_owned(),
            drafted_at: now,
            status: "draft".to_owned(),
            decided_by: None,
            decided_at: None,
            reason: None,
            manifest: None,
            releases_allowed: 1,
            releases: 0,
        };
        self.store
            .insert_campaign(&row, &actor.entry("campaign-drafted", &row))
            .await?;
        Ok(row)
    }
}
