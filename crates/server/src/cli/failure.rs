//! How a command fails: its message and its exit status.

/// A failure and the exit status it ends with: 2 for usage and
/// configuration (a missing key, a bad notice), 1 for the rest.
pub struct Failure {
    /// The exit status.
    pub status: u8,
    /// What went wrong, printed with its causes.
    pub error: anyhow::Error,
}

impl Failure {
    /// A usage or configuration error (exit status 2).
    pub fn config(error: anyhow::Error) -> Self {
        Self { status: 2, error }
    }
}

impl<E: Into<anyhow::Error>> From<E> for Failure {
    fn from(error: E) -> Self {
        Self {
            status: 1,
            error: error.into(),
        }
    }
}
