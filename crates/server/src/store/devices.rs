//! Device keys bound to pupils, inside a receipts transaction
//! (docs/server.md, "Whose receipt is it?"): which key may speak for a
//! pupil, and the enrollments a batch makes.
//!
//! The rule, for a receipt of pupil P signed by key K:
//! - K is one of P's enrolled keys: taken;
//! - P has no enrolled key: taken with P's credential or an enrollment
//!   code, and K is enrolled;
//! - otherwise: taken with a valid enrollment code (K is enrolled), or,
//!   with P's credential, if it only narrows consent (it grants no box
//!   that P's latest receipt on its notice does not grant): K is then not
//!   enrolled, and the receipt is marked as from an unenrolled key.

use std::collections::{HashMap, HashSet};

use limpide_receipt::log::LogEntry;
use sqlx::{Any, Row as _, Transaction};

use super::access::{write_access_all, AccessEntry};
use super::new_receipt::{NewReceipt, RecordError};
use super::params::Params;
use crate::time::{now_micros, now_seconds};

/// What a receipt brings to prove it speaks for its pupil.
#[derive(Clone, Debug, Default)]
pub struct DeviceClaim {
    /// The RFC 7638 thumbprint of the key that signed for the pupil (the
    /// pupil's signature, or else the guardian's).
    pub key: String,
    /// A valid credential for this very pupil came with it.
    pub credential: bool,
    /// The SHA-256 (base64url) of the enrollment code that came with it.
    pub enrollment_code: Option<String>,
    /// The enrollment record, signed beforehand, stored if the receipt
    /// enrolls its key (a credential or a code came with it).
    pub enrollment: Option<PendingEnrollment>,
}

/// A device enrollment ready to be stored.
#[derive(Clone, Debug)]
pub struct PendingEnrollment {
    /// Its id, as its record says.
    pub enrollment_id: String,
    /// How, as its record says: `first-receipt` or `enrollment-code`.
    pub how: &'static str,
    /// The signed record, JWS JSON.
    pub record: String,
    /// Its leaf in the transparency log, computed where it was signed.
    pub entry: LogEntry,
}

/// What the rule decided for one receipt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Device {
    /// Its key is one of the pupil's.
    Enrolled,
    /// Its key becomes one of the pupil's.
    Enrolls,
    /// Taken from a key that is not the pupil's: it only narrows consent.
    Unenrolled,
}

/// An enrollment code as stored.
struct Code {
    subject: String,
    expires_at: i64,
    used: bool,
}

/// Applies the rule to every receipt (in the order given); the first
/// refusal stops the transaction.
pub(super) async fn check_devices(
    tx: &mut Transaction<'_, Any>,
    p: Params,
    receipts: &[&NewReceipt],
) -> Result<Vec<Device>, RecordError> {
    let mut keys = enrolled_keys(tx, p, receipts).await?;
    let codes = enrollment_codes(tx, p, receipts).await?;
    let now = now_seconds();
    let mut decided = Vec::with_capacity(receipts.len());
    for r in receipts {
        let claim = &r.device;
        let pupil_keys = keys.entry(r.subject.clone()).or_default();
        if pupil_keys.contains(&claim.key) {
            decided.push(Device::Enrolled);
            continue;
        }
        if let Some(hash) = &claim.enrollment_code {
            let valid = codes
                .get(hash)
                .is_some_and(|c| c.subject == r.subject && !c.used && c.expires_at > now);
            if !valid {
                return Err(RecordError::EnrollmentCodeInvalid);
            }
        }
        let device =
            if claim.enrollment_code.is_some() || (pupil_keys.is_empty() && claim.credential) {
                Device::Enrolls
            } else if pupil_keys.is_empty() {
                return Err(RecordError::CredentialRequired);
            } else if claim.credential && narrows(tx, p, r).await? {
                Device::Unenrolled
            } else {
                return Err(RecordError::KeyNotEnrolled);
            };
        if device == Device::Enrolls {
            if claim.enrollment.is_none() {
                return Err(RecordError::CredentialRequired);
            }
            pupil_keys.insert(claim.key.clone());
        }
        decided.push(device);
    }
    Ok(decided)
}

