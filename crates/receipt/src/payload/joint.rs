//! A payload's joint-consent members, checked: the age bracket and the
//! guardian's statement (see [`crate::AgeBracket`]).

use super::{Decision, Payload};
use crate::age::{AgeBracket, Wording};
use crate::code::Code;
use crate::error::Problems;
use crate::jose::Role;
use crate::notice::{GuardianName, Notice};
use crate::text::check_plain_text;

/// Initials are short; a name at most this long.
const MAX_INITIALS: usize = 12;
const MAX_NAME: usize = 100;

impl Payload {
    /// The rules that need no notice: an age the GDPR allows, a guardian's
    /// statement only below the age, always stating parental authority.
    pub(super) fn check_joint(&self, problems: &mut Problems) {
        if let Some(age) = self.age {
            if !(13..=16).contains(&age.digital_consent_age) {
                problems.push(
                    "/age/digital_consent_age",
                    Code::InvalidAge,
                    format!(
                        "expected an age from 13 to 16 (GDPR art. 8), found {}",
                        age.digital_consent_age
                    ),
                );
            }
        }
        let under = self.age.is_some_and(|a| a.bracket == AgeBracket::Under);
        match &self.guardian {
            Some(_) if !under => problems.push(
                "/guardian",
                Code::GuardianNotNeeded,
                "a guardian confirms only for a pupil under the age of digital consent, and \"age.bracket\" is not \"under\"",
            ),
            Some(statement) => {
                if !statement.holds_parental_authority {
                    problems.push(
                        "/guardian/holds_parental_authority",
                        Code::NoParentalAuthority,
                        "the guardian did not state that they hold parental authority: nobody consented for the pupil",
                    );
                }
                if let Some(Err((code, message))) = statement
                    .name
                    .as_deref()
                    .map(|name| check_plain_text(name, MAX_NAME))
                {
                    problems.push("/guardian/name", code, message);
                }
            }
            None if self.needs_guardian() => problems.push(
                "/guardian",
                Code::GuardianStatementMissing,
                "the pupil is under the age of digital consent and grants consent: a parent's or guardian's statement is needed",
            ),
            None => {}
        }
    }

    /// The rules against the notice shown: its age, and a name or initials
    /// exactly when it asks for them.
    pub(super) fn check_joint_against(&self, notice: &Notice, problems: &mut Problems) {
        if let Some(age) = self.age {
            if age.digital_consent_age != notice.age_of_digital_consent {
                problems.push(
                    "/age/digital_consent_age",
                    Code::AgeMismatch,
                    format!(
                        "the receipt refers to the age {}, the notice's age of digital consent is {}",
                        age.digital_consent_age, notice.age_of_digital_consent
                    ),
                );
            }
        }
        let Some(statement) = &self.guardian else {
            return;
        };
        let asked = notice.joint_consent.guardian_name;
        match (&statement.name, asked) {
            (Some(_), GuardianName::None) => problems.push(
                "/guardian/name",
                Code::GuardianNameNotAsked,
                "the notice does not ask for the guardian's name: a receipt holds none",
            ),
            (None, GuardianName::Initials | GuardianName::Name) => problems.push(
                "/guardian",
                Code::GuardianNameMissing,
                format!("the notice asks for the guardian's {}", asked.as_str()),
            ),
            (Some(name), GuardianName::Initials) if name.chars().count() > MAX_INITIALS => problems
                .push(
                    "/guardian/name",
                    Code::TooLong,
                    format!("the notice asks for initials: at most {MAX_INITIALS} characters"),
                ),
            _ => {}
        }
    }
}

impl Payload {
    /// The wording the pupil was shown: simpler below the age, where the
    /// notice has simpler texts (what the texts digests bind).
    pub fn wording(&self) -> Wording {
        self.age.map(|a| a.bracket.wording()).unwrap_or_default()
    }

    /// Whether this receipt needs a guardian's signature besides the
    /// pupil's: it records a guardian's statement, or its choices need one
    /// ([`needs_guardian`]).
    pub fn needs_guardian(&self) -> bool {
        let grants = self
            .purposes
            .iter()
            .any(|p| p.decisions().any(|(_, d)| d == Decision::Granted));
        self.guardian.is_some() || needs_guardian(self.age.map(|a| a.bracket), grants)
    }
}

/// Whether a pupil's choices need a guardian's confirmation: the pupil is
/// under the age of digital consent and grants anything. A pupil under the
/// age refuses or withdraws alone: the parents cannot override the child's
/// refusal, and withdrawing must stay as easy as consenting. The one rule,
/// for a receipt ([`Payload::needs_guardian`]) and for the form deciding,
/// before anything is signed, whether to ask a guardian.
///
/// ```
/// use limpide_receipt::{needs_guardian, AgeBracket};
///
/// assert!(needs_guardian(Some(AgeBracket::Under), true));
/// assert!(!needs_guardian(Some(AgeBracket::Under), false)); // refusing
/// assert!(!needs_guardian(Some(AgeBracket::AtOrOver), true));
/// assert!(!needs_guardian(None, true)); // no age recorded
/// ```
pub fn needs_guardian(age: Option<AgeBracket>, grants_anything: bool) -> bool {
    age == Some(AgeBracket::Under) && grants_anything
}

/// The roles a receipt of `payload` must be signed by, missing from `signed`
/// (the roles of its valid signatures): a joint receipt needs the subject's
/// and a guardian's, over the same payload.
pub(crate) fn missing_joint_signers(payload: &Payload, signed: &[Role]) -> Vec<Role> {
    if !payload.needs_guardian() {
        return Vec::new();
    }
    [Role::Subject, Role::Guardian]
        .into_iter()
        .filter(|role| !signed.contains(role))
        .collect()
}
