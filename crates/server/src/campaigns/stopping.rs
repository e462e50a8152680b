//! Stopping: a pupil's stop link, or an objection the controller's tools
//! relay (an SMS "STOP" reply). Either records a one-box withdrawal that
//! the controller signs: it names only that purpose and channel, can never
//! grant, and the gate honours it at once.

use serde::Deserialize;

use super::records::{sign_withdrawal, WithdrawalFacts};
use super::service::{Actor, Campaigns};
use super::stop::{looks_like_token, token_hash};
use super::{CampaignError, CampaignRefused};
use crate::controller::notices::newest_with_box;
use crate::controller::subject::check_id;
use crate::echo::quoted;
use crate::store::{AccessEntry, CampaignRow, NewWithdrawal, StopLink, WithdrawalRecorded};
use crate::time::now_seconds;

/// `POST /objections`' body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objection {
    /// The controller's id for the pupil.
    pub subject: String,
    /// The notice id.
    pub notice: String,
    /// The purpose.
    pub purpose: String,
    /// The channel; left out for a purpose without channels.
    #[serde(default)]
    pub channel: Option<String>,
}

/// A stop link that leads somewhere: the campaign and the pupil's row.
pub struct StopTarget {
    /// The campaign whose message held the link.
    pub campaign: CampaignRow,
    /// The link's row.
    pub link: StopLink,
    /// The token's digest, from which the withdrawal's id is made.
    token_hash: String,
}

/// What a stop did.
#[derive(Debug, PartialEq, Eq)]
pub enum Stopped {
    /// Recorded now.
    Now,
    /// Recorded before, by this same link.
    Before,
}

impl Campaigns {
    /// What the stop link with `token` leads to; `None` for a token no
    /// release made.
    pub async fn stop_target(&self, token: &str) -> Result<Option<StopTarget>, CampaignError> {
        if !looks_like_token(token) {
            return Ok(None);
        }
        let token_hash = token_hash(token);
        let Some(link) = self.store.stop_link(&token_hash).await? else {
            return Ok(None);
        };
        let campaign = self.get(&link.campaign_id).await?;
        Ok(Some(StopTarget {
            campaign,
            link,
            token_hash,
        }))
    }

    /// Records the withdrawal a stop link asks for. Pressing twice records
    /// it once: its id comes from the link.
    pub async fn stop(&self, target: &StopTarget) -> Result<Stopped, CampaignError> {
        let c = &target.campaign;
        let withdrawal_id = format!("stop-{}", &target.token_hash[..22]);
        let recorded = self
            .withdraw(
                WithdrawalBox {
                    withdrawal_id: &withdrawal_id,
                    subject: &target.link.subject,
                    notice_id: &c.notice_id,
                    notice_version: Some(&c.notice_version),
                    purpose: &c.purpose,
                    channel: &c.channel,
                    campaign_id: Some(&c.campaign_id),
                },
                None,
            )
            .await?;
        Ok(match recorded {
            WithdrawalRecorded::Stored => Stopped::Now,
            WithdrawalRecorded::AlreadyStored(_) => Stopped::Before,
        })
    }

    /// Records an objection relayed by `actor`; answers the signed record.
    pub async fn object(
        &self,
        actor: Actor<'_>,
        objection: &Objection,
    ) -> Result<String, CampaignError> {
        check_id(&objection.subject)
            .map_err(|e| CampaignRefused::Invalid(format!("subject: {e}")))?;
        let channel = objection.channel.as_deref().unwrap_or("");
        crate::controller::notices::check_permission(
            &self.notices,
            &objection.notice,
            &objection.purpose,
            channel,
        )
        .map_err(CampaignRefused::UnknownBox)?;
        let mut random = [0u8; 16];
        getrandom::fill(&mut random).map_err(|e| CampaignError::Internal(e.to_string()))?;
        let withdrawal_id = format!("objection-{}", limpide_receipt::base64url::encode(&random));
        let entry = AccessEntry {
            notice: Some(objection.notice.clone()),
            purpose: Some(objection.purpose.clone()),
            channel: Some(channel.to_owned()).filter(|c| !c.is_empty()),
            ..AccessEntry::new(actor.account, actor.role, "objection-recorded")
        };
        let target = WithdrawalBox {
            withdrawal_id: &withdrawal_id,
            subject: &objection.subject,
            notice_id: &objection.notice,
            notice_version: None,
            purpose: &objection.purpose,
            channel,
            campaign_id: None,
        };
        match self.withdraw(target, Some(&entry)).await? {
            WithdrawalRecorded::Stored => {}
            WithdrawalRecorded::AlreadyStored(_) => {
                return Err(CampaignError::Internal(
                    "a random withdrawal id was taken".to_owned(),
                ))
            }
        }
        let jws = self.store.withdrawal(&withdrawal_id).await?;
        Ok(jws.unwrap_or_default())
    }

    /// Signs and stores a one-box withdrawal.
    async fn withdraw(
        &self,
        target: WithdrawalBox<'_>,
        entry: Option<&AccessEntry>,
    ) -> Result<WithdrawalRecorded, CampaignError> {
        let notice = newest_with_box(
            &self.notices,
            target.notice_id,
            target.notice_version,
            target.purpose,
            target.channel,
        )
        .ok_or_else(|| {
            CampaignRefused::UnknownBox(format!(
                "no served notice {} has purpose {} by {}",
                quoted(target.notice_id),
                quoted(target.purpose),
                quoted(target.channel)
            ))
        })?;
        let issued_at = now_seconds();
        let jws = sign_withdrawal(
            &self.key,
            &WithdrawalFacts {
                withdrawal_id: target.withdrawal_id,
                subject: target.subject,
                notice,
                purpose: target.purpose,
                channel: target.channel,
                campaign_id: target.campaign_id,
                issued_at,
            },
        )?;
        let row = NewWithdrawal {
            withdrawal_id: target.withdrawal_id.to_owned(),
            notice_id: target.notice_id.to_owned(),
            subject: target.subject.to_owned(),
            purpose: target.purpose.to_owned(),
            channel: target.channel.to_owned(),
            issued_at,
            via: if target.campaign_id.is_some() {
                "stop-link"
            } else {
                "objection"
            },
            campaign_id: target.campaign_id.map(str::to_owned),
            jws,
        };
        Ok(self.store.record_withdrawal(&row, entry).await?)
    }
}

/// The box a withdrawal names, and where it came from.
struct WithdrawalBox<'a> {
    withdrawal_id: &'a str,
    subject: &'a str,
    notice_id: &'a str,
    notice_version: Option<&'a str>,
    purpose: &'a str,
    channel: &'a str,
    campaign_id: Option<&'a str>,
}
