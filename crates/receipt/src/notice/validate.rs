//! Checks a notice document and builds the [`Notice`] it describes,
//! reporting every problem with its JSON Pointer.

use super::{
    categories::{is_known_category, DPV_PURPOSES, KANTARA_CATEGORIES},
    Channel, Controller, GrantValidity, GuardianName, JointConsent, LocalizedText, Notice, Purpose,
    QuietPeriod, RequiredProcessing, SimplerTexts, NOTICE_FORMAT,
};
use crate::code::Code;
use crate::error::{Error, Problems};
use crate::jose::{canonical_digest, PublicJwk};
use crate::json::{expected, pointer, type_name, Map, Members, Shape, Value};
use crate::log::LogKey;
use crate::text::{check_plain_text, is_email, is_https_url};
use crate::time::parse_date;

/// More purposes than this cannot be read with care on a phone.
const MAX_PURPOSES: usize = 30;
/// Items in one list (data, recipients).
const MAX_LIST_ITEMS: usize = 30;

const ROOT_FIELDS: Members = Members {
    required: &[
        "format",
        "id",
        "version",
        "jurisdiction",
        "languages",
        "age_of_digital_consent",
        "controller",
        "policy_url",
        "withdrawal",
        "purposes",
    ],
    optional: &[
        "$schema",
        "accept_all",
        "joint_consent",
        "required_processing",
        // Format 2 and later (`NEWER_MEMBERS`).
        "grant_validity",
        "campaigns",
    ],
};
/// The members a notice may hold only from a newer format on: the root
/// member that holds them (`""`: the root itself), their name, and the
/// format.
const NEWER_MEMBERS: [(&str, &str, u64); 3] = [
    ("", "grant_validity", 2),
    ("", "campaigns", 2),
    ("controller", "log_keys", 3),
];
const CAMPAIGNS_FIELDS: Members = Members {
    required: &[],
    optional: &["quiet_periods"],
};
const QUIET_PERIOD_FIELDS: Members = Members {
    required: &["from", "to", "reason"],
    optional: &[],
};
/// Quiet periods one notice lists.
const MAX_QUIET_PERIODS: usize = 30;
const CONTROLLER_FIELDS: Members = Members {
    required: &["name", "address", "contact", "dpo"],
    // Optional so that notices published before it keep their digest and
    // their receipts keep verifying; a notice without keys vouches for no
    // controller signature.
    optional: &["keys", "log_keys"],
};
/// Keys listed at once: the current one and those being rotated in or out.
const MAX_CONTROLLER_KEYS: usize = 8;
const PURPOSE_FIELDS: Members = Members {
    required: &[
        "id",
        "category",
        "title",
        "description",
        "data",
        "recipients",
        "retention",
    ],
    optional: &["channels", "simpler"],
};
const SIMPLER_FIELDS: Members = Members {
    required: &["title", "description"],
    optional: &[],
};
const JOINT_CONSENT_FIELDS: Members = Members {
    required: &[],
    optional: &["guardian_name", "request_valid_hours"],
};
const PROCESSING_FIELDS: Members = Members {
    required: &[
        "id",
        "legal_basis",
        "title",
        "description",
        "data",
        "recipients",
        "retention",
    ],
    optional: &[],
};

/// The GDPR art. 6(1) bases other than consent.
const LEGAL_BASES: [&str; 5] = [
    "contract",
    "legal-obligation",
    "vital-interests",
    "public-task",
    "legitimate-interests",
];

/// Member names that would tick a box before the pupil does.
const PRE_TICKING: [&str; 12] = [
    "checked",
    "default",
    "defaults",
    "enabled",
    "granted",
    "initial",
    "preselected",
    "pre_selected",
    "preticked",
    "pre_ticked",
    "selected",
    "value",
];
/// Member names that would make a purpose a condition of the pass.
const FORCING: [&str; 3] = ["mandatory", "required", "locked"];
/// Member names that would hide or weaken the refusal.
const HIDING_REFUSAL: [&str; 8] = [
    "deny_all",
    "hide_refuse_all",
    "hide_refusal",
    "refusal",
    "refuse_all",
    "refuse_button",
    "reject_all",
    "show_refuse_all",
];

