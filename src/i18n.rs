//! The widget's own words, in French and English. The notice brings the
//! texts of each purpose; these are the form's frame around them. A notice
//! in another language gets the English frame.

use limpide_receipt::Channel;

use crate::error::ErrorCode;

/// Every sentence the widget writes itself.
#[allow(missing_docs)]
pub(crate) struct Strings {
    pub(crate) heading: &'static str,
    pub(crate) controller: &'static str,
    pub(crate) dpo: &'static str,
    pub(crate) contact: &'static str,
    pub(crate) address: &'static str,
    /// After the controller's name, in the disclosure that holds the rest.
    pub(crate) controller_more: &'static str,
    pub(crate) policy: &'static str,
    pub(crate) nothing_required: &'static str,
    pub(crate) required_heading: &'static str,
    pub(crate) legal_basis: &'static str,
    pub(crate) choices_intro: &'static str,
    pub(crate) details: &'static str,
    pub(crate) data_used: &'static str,
    pub(crate) channels: &'static str,
    pub(crate) recipients: &'static str,
    pub(crate) retention: &'static str,
    pub(crate) withdraw: &'static str,
    pub(crate) category: &'static str,
    pub(crate) new_purpose: &'static str,
    pub(crate) changed_purpose: &'static str,
    pub(crate) review_heading: &'static str,
    pub(crate) review_intro: &'static str,
    pub(crate) submit: &'static str,
    pub(crate) refuse_all: &'static str,
    pub(crate) accept_all: &'static str,
    pub(crate) signing: &'static str,
    pub(crate) language: &'static str,
    pub(crate) summary_heading: &'static str,
    pub(crate) said_yes: &'static str,
    pub(crate) said_no: &'static str,
    pub(crate) nothing: &'static str,
    pub(crate) receipt_id: &'static str,
    pub(crate) issued_at: &'static str,
    pub(crate) notice_version: &'static str,
    pub(crate) key_id: &'static str,
    pub(crate) stored: &'static str,
    pub(crate) session_key: &'static str,
    pub(crate) not_stored: &'static str,
    pub(crate) ack_sending: &'static str,
    pub(crate) ack_ok: &'static str,
    pub(crate) ack_failed: &'static str,
    pub(crate) ack_failed_unsaved: &'static str,
    pub(crate) history_unsaved: &'static str,
    pub(crate) history_ack: &'static str,
    pub(crate) site_data: &'static str,
    pub(crate) download: &'static str,
    pub(crate) print: &'static str,
    pub(crate) change: &'static str,
    pub(crate) history_heading: &'static str,
    pub(crate) history_empty: &'static str,
    pub(crate) damaged: &'static str,
    pub(crate) error_heading: &'static str,
    pub(crate) error_body: &'static str,
    pub(crate) signing_failed: &'static str,
    pub(crate) my_consents: &'static str,
    pub(crate) early_waiting: &'static str,
    pub(crate) early_stale: &'static str,
    pub(crate) age_question: &'static str,
    pub(crate) age_hint: &'static str,
    pub(crate) age_under: &'static str,
    pub(crate) age_at_or_over: &'static str,
    pub(crate) age_missing: &'static str,
    pub(crate) pending_heading: &'static str,
    pub(crate) pending_intro: &'static str,
    pub(crate) pending_choices: &'static str,
    pub(crate) pending_expires: &'static str,
    pub(crate) pending_expired: &'static str,
    pub(crate) hand_over: &'static str,
    pub(crate) send_link: &'static str,
    pub(crate) guardian_link_label: &'static str,
    pub(crate) copy_link: &'static str,
    pub(crate) answer_paste: &'static str,
    pub(crate) use_answer: &'static str,
    pub(crate) abandon: &'static str,
    pub(crate) start_again: &'static str,
    pub(crate) hand_over_heading: &'static str,
    pub(crate) hand_over_body: &'static str,
    pub(crate) guardian_start: &'static str,
    pub(crate) back_to_pupil: &'static str,
    pub(crate) guardian_heading: &'static str,
    pub(crate) guardian_intro: &'static str,
    pub(crate) pupil_said_no: &'static str,
    pub(crate) statement: &'static str,
    pub(crate) guardian_initials: &'static str,
    pub(crate) guardian_name: &'static str,
    pub(crate) guardian_refuse_all: &'static str,
    pub(crate) guardian_confirm: &'static str,
    pub(crate) statement_missing: &'static str,
    pub(crate) name_missing: &'static str,
    pub(crate) answered_heading: &'static str,
    pub(crate) answered_body: &'static str,
    pub(crate) answered_label: &'static str,
    pub(crate) joint_confirmed: &'static str,
    pub(crate) link_refused: &'static str,
    /// Only in a pre-rendered form's `<noscript>`: kept out of the wasm.
    #[cfg(feature = "ssr")]
    pub(crate) needs_javascript: &'static str,
}

