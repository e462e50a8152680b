//! Releasing an approved campaign's list: once (unless the DPO allows one
//! more), within its window, with the text that was approved. The list
//! keeps only the pupils whose latest receipt grants the campaign's box
//! now (a lapsed or withdrawn grant does not count); each kept row gets
//! its stop link. The release, its stop links, its signed record and its
//! access log entry are written together, or not at all.

use std::collections::HashMap;

use bytes::Bytes;
use limpide_receipt::SignedManifest;

use super::records::{sign_release, ReleaseFacts};
use super::release_list::{release_list, ListRefused, ReleasedList};
use super::service::{Actor, Campaigns};
use super::template::from_stored;
use super::{CampaignError, CampaignRefused};
use crate::store::{CampaignRow, NewRelease, ReleaseRow};
use crate::time::now_seconds;

/// The column of the contact list holding the controller's ids.
pub const SUBJECT_COLUMN: &str = "subject";

impl Campaigns {
    /// Releases `list` (CSV) for campaign `id`: the kept rows, with their
    /// messages and stop links.
    pub async fn release(
        &self,
        actor: Actor<'_>,
        id: &str,
        list: Bytes,
    ) -> Result<ReleasedList, CampaignError> {
        let campaign = self.get(id).await?;
        let now = now_seconds();
        let manifest = releasable(&campaign, now)?;
        self.check_signed_by_us(&manifest, &campaign)?;
        let template = from_stored(&campaign.template)
            .filter(|t| t.digest() == manifest.payload().text_digest())
            .ok_or(CampaignRefused::TemplateChanged)?;
        let allowed = self.allowed(&campaign, now).await?;
        let links_base = self.public_url.clone();
        let released = tokio::task::spawn_blocking(move || {
            let links = super::draft::Links {
                public_url: &links_base,
            };
            release_list(&list, SUBJECT_COLUMN, &allowed, &template, &links)
        })
        .await
        .map_err(|e| CampaignError::Internal(e.to_string()))?
        .map_err(|refused| match refused {
            ListRefused::Csv(why) => CampaignError::Refused(CampaignRefused::Invalid(format!(
                "the contact list is not usable: {why}"
            ))),
            ListRefused::Random(why) => CampaignError::Internal(why),
        })?;
        let release_no = campaign.releases + 1;
        let facts = ReleaseFacts {
            manifest_digest: manifest.digest(),
            release_no,
            released_by: actor.account,
            released_at: now,
            kept: released.kept,
            dropped: released.dropped,
        };
        let row = ReleaseRow {
            release_no,
            released_at: now,
            released_by: actor.account.to_owned(),
            rows_kept: i64::try_from(released.kept).unwrap_or(i64::MAX),
            rows_dropped: i64::try_from(released.dropped).unwrap_or(i64::MAX),
            record: sign_release(&self.key, &campaign.campaign_id, &facts)?,
        };
        let entry = crate::store::AccessEntry {
            kept: Some(row.rows_kept),
            dropped: Some(row.rows_dropped),
            ..actor.entry("campaign-released", &campaign)
        };
        let new = NewRelease {
            campaign_id: &campaign.campaign_id,
            release_no,
            row: &row,
            stop_links: &released.stop_links,
        };
        if !self.store.record_release(&new, &entry).await? {
            return Err(CampaignRefused::AlreadyReleased.into());
        }
        Ok(released)
    }

    /// The manifest holds for the campaign's notice version, and a key it
    /// lists signed it: a manifest rewritten in the database (re-signed
    /// with another key) never releases.
    fn check_signed_by_us(
        &self,
        manifest: &SignedManifest,
        campaign: &CampaignRow,
    ) -> Result<(), CampaignError> {
        let notice = self
            .notices
            .get(&campaign.notice_id, &campaign.notice_version)
            .ok_or(CampaignRefused::TemplateChanged)?;
        let ours = manifest.payload().campaign_id == campaign.campaign_id
            && manifest.check_against(&notice.notice).is_ok();
        if !ours {
            return Err(CampaignRefused::TemplateChanged.into());
        }
        Ok(())
    }

    /// The pupils whose latest receipt grants the campaign's box now, with
    /// the language they read it in.
    async fn allowed(
        &self,
        campaign: &CampaignRow,
        now: i64,
    ) -> Result<HashMap<String, Option<String>>, CampaignError> {
        let mut rows = self.store.permissions(
            &campaign.notice_id,
            &campaign.purpose,
            &campaign.channel,
            now,
        );
        let mut allowed = HashMap::new();
        while let Some(row) = rows.recv().await {
            let permission = row?;
            allowed.insert(permission.subject, permission.language);
        }
        Ok(allowed)
    }
}

/// The campaign's signed manifest, if it may release now: approved, within
/// its window, with a release left.
fn releasable(campaign: &CampaignRow, now: i64) -> Result<SignedManifest, CampaignError> {
    if campaign.status != "approved" {
        return Err(CampaignRefused::WrongStatus(format!(
            "only an approved campaign releases a list; this one is {}",
            if campaign.status == "draft" {
                "a draft"
            } else {
                "rejected"
            }
        ))
        .into());
    }
    if now < campaign.not_before || now > campaign.not_after {
        return Err(CampaignRefused::OutsideWindow(format!(
            "the list may be released from {} to {}",
            limpide_receipt::format_utc(campaign.not_before),
            limpide_receipt::format_utc(campaign.not_after)
        ))
        .into());
    }
    if campaign.releases >= campaign.releases_allowed {
        return Err(CampaignRefused::AlreadyReleased.into());
    }
    let manifest = campaign.manifest.as_deref().unwrap_or_default();
    SignedManifest::from_json(manifest.as_bytes())
        .map_err(|_| CampaignRefused::TemplateChanged.into())
}