/// Title, description, data, recipients and retention, checked.
struct Described {
    title: LocalizedText,
    description: LocalizedText,
    data: Vec<LocalizedText>,
    recipients: Vec<LocalizedText>,
    retention: LocalizedText,
}

pub(super) fn notice(document: Value) -> Result<Notice, Error> {
    let mut check = Checker::default();
    let Some(root) = document.as_object() else {
        return Err(Error::one(
            "",
            Code::WrongType,
            format!("a notice is a JSON object, found {}", type_name(&document)),
        ));
    };
    // A newer format may hold members this reader does not know: one
    // problem says so, instead of a list of unknown members.
    if let Some(format) = root.get("format").and_then(Value::as_u64) {
        if format > NOTICE_FORMAT {
            return Err(Error::one(
                "/format",
                Code::UnsupportedFormat,
                format!(
                    "this notice is in format {format}, and this reader knows formats 1 to \
                     {NOTICE_FORMAT}: update the widget (or limpide) before publishing it"
                ),
            ));
        }
    }
    check.object(&document, "", "an object", &ROOT_FIELDS, &HIDING_REFUSAL);

    let format = match root.get("format") {
        Some(format) => match format.as_u64() {
            Some(known @ 1..=NOTICE_FORMAT) => Some(known),
            _ => {
                check.problems.push(
                    "/format",
                    Code::UnsupportedFormat,
                    format!(
                        "this reader knows notice formats 1 to {NOTICE_FORMAT}, found {format}"
                    ),
                );
                None
            }
        },
        None => None,
    };
    if let Some(format) = format {
        for (parent, name, since) in NEWER_MEMBERS {
            let (holder, path) = match parent {
                "" => (Some(root), String::new()),
                _ => (
                    root.get(parent).and_then(Value::as_object),
                    pointer("", parent),
                ),
            };
            if format < since && holder.is_some_and(|h| h.contains_key(name)) {
                check.problems.push(
                    pointer(&path, name),
                    Code::NeedsNewerFormat,
                    format!(
                        "\"{name}\" is a member of notice format {since}: declare \"format\": \
                         {since} (and update the widgets that show this notice first)"
                    ),
                );
            }
        }
    }
    let id = check.identifier(root.get("id"), "/id");
    let version = check.short_string(root.get("version"), "/version");
    let jurisdiction = check.jurisdiction(root.get("jurisdiction"));
    check.languages(root.get("languages"));
    let age_of_digital_consent = check.age(root.get("age_of_digital_consent"));
    let joint_consent = match root.get("joint_consent") {
        None => Some(JointConsent::default()),
        Some(value) => check.joint_consent(value),
    };
    let controller = check.controller(root.get("controller"));
    let policy_url = check.url(root.get("policy_url"), "/policy_url");
    let withdrawal = root
        .get("withdrawal")
        .and_then(|v| check.text(v, "/withdrawal"));
    let accept_all = match root.get("accept_all") {
        None => Some(false),
        Some(Value::Bool(b)) => Some(*b),
        Some(other) => {
            check.wrong_type("/accept_all", "true or false", other);
            None
        }
    };
    let required_processing = match root.get("required_processing") {
        None => Some(Vec::new()),
        Some(v) => check.list(v, "/required_processing", MAX_PURPOSES, |c, item, path| {
            c.required_processing(item, path)
        }),
    };
    let purposes = root.get("purposes").and_then(|v| {
        check.list(v, "/purposes", MAX_PURPOSES, |c, item, path| {
            c.purpose(item, path)
        })
    });
    check.unique_ids(root);
    let grant_validity = match root.get("grant_validity") {
        None => Some(None),
        Some(value) => check.grant_validity(value).map(Some),
    };
    let quiet_periods = match root.get("campaigns") {
        None => Some(Vec::new()),
        Some(value) => check.campaigns(value),
    };

    let digest = canonical_digest(&document);
    let built = (|| {
        Some(Notice {
            id: id?,
            version: version?,
            jurisdiction: jurisdiction?,
            languages: check.languages.clone(),
            age_of_digital_consent: age_of_digital_consent?,
            joint_consent: joint_consent?,
            controller: controller?,
            policy_url: policy_url?,
            withdrawal: withdrawal?,
            accept_all: accept_all?,
            required_processing: required_processing?,
            purposes: purposes?,
            format: format?,
            grant_validity: grant_validity?,
            quiet_periods: quiet_periods?,
            document,
            digest,
        })
    })();
    match built {
        Some(notice) if check.problems.is_empty() => Ok(notice),
        // A value is missing only where a problem was recorded.
        _ => check.problems.finish(()).and_then(|()| {
            Err(Error::one(
                "",
                Code::InvalidNotice,
                "the notice could not be read",
            ))
        }),
    }
}