const FR: Strings = Strings {
    heading: "Vos choix de communication",
    controller: "Responsable",
    dpo: "Délégué à la protection des données",
    contact: "Contact",
    address: "Adresse",
    controller_more: "coordonnées",
    policy: "Politique de confidentialité",
    nothing_required: "Votre pass fonctionne quels que soient vos choix : aucune case n'est obligatoire. Ne rien cocher, c'est refuser.",
    required_heading: "Ce dont le pass a besoin (sans case à cocher)",
    legal_basis: "Base légale",
    choices_intro: "Cochez seulement ce que vous voulez. Chaque case est un choix séparé.",
    details: "Détails",
    data_used: "Données utilisées",
    channels: "Moyens de contact",
    recipients: "Destinataires",
    retention: "Durée de conservation",
    withdraw: "Changer d'avis",
    category: "Catégorie (code normalisé, pour les contrôles)",
    new_purpose: "Nouveau",
    changed_purpose: "Modifié",
    review_heading: "La notice a changé",
    review_intro: "Ces usages sont nouveaux ou leurs textes ont changé depuis votre dernier choix. Rien n'est coché à votre place : choisissez à nouveau.",
    submit: "Enregistrer mes choix",
    refuse_all: "Tout refuser",
    accept_all: "Tout accepter",
    signing: "Signature du reçu…",
    language: "Langue",
    summary_heading: "Votre reçu de consentement",
    said_yes: "Vous avez dit oui à :",
    said_no: "Vous avez dit non à :",
    nothing: "rien",
    receipt_id: "Numéro du reçu",
    issued_at: "Date",
    notice_version: "Version de la notice",
    key_id: "Clé de signature",
    stored: "Le reçu signé est enregistré sur cet appareil.",
    session_key: "Ce navigateur ne garde pas la clé de signature : les prochains reçus seront signés par une autre clé.",
    not_stored: "Le reçu n'a pas pu être enregistré sur cet appareil. Téléchargez-le pour le garder :",
    ack_sending: "Envoi du reçu au responsable…",
    ack_ok: "Le responsable a accusé réception : votre reçu porte aussi sa signature.",
    ack_failed: "Le responsable n'a pas encore accusé réception. Le reçu reste sur cet appareil et lui sera renvoyé la prochaine fois.",
    ack_failed_unsaved: "Le responsable n'a pas accusé réception, et ce reçu n'est pas gardé sur cet appareil : il ne lui sera pas renvoyé. Téléchargez-le pour le garder.",
    history_unsaved: "pas gardé sur cet appareil : téléchargez-le",
    history_ack: "contresigné par le responsable",
    site_data: "Effacer les données de ce site efface aussi les reçus gardés sur cet appareil : téléchargez-les pour les garder.",
    download: "Télécharger le reçu",
    print: "Imprimer",
    change: "Modifier mes choix",
    history_heading: "Vos reçus précédents",
    history_empty: "Aucun reçu sur cet appareil pour le moment.",
    damaged: "reçu(s) gardé(s) sur cet appareil ne sont pas valides (modifiés ou abîmés) et ont été ignorés.",
    error_heading: "Formulaire indisponible",
    error_body: "Le formulaire de choix ne peut pas être affiché pour le moment. Votre pass fonctionne sans : aucun choix n'a été enregistré.",
    signing_failed: "Le reçu n'a pas pu être signé. Vos choix ne sont pas enregistrés ; réessayez.",
    my_consents: "Voir tous mes consentements",
    early_waiting: "Le formulaire finit de se charger : vos choix seront enregistrés dans un instant.",
    early_stale: "Ce formulaire a été mis à jour pendant son chargement. Rien n'est enregistré : vérifiez vos choix, puis enregistrez-les.",
    age_question: "Avez-vous moins de {age} ans ?",
    age_hint: "Nous ne demandons pas votre date de naissance : le reçu garde seulement cette réponse. En dessous de {age} ans, un parent ou tuteur confirme aussi vos choix.",
    age_under: "J'ai moins de {age} ans",
    age_at_or_over: "J'ai {age} ans ou plus",
    age_missing: "Dites d'abord si vous avez moins de {age} ans : rien n'est enregistré tant que vous n'avez pas répondu. Refuser tout ne demande pas cette réponse.",
    pending_heading: "En attente d'un parent ou tuteur",
    pending_intro: "Rien n'est encore accepté : vos choix comptent seulement quand un parent ou tuteur les aura confirmés. D'ici là, tout est refusé.",
    pending_choices: "Vos choix, à confirmer",
    pending_expires: "Cette demande expire le",
    pending_expired: "Cette demande a expiré : rien n'a été accepté. Vous pouvez recommencer.",
    hand_over: "Mon parent ou tuteur est là : lui passer l'appareil",
    send_link: "Ou envoyez-lui ce lien ; il l'ouvre sur son propre appareil :",
    guardian_link_label: "Lien pour votre parent ou tuteur",
    copy_link: "Copier le lien",
    answer_paste: "Quand il vous renvoie son lien, ouvrez-le sur cet appareil, ou collez-le ici :",
    use_answer: "Utiliser ce lien",
    abandon: "Abandonner cette demande",
    start_again: "Recommencer",
    hand_over_heading: "Passez l'appareil à votre parent ou tuteur",
    hand_over_body: "Votre enfant a fait des choix qui demandent votre accord. Vous allez lire les mêmes textes, puis confirmer ou refuser chaque choix.",
    guardian_start: "Je suis son parent ou tuteur : continuer",
    back_to_pupil: "Rendre l'appareil sans répondre",
    guardian_heading: "Confirmer les choix de votre enfant",
    guardian_intro: "Votre enfant a moins de {age} ans : ses choix comptent seulement avec votre accord. Cochez ce que vous acceptez aussi ; ce que vous ne cochez pas est refusé. Ce que votre enfant a refusé reste refusé.",
    pupil_said_no: "Refusé par votre enfant",
    statement: "Je suis titulaire de l'autorité parentale sur cet enfant.",
    guardian_initials: "Vos initiales",
    guardian_name: "Votre nom",
    guardian_refuse_all: "Tout refuser",
    guardian_confirm: "Confirmer mes choix",
    statement_missing: "Cochez d'abord la déclaration : seul un titulaire de l'autorité parentale peut répondre.",
    name_missing: "Indiquez d'abord ce que le formulaire demande (initiales ou nom).",
    answered_heading: "Merci. Renvoyez ce lien à votre enfant",
    answered_body: "Il l'ouvre sur son appareil : ses choix comptent alors, tels que vous les avez confirmés. Le lien contient seulement vos réponses et votre signature.",
    answered_label: "Lien à renvoyer à votre enfant",
    joint_confirmed: "Confirmé avec un parent ou tuteur.",
    link_refused: "Ce lien ne peut pas servir : il a été modifié, il a expiré, il vient d'une autre version du formulaire, ou cet appareil n'attend plus cette réponse. Rien n'a été accepté.",
    #[cfg(feature = "ssr")]
    needs_javascript: "Enregistrer un choix demande JavaScript, désactivé ici. Vous pouvez tout lire ; rien n'est enregistré ni envoyé.",
};

