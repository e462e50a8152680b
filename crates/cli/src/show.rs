//! `limpide show`: a plain-language account of a receipt, in French or English.

use anyhow::Result;
use limpide_receipt::{AgeBracket, ControllerCheck, Decision, Notice, Receipt, Role};

use crate::output::{say, Output};

struct Words {
    title: &'static str,
    issued: &'static str,
    controller: &'static str,
    notice: &'static str,
    yes: &'static str,
    no: &'static str,
    nothing: &'static str,
    signed: &'static str,
    previous: &'static str,
    first: &'static str,
    subject: &'static str,
    roles: [&'static str; 3],
    key_listed: &'static str,
    key_unchecked: &'static str,
    under: &'static str,
    at_or_over: &'static str,
    guardian: &'static str,
}

const FR: Words = Words {
    title: "Reçu de consentement",
    issued: "Signé le",
    controller: "Responsable :",
    notice: "Notice :",
    yes: "Vous avez dit oui à :",
    no: "Vous avez dit non à :",
    nothing: "  (rien)",
    signed: "Signatures vérifiées :",
    previous: "Remplace le reçu",
    first: "Premier reçu pour cette notice.",
    subject: "Identifiant pseudonyme :",
    roles: [
        "la personne concernée",
        "un parent ou tuteur",
        "le responsable",
    ],
    key_listed: "clé publiée dans la notice",
    key_unchecked: "clé non vérifiée : sans une notice qui la publie, rien ne dit que c'est celle du responsable",
    under: "Âge : moins de {age} ans (consentement conjoint avec un parent ou tuteur)",
    at_or_over: "Âge : {age} ans ou plus",
    guardian: "Un parent ou tuteur déclare exercer l'autorité parentale",
};

const EN: Words = Words {
    title: "Consent receipt",
    issued: "Signed on",
    controller: "Controller:",
    notice: "Notice:",
    yes: "You said yes to:",
    no: "You said no to:",
    nothing: "  (nothing)",
    signed: "Verified signatures:",
    previous: "Replaces receipt",
    first: "First receipt for this notice.",
    subject: "Pseudonymous identifier:",
    roles: [
        "the person concerned",
        "a parent or guardian",
        "the controller",
    ],
    key_listed: "key published in the notice",
    key_unchecked:
        "key not checked: without a notice that publishes it, nothing says it is the controller's",
    under: "Age: under {age} (joint consent with a parent or guardian)",
    at_or_over: "Age: {age} or over",
    guardian: "A parent or guardian states that they hold parental authority",
};

pub fn print_account(
    out: &mut Output,
    receipt: &Receipt,
    notice: Option<&Notice>,
    lang: Option<&str>,
) -> Result<()> {
    let p = receipt.payload();
    let lang = lang.unwrap_or(&p.language);
    let w = if lang.starts_with("fr") { &FR } else { &EN };
    say!(out, "{} {}", w.title, p.receipt_id);
    say!(
        out,
        "{} {} (UTC)",
        w.issued,
        p.issued_at.replace('T', " ").trim_end_matches('Z')
    );
    say!(
        out,
        "{} {} — {}",
        w.controller,
        p.controller.name,
        p.controller.contact
    );
    say!(
        out,
        "{} {} (version {})",
        w.notice,
        p.notice.id,
        p.notice.version
    );
    if let Some(age) = p.age {
        let line = match age.bracket {
            AgeBracket::Under => w.under,
            AgeBracket::AtOrOver => w.at_or_over,
        };
        say!(
            out,
            "{}",
            line.replace("{age}", &age.digital_consent_age.to_string())
        );
    }
    if let Some(guardian) = &p.guardian {
        match &guardian.name {
            Some(name) => say!(out, "{} ({name}).", w.guardian),
            None => say!(out, "{}.", w.guardian),
        }
    }
    let (mut yes, mut no) = (Vec::new(), Vec::new());
    for purpose in receipt.purpose_accounts(notice) {
        // With the notice, name the purpose by the title shown; else by its id.
        let id = &purpose.record.id;
        let title = purpose
            .title
            .map_or_else(|| id.clone(), |t| format!("{t} [{id}]"));
        for (channel, decision) in purpose.record.decisions() {
            let line = match channel {
                None => format!("  - {title}"),
                Some(channel) => format!("  - {title} ({})", channel.as_str()),
            };
            if decision == Decision::Granted {
                yes.push(line)
            } else {
                no.push(line)
            }
        }
    }
    for (heading, lines) in [(w.yes, yes), (w.no, no)] {
        say!(out, "{heading}");
        if lines.is_empty() {
            say!(out, "{}", w.nothing);
        }
        for line in lines {
            say!(out, "{line}");
        }
    }
    say!(out, "{}", w.signed);
    for signer in receipt.signers() {
        let role = match signer.role.as_str() {
            "subject" => w.roles[0],
            "guardian" => w.roles[1],
            _ => w.roles[2],
        };
        if signer.role == Role::Controller {
            // `show` only runs on a receipt already checked against `notice`.
            let key = match receipt.controller_check(notice) {
                Ok(ControllerCheck::Listed) => w.key_listed,
                _ => w.key_unchecked,
            };
            say!(out, "  - {role} (kid {}; {key})", signer.kid);
        } else {
            say!(out, "  - {role} (kid {})", signer.kid);
        }
    }
    match &p.previous {
        Some(prev) => say!(out, "{} {}", w.previous, prev.receipt_id),
        None => say!(out, "{}", w.first),
    }
    if let Some(subject) = &p.subject {
        say!(out, "{} {subject}", w.subject);
    }
    Ok(())
}
