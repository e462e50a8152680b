//! What the public pages say, in French and English.

use super::super::console::Lang;

/// A channel as a pupil says it, in `lang`.
pub fn channel(lang: Lang, channel: &str) -> &str {
    crate::campaigns::footer::channel_words(channel, lang == Lang::Fr)
}

/// A purpose's title in `lang` (a language tag), from `notice`: in the
/// notice's first language where it has not `lang`, its id where the
/// notice is not served or has not the purpose.
pub fn purpose_title(
    notice: Option<&limpide_receipt::Notice>,
    purpose: &str,
    lang: &str,
) -> String {
    notice
        .and_then(|n| {
            let found = n.purpose(purpose)?;
            found
                .title
                .get(lang)
                .or_else(|| found.title.get(n.languages.first()?))
        })
        .unwrap_or(purpose)
        .to_owned()
}

/// Every sentence of the public pages.
pub struct Words {
    pub stop_title: &'static str,
    pub received_from: &'static str,
    pub because: &'static str,
    pub by: &'static str,
    pub stop_button: &'static str,
    pub stop_note: &'static str,
    pub stopped_title: &'static str,
    pub stopped: &'static str,
    pub stopped_before: &'static str,
    pub change_others: &'static str,
    pub change_link: &'static str,
    pub about_message: &'static str,
    pub unknown_link_title: &'static str,
    pub unknown_link: &'static str,
    pub campaign_title: &'static str,
    pub sent_by: &'static str,
    pub purpose: &'static str,
    pub channel: &'static str,
    pub window: &'static str,
    pub drafted: &'static str,
    pub approved: &'static str,
    pub releases: &'static str,
    pub the_message: &'static str,
    pub your_link: &'static str,
    pub agreed_texts: &'static str,
    pub check_it: &'static str,
    pub manifest_link: &'static str,
    pub in_the_log: &'static str,
    /// Before the log's origin, the index, the size and the digest.
    pub logged: [&'static str; 4],
    pub not_yet_logged: &'static str,
    pub proof_link: &'static str,
    pub unknown_campaign_title: &'static str,
    pub unknown_campaign: &'static str,
}

const FR: Words = Words {
    stop_title: "Ne plus recevoir ces messages",
    received_from: "Vous avez reçu ce message de",
    because: "Il vous a été envoyé parce que vous avez accepté",
    by: "par",
    stop_button: "Ne plus recevoir",
    stop_note: "Un seul clic suffit. Vos autres choix ne changent pas.",
    stopped_title: "C'est fait",
    stopped: "Vous ne recevrez plus",
    stopped_before: "C'était déjà fait : vous ne recevez plus",
    change_others: "Pour changer vos autres choix :",
    change_link: "ouvrir le formulaire de consentement",
    about_message: "Qui a écrit ce message, qui l'a approuvé",
    unknown_link_title: "Lien inconnu",
    unknown_link: "Ce lien ne correspond à aucun message. Vérifiez qu'il est complet.",
    campaign_title: "Ce message, qui l'a envoyé et pourquoi",
    sent_by: "Envoyé par",
    purpose: "Finalité acceptée",
    channel: "Canal",
    window: "Envoi autorisé",
    drafted: "Rédigé par l'équipe communication le",
    approved: "Approuvé par le délégué à la protection des données le",
    releases: "Listes d'envoi établies",
    the_message: "Le message",
    your_link: "(votre lien personnel pour arrêter)",
    agreed_texts: "Ce que les élèves ont accepté",
    check_it: "Ce message est signé par le responsable du traitement. Sa preuve :",
    manifest_link: "le manifeste signé (JWS)",
    in_the_log: "Dans le registre public",
    logged: [
        "Ce manifeste est inscrit dans le registre public du responsable du traitement, ",
        ", à la position ",
        " (état signé du registre à ",
        " inscriptions, empreinte ",
    ],
    not_yet_logged:
        "Ce manifeste n'est pas encore montré dans le registre public : revenez dans une seconde.",
    proof_link: "la preuve d'inscription (C2SP tlog-proof), à vérifier avec limpide verify --proof",
    unknown_campaign_title: "Message inconnu",
    unknown_campaign: "Aucun message approuvé ne porte cet identifiant.",
};

const EN: Words = Words {
    stop_title: "Stop receiving these messages",
    received_from: "You received this message from",
    because: "It was sent to you because you agreed to",
    by: "by",
    stop_button: "Stop receiving",
    stop_note: "One press is enough. Your other choices do not change.",
    stopped_title: "Done",
    stopped: "You will no longer receive",
    stopped_before: "This was done already: you no longer receive",
    change_others: "To change your other choices:",
    change_link: "open the consent form",
    about_message: "Who wrote this message, who approved it",
    unknown_link_title: "Unknown link",
    unknown_link: "This link leads to no message. Check that it is complete.",
    campaign_title: "This message, who sent it and why",
    sent_by: "Sent by",
    purpose: "Purpose agreed to",
    channel: "Channel",
    window: "Sending allowed",
    drafted: "Drafted by the communications team on",
    approved: "Approved by the data-protection officer on",
    releases: "Sending lists made",
    the_message: "The message",
    your_link: "(your own link to stop)",
    agreed_texts: "What the pupils agreed to",
    check_it: "The controller signed this message. Its proof:",
    manifest_link: "the signed manifest (JWS)",
    in_the_log: "In the public log",
    logged: [
        "This manifest is recorded in the controller's public log ",
        ", at index ",
        " (the log's signed state at ",
        " entries, digest ",
    ],
    not_yet_logged:
        "This manifest is not yet shown to be in the public log: come back in a second.",
    proof_link: "the proof of inclusion (C2SP tlog-proof), to check with limpide verify --proof",
    unknown_campaign_title: "Unknown message",
    unknown_campaign: "No approved message has this id.",
};

impl Words {
    /// The words in `lang`.
    pub fn of(lang: Lang) -> &'static Words {
        match lang {
            Lang::Fr => &FR,
            Lang::En => &EN,
        }
    }
}

/// A day as people read it: `7 décembre 2026`, `7 December 2026` (UTC).
pub fn day(lang: Lang, unix_seconds: i64) -> String {
    const FR_MONTHS: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    const EN_MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let text = limpide_receipt::format_utc(unix_seconds);
    let (year, month, day) = (&text[..4], &text[5..7], &text[8..10]);
    let month = month.parse::<usize>().unwrap_or(1).clamp(1, 12) - 1;
    let day = day.trim_start_matches('0');
    match lang {
        Lang::Fr => format!("{day} {} {year}", FR_MONTHS[month]),
        Lang::En => format!("{day} {} {year}", EN_MONTHS[month]),
    }
}