const EN: Strings = Strings {
    heading: "Your contact choices",
    controller: "Controller",
    dpo: "Data protection officer",
    contact: "Contact",
    address: "Address",
    controller_more: "contact details",
    policy: "Privacy policy",
    nothing_required: "Your pass works whatever you choose: no box is required. Leaving a box unticked means no.",
    required_heading: "What the pass needs (no box to tick)",
    legal_basis: "Legal basis",
    choices_intro: "Tick only what you want. Each box is a separate choice.",
    details: "Details",
    data_used: "Data used",
    channels: "Contact channels",
    recipients: "Recipients",
    retention: "Kept for",
    withdraw: "Changing your mind",
    category: "Category (standard code, for audits)",
    new_purpose: "New",
    changed_purpose: "Changed",
    review_heading: "The notice has changed",
    review_intro: "These uses are new or their texts changed since your last choice. Nothing is ticked for you: please choose again.",
    submit: "Save my choices",
    refuse_all: "Refuse all",
    accept_all: "Accept all",
    signing: "Signing the receipt…",
    language: "Language",
    summary_heading: "Your consent receipt",
    said_yes: "You said yes to:",
    said_no: "You said no to:",
    nothing: "nothing",
    receipt_id: "Receipt number",
    issued_at: "Date",
    notice_version: "Notice version",
    key_id: "Signing key",
    stored: "The signed receipt is saved on this device.",
    session_key: "This browser does not keep the signing key: later receipts will be signed with another key.",
    not_stored: "The receipt could not be saved on this device. Download it to keep it:",
    ack_sending: "Sending the receipt to the controller…",
    ack_ok: "The controller acknowledged it: your receipt now carries its signature too.",
    ack_failed: "The controller has not acknowledged it yet. The receipt stays on this device and will be sent again next time.",
    ack_failed_unsaved: "The controller did not acknowledge it, and this receipt is not kept on this device, so it will not be sent again. Download it to keep it.",
    history_unsaved: "not kept on this device: download it",
    history_ack: "countersigned by the controller",
    site_data: "Clearing this site's data also deletes the receipts kept on this device: download them to keep them.",
    download: "Download the receipt",
    print: "Print",
    change: "Change my choices",
    history_heading: "Your earlier receipts",
    history_empty: "No receipt on this device yet.",
    damaged: "receipt(s) kept on this device are not valid (changed or damaged) and were ignored.",
    error_heading: "Form unavailable",
    error_body: "The choices form cannot be shown right now. Your pass works without it: no choice was recorded.",
    signing_failed: "The receipt could not be signed. Your choices are not saved; please try again.",
    my_consents: "See all my consents",
    early_waiting: "The form is still loading: your choices will be saved in a moment.",
    early_stale: "This form was updated while it loaded. Nothing is saved: check your choices, then save them.",
    age_question: "Are you under {age}?",
    age_hint: "We never ask for your date of birth: the receipt keeps only this answer. Under {age}, a parent or guardian confirms your choices too.",
    age_under: "I am under {age}",
    age_at_or_over: "I am {age} or older",
    age_missing: "First say whether you are under {age}: nothing is saved until you answer. Refusing everything does not need this answer.",
    pending_heading: "Waiting for a parent or guardian",
    pending_intro: "Nothing is accepted yet: your choices count only once a parent or guardian has confirmed them. Until then, everything is refused.",
    pending_choices: "Your choices, to be confirmed",
    pending_expires: "This request expires on",
    pending_expired: "This request has expired: nothing was accepted. You can start again.",
    hand_over: "My parent or guardian is here: hand them this device",
    send_link: "Or send them this link; they open it on their own device:",
    guardian_link_label: "Link for your parent or guardian",
    copy_link: "Copy the link",
    answer_paste: "When they send their link back, open it on this device, or paste it here:",
    use_answer: "Use this link",
    abandon: "Abandon this request",
    start_again: "Start again",
    hand_over_heading: "Hand this device to your parent or guardian",
    hand_over_body: "Your child made choices that need your agreement. You will read the same texts, then confirm or refuse each choice.",
    guardian_start: "I am their parent or guardian: continue",
    back_to_pupil: "Give the device back without answering",
    guardian_heading: "Confirm your child's choices",
    guardian_intro: "Your child is under {age}: their choices count only with your agreement. Tick what you accept too; what you leave unticked is refused. What your child refused stays refused.",
    pupil_said_no: "Refused by your child",
    statement: "I hold parental authority over this child.",
    guardian_initials: "Your initials",
    guardian_name: "Your name",
    guardian_refuse_all: "Refuse everything",
    guardian_confirm: "Confirm my choices",
    statement_missing: "First tick the statement: only a holder of parental authority can answer.",
    name_missing: "First fill in what the form asks for (initials or name).",
    answered_heading: "Thank you. Send this link back to your child",
    answered_body: "They open it on their device: their choices then count, as you confirmed them. The link holds only your answers and your signature.",
    answered_label: "Link to send back to your child",
    joint_confirmed: "Confirmed with a parent or guardian.",
    link_refused: "This link cannot be used: it was changed, it expired, it comes from another version of the form, or this device no longer waits for this answer. Nothing was accepted.",
    #[cfg(feature = "ssr")]
    needs_javascript: "Saving a choice needs JavaScript, which is off here. You can read everything; nothing is saved or sent.",
};

