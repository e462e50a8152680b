//! The DPO's decision on a draft: approve it (the service signs its
//! manifest) or reject it with a reason. Never by the account that drafted
//! it; once only; and only the text that was drafted, byte for byte.

use super::records::sign_manifest;
use super::service::{Actor, Campaigns};
use super::template::from_stored;
use super::{CampaignError, CampaignRefused};
use crate::store::{CampaignRow, Decision};
use crate::time::now_seconds;

/// The longest reason a rejection may give.
const MAX_REASON_CHARS: usize = 2_000;

impl Campaigns {
    /// The campaign with this id, or `unknown-campaign`.
    pub async fn get(&self, id: &str) -> Result<CampaignRow, CampaignError> {
        Ok(self
            .store
            .campaign(id)
            .await?
            .ok_or(CampaignRefused::Unknown)?)
    }

    /// A draft `actor` may decide: still a draft, and not theirs.
    async fn decidable(&self, actor: Actor<'_>, id: &str) -> Result<CampaignRow, CampaignError> {
        let campaign = self.get(id).await?;
        if campaign.drafted_by == actor.account {
            return Err(CampaignRefused::OwnCampaign.into());
        }
        if campaign.status != "draft" {
            return Err(CampaignRefused::WrongStatus(format!(
                "this campaign was {} already; a change is a new draft",
                campaign.status
            ))
            .into());
        }
        Ok(campaign)
    }

    /// Approves a draft: signs its manifest, with the template exactly as
    /// drafted (its digest is checked against the one stored at drafting).
    pub async fn approve(&self, actor: Actor<'_>, id: &str) -> Result<CampaignRow, CampaignError> {
        let campaign = self.decidable(actor, id).await?;
        let template = from_stored(&campaign.template)
            .filter(|t| t.digest() == campaign.text_digest)
            .ok_or(CampaignRefused::TemplateChanged)?;
        let notice = self
            .notices
            .get(&campaign.notice_id, &campaign.notice_version)
            .ok_or_else(|| {
                CampaignRefused::UnknownBox(format!(
                    "notice {:?} version {:?} is no longer served",
                    campaign.notice_id, campaign.notice_version
                ))
            })?;
        let now = now_seconds();
        let manifest = sign_manifest(
            &self.key,
            &notice.notice,
            &campaign,
            template,
            actor.account,
            now,
        )?
        .to_json();
        let decision = Decision {
            status: "approved",
            by: actor.account,
            at: now,
            reason: None,
            manifest: Some(&manifest),
        };
        self.decide(actor, &campaign, &decision, "campaign-approved")
            .await
    }

    /// Rejects a draft, saying why.
    pub async fn reject(
        &self,
        actor: Actor<'_>,
        id: &str,
        reason: &str,
    ) -> Result<CampaignRow, CampaignError> {
        let reason = reason.trim();
        if reason.is_empty() || reason.chars().count() > MAX_REASON_CHARS {
            return Err(CampaignRefused::Invalid(format!(
                "a rejection says why, in 1 to {MAX_REASON_CHARS} characters"
            ))
            .into());
        }
        let campaign = self.decidable(actor, id).await?;
        let decision = Decision {
            status: "rejected",
            by: actor.account,
            at: now_seconds(),
            reason: Some(reason),
            manifest: None,
        };
        self.decide(actor, &campaign, &decision, "campaign-rejected")
            .await
    }

    /// Writes a decision; another node's decision at the same moment wins
    /// and this one is refused.
    async fn decide(
        &self,
        actor: Actor<'_>,
        campaign: &CampaignRow,
        decision: &Decision<'_>,
        action: &str,
    ) -> Result<CampaignRow, CampaignError> {
        let entry = actor.entry(action, campaign);
        if !self
            .store
            .decide_campaign(&campaign.campaign_id, decision, &entry)
            .await?
        {
            return Err(CampaignRefused::WrongStatus(
                "this campaign was decided at the same moment by someone else".to_owned(),
            )
            .into());
        }
        self.get(&campaign.campaign_id).await
    }

    /// Lets an approved campaign whose releases were all made release once
    /// more (the DPO's explicit decision, logged).
    pub async fn allow_another_release(
        &self,
        actor: Actor<'_>,
        id: &str,
    ) -> Result<CampaignRow, CampaignError> {
        let campaign = self.get(id).await?;
        let entry = actor.entry("release-allowed", &campaign);
        if !self.store.allow_release(id, &entry).await? {
            return Err(CampaignRefused::WrongStatus(
                "only an approved campaign whose releases were all made may be allowed one more"
                    .to_owned(),
            )
            .into());
        }
        self.get(id).await
    }
}
