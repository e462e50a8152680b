//! How a statement's parameters are numbered, for each engine.

/// How a statement's parameters are written: numbered (`$1`, what
/// PostgreSQL reads) or anonymous (`?`, for SQLite, in the order they are
/// bound). sqlx looks each numbered SQLite parameter up by name, which
/// costs time in the square of their number: a batch's statements have
/// hundreds of them, and measured 13 % of the service's time that way.
#[derive(Clone, Copy)]
pub(super) struct Params {
    /// `?` rather than `$n`.
    pub anonymous: bool,
}

impl Params {
    /// Whether the engine is SQLite (whose parameters are the anonymous
    /// ones): it has no writes in `WITH` and no `FOR UPDATE`.
    pub(super) fn sqlite(self) -> bool {
        self.anonymous
    }

    /// `(…), (…)`: `rows` tuples of `width` parameters, numbered from 1.
    pub(super) fn rows(self, rows: usize, width: usize) -> String {
        self.rows_from(1, rows, width)
    }

    /// `(…), (…)`: `rows` tuples of `width` parameters, numbered from
    /// `first` (a statement's second list of rows).
    pub(super) fn rows_from(self, first: usize, rows: usize, width: usize) -> String {
        (0..rows)
            .map(|row| format!("({})", self.list(width, first + row * width)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// `count` parameters, numbered from `first`.
    pub(super) fn list(self, count: usize, first: usize) -> String {
        (first..first + count)
            .map(|n| {
                if self.anonymous {
                    "?".to_owned()
                } else {
                    format!("${n}")
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_numbered_once_each_or_anonymous() {
        let numbered = Params { anonymous: false };
        assert_eq!(numbered.rows(2, 3), "($1, $2, $3), ($4, $5, $6)");
        assert_eq!(numbered.list(2, 4), "$4, $5");
        assert_eq!(numbered.rows_from(4, 1, 2), "($4, $5)");
        let anonymous = Params { anonymous: true };
        assert_eq!(anonymous.rows(2, 2), "(?, ?), (?, ?)");
        assert_eq!(anonymous.list(2, 4), "?, ?");
    }
}