/// The frame's words in `language` (French for `fr*`, English otherwise).
pub(crate) fn strings(language: &str) -> &'static Strings {
    if is_french(language) {
        &FR
    } else {
        &EN
    }
}

/// How a channel is named next to its box ("By post").
pub(crate) fn channel_label(language: &str, channel: Channel) -> &'static str {
    channel_names(language, channel).0
}

/// How a channel is named after a purpose's title ("… — by post").
pub(crate) fn channel_phrase(language: &str, channel: Channel) -> &'static str {
    channel_names(language, channel).1
}

fn channel_names(language: &str, channel: Channel) -> (&'static str, &'static str) {
    match (channel, is_french(language)) {
        (Channel::Sms, true) => ("Par SMS", "par SMS"),
        (Channel::Sms, false) => ("By text message (SMS)", "by text message (SMS)"),
        (Channel::Email, true) => ("Par e-mail", "par e-mail"),
        (Channel::Email, false) => ("By e-mail", "by e-mail"),
        (Channel::Post, true) => ("Par courrier", "par courrier"),
        (Channel::Post, false) => ("By post", "by post"),
        (Channel::Phone, true) => ("Par téléphone", "par téléphone"),
        (Channel::Phone, false) => ("By phone", "by phone"),
        (_, true) => ("Par notification", "par notification"),
        (_, false) => ("By notification", "by notification"),
    }
}

