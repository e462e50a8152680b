//! The release record (`limpide-release+jws;v=1`): one release of an
//! approved campaign's list, when, by whom, and how many rows it kept and
//! dropped. It holds no row.

use super::fields::{Fields, RECORD_VERSION};
use super::{RecordKind, RecordPayload, SignedManifest, SignedRecord};
use crate::code::Code;
use crate::error::{Error, Problems};
use crate::json::{object, string, Members, Value};
use crate::notice::Channel;
use crate::payload::NoticeRef;

/// One release of a campaign's list, signed by the controller.
///
/// ```
/// use limpide_receipt::{ReleaseRecord, SignedRelease, SigningKey};
/// let release = ReleaseRecord {
///     campaign_id: "c-2026-rentree".into(),
///     manifest_digest: limpide_receipt::sha256_base64url(b"the manifest's payload bytes"),
///     release: 1,
///     released_at: "2026-09-01T07:10:00Z".into(),
///     released_by: "acct-com-1".into(),
///     rows_kept: 2140,
///     rows_dropped: 361,
/// };
/// let signed = release.sign(&SigningKey::from_seed([3; 32])).unwrap();
/// let read = SignedRelease::from_json(signed.to_json().as_bytes()).unwrap();
/// assert_eq!(read.payload(), &release);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReleaseRecord {
    /// The campaign released.
    pub campaign_id: String,
    /// The SHA-256 (base64url) of the campaign manifest's payload bytes
    /// ([`SignedRecord::digest`] of the manifest).
    pub manifest_digest: String,
    /// Which release of the campaign: 1, then 2 when the DPO allowed another.
    pub release: u64,
    /// When (RFC 3339 UTC).
    pub released_at: String,
    /// The account that released it (opaque).
    pub released_by: String,
    /// Rows whose pupil's latest receipt grants the box: kept.
    pub rows_kept: u64,
    /// Rows dropped.
    pub rows_dropped: u64,
}

impl ReleaseRecord {
    /// Signs it as the controller, after checking it as a verifier will.
    #[cfg(feature = "ed25519")]
    pub fn sign(&self, key: &crate::SigningKey) -> Result<super::SignedRelease, Error> {
        SignedRecord::sign(self.clone(), key)
    }
}

impl SignedRecord<ReleaseRecord> {
    /// Checks that this release is one of `manifest`'s campaign: the same
    /// campaign id, and `manifest_digest` the digest of its payload bytes.
    /// (The key rule is then the manifest's notice's:
    /// [`SignedRecord::check_against`] with that notice.)
    pub fn check_manifest(&self, manifest: &SignedManifest) -> Result<(), Error> {
        let mut problems = Problems::default();
        let release = self.payload();
        if release.campaign_id != manifest.payload().campaign_id {
            problems.push(
                "/payload/campaign_id",
                Code::CampaignMismatch,
                format!(
                    "this release is of campaign \"{}\", the manifest of \"{}\"",
                    release.campaign_id,
                    manifest.payload().campaign_id
                ),
            );
        }
        if release.manifest_digest != manifest.digest() {
            problems.push(
                "/payload/manifest_digest",
                Code::DigestMismatch,
                "\"manifest_digest\" is not the SHA-256 of this manifest's payload",
            );
        }
        problems.finish(())
    }
}

impl RecordPayload for ReleaseRecord {
    const KIND: RecordKind = RecordKind::ReleaseRecord;

    fn to_value(&self) -> Value {
        object([
            ("version", Value::from(RECORD_VERSION)),
            ("campaign_id", string(&self.campaign_id)),
            ("manifest_digest", string(&self.manifest_digest)),
            ("release", Value::from(self.release)),
            ("released_at", string(&self.released_at)),
            ("released_by", string(&self.released_by)),
            ("rows_kept", Value::from(self.rows_kept)),
            ("rows_dropped", Value::from(self.rows_dropped)),
        ])
    }

    fn read(value: &Value) -> Result<Self, Error> {
        const MEMBERS: Members = Members {
            required: &[
                "version",
                "campaign_id",
                "manifest_digest",
                "release",
                "released_at",
                "released_by",
                "rows_kept",
                "rows_dropped",
            ],
            optional: &[],
        };
        const P: &str = "/payload";
        let mut f = Fields::default();
        let Some(map) = f.payload(value, &MEMBERS) else {
            return f.finish(None);
        };
        let campaign_id = f.id(map, "campaign_id", P);
        let manifest_digest = f.digest(map, "manifest_digest", P);
        let release = f.count(map, "release", P, 1);
        let released_at = f.time(map, "released_at", P);
        let released_by = f.id(map, "released_by", P);
        let rows_kept = f.count(map, "rows_kept", P, 0);
        let rows_dropped = f.count(map, "rows_dropped", P, 0);
        let read = (|| {
            Some(Self {
                campaign_id: campaign_id?,
                manifest_digest: manifest_digest?,
                release: release?,
                released_at: released_at?.0,
                released_by: released_by?,
                rows_kept: rows_kept?,
                rows_dropped: rows_dropped?,
            })
        })();
        f.finish(read)
    }

    fn notice(&self) -> Option<&NoticeRef> {
        None
    }

    fn named_box(&self) -> Option<(&str, Option<Channel>)> {
        None
    }

    fn id(&self) -> &str {
        &self.campaign_id
    }
}
