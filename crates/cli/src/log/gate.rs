//! The gate checked from outside: for each release record of an export,
//! who could be contacted for its campaign's purpose and channel at that
//! moment, recounted from the export's receipts and one-box withdrawals,
//! against the number of rows the release kept. The service's rule
//! (docs/server.md, "\"Latest\": the chain rule"): a pupil's latest receipt
//! on the notice (the end of their chain issued last), granting that box,
//! and no one-box withdrawal of it since. Grants that lapsed are not
//! taken out: the count is an upper bound, so a release that kept more
//! rows than it is let more through than consent allowed.

use std::collections::{HashMap, HashSet};

use limpide_receipt::subject::id_of;
use limpide_receipt::{
    parse_utc, CampaignManifest, Decision, Document, PublicJwk, Receipt, ReleaseRecord,
};

/// One release recounted.
pub struct Recount {
    /// The release record's line in the export.
    pub line: usize,
    /// Its campaign, release number and the rows it kept.
    pub campaign_id: String,
    pub release: u64,
    pub kept: u64,
    /// Who could be contacted then; `None` when the export lacks the
    /// campaign's manifest.
    pub could: Option<u64>,
}

/// Recounts every release of `documents` (in the order they were stored,
/// the log's, with their lines in the export). `keys`: the controller's keys, which issued old subject values.
pub fn recount(documents: &[(usize, Document)], keys: &[PublicJwk]) -> Vec<Recount> {
    let mut manifests: HashMap<&str, &CampaignManifest> = HashMap::new();
    let mut recounts = Vec::new();
    for (position, (line, document)) in documents.iter().enumerate() {
        match document {
            Document::CampaignManifest(m) => {
                manifests.insert(&m.payload().campaign_id, m.payload());
            }
            Document::ReleaseRecord(r) => {
                let release: &ReleaseRecord = r.payload();
                let could = manifests.get(release.campaign_id.as_str()).map(|m| {
                    could_be_contacted(&documents[..position], m, &release.released_at, keys)
                });
                recounts.push(Recount {
                    line: *line,
                    campaign_id: release.campaign_id.clone(),
                    release: release.release,
                    kept: release.rows_kept,
                    could,
                });
            }
            _ => {}
        }
    }
    recounts
}

/// The pupils whose latest receipt stored before (`before`, in the log's
/// order) grants the manifest's box at `released_at`, less those who
/// withdrew that box since.
fn could_be_contacted(
    before: &[(usize, Document)],
    manifest: &CampaignManifest,
    released_at: &str,
    keys: &[PublicJwk],
) -> u64 {
    let at = parse_utc(released_at).unwrap_or(i64::MAX);
    let notice = &manifest.notice.id;
    let channel = manifest.channel.map(|c| c.as_str());
    let mut chains: HashMap<&str, Vec<&Receipt>> = HashMap::new();
    let mut withdrawn: HashMap<&str, i64> = HashMap::new();
    for (_, document) in before {
        match document {
            Document::Receipt(r) if r.payload().notice.id == *notice => {
                let subject = r.payload().subject.as_deref().unwrap_or_default();
                if let Ok(id) = id_of(keys, subject) {
                    chains.entry(id).or_default().push(r);
                }
            }
            Document::BoxWithdrawal(w) => {
                let w = w.payload();
                let same_box = w.notice.id == *notice
                    && w.purpose == manifest.purpose
                    && w.channel.map(|c| c.as_str()) == channel;
                let issued = parse_utc(&w.issued_at).unwrap_or(i64::MIN);
                if same_box && issued <= at {
                    let latest = withdrawn.entry(w.subject.as_str()).or_insert(i64::MIN);
                    *latest = (*latest).max(issued);
                }
            }
            _ => {}
        }
    }
    chains
        .iter()
        .filter(|(id, receipts)| {
            let Some(latest) = latest_of(receipts) else {
                return false;
            };
            let issued = parse_utc(&latest.payload().issued_at).unwrap_or(i64::MIN);
            grants(latest, &manifest.purpose, channel)
                && withdrawn.get(*id).is_none_or(|w| *w < issued)
        })
        .count() as u64
}

/// The chain rule: among a pupil's receipts on a notice that no other of
/// them names as `previous`, the one issued last, then the greatest id.
fn latest_of<'r>(receipts: &[&'r Receipt]) -> Option<&'r Receipt> {
    let replaced: HashSet<&str> = receipts
        .iter()
        .filter_map(|r| r.payload().previous.as_ref())
        .map(|p| p.receipt_id.as_str())
        .collect();
    receipts
        .iter()
        .copied()
        .filter(|r| !replaced.contains(r.payload().receipt_id.as_str()))
        .max_by(|a, b| {
            let key = |r: &Receipt| {
                (
                    parse_utc(&r.payload().issued_at),
                    r.payload().receipt_id.clone(),
                )
            };
            key(a).cmp(&key(b))
        })
}

/// Whether `receipt` grants `purpose` (on `channel`, for a purpose with channels).
fn grants(receipt: &Receipt, purpose: &str, channel: Option<&str>) -> bool {
    receipt
        .payload()
        .purposes
        .iter()
        .filter(|p| p.id == purpose)
        .any(|p| match (channel, &p.channels) {
            (Some(channel), Some(channels)) => channels
                .iter()
                .any(|(c, d)| c == channel && *d == Decision::Granted),
            (None, None) => p.status == Some(Decision::Granted),
            _ => false,
        })
}