/// An RFC 3339 UTC time as people read it, in `language` and the device's
/// time zone (`7 décembre 2026 à 03:12`): the browser's
/// `Intl.DateTimeFormat`, which costs the wasm nothing. Outside a browser
/// (a pre-rendering), or where the time does not read:
/// [`readable_utc`].
pub(crate) fn readable_time(rfc3339: &str, language: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    if let Some(local) = local_time(rfc3339, language) {
        return local;
    }
    let _ = language;
    readable_utc(rfc3339)
}

/// The time in the device's zone, by `Intl.DateTimeFormat`.
#[cfg(target_arch = "wasm32")]
fn local_time(rfc3339: &str, language: &str) -> Option<String> {
    use wasm_bindgen::JsValue;
    let seconds = limpide_receipt::parse_utc(rfc3339)?;
    let date = js_sys::Date::new(&JsValue::from_f64(seconds as f64 * 1000.0));
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"dateStyle".into(), &"long".into()).ok()?;
    js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into()).ok()?;
    let locales = js_sys::Array::of1(&language.into());
    let format = js_sys::Intl::DateTimeFormat::new(&locales, &options);
    format
        .format()
        .call1(&JsValue::UNDEFINED, &date)
        .ok()?
        .as_string()
}

/// An RFC 3339 UTC time to the minute: `2026-11-24 18:05 UTC`.
pub(crate) fn readable_utc(rfc3339: &str) -> String {
    match rfc3339.get(..16) {
        Some(minutes) if rfc3339.ends_with('Z') => format!("{} UTC", minutes.replacen('T', " ", 1)),
        _ => rfc3339.to_owned(),
    }
}

