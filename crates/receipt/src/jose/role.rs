//! Who signed a receipt.

/// The part a signer plays, named in each protected header as `role`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Role {
    /// The pupil whose choices the receipt records.
    Subject,
    /// A holder of parental responsibility, consenting jointly.
    Guardian,
    /// The controller, acknowledging the receipt.
    Controller,
}

impl Role {
    /// The name used in headers.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Subject => "subject",
            Self::Guardian => "guardian",
            Self::Controller => "controller",
        }
    }

    /// The role with this name.
    pub fn from_name(name: &str) -> Option<Self> {
        [Self::Subject, Self::Guardian, Self::Controller]
            .into_iter()
            .find(|r| r.as_str() == name)
    }
}