#[derive(Default)]
struct Checker {
    problems: Problems,
    /// The declared languages that are well formed; texts are checked against them.
    languages: Vec<String>,
}

impl Checker {
    fn wrong_type(&mut self, path: &str, what: &str, found: &Value) {
        self.problems
            .push(path, Code::WrongType, expected(what, found));
    }

    /// The object at `path` (`what` names it), its unknown and missing
    /// members reported; `refused` names members refused with a specific
    /// reason rather than as unknown.
    fn object<'v>(
        &mut self,
        value: &'v Value,
        path: &str,
        what: &str,
        members: &Members,
        refused: &[&str],
    ) -> Option<&'v Map> {
        let problems = &mut self.problems;
        members.read(value, path, what, &mut |problem| {
            let (code, message) = match problem.shape {
                Shape::NotObject => (Code::WrongType, problem.message),
                Shape::Unknown(name) => Self::unknown(name, refused, problem.message),
                Shape::Missing("recipients") => (
                    Code::NoRecipients,
                    problem.message + ": say who receives the data",
                ),
                Shape::Missing("retention") => (
                    Code::NoRetention,
                    problem.message + ": say how long the data is kept",
                ),
                Shape::Missing(_) => (Code::MissingField, problem.message),
            };
            problems.push(problem.path, code, message);
        })
    }

    /// The code and message for an unknown member `name`: some names would
    /// weaken consent, and say why.
    fn unknown(name: &str, refused: &[&str], unknown: String) -> (Code, String) {
        if refused.contains(&name) {
            (
                Code::HiddenRefusal,
                format!(
                    "\"{name}\" cannot be set: the refuse-all button is always shown, \
                     never smaller, fainter or later than accept-all"
                ),
            )
        } else if PRE_TICKING.contains(&name) {
            (
                Code::PreTicked,
                format!(
                    "\"{name}\" would decide for the pupil: every box starts unticked, \
                     consent is an active opt-in (GDPR art. 4(11), recital 32)"
                ),
            )
        } else if FORCING.contains(&name) {
            (
                Code::ForcedConsent,
                format!(
                    "\"{name}\" would make consent a condition: a purpose is always optional; \
                     list processing the pass needs under \"required_processing\""
                ),
            )
        } else {
            (Code::UnknownField, unknown)
        }
    }

    fn string<'v>(&mut self, value: Option<&'v Value>, path: &str) -> Option<&'v str> {
        match value? {
            Value::String(s) => Some(s),
            other => {
                self.wrong_type(path, "a string", other);
                None
            }
        }
    }

    fn identifier(&mut self, value: Option<&Value>, path: &str) -> Option<String> {
        let s = self.string(value, path)?;
        let ok = (1..=64).contains(&s.len())
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-');
        if !ok {
            self.problems.push(
                path,
                Code::InvalidId,
                format!(
                    "{s:?} is not an identifier: use 1 to 64 lowercase letters, digits and \
                     inner hyphens, e.g. \"bons-plans\""
                ),
            );
            return None;
        }
        Some(s.to_owned())
    }

    fn short_string(&mut self, value: Option<&Value>, path: &str) -> Option<String> {
        let s = self.string(value, path)?;
        if let Err((code, message)) = check_plain_text(s, 64) {
            self.problems.push(path, code, message);
            return None;
        }
        Some(s.to_owned())
    }

    fn jurisdiction(&mut self, value: Option<&Value>) -> Option<String> {
        let s = self.string(value, "/jurisdiction")?;
        let (country, subdivision) = s.split_once('-').unwrap_or((s, ""));
        let ok = country.len() == 2
            && country.bytes().all(|b| b.is_ascii_uppercase())
            && (subdivision.is_empty() && !s.contains('-')
                || (1..=3).contains(&subdivision.len())
                    && subdivision
                        .bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()));
        if !ok {
            self.problems.push(
                "/jurisdiction",
                Code::InvalidJurisdiction,
                format!("{s:?} is not an ISO 3166 code such as \"FR\" or \"FR-ARA\""),
            );
            return None;
        }
        Some(s.to_owned())
    }

    fn languages(&mut self, value: Option<&Value>) {
        let Some(value) = value else { return };
        let Some(items) = value.as_array() else {
            self.wrong_type(
                "/languages",
                "an array of language tags such as [\"fr\", \"en\"]",
                value,
            );
            return;
        };
        if items.is_empty() {
            self.problems.push(
                "/languages",
                Code::EmptyList,
                "declare at least one language",
            );
        }
        for (i, item) in items.iter().enumerate() {
            let path = pointer("/languages", i);
            let Some(tag) = self.string(Some(item), &path) else {
                continue;
            };
            let (primary, region) = tag.split_once('-').unwrap_or((tag, ""));
            let ok = (2..=3).contains(&primary.len())
                && primary.bytes().all(|b| b.is_ascii_lowercase())
                && (region.is_empty() && !tag.contains('-')
                    || region.len() == 2 && region.bytes().all(|b| b.is_ascii_uppercase()));
            if !ok {
                self.problems.push(
                    path,
                    Code::InvalidLanguage,
                    format!("{tag:?} is not a language tag such as \"fr\", \"en\" or \"fr-CA\""),
                );
            } else if self.languages.iter().any(|l| l == tag) {
                self.problems.push(
                    path,
                    Code::DuplicateLanguage,
                    format!("\"{tag}\" is declared twice"),
                );
            } else {
                self.languages.push(tag.to_owned());
            }
        }
    }

    fn age(&mut self, value: Option<&Value>) -> Option<u8> {
        let value = value?;
        match value.as_u64() {
            Some(age @ 13..=16) => Some(age as u8),
            _ => {
                self.problems.push(
                    "/age_of_digital_consent",
                    Code::InvalidAge,
                    format!(
                        "expected a whole number from 13 to 16 (GDPR art. 8; 15 in France), found {value}"
                    ),
                );
                None
            }
        }
    }

    fn url(&mut self, value: Option<&Value>, path: &str) -> Option<String> {
        let s = self.string(value, path)?;
        if !is_https_url(s) {
            self.problems.push(
                path,
                Code::InvalidUrl,
                format!("{s:?} is not an https URL (https://host/path, no spaces)"),
            );
            return None;
        }
        Some(s.to_owned())
    }

    fn controller(&mut self, value: Option<&Value>) -> Option<Controller> {
        let map = self.object(
            value?,
            "/controller",
            "an object with name, address, contact and dpo",
            &CONTROLLER_FIELDS,
            &[],
        )?;
        let name = self.short_text(map.get("name"), "/controller/name", 200);
        let address = self.short_text(map.get("address"), "/controller/address", 400);
        let contact = self
            .string(map.get("contact"), "/controller/contact")
            .and_then(|s| {
                if is_email(s) || is_https_url(s) {
                    Some(s.to_owned())
                } else {
                    self.problems.push(
                        "/controller/contact",
                        Code::InvalidContact,
                        format!("{s:?} is neither an e-mail address nor an https URL"),
                    );
                    None
                }
            });
        let dpo = self.short_text(map.get("dpo"), "/controller/dpo", 400);
        let keys = match map.get("keys") {
            None => Some(Vec::new()),
            Some(value) => self.controller_keys(value),
        };
        let log_keys = match map.get("log_keys") {
            None => Some(Vec::new()),
            Some(value) => self.log_keys(value),
        };
        Some(Controller {
            name: name?,
            address: address?,
            contact: contact?,
            dpo: dpo?,
            keys: keys?,
            log_keys: log_keys?,
        })
    }

    /// `controller.keys`: the public keys that may countersign, at least one.
    fn controller_keys(&mut self, value: &Value) -> Option<Vec<PublicJwk>> {
        const PATH: &str = "/controller/keys";
        let Some(list) = value.as_array() else {
            self.wrong_type(PATH, "a list of Ed25519 public JWKs", value);
            return None;
        };
        if list.is_empty() || list.len() > MAX_CONTROLLER_KEYS {
            self.problems.push(
                PATH,
                Code::InvalidKeys,
                format!(
                    "list from 1 to {MAX_CONTROLLER_KEYS} keys (leave the member out to list none)"
                ),
            );
            return None;
        }
        let mut keys = Vec::new();
        for (i, item) in list.iter().enumerate() {
            let path = pointer(PATH, i);
            match PublicJwk::from_value(item, &path) {
                Ok(key) if keys.contains(&key) => {
                    self.problems
                        .push(path, Code::DuplicateKey, "this key is listed twice")
                }
                Ok(key) => keys.push(key),
                Err(e) => self.problems.extend(e),
            }
        }
        (keys.len() == list.len()).then_some(keys)
    }

    /// `controller.log_keys` (format 3): the keys that sign the log's
    /// checkpoints, C2SP verifier keys of one log (one origin): the current
    /// one, and those being rotated in or out.
    fn log_keys(&mut self, value: &Value) -> Option<Vec<LogKey>> {
        const PATH: &str = "/controller/log_keys";
        let Some(list) = value.as_array() else {
            self.wrong_type(PATH, "a list of log keys (C2SP verifier keys)", value);
            return None;
        };
        if list.is_empty() || list.len() > MAX_CONTROLLER_KEYS {
            self.problems.push(
                PATH,
                Code::InvalidLogKey,
                format!(
                    "list from 1 to {MAX_CONTROLLER_KEYS} log keys (leave the member out for a \
                     controller without a log)"
                ),
            );
            return None;
        }
        let mut keys: Vec<LogKey> = Vec::new();
        for (i, item) in list.iter().enumerate() {
            let path = pointer(PATH, i);
            let Some(text) = item.as_str() else {
                self.wrong_type(
                    &path,
                    "a log key such as \"example.org/log+1a2b3c4d+AQ…\"",
                    item,
                );
                continue;
            };
            match LogKey::parse(text, &path) {
                Ok(key) if keys.contains(&key) => {
                    self.problems
                        .push(path, Code::DuplicateKey, "this log key is listed twice")
                }
                Ok(key) if keys.first().is_some_and(|first| first.name() != key.name()) => {
                    self.problems.push(
                        path,
                        Code::InvalidLogKey,
                        "every log key names the same log (origin): a controller keeps one log",
                    )
                }
                Ok(key) => keys.push(key),
                Err(e) => self.problems.extend(e),
            }
        }
        (keys.len() == list.len()).then_some(keys)
    }

    /// A single string that needs no translation (a name, an address).
    fn short_text(
        &mut self,
        value: Option<&Value>,
        path: &str,
        max_chars: usize,
    ) -> Option<String> {
        let s = self.string(value, path)?;
        if let Err((code, message)) = check_plain_text(s, max_chars) {
            self.problems.push(path, code, message);
            return None;
        }
        Some(s.to_owned())
    }

    /// A text with one translation per declared language.
    fn text(&mut self, value: &Value, path: &str) -> Option<LocalizedText> {
        let Some(map) = value.as_object() else {
            let example = self
                .languages
                .iter()
                .map(|l| format!("\"{l}\": \"…\""))
                .collect::<Vec<_>>()
                .join(", ");
            self.wrong_type(
                path,
                &format!("one text per language ({{{example}}})"),
                value,
            );
            return None;
        };
        let mut texts = Vec::new();
        let mut ok = true;
        for (language, text) in map {
            let at = pointer(path, language);
            if !self.languages.contains(language) {
                self.problems.push(
                    at,
                    Code::UndeclaredLanguage,
                    format!(
                        "\"{language}\" is not among the notice's languages ({})",
                        self.languages.join(", ")
                    ),
                );
                ok = false;
                continue;
            }
            let Some(text) = self.string(Some(text), &at) else {
                ok = false;
                continue;
            };
            if let Err((code, message)) = check_plain_text(text, 2000) {
                self.problems.push(at, code, message);
                ok = false;
            }
            texts.push((language.clone(), text.to_owned()));
        }
        for language in &self.languages {
            if !map.contains_key(language) {
                self.problems.push(
                    path,
                    Code::MissingTranslation,
                    format!(
                        "no \"{language}\" text; every text is given in each of the notice's languages ({})",
                        self.languages.join(", ")
                    ),
                );
                ok = false;
            }
        }
        ok.then_some(LocalizedText(texts))
    }

    /// A non-empty array whose items `item` checks.
    fn list<T>(
        &mut self,
        value: &Value,
        path: &str,
        max: usize,
        mut item: impl FnMut(&mut Self, &Value, &str) -> Option<T>,
    ) -> Option<Vec<T>> {
        let Some(items) = value.as_array() else {
            self.wrong_type(path, "an array", value);
            return None;
        };
        if items.is_empty() {
            self.problems
                .push(path, Code::EmptyList, "the list is empty");
            return None;
        }
        if items.len() > max {
            self.problems.push(
                path,
                Code::TooMany,
                format!("{} items; at most {max} can be read with care", items.len()),
            );
            return None;
        }
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for (i, value) in items.iter().enumerate() {
            match item(self, value, &pointer(path, i)) {
                Some(v) => out.push(v),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn text_list(&mut self, value: Option<&Value>, path: &str) -> Option<Vec<LocalizedText>> {
        self.list(value?, path, MAX_LIST_ITEMS, |c, v, p| c.text(v, p))
    }

    fn purpose(&mut self, value: &Value, path: &str) -> Option<Purpose> {
        let map = self.object(value, path, "a purpose object", &PURPOSE_FIELDS, &[])?;
        let id = self.identifier(map.get("id"), &pointer(path, "id"));
        let category = self.category(map.get("category"), &pointer(path, "category"));
        let described = self.described(map, path);
        let channels = match map.get("channels") {
            None => Some(Vec::new()),
            Some(v) => self.channels(v, &pointer(path, "channels")),
        };
        let simpler = match map.get("simpler") {
            None => Some(None),
            Some(v) => self.simpler(v, &pointer(path, "simpler")).map(Some),
        };
        let d = described?;
        Some(Purpose {
            id: id?,
            category: category?,
            title: d.title,
            description: d.description,
            data: d.data,
            channels: channels?,
            recipients: d.recipients,
            retention: d.retention,
            simpler: simpler?,
        })
    }

    /// A purpose's `simpler` texts: a title and a description, each in
    /// every language, as the standard ones.
    fn simpler(&mut self, value: &Value, path: &str) -> Option<SimplerTexts> {
        let map = self.object(
            value,
            path,
            "an object with a simpler title and description",
            &SIMPLER_FIELDS,
            &[],
        )?;
        let title = self.member_text(map, path, "title");
        let description = self.member_text(map, path, "description");
        Some(SimplerTexts {
            title: title?,
            description: description?,
        })
    }

    /// `joint_consent`: what the guardian writes of themselves, and how long
    /// a request waits for them; each member has a default.
    fn joint_consent(&mut self, value: &Value) -> Option<JointConsent> {
        const PATH: &str = "/joint_consent";
        let map = self.object(value, PATH, "an object", &JOINT_CONSENT_FIELDS, &[])?;
        let defaults = JointConsent::default();
        let guardian_name = match map.get("guardian_name") {
            None => Some(defaults.guardian_name),
            Some(v) => {
                let named = v.as_str().and_then(GuardianName::from_name);
                if named.is_none() {
                    self.problems.push(
                        "/joint_consent/guardian_name",
                        Code::InvalidValue,
                        format!("expected \"none\", \"initials\" or \"name\", found {v}"),
                    );
                }
                named
            }
        };
        let max = JointConsent::MAX_REQUEST_VALID_HOURS;
        let request_valid_hours = match map.get("request_valid_hours") {
            None => Some(defaults.request_valid_hours),
            Some(v) => match v.as_u64() {
                Some(hours @ 1..) if hours <= u64::from(max) => u32::try_from(hours).ok(),
                _ => {
                    self.problems.push(
                        "/joint_consent/request_valid_hours",
                        Code::InvalidValue,
                        format!("expected a whole number of hours from 1 to {max}, found {v}"),
                    );
                    None
                }
            },
        };
        Some(JointConsent {
            guardian_name: guardian_name?,
            request_valid_hours: request_valid_hours?,
        })
    }

    /// The localized text in member `name` of `map` (at `path`), if present and valid.
    fn member_text(&mut self, map: &Map, path: &str, name: &str) -> Option<LocalizedText> {
        map.get(name)
            .and_then(|v| self.text(v, &pointer(path, name)))
    }

    /// The texts every processing entry carries, purpose or required processing.
    fn described(&mut self, map: &Map, path: &str) -> Option<Described> {
        let title = self.member_text(map, path, "title");
        let description = self.member_text(map, path, "description");
        let data = self.text_list(map.get("data"), &pointer(path, "data"));
        let recipients = self.recipients(map.get("recipients"), &pointer(path, "recipients"));
        let retention = map
            .get("retention")
            .and_then(|v| self.text(v, &pointer(path, "retention")));
        Some(Described {
            title: title?,
            description: description?,
            data: data?,
            recipients: recipients?,
            retention: retention?,
        })
    }

    fn recipients(&mut self, value: Option<&Value>, path: &str) -> Option<Vec<LocalizedText>> {
        if value.and_then(Value::as_array).is_some_and(Vec::is_empty) {
            self.problems.push(
                path,
                Code::NoRecipients,
                "no recipients listed: say who receives the data (at least the controller's own service)",
            );
            return None;
        }
        self.text_list(value, path)
    }

    fn required_processing(&mut self, value: &Value, path: &str) -> Option<RequiredProcessing> {
        let map = self.object(value, path, "a processing object", &PROCESSING_FIELDS, &[])?;
        let id = self.identifier(map.get("id"), &pointer(path, "id"));
        let legal_basis = self.legal_basis(map.get("legal_basis"), &pointer(path, "legal_basis"));
        let d = self.described(map, path)?;
        Some(RequiredProcessing {
            id: id?,
            legal_basis: legal_basis?,
            title: d.title,
            description: d.description,
            data: d.data,
            recipients: d.recipients,
            retention: d.retention,
        })
    }

    fn legal_basis(&mut self, value: Option<&Value>, path: &str) -> Option<String> {
        let s = self.string(value, path)?;
        if s == "consent" {
            self.problems.push(
                path,
                Code::ConsentNotRequired,
                "processing that rests on consent is a purpose with its own unticked box: move it to \"purposes\"",
            );
            return None;
        }
        if !LEGAL_BASES.contains(&s) {
            self.problems.push(
                path,
                Code::InvalidLegalBasis,
                format!("{s:?} is not one of: {}", LEGAL_BASES.join(", ")),
            );
            return None;
        }
        Some(s.to_owned())
    }

    fn category(&mut self, value: Option<&Value>, path: &str) -> Option<String> {
        match value? {
            Value::String(s) if is_known_category(s) => Some(s.clone()),
            Value::String(s) => {
                self.problems.push(
                    path,
                    Code::UnknownCategory,
                    format!(
                        "{s:?} is not a known purpose category: use \"kantara:1\" to \"kantara:{}\" \
                         (Kantara Consent Receipt v1.1) or a W3C DPV purpose such as \"dpv:{}\"",
                        KANTARA_CATEGORIES.len(),
                        DPV_PURPOSES[8]
                    ),
                );
                None
            }
            Value::Array(items) if items.len() < 2 => {
                self.wrong_type(
                    path,
                    "one category, as a string (not an array)",
                    &Value::Array(items.clone()),
                );
                None
            }
            Value::Array(items) => {
                let listed = crate::json::canonical_json(&Value::Array(items.clone()));
                self.problems.push(
                    path,
                    Code::BundledPurpose,
                    format!(
                        "a purpose declares exactly one category, found {listed}: a purpose that needs \
                         several bundles unrelated processing; split it into one purpose per category"
                    ),
                );
                None
            }
            other => {
                self.wrong_type(path, "one category, as a string", other);
                None
            }
        }
    }

    fn channels(&mut self, value: &Value, path: &str) -> Option<Vec<Channel>> {
        if value.as_array().is_some_and(Vec::is_empty) {
            self.problems.push(
                path,
                Code::EmptyList,
                "omit \"channels\" when the purpose uses no contact channel",
            );
            return None;
        }
        let names: Vec<&str> = Channel::ALL.iter().map(|c| c.as_str()).collect();
        let mut seen = Vec::new();
        self.list(value, path, Channel::ALL.len(), |c, item, at| {
            let name = c.string(Some(item), at)?;
            let Some(channel) = Channel::from_name(name) else {
                c.problems.push(
                    at,
                    Code::UnknownChannel,
                    format!(
                        "{name:?} is not a channel; the channels are: {}",
                        names.join(", ")
                    ),
                );
                return None;
            };
            if seen.contains(&channel) {
                c.problems.push(
                    at,
                    Code::DuplicateChannel,
                    format!("\"{name}\" is listed twice"),
                );
                return None;
            }
            seen.push(channel);
            Some(channel)
        })
    }

    /// `grant_validity`: a duration or a last day ([`GrantValidity::parse`]).
    fn grant_validity(&mut self, value: &Value) -> Option<GrantValidity> {
        const PATH: &str = "/grant_validity";
        let text = self.string(Some(value), PATH)?;
        GrantValidity::parse(text)
            .map_err(|why| self.problems.push(PATH, Code::InvalidValidity, why))
            .ok()
    }

    /// `campaigns`: its `quiet_periods`, each with whole days and a reason.
    fn campaigns(&mut self, value: &Value) -> Option<Vec<QuietPeriod>> {
        const PATH: &str = "/campaigns";
        let map = self.object(value, PATH, "an object", &CAMPAIGNS_FIELDS, &[])?;
        match map.get("quiet_periods") {
            None => Some(Vec::new()),
            Some(list) => self.list(
                list,
                "/campaigns/quiet_periods",
                MAX_QUIET_PERIODS,
                |c, item, path| c.quiet_period(item, path),
            ),
        }
    }

    fn quiet_period(&mut self, value: &Value, path: &str) -> Option<QuietPeriod> {
        let map = self.object(
            value,
            path,
            "an object with from, to and reason",
            &QUIET_PERIOD_FIELDS,
            &[],
        )?;
        let from = self.date(map.get("from"), &pointer(path, "from"));
        let to = self.date(map.get("to"), &pointer(path, "to"));
        let reason = self.member_text(map, path, "reason");
        let (from, to) = (from?, to?);
        if to.0 < from.0 {
            self.problems.push(
                pointer(path, "to"),
                Code::InvalidPeriod,
                format!(
                    "the period ends ({}) before it starts ({}): \"from\" is its first day, \
                     \"to\" its last",
                    to.1, from.1
                ),
            );
            return None;
        }
        Some(QuietPeriod::new(from, to, reason?))
    }

    /// A date `YYYY-MM-DD`, as days since 1970 and its text.
    fn date<'v>(&mut self, value: Option<&'v Value>, path: &str) -> Option<(i64, &'v str)> {
        let text = self.string(value, path)?;
        match parse_date(text) {
            Some(day) => Some((day, text)),
            None => {
                self.problems.push(
                    path,
                    Code::InvalidDate,
                    format!("{text:?} is not a date \"YYYY-MM-DD\" (UTC)"),
                );
                None
            }
        }
    }

    /// Ids are unique across purposes and required processing: a receipt
    /// names a purpose by its id alone.
    fn unique_ids(&mut self, root: &Map) {
        let mut seen: Vec<(&str, String)> = Vec::new();
        for list in ["required_processing", "purposes"] {
            let Some(items) = root.get(list).and_then(Value::as_array) else {
                continue;
            };
            for (i, item) in items.iter().enumerate() {
                let Some(id) = item.get("id").and_then(Value::as_str) else {
                    continue;
                };
                let path = pointer(&pointer("", list), i);
                if let Some((_, first)) = seen.iter().find(|(seen_id, _)| *seen_id == id) {
                    self.problems.push(
                        pointer(&path, "id"),
                        Code::DuplicateId,
                        format!("the id \"{id}\" is already used at {first}"),
                    );
                } else {
                    seen.push((id, path));
                }
            }
        }
    }
}