/// What the controller recorded and what no longer counts, in the pupil's
/// words: (the form's heading over the boxes that ended, the history's
/// heading over the messages, "stopped by a stop link", "stopped by an
/// objection", "lapsed", "tick it to agree again", "the campaign's page",
/// "stopped").
pub(crate) fn records_words(language: &str) -> RecordsWords {
    if is_french(language) {
        RecordsWords {
            ended_heading: "Depuis votre dernier choix",
            messages_heading: "Les messages que vous avez reçus",
            stop_link: "arrêté avec le lien d'arrêt d'un message, le",
            objection: "arrêté à votre demande (réponse STOP), le",
            lapsed: "votre accord a expiré le",
            again: "La case est décochée : cochez-la si vous êtes toujours d'accord.",
            page: "Voir la page de ce message",
            from: "de",
            devices_heading: "Vos appareils",
            new_device: "Un nouvel appareil a été ajouté le",
            this_device: "(cet appareil)",
            unknown_device: "Un appareil inconnu ? Écrivez au délégué à la protection des données.",
        }
    } else {
        RecordsWords {
            ended_heading: "Since your last choice",
            messages_heading: "The messages you received",
            stop_link: "stopped with a message's stop link, on",
            objection: "stopped at your request (a STOP reply), on",
            lapsed: "your agreement expired on",
            again: "The box is unticked: tick it if you still agree.",
            page: "See this message's page",
            from: "from",
            devices_heading: "Your devices",
            new_device: "A new device was added on",
            this_device: "(this device)",
            unknown_device: "A device you do not know? Write to the data-protection officer.",
        }
    }
}

/// The words of [`records_words`].
pub(crate) struct RecordsWords {
    pub(crate) ended_heading: &'static str,
    pub(crate) messages_heading: &'static str,
    pub(crate) stop_link: &'static str,
    pub(crate) objection: &'static str,
    pub(crate) lapsed: &'static str,
    pub(crate) again: &'static str,
    pub(crate) page: &'static str,
    pub(crate) from: &'static str,
    pub(crate) devices_heading: &'static str,
    pub(crate) new_device: &'static str,
    pub(crate) this_device: &'static str,
    pub(crate) unknown_device: &'static str,
}

/// What went wrong with storage, in the pupil's words (the technical
/// message goes to the embedder through `limpide:error`).
pub(crate) fn storage_problem(language: &str, code: ErrorCode) -> &'static str {
    match (code, is_french(language)) {
        (ErrorCode::StorageUnavailable, true) => "Ce navigateur ne permet pas à cette page de garder des données (données de site bloquées ou navigation privée).",
        (ErrorCode::StorageUnavailable, false) => "This browser does not let this page keep data (site data blocked, or private browsing).",
        (ErrorCode::StorageFull, true) => "L'espace de stockage de ce site est plein.",
        (ErrorCode::StorageFull, false) => "This site's storage space is full.",
        (_, true) => "L'enregistrement sur cet appareil a échoué.",
        (_, false) => "Saving on this device failed.",
    }
}

/// The service refused a receipt of this device for whose it is
/// (`ErrorCode::REFUSALS`): what happened and what to do, in the pupil's
/// words. The receipt stays kept on the device and is sent again.
pub(crate) fn refusal_words(language: &str, code: ErrorCode) -> &'static str {
    match (code, is_french(language)) {
        (ErrorCode::CredentialRequired, true) => "Votre choix est gardé sur cet appareil mais pas encore transmis : la page n'a pas dit qui vous êtes. Connectez-vous, puis rouvrez cette page.",
        (ErrorCode::CredentialRequired, false) => "Your choice is kept on this device but not sent yet: the page did not say who you are. Sign in, then open this page again.",
        (ErrorCode::CredentialExpired, true) => "Votre connexion a expiré : votre choix est gardé sur cet appareil mais pas encore transmis. Rechargez la page pour l'envoyer.",
        (ErrorCode::CredentialExpired, false) => "Your sign-in has expired: your choice is kept on this device but not sent yet. Reload the page to send it.",
        (ErrorCode::CredentialInvalid, true) => "La page n'a pas pu prouver que ce choix est le vôtre : il est gardé sur cet appareil mais pas transmis. Déconnectez-vous puis reconnectez-vous ; sinon, contactez l'assistance du pass.",
        (ErrorCode::CredentialInvalid, false) => "The page could not prove this choice is yours: it is kept on this device but not sent. Sign out and in again; if that fails, contact the pass's support.",
        (ErrorCode::EnrollmentCodeInvalid, true) => "Le code pour ajouter cet appareil est déjà utilisé ou expiré. Votre choix est gardé ici : demandez un nouveau code sur votre compte.",
        (ErrorCode::EnrollmentCodeInvalid, false) => "The code to add this device is used or expired. Your choice is kept here: ask for a new code on your account.",
        (_, true) => "Cet appareil n'est pas encore relié à votre compte : depuis celui-ci, vous pouvez retirer un accord, pas en donner un nouveau. Votre choix est gardé ici ; pour l'envoyer, demandez un code « nouvel appareil » sur votre compte.",
        (_, false) => "This device is not yet linked to your account: from it you can withdraw an agreement, not give a new one. Your choice is kept here; to send it, ask for a \"new device\" code on your account.",
    }
}

