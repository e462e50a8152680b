//! The one error type of this crate.

use std::fmt;

use crate::code::Code;

/// What went wrong with a notice, a receipt or a signature.
///
/// An error holds one or more [`Problem`]s, each with the JSON Pointer
/// (RFC 6901) of the place it concerns and a message for a person. Messages
/// name what is wrong and what is expected; they never repeat secret material
/// such as a private key.
///
/// ```
/// let err = limpide_receipt::Notice::from_json(b"{\"id\": 1").unwrap_err();
/// assert_eq!(err.problems().len(), 1);
/// assert_eq!(err.problems()[0].code(), "malformed-json");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Error {
    problems: Vec<Problem>,
}

/// One problem: where it is, what kind it is, and a readable message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    path: String,
    code: Code,
    message: String,
}

impl Problem {
    /// A problem at `path` (a JSON Pointer, `""` for the whole document).
    pub(crate) fn new(path: impl Into<String>, code: Code, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            code,
            message: message.into(),
        }
    }

    /// The JSON Pointer (RFC 6901) of the value concerned; `""` is the whole document.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// A stable, machine-readable kind, such as `unknown-field` or
    /// `bad-signature` ([`Code::as_str`]).
    pub fn code(&self) -> Code {
        self.code
    }

    /// The message for a person.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Problem {
    /// Writes `path: message`, with `/` standing for the whole document.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "/"
        } else {
            &self.path
        };
        write!(f, "{path}: {}", self.message)
    }
}

impl Error {
    /// An error made of the given problems; there is always at least one.
    pub(crate) fn from_problems(problems: Vec<Problem>) -> Self {
        debug_assert!(!problems.is_empty(), "an error without a problem");
        Self { problems }
    }

    /// An error with a single problem.
    pub(crate) fn one(path: impl Into<String>, code: Code, message: impl Into<String>) -> Self {
        Self::from_problems(vec![Problem::new(path, code, message)])
    }

    /// Every problem found, in document order.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// The same problems, each path prefixed with `prefix` (used when a
    /// document is checked inside a larger one).
    pub(crate) fn under(mut self, prefix: &str) -> Self {
        for problem in &mut self.problems {
            problem.path.insert_str(0, prefix);
        }
        self
    }
}

impl fmt::Display for Error {
    /// One `path: message` line per problem.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// Collects problems while a document is checked, so that every problem is
/// reported at once instead of only the first.
#[derive(Default)]
pub(crate) struct Problems {
    list: Vec<Problem>,
}

impl Problems {
    pub(crate) fn push(&mut self, path: impl Into<String>, code: Code, message: impl Into<String>) {
        self.list.push(Problem::new(path, code, message));
    }

    pub(crate) fn extend(&mut self, error: Error) {
        self.list.extend(error.problems);
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// `Ok(value)` when nothing was found, otherwise the error.
    pub(crate) fn finish<T>(self, value: T) -> Result<T, Error> {
        if self.list.is_empty() {
            Ok(value)
        } else {
            Err(Error::from_problems(self.list))
        }
    }
}
