//! The console's two languages: French and English, chosen by `?lang=`,
//! then `Accept-Language`, French otherwise (the region's own).

use axum::http::HeaderMap;

/// A console language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    /// Français.
    Fr,
    /// English.
    En,
}

impl Lang {
    /// Its BCP 47 tag.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// `?lang=` if it names one, else the first of `Accept-Language` that
    /// is one, else French.
    pub fn pick(query: Option<&str>, headers: &HeaderMap) -> Self {
        let named = |tag: &str| match tag.trim().get(..2).map(str::to_ascii_lowercase).as_deref() {
            Some("fr") => Some(Lang::Fr),
            Some("en") => Some(Lang::En),
            _ => None,
        };
        if let Some(lang) = query.and_then(named) {
            return lang;
        }
        headers
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').find_map(|part| named(part.split(';').next()?)))
            .unwrap_or(Lang::Fr)
    }

    /// The console's texts in this language.
    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::Fr => &FR,
            Lang::En => &EN,
        }
    }
}

/// Every text the console's screens say.
pub struct Texts {
    pub console: &'static str,
    pub skip: &'static str,
    pub languages: &'static str,
    pub other_language: &'static str,
    pub other_lang: Lang,
    pub signed_in_as: &'static str,
    pub sign_out: &'static str,
    pub sign_in: &'static str,
    pub sign_in_intro: &'static str,
    pub account: &'static str,
    pub password: &'static str,
    pub code: &'static str,
    pub code_hint: &'static str,
    pub refused: &'static str,
    pub throttled: &'static str,
    pub signed_out: &'static str,
    pub role_dpo: &'static str,
    pub role_communications: &'static str,
    pub role_integration: &'static str,
    pub integration_note: &'static str,
    pub counts: &'static str,
    pub counts_intro: &'static str,
    pub notice: &'static str,
    pub purpose: &'static str,
    pub channel: &'static str,
    pub granted: &'static str,
    pub refused_count: &'static str,
    pub withdrawn: &'static str,
    pub no_receipt: &'static str,
    pub no_channel: &'static str,
    pub by_day: &'static str,
    pub exports: &'static str,
    pub access_log_link: &'static str,
    pub audit_link: &'static str,
    pub exports_intro: &'static str,
    pub campaigns: &'static str,
    pub no_campaign: &'static str,
    pub totp_warning: &'static str,
    pub access_log: &'static str,
    pub access_intro: &'static str,
    pub when: &'static str,
    pub who: &'static str,
    pub role: &'static str,
    pub action: &'static str,
    pub about: &'static str,
    pub table: &'static str,
}

const FR: Texts = Texts {
    console: "Console du reçu de consentement",
    skip: "Aller au contenu",
    languages: "Langue",
    other_language: "English",
    other_lang: Lang::En,
    signed_in_as: "Connecté·e :",
    sign_out: "Se déconnecter",
    sign_in: "Se connecter",
    sign_in_intro: "Réservé au personnel de la région : chaque personne a son propre compte.",
    account: "Identifiant du compte",
    password: "Mot de passe",
    code: "Code à usage unique",
    code_hint: "Seulement si votre compte a une double authentification : les 6 chiffres de votre application.",
    refused: "Identifiant, mot de passe ou code incorrect.",
    throttled: "Trop d'essais incorrects : réessayez dans quelques minutes.",
    signed_out: "Vous êtes déconnecté·e.",
    role_dpo: "délégué·e à la protection des données",
    role_communications: "communication",
    role_integration: "intégration (client machine)",
    integration_note: "Ce compte est celui d'un outil : il utilise l'API avec son jeton, la console n'a pas d'écran pour lui.",
    counts: "Consentements",
    counts_intro: "Chaque élève compte une fois, selon son dernier reçu. « Retiré » : refusé maintenant après avoir été accordé.",
    notice: "Notice",
    purpose: "Finalité",
    channel: "Canal",
    granted: "Accordé",
    refused_count: "Refusé",
    withdrawn: "Retiré",
    no_receipt: "Aucun reçu enregistré pour l'instant.",
    no_channel: "—",
    by_day: "Décisions par jour",
    exports: "Exports",
    access_log_link: "Journal des accès (JSON lines)",
    audit_link: "Export d'audit des reçus (JSON lines)",
    exports_intro: "Chaque action du personnel est inscrite au journal des accès, qui nomme le compte, jamais un élève.",
    campaigns: "Campagnes",
    no_campaign: "Aucune campagne pour l'instant.",
    totp_warning: "Votre compte n'a pas de double authentification : demandez-la à l'exploitant (limpide-server staff add … --totp).",
    access_log: "Journal des accès",
    access_intro: "Les 50 dernières actions du personnel, les plus récentes d'abord (heure UTC). L'export ci-dessus les contient toutes.",
    when: "Quand",
    who: "Compte",
    role: "Rôle",
    action: "Action",
    about: "Objet",
    table: "tableau",
};

const EN: Texts = Texts {
    console: "Consent receipts console",
    skip: "Skip to content",
    languages: "Language",
    other_language: "Français",
    other_lang: Lang::Fr,
    signed_in_as: "Signed in:",
    sign_out: "Sign out",
    sign_in: "Sign in",
    sign_in_intro: "For the region's staff: each person has an account of their own.",
    account: "Account id",
    password: "Password",
    code: "One-time code",
    code_hint: "Only if your account has a second factor: the 6 digits from your app.",
    refused: "Wrong account id, password or code.",
    throttled: "Too many wrong tries: try again in a few minutes.",
    signed_out: "You are signed out.",
    role_dpo: "data-protection officer",
    role_communications: "communications",
    role_integration: "integration (machine client)",
    integration_note: "This is a tool's account: it uses the API with its token; the console has no screen for it.",
    counts: "Consents",
    counts_intro: "Each pupil counts once, by their latest receipt. \u{201c}Withdrawn\u{201d}: refused now after having granted it.",
    notice: "Notice",
    purpose: "Purpose",
    channel: "Channel",
    granted: "Granted",
    refused_count: "Refused",
    withdrawn: "Withdrawn",
    no_receipt: "No receipt stored yet.",
    no_channel: "—",
    by_day: "Decisions by day",
    exports: "Exports",
    access_log_link: "Access log (JSON lines)",
    audit_link: "Receipts audit export (JSON lines)",
    exports_intro: "Every staff action is written to the access log, which names the account, never a pupil.",
    campaigns: "Campaigns",
    no_campaign: "No campaign yet.",
    totp_warning: "Your account has no second factor: ask the operator for one (limpide-server staff add … --totp).",
    access_log: "Access log",
    access_intro: "The staff's latest 50 actions, newest first (UTC). The export above holds them all.",
    when: "When",
    who: "Account",
    role: "Role",
    action: "Action",
    about: "About",
    table: "table",
};
