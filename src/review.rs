//! Where the form starts from: the latest receipt's choices, carried over
//! only for purposes whose texts the pupil already saw. A purpose that is
//! new, or whose texts changed since that receipt, starts unticked and is
//! marked for review: nothing new is ever assumed.

use std::collections::BTreeMap;

use limpide_receipt::{Choices, Notice, Receipt};

/// How a purpose stands against the latest receipt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Standing {
    /// Decided before on these exact texts (or no receipt yet).
    Known,
    /// Not in the latest receipt: never decided.
    New,
    /// Decided before on other texts or channels: to decide again.
    Changed,
}

/// The starting choices and each purpose's standing.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Review {
    pub(crate) choices: Choices,
    pub(crate) standing: BTreeMap<String, Standing>,
}

impl Review {
    /// Purposes to decide again, in the notice's order.
    pub(crate) fn to_decide<'a>(
        &'a self,
        notice: &'a Notice,
    ) -> impl Iterator<Item = (&'a str, Standing)> + 'a {
        notice.purposes.iter().filter_map(|p| {
            let standing = self.standing.get(&p.id).copied().unwrap_or(Standing::Known);
            (standing != Standing::Known).then_some((p.id.as_str(), standing))
        })
    }
}

/// Compares `notice` with the latest receipt, if any.
pub(crate) fn review(notice: &Notice, latest: Option<&Receipt>) -> Review {
    let Some(latest) = latest else {
        return Review::default();
    };
    let payload = latest.payload();
    let recorded = Choices::from_payload(payload);
    let mut review = Review::default();
    for purpose in &notice.purposes {
        let before = payload.purposes.iter().find(|r| r.id == purpose.id);
        let standing = match before {
            None => Standing::New,
            Some(record) => {
                // The digest covers title, description, data, channels,
                // recipients, retention and the withdrawal text, in the
                // language the receipt was shown in.
                let same_texts = notice
                    .texts_digest(&purpose.id, &payload.language)
                    .as_deref()
                    == Some(record.texts_digest.as_str());
                if same_texts {
                    Standing::Known
                } else {
                    Standing::Changed
                }
            }
        };
        if standing == Standing::Known {
            if purpose.channels.is_empty() {
                if recorded.is_granted(&purpose.id, None) {
                    review.choices.grant(&purpose.id, None);
                }
            } else {
                for channel in &purpose.channels {
                    if recorded.is_granted(&purpose.id, Some(*channel)) {
                        review.choices.grant(&purpose.id, Some(*channel));
                    }
                }
            }
        }
        review.standing.insert(purpose.id.clone(), standing);
    }
    review
}
