//! `limpide show` of a controller record: a campaign manifest, a release
//! record or a one-box withdrawal told in plain words, in French or English.

use anyhow::Result;
use limpide_receipt::{
    BoxWithdrawal, CampaignManifest, ControllerCheck, DeviceEnrollment, Document, EnrolledBy,
    MessageText, Notice, RecordPayload, ReleaseRecord, SignedRecord, Via,
};

use crate::output::{say, Output};

/// A time as people read it: `2026-12-07 08:00:00 (UTC)`.
fn when(time: &str) -> String {
    format!("{} (UTC)", time.replace('T', " ").trim_end_matches('Z'))
}

/// The box, by its title when the notice is given: `Title [id] (sms)`.
fn named_box(notice: Option<&Notice>, lang: &str, purpose: &str, channel: Option<&str>) -> String {
    let title = notice
        .and_then(|n| n.purpose(purpose))
        .and_then(|p| p.title.get(lang))
        .map_or_else(|| purpose.to_owned(), |t| format!("{t} [{purpose}]"));
    match channel {
        Some(c) => format!("{title} ({c})"),
        None => title,
    }
}

/// Prints a record's account; `false` when the document is a receipt.
pub fn print_record(
    out: &mut Output,
    document: &Document,
    notice: Option<&Notice>,
    lang: Option<&str>,
) -> Result<bool> {
    let lang = lang.unwrap_or("fr");
    let fr = lang.starts_with("fr");
    let t = |french: &'static str, english: &'static str| if fr { french } else { english };
    match document {
        Document::CampaignManifest(record) => {
            let m: &CampaignManifest = record.payload();
            say!(
                out,
                "{} {}",
                t("Manifeste de campagne", "Campaign manifest"),
                m.campaign_id
            );
            say!(out, "{} {}", t("Expéditeur :", "Sender:"), m.sender);
            say!(
                out,
                "{} {} (version {})",
                t("Notice :", "Notice:"),
                m.notice.id,
                m.notice.version
            );
            let boxed = named_box(notice, lang, &m.purpose, m.channel.map(|c| c.as_str()));
            say!(out, "{} {boxed}", t("Finalité :", "Purpose:"));
            say!(
                out,
                "{} {} → {}",
                t("Envoi permis :", "May be sent:"),
                when(&m.not_before),
                when(&m.not_after)
            );
            say!(
                out,
                "{} {} {}",
                t("Rédigé par le compte", "Drafted by account"),
                m.drafted_by,
                when(&m.drafted_at)
            );
            say!(
                out,
                "{} {} {}",
                t("Approuvé par le compte", "Approved by account"),
                m.approved_by,
                when(&m.approved_at)
            );
            say!(
                out,
                "{} {}",
                t("Empreinte du texte :", "Text digest:"),
                m.text_digest()
            );
            for (language, text) in &m.template.0 {
                say!(out, "[{language}]");
                match text {
                    MessageText::Text { text, footer } => {
                        say!(out, "  {text}");
                        say!(out, "  {footer}");
                    }
                    MessageText::Email {
                        subject,
                        body,
                        footer,
                    } => {
                        say!(out, "  {} {subject}", t("Objet :", "Subject:"));
                        say!(out, "  {body}");
                        say!(out, "  {footer}");
                    }
                }
            }
            signed_by(out, record, notice, fr)?;
        }
        Document::ReleaseRecord(record) => {
            let r: &ReleaseRecord = record.payload();
            say!(
                out,
                "{} {} ({} {})",
                t("Envoi de la campagne", "Release of campaign"),
                r.campaign_id,
                t("envoi n°", "release"),
                r.release
            );
            say!(
                out,
                "{} {} {}",
                t("Par le compte", "By account"),
                r.released_by,
                when(&r.released_at)
            );
            say!(
                out,
                "{} {}, {} {}",
                r.rows_kept,
                t(
                    "lignes gardées (consentement donné)",
                    "rows kept (consent given)"
                ),
                r.rows_dropped,
                t("écartées", "dropped")
            );
            say!(
                out,
                "{} {}",
                t("Manifeste :", "Manifest:"),
                r.manifest_digest
            );
            signed_by(out, record, notice, fr)?;
        }
        Document::BoxWithdrawal(record) => {
            let w: &BoxWithdrawal = record.payload();
            say!(
                out,
                "{} {}",
                t("Retrait d'une case", "One-box withdrawal"),
                w.withdrawal_id
            );
            say!(
                out,
                "{} {}",
                t("Enregistré le", "Recorded on"),
                when(&w.issued_at)
            );
            say!(
                out,
                "{} {} (version {})",
                t("Notice :", "Notice:"),
                w.notice.id,
                w.notice.version
            );
            let boxed = named_box(notice, lang, &w.purpose, w.channel.map(|c| c.as_str()));
            say!(out, "{} {boxed}", t("Retiré :", "Withdrawn:"));
            match &w.via {
                Via::StopLink { campaign_id } => say!(
                    out,
                    "{} {campaign_id}",
                    t(
                        "Par le lien d'arrêt du message de la campagne",
                        "Through the stop link of the message of campaign"
                    )
                ),
                _ => say!(
                    out,
                    "{}",
                    t(
                        "Par une opposition transmise au responsable",
                        "Through an objection relayed to the controller"
                    )
                ),
            }
            say!(
                out,
                "{}",
                t(
                    "Ce retrait ne donne jamais de consentement ; un reçu signé après lui décide à nouveau.",
                    "This withdrawal never grants anything; a receipt signed after it decides again."
                )
            );
            signed_by(out, record, notice, fr)?;
        }
        Document::DeviceEnrollment(record) => {
            let e: &DeviceEnrollment = record.payload();
            say!(
                out,
                "{} {}",
                t("Appareil ajouté", "Device enrolled"),
                e.enrollment_id
            );
            say!(out, "{} {}", t("Le", "On"), when(&e.enrolled_at));
            say!(out, "{} {}", t("Élève :", "Pupil:"), e.subject);
            say!(out, "{} {}", t("Clé de l'appareil :", "Device key:"), e.key);
            let how = match e.how {
                EnrolledBy::FirstReceipt => t(
                    "Par le premier reçu de l'élève, venu avec son identifiant",
                    "By the pupil's first receipt, which came with their credential",
                ),
                EnrolledBy::EnrollmentCode => t(
                    "Par un code d'ajout d'appareil à usage unique",
                    "By a single-use enrollment code",
                ),
                _ => t(
                    "Par des reçus gardés avant l'enregistrement des appareils",
                    "By receipts stored before devices were enrolled",
                ),
            };
            say!(out, "{how} ({} {})", t("reçu", "receipt"), e.receipt_id);
            signed_by(out, record, notice, fr)?;
        }
        _ => return Ok(false),
    }
    Ok(true)
}

fn signed_by<T: RecordPayload>(
    out: &mut Output,
    record: &SignedRecord<T>,
    notice: Option<&Notice>,
    fr: bool,
) -> Result<()> {
    let listed = matches!(record.controller_check(notice), Ok(ControllerCheck::Listed));
    let (who, key) = match (fr, listed) {
        (true, true) => ("Signé par le responsable", "clé publiée dans la notice"),
        (true, false) => ("Signé par le responsable", "clé non vérifiée : sans une notice qui la publie, rien ne dit que c'est celle du responsable"),
        (false, true) => ("Signed by the controller", "key published in the notice"),
        (false, false) => ("Signed by the controller", "key not checked: without a notice that publishes it, nothing says it is the controller's"),
    };
    say!(out, "{who} (kid {}; {key})", record.kid());
    Ok(())
}