/// Whether the frame is written in French for `language`.
fn is_french(language: &str) -> bool {
    language.split('-').next() == Some("fr")
}

/// The language the frame is written in for `language` (`fr` or `en`).
pub(crate) fn frame_language(language: &str) -> &'static str {
    if is_french(language) {
        "fr"
    } else {
        "en"
    }
}

/// The name of a language, in that language, for the switcher.
pub(crate) fn language_name(tag: &str) -> String {
    match tag.split('-').next().unwrap_or(tag) {
        "fr" => "Français".to_owned(),
        "en" => "English".to_owned(),
        "de" => "Deutsch".to_owned(),
        "es" => "Español".to_owned(),
        "it" => "Italiano".to_owned(),
        _ => tag.to_owned(),
    }
}

/// `label : value` in French typography, `label: value` otherwise.
pub(crate) fn labelled(language: &str, label: &str, value: &str) -> String {
    if is_french(language) {
        format!("{label}\u{a0}: {value}")
    } else {
        format!("{label}: {value}")
    }
}

/// A GDPR art. 6(1) legal basis in plain words; a code the widget does not
/// know (the notice's validation admits none) is shown as it is.
pub(crate) fn legal_basis_label<'a>(language: &str, basis: &'a str) -> &'a str {
    let french = is_french(language);
    match (basis, french) {
        ("contract", true) => "l'exécution d'un contrat",
        ("contract", false) => "performing a contract",
        ("legal-obligation", true) => "une obligation légale",
        ("legal-obligation", false) => "a legal obligation",
        ("vital-interests", true) => "la protection d'intérêts vitaux",
        ("vital-interests", false) => "protecting someone's vital interests",
        ("public-task", true) => "une mission de service public",
        ("public-task", false) => "a task carried out in the public interest",
        ("legitimate-interests", true) => "l'intérêt légitime du responsable",
        ("legitimate-interests", false) => "the controller's legitimate interests",
        (other, _) => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_as_minutes_in_utc() {
        assert_eq!(
            readable_time("2026-11-24T18:05:09Z", "fr"),
            "2026-11-24 18:05 UTC"
        );
        // Anything unexpected is shown as it is, never mangled.
        assert_eq!(readable_time("2026-11-24", "en"), "2026-11-24");
        assert_eq!(
            readable_utc("2026-11-24T18:05:09+01:00"),
            "2026-11-24T18:05:09+01:00"
        );
    }

    #[test]
    fn french_labels_use_french_typography() {
        assert_eq!(labelled("fr", "Nouveau", "x"), "Nouveau\u{a0}: x");
        assert_eq!(labelled("en-GB", "New", "x"), "New: x");
        assert_eq!(channel_phrase("fr-FR", Channel::Post), "par courrier");
        assert_eq!(strings("fr-CA").submit, "Enregistrer mes choix");
        assert_eq!(strings("de").submit, "Save my choices");
    }

    #[test]
    fn legal_bases_are_told_in_plain_words() {
        assert_eq!(
            legal_basis_label("fr", "public-task"),
            "une mission de service public"
        );
        assert_eq!(
            legal_basis_label("en-GB", "contract"),
            "performing a contract"
        );
        assert_eq!(legal_basis_label("en", "something-else"), "something-else");
    }
}
