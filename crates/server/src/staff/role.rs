//! The three roles (issue 22): what each may do is checked where the
//! route is served (`http/auth.rs`' `Staff::require`).

use std::fmt;

/// An account's one role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// The data-protection officer: every read, and the campaigns' review.
    Dpo,
    /// The communications team: campaigns' drafts and releases.
    Communications,
    /// A machine client: subject values and objections.
    Integration,
}

impl Role {
    /// Every role, in the order the docs list them.
    pub const ALL: [Role; 3] = [Role::Dpo, Role::Communications, Role::Integration];

    /// Its name, as the staff file, the command line and the access log write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Dpo => "dpo",
            Role::Communications => "communications",
            Role::Integration => "integration",
        }
    }

    /// The role named `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == name)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
