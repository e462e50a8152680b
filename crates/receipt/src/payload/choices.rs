//! The pupil's choices: which boxes are ticked, before they become a
//! payload's decisions.

use super::{Decision, Payload};
use crate::notice::{Channel, Notice};

/// The boxes the pupil ticked; every other box is recorded as refused.
#[derive(Clone, Debug, Default, Eq)]
pub struct Choices {
    // A handful of boxes: a list, not a set, which would add a B-tree of
    // its own to the widget's wasm.
    granted: Vec<(String, Option<Channel>)>,
}

/// The same boxes ticked, whatever the order they were ticked in.
impl PartialEq for Choices {
    fn eq(&self, other: &Self) -> bool {
        self.granted.len() == other.granted.len()
            && self.granted.iter().all(|(p, c)| other.is_granted(p, *c))
    }
}

impl Choices {
    /// No box ticked: every purpose refused.
    pub fn refuse_all() -> Self {
        Self::default()
    }

    /// Every box of `notice` ticked.
    pub fn accept_all(notice: &Notice) -> Self {
        let mut choices = Self::default();
        for purpose in &notice.purposes {
            for channel in purpose.boxes() {
                choices.grant(&purpose.id, channel);
            }
        }
        choices
    }

    /// Ticks a box: a purpose without channels (`None`), or one channel of it.
    pub fn grant(&mut self, purpose: &str, channel: Option<Channel>) {
        if !self.is_granted(purpose, channel) {
            self.granted.push((purpose.to_owned(), channel));
        }
    }

    /// Unticks a box.
    pub fn refuse(&mut self, purpose: &str, channel: Option<Channel>) {
        self.granted
            .retain(|(p, c)| !(p == purpose && *c == channel));
    }

    /// The ticked boxes, in the order they were ticked.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Option<Channel>)> + '_ {
        self.granted.iter().map(|(p, c)| (p.as_str(), *c))
    }

    /// Whether a box is ticked.
    pub fn is_granted(&self, purpose: &str, channel: Option<Channel>) -> bool {
        self.granted
            .iter()
            .any(|(p, c)| p == purpose && *c == channel)
    }

    /// The choices a payload records.
    pub fn from_payload(payload: &Payload) -> Self {
        let mut choices = Self::default();
        for purpose in &payload.purposes {
            for (channel, decision) in purpose.decisions() {
                if decision == Decision::Granted {
                    choices.grant(&purpose.id, channel);
                }
            }
        }
        choices
    }
}