/// The enrolled keys of the batch's pupils.
async fn enrolled_keys(
    tx: &mut Transaction<'_, Any>,
    p: Params,
    receipts: &[&NewReceipt],
) -> Result<HashMap<String, HashSet<String>>, sqlx::Error> {
    let sql = format!(
        "SELECT subject, key_thumbprint FROM device_keys WHERE subject IN ({})",
        p.list(receipts.len(), 1)
    );
    let mut query = sqlx::query(&sql);
    for r in receipts {
        query = query.bind(&r.subject);
    }
    let mut keys: HashMap<String, HashSet<String>> = HashMap::new();
    for row in query.fetch_all(&mut **tx).await? {
        keys.entry(row.try_get(0)?)
            .or_default()
            .insert(row.try_get(1)?);
    }
    Ok(keys)
}

/// The enrollment codes the batch's receipts came with.
async fn enrollment_codes(
    tx: &mut Transaction<'_, Any>,
    p: Params,
    receipts: &[&NewReceipt],
) -> Result<HashMap<String, Code>, sqlx::Error> {
    let hashes: Vec<&String> = receipts
        .iter()
        .filter_map(|r| r.device.enrollment_code.as_ref())
        .collect();
    if hashes.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!(
        "SELECT code_hash, subject, expires_at, used_at FROM enrollment_codes \
         WHERE code_hash IN ({})",
        p.list(hashes.len(), 1)
    );
    let mut query = sqlx::query(&sql);
    for hash in hashes {
        query = query.bind(hash);
    }
    let mut codes = HashMap::new();
    for row in query.fetch_all(&mut **tx).await? {
        let used: Option<i64> = row.try_get(3)?;
        let code = Code {
            subject: row.try_get(1)?,
            expires_at: row.try_get(2)?,
            used: used.is_some(),
        };
        codes.insert(row.try_get::<String, _>(0)?, code);
    }
    Ok(codes)
}

/// Whether `r` grants only boxes that its pupil's latest receipt on its
/// notice grants now (read before this batch rewrites the grants).
async fn narrows(
    tx: &mut Transaction<'_, Any>,
    p: Params,
    r: &NewReceipt,
) -> Result<bool, sqlx::Error> {
    let sql = format!(
        "SELECT purpose, channel FROM grants WHERE notice_id = {} AND subject = {}",
        p.list(1, 1),
        p.list(1, 2)
    );
    let granted: HashSet<(String, String)> = sqlx::query(&sql)
        .bind(&r.notice_id)
        .bind(&r.subject)
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|row| Ok((row.try_get(0)?, row.try_get(1)?)))
        .collect::<Result<_, sqlx::Error>>()?;
    Ok(r.decisions
        .iter()
        .filter(|(_, _, grants)| *grants)
        .all(|(purpose, channel, _)| granted.contains(&(purpose.clone(), channel.clone()))))
}

/// Stores what the rule decided: the new keys with their records, the
/// codes used, the receipts from an unenrolled key marked, and one access
/// log entry per enrollment (naming no pupil); answers the log entries of
/// the enrollment records, to append after the receipts'. The keys and the entries
/// take one statement each for the whole batch: a region's first day is
/// first receipts, each of which enrolls.
pub(super) async fn write_devices(
    tx: &mut Transaction<'_, Any>,
    p: Params,
    receipts: &[&NewReceipt],
    decided: &[Device],
) -> Result<Vec<LogEntry>, sqlx::Error> {
    let now = now_micros();
    let mut keys = Vec::new();
    let mut entries = Vec::new();
    for (r, device) in receipts.iter().zip(decided) {
        match device {
            Device::Enrolled => {}
            Device::Unenrolled => mark_unenrolled(tx, p, r).await?,
            Device::Enrolls => {
                let Some(enrollment) = &r.device.enrollment else {
                    continue;
                };
                if let Some(hash) = &r.device.enrollment_code {
                    spend_code(tx, p, hash, now).await?;
                }
                keys.push((r.subject.as_str(), r.device.key.as_str(), enrollment));
                entries.push(enrollment_entry(&r.notice_id, enrollment.how));
            }
        }
    }
    let records = insert_keys(tx, p, &keys, now).await?;
    write_access_all(tx, p, &entries).await.map_err(|e| e.0)?;
    Ok(records)
}

