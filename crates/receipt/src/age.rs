//! Joint consent below the age of digital consent (15 in France, Loi
//! Informatique et Libertés art. 45): the age bracket a receipt records
//! (never a birth date), the guardian's own statement, and the wording
//! shown. The one rule on who must sign reads a payload: it is in
//! `payload/joint.rs` (`Payload::needs_guardian`).

/// On which side of the notice's age of digital consent the pupil said
/// they are: all a receipt records of their age.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AgeBracket {
    /// Below the age: a holder of parental authority consents too.
    Under,
    /// At or above it: the pupil's consent alone counts.
    AtOrOver,
}

impl AgeBracket {
    /// `under` or `at-or-over`, as receipts write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Under => "under",
            Self::AtOrOver => "at-or-over",
        }
    }

    /// The bracket with this name.
    pub fn from_name(name: &str) -> Option<Self> {
        [Self::Under, Self::AtOrOver]
            .into_iter()
            .find(|b| b.as_str() == name)
    }

    /// The wording a pupil of this bracket is shown: the notice's simpler
    /// texts below the age, where it has them.
    pub fn wording(self) -> Wording {
        match self {
            Self::Under => Wording::Simpler,
            Self::AtOrOver => Wording::Standard,
        }
    }
}

/// Which of a purpose's texts are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Wording {
    /// The purpose's `title` and `description`.
    #[default]
    Standard,
    /// Its `simpler` title and description where the notice gives them (for
    /// pupils under the age of digital consent), else the standard ones.
    Simpler,
}

/// The age bracket as a receipt records it: the bracket and the age it
/// refers to (the notice's `age_of_digital_consent`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct AgeRecord {
    pub bracket: AgeBracket,
    pub digital_consent_age: u8,
}

/// What the parent or guardian states when they confirm: that they hold
/// parental authority, and a name or initials only where the notice asks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GuardianStatement {
    /// Always `true` in a valid receipt: without it nobody consented for the pupil.
    pub holds_parental_authority: bool,
    /// A name or initials, only when the notice's `joint_consent.guardian_name` asks.
    pub name: Option<String>,
}
