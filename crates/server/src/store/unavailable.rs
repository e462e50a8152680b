//! The one error every query may give: the database is out of reach or
//! failed.

/// The database could not be reached or failed: the request may be retried.
#[derive(Debug)]
pub struct Unavailable(pub sqlx::Error);

impl std::fmt::Display for Unavailable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the receipts database is unavailable: {}", self.0)
    }
}

impl std::error::Error for Unavailable {}

impl From<sqlx::Error> for Unavailable {
    fn from(e: sqlx::Error) -> Self {
        Self(e)
    }
}