/// Marks a receipt as taken from a key that is not the pupil's.
async fn mark_unenrolled(
    tx: &mut Transaction<'_, Any>,
    p: Params,
    r: &NewReceipt,
) -> Result<(), sqlx::Error> {
    let sql = format!(
        "UPDATE receipts SET unenrolled_key = 1 WHERE subject = {} AND receipt_id = {}",
        p.list(1, 1),
        p.list(1, 2)
    );
    sqlx::query(&sql)
        .bind(&r.subject)
        .bind(&r.receipt_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Spends an enrollment code: it never enrolls again.
async fn spend_code(
    tx: &mut Transaction<'_, Any>,
    p: Params,
    hash: &str,
    now_micros: i64,
) -> Result<(), sqlx::Error> {
    let sql = format!(
        "UPDATE enrollment_codes SET used_at = {} WHERE code_hash = {}",
        p.list(1, 1),
        p.list(1, 2)
    );
    sqlx::query(&sql)
        .bind(now_micros / 1_000_000)
        .bind(hash)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Enrolled keys and their records, `(subject, key, enrollment)`, in one
/// statement (a key enrolled already stays as it was: its first enrollment
/// is the one that counts); the log entries of the records stored, in the
/// order given, for the caller to append.
pub(super) async fn insert_keys(
    tx: &mut Transaction<'_, Any>,
    p: Params,
    keys: &[(&str, &str, &PendingEnrollment)],
    enrolled_at: i64,
) -> Result<Vec<LogEntry>, sqlx::Error> {
    let mut stored = HashSet::new();
    // 6 parameters a row: far below either engine's limit for a batch, or
    // for a page of stored receipts at start.
    for part in keys.chunks(1000) {
        let sql = format!(
            "INSERT INTO device_keys (subject, key_thumbprint, enrolled_at, how, enrollment_id, record) \
             VALUES {} ON CONFLICT (subject, key_thumbprint) DO NOTHING RETURNING enrollment_id",
            p.rows(part.len(), 6)
        );
        let mut query = sqlx::query(&sql);
        for (subject, key, enrollment) in part {
            query = query
                .bind(*subject)
                .bind(*key)
                .bind(enrolled_at)
                .bind(enrollment.how)
                .bind(enrollment.enrollment_id.as_str())
                .bind(enrollment.record.as_str());
        }
        for row in query.fetch_all(&mut **tx).await? {
            stored.insert(row.try_get::<String, _>(0)?);
        }
    }
    Ok(keys
        .iter()
        .filter(|(_, _, e)| stored.contains(&e.enrollment_id))
        .map(|(_, _, e)| e.entry)
        .collect())
}

/// The access log's entry for an enrollment: by a pupil's device, on a
/// notice, how; never whose.
fn enrollment_entry(notice_id: &str, how: &str) -> AccessEntry {
    AccessEntry {
        account: PUPIL_DEVICE.to_owned(),
        role: None,
        action: format!("device-enrolled-by-{how}"),
        notice: Some(notice_id.to_owned()),
        ..AccessEntry::default()
    }
}

/// Who acted, in the access log, when a pupil's device enrolled.
pub const PUPIL_DEVICE: &str = "(a pupil's device)";
