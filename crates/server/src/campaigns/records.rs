//! The records the controller signs for campaigns, built from the rows:
//! the manifest at approval, a release record at each release, and a
//! one-box withdrawal for a stop or an objection (`limpide-receipt`'s
//! formats, docs/receipt-format.md).

use limpide_receipt::{
    format_utc, BoxWithdrawal, CampaignManifest, Channel, Notice, NoticeRef, ReleaseRecord,
    SignedManifest, SigningKey, Template, Via,
};

use super::CampaignError;
use crate::store::CampaignRow;

fn channel(name: &str) -> Option<Channel> {
    Channel::from_name(name)
}

fn signing_failed(e: limpide_receipt::Error) -> CampaignError {
    // The rows were checked when drafted: a record that does not sign is
    // a fault of the service, never of the request.
    CampaignError::Internal(format!("the record could not be signed: {e}"))
}

/// The manifest of `campaign`, approved by `approved_by` at `now`.
pub fn sign_manifest(
    key: &SigningKey,
    notice: &Notice,
    campaign: &CampaignRow,
    template: Template,
    approved_by: &str,
    now: i64,
) -> Result<SignedManifest, CampaignError> {
    CampaignManifest {
        campaign_id: campaign.campaign_id.clone(),
        notice: NoticeRef::of(notice),
        purpose: campaign.purpose.clone(),
        channel: channel(&campaign.channel),
        sender: campaign.sender.clone(),
        template,
        not_before: format_utc(campaign.not_before),
        not_after: format_utc(campaign.not_after),
        drafted_by: campaign.drafted_by.clone(),
        drafted_at: format_utc(campaign.drafted_at),
        approved_by: approved_by.to_owned(),
        approved_at: format_utc(now),
    }
    .sign(key)
    .map_err(signing_failed)
}

/// What a release record says.
pub struct ReleaseFacts<'a> {
    /// The signed manifest's payload digest.
    pub manifest_digest: &'a str,
    /// The release's number.
    pub release_no: i64,
    /// Who released it.
    pub released_by: &'a str,
    /// When, Unix seconds.
    pub released_at: i64,
    /// Rows kept.
    pub kept: u64,
    /// Rows dropped.
    pub dropped: u64,
}

/// The signed release record of a release of `campaign_id` (JWS JSON).
pub fn sign_release(
    key: &SigningKey,
    campaign_id: &str,
    facts: &ReleaseFacts<'_>,
) -> Result<String, CampaignError> {
    let record = ReleaseRecord {
        campaign_id: campaign_id.to_owned(),
        manifest_digest: facts.manifest_digest.to_owned(),
        release: u64::try_from(facts.release_no).unwrap_or_default(),
        released_at: format_utc(facts.released_at),
        released_by: facts.released_by.to_owned(),
        rows_kept: facts.kept,
        rows_dropped: facts.dropped,
    };
    Ok(record.sign(key).map_err(signing_failed)?.to_json())
}

/// What a one-box withdrawal names.
pub struct WithdrawalFacts<'a> {
    /// Its id.
    pub withdrawal_id: &'a str,
    /// The controller's id for the pupil.
    pub subject: &'a str,
    /// The notice version whose box it withdraws.
    pub notice: &'a Notice,
    /// The purpose.
    pub purpose: &'a str,
    /// The channel, `""` for a purpose without channels.
    pub channel: &'a str,
    /// The campaign whose stop link it came from; `None`: an objection.
    pub campaign_id: Option<&'a str>,
    /// When, Unix seconds.
    pub issued_at: i64,
}

/// The signed one-box withdrawal (JWS JSON).
pub fn sign_withdrawal(
    key: &SigningKey,
    facts: &WithdrawalFacts<'_>,
) -> Result<String, CampaignError> {
    let via = match facts.campaign_id {
        Some(campaign_id) => Via::StopLink {
            campaign_id: campaign_id.to_owned(),
        },
        None => Via::Objection,
    };
    let withdrawal = BoxWithdrawal {
        withdrawal_id: facts.withdrawal_id.to_owned(),
        issued_at: format_utc(facts.issued_at),
        subject: facts.subject.to_owned(),
        notice: NoticeRef::of(facts.notice),
        purpose: facts.purpose.to_owned(),
        channel: channel(facts.channel),
        via,
    };
    Ok(withdrawal.sign(key).map_err(signing_failed)?.to_json())
}
