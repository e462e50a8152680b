//! The one strict-object reader: whether a value is an object, which of
//! its members are unknown and which required ones are missing, and the
//! words for each, so that a notice, a payload, a header, a key and a
//! guardian link say them alike. Each caller picks the problem's code and
//! whether it keeps every problem or the first.

use super::pointer;
use crate::json::{Map, Value};

/// The members an object may hold.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Members {
    /// Members that must be present.
    pub(crate) required: &'static [&'static str],
    /// Members that may be present.
    pub(crate) optional: &'static [&'static str],
}

/// What is wrong with an object's shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape<'v> {
    /// The value is not an object.
    NotObject,
    /// A member the object may not hold.
    Unknown(&'v str),
    /// A required member that is absent.
    Missing(&'static str),
}

/// One problem of an object's shape, where it is and what to say.
#[derive(Debug)]
pub(crate) struct ShapeProblem<'v> {
    /// Which problem.
    pub(crate) shape: Shape<'v>,
    /// The JSON Pointer of the member (unknown), or of the object.
    pub(crate) path: String,
    /// The message for a person.
    pub(crate) message: String,
}

impl Members {
    /// Whether `name` is one of these members.
    pub(crate) fn knows(&self, name: &str) -> bool {
        self.required.contains(&name) || self.optional.contains(&name)
    }

    /// Reads `value`, at `path`, as an object of these members (`what` names
    /// the object expected, e.g. "an object"). Each problem goes to
    /// `report`: a value that is not an object (and nothing else), then each
    /// unknown member in document order, then each missing one in the
    /// order listed. Returns the object whenever it is one, so that its
    /// other members are still read and their problems reported too.
    pub(crate) fn read<'v>(
        &self,
        value: &'v Value,
        path: &str,
        what: &str,
        report: &mut dyn FnMut(ShapeProblem<'v>),
    ) -> Option<&'v Map> {
        let Some(map) = value.as_object() else {
            report(ShapeProblem {
                shape: Shape::NotObject,
                path: path.to_owned(),
                message: expected(what, value),
            });
            return None;
        };
        for name in map.keys() {
            if !self.knows(name) {
                report(ShapeProblem {
                    shape: Shape::Unknown(name),
                    path: pointer(path, name),
                    message: format!(
                        "unknown member \"{name}\"; the members here are: {}",
                        self.sorted().join(", ")
                    ),
                });
            }
        }
        for &name in self.required {
            if !map.contains_key(name) {
                report(ShapeProblem {
                    shape: Shape::Missing(name),
                    path: path.to_owned(),
                    message: format!("missing member \"{name}\""),
                });
            }
        }
        Some(map)
    }

    /// [`Members::read`] for a reader that stops at the first problem.
    pub(crate) fn read_first<'v>(
        &self,
        value: &'v Value,
        path: &str,
        what: &str,
    ) -> Result<&'v Map, ShapeProblem<'v>> {
        let mut first = None;
        let map = self.read(value, path, what, &mut |problem| {
            first.get_or_insert(problem);
        });
        match (first, map) {
            (None, Some(map)) => Ok(map),
            (Some(problem), _) => Err(problem),
            // `read` reports whenever it finds no object.
            (None, None) => Err(ShapeProblem {
                shape: Shape::NotObject,
                path: path.to_owned(),
                message: expected(what, value),
            }),
        }
    }

    /// Every member's name, in alphabetical order.
    fn sorted(&self) -> Vec<&'static str> {
        let mut names: Vec<&str> = self.required.iter().chain(self.optional).copied().collect();
        // A handful of names: an insertion sort, rather than one more
        // instance of the standard sort in the widget's wasm.
        for i in 1..names.len() {
            let mut j = i;
            while j > 0 && names[j - 1] > names[j] {
                names.swap(j - 1, j);
                j -= 1;
            }
        }
        names
    }
}

/// The JSON type of a value, as a person would name it in a message.
pub(crate) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// `expected {what}, found {its type}`: a value of the wrong JSON type.
pub(crate) fn expected(what: &str, found: &Value) -> String {
    format!("expected {what}, found {}", type_name(found))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MEMBERS: Members = Members {
        required: &["b", "a"],
        optional: &["c"],
    };

    fn problems(value: &Value) -> (bool, Vec<String>) {
        let mut said = Vec::new();
        let read = MEMBERS.read(value, "/x", "an object", &mut |p| {
            said.push(format!("{} {:?}: {}", p.path, p.shape, p.message));
        });
        (read.is_some(), said)
    }

    #[test]
    fn unknown_then_missing_members_are_said_one_way() {
        let (read, said) = problems(&json!({"z": 1, "a": 2}));
        assert!(read);
        assert_eq!(
            said,
            [
                "/x/z Unknown(\"z\"): unknown member \"z\"; the members here are: a, b, c",
                "/x Missing(\"b\"): missing member \"b\"",
            ]
        );
    }

    #[test]
    fn an_object_is_read_whatever_its_members() {
        assert_eq!(problems(&json!({"a": 1, "b": 2})), (true, vec![]));
        assert!(problems(&json!({"a": 1, "b": 2, "d": 3})).0);
        let (read, said) = problems(&json!([1]));
        assert!(!read);
        assert_eq!(said, ["/x NotObject: expected an object, found an array"]);
    }
}
