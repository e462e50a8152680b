//! Where the form starts from: the latest receipt's choices, carried over
//! only for purposes whose texts the pupil already saw. A purpose that is
//! new, or whose texts changed since that receipt, starts unticked and is
//! marked for review: nothing new is ever assumed.

use limpide_receipt::{Choices, Notice, Receipt, Wording};

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
    /// Per purpose id (a list: a handful of purposes, and no B-tree of its
    /// own in the wasm).
    pub(crate) standing: Vec<(String, Standing)>,
}

impl Review {
    /// A purpose's standing (`Known` when the review does not name it).
    pub(crate) fn standing_of(&self, purpose_id: &str) -> Standing {
        self.standing
            .iter()
            .find(|(id, _)| id == purpose_id)
            .map_or(Standing::Known, |(_, s)| *s)
    }

    /// Purposes to decide again, in the notice's order.
    pub(crate) fn to_decide<'a>(
        &'a self,
        notice: &'a Notice,
    ) -> impl Iterator<Item = (&'a str, Standing)> + 'a {
        notice.purposes.iter().filter_map(|p| {
            let standing = self.standing_of(&p.id);
            (standing != Standing::Known).then_some((p.id.as_str(), standing))
        })
    }
}

/// Compares `notice`, shown in `language`, with the latest receipt, if any.
///
/// A purpose is known only if the pupil saw these very texts: the same
/// notice, or the same texts in the language now shown. A receipt records
/// the digest of the texts in its own language only, so after a notice
/// change, texts shown in another language count as changed.
///
/// The texts shown are in `wording` (the simpler ones below the age): a
/// purpose is known only if the receipt recorded those.
pub(crate) fn review(
    notice: &Notice,
    latest: Option<&Receipt>,
    language: &str,
    wording: Wording,
) -> Review {
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
                let same_notice =
                    payload.notice.digest == notice.digest() && payload.wording() == wording;
                let same_texts = language == payload.language
                    && notice
                        .texts_digest_in(&purpose.id, language, wording)
                        .as_deref()
                        == Some(record.texts_digest.as_str());
                if same_notice || same_texts {
                    Standing::Known
                } else {
                    Standing::Changed
                }
            }
        };
        if standing == Standing::Known {
            for channel in purpose.boxes() {
                if recorded.is_granted(&purpose.id, channel) {
                    review.choices.grant(&purpose.id, channel);
                }
            }
        }
        review.standing.push((purpose.id.clone(), standing));
    }
    review
}

#[cfg(test)]
pub(crate) mod tests {
    use limpide_receipt::Value;
    use limpide_receipt::{Channel, Collection, Context, Payload, Role, SigningKey};

    use super::*;

    const NOTICE: &str = include_str!("../../www/notices/pass-region-2026-12-01.json");

    pub(crate) fn notice_with(change: impl FnOnce(&mut Value)) -> Notice {
        let mut value = limpide_receipt::parse_json(NOTICE.as_bytes(), "notice").unwrap();
        change(&mut value);
        Notice::from_json(value.to_string().as_bytes()).unwrap()
    }

    pub(crate) fn receipt(notice: &Notice, choices: &Choices, language: &str) -> Receipt {
        let context = Context::new(
            "0b9f3f8e-3c7a-4a43-9d55-2f1f0c4b6a10".into(),
            "2026-11-24T18:05:09Z".into(),
            language.into(),
            Collection::new("web-form", "limpide/test", "webcrypto-indexeddb"),
        );
        let payload = Payload::new(notice, choices, context).unwrap();
        let key = SigningKey::from_seed([9; 32]);
        let mut receipt = Receipt::prepare(&payload);
        let input = receipt.signing_input(Role::Subject, key.public_jwk());
        let signature = key.sign(input.as_bytes());
        receipt.attach(input, &signature).unwrap();
        receipt
    }

    fn granted_everything(notice: &Notice) -> Choices {
        Choices::accept_all(notice)
    }

    #[test]
    fn without_a_receipt_nothing_is_ticked_and_nothing_is_to_review() {
        let notice = notice_with(|_| {});
        let review = review(&notice, None, "fr", Wording::Standard);
        assert_eq!(review.choices, Choices::default());
        assert_eq!(review.to_decide(&notice).count(), 0);
    }

    #[test]
    fn the_same_notice_carries_every_choice_over_whatever_the_language() {
        let notice = notice_with(|_| {});
        let mut choices = Choices::default();
        choices.grant("bons-plans", Some(Channel::Sms));
        for language in ["fr", "en"] {
            // Even shown in the other language: the notice is the same.
            let review = review(
                &notice,
                Some(&receipt(&notice, &choices, language)),
                "fr",
                Wording::Standard,
            );
            assert_eq!(review.choices, choices);
            assert_eq!(review.to_decide(&notice).count(), 0);
        }
    }

    #[test]
    fn a_changed_text_or_a_new_purpose_starts_unticked_and_is_asked_again() {
        let before = notice_with(|_| {});
        let previous = receipt(&before, &granted_everything(&before), "fr");
        let after = notice_with(|n| {
            n["version"] = "2027-01-01".into();
            // One purpose's retention changes (in one language only)…
            n["purposes"][0]["retention"]["en"] = "Five years".into();
            // …and a new purpose appears, copied from another with a new id.
            let mut added = n["purposes"][2].clone();
            added["id"] = "nouvel-usage".into();
            added["title"]["fr"] = "Un nouvel usage".into();
            added["title"]["en"] = "A new use".into();
            n["purposes"].as_array_mut().unwrap().push(added);
        });
        let first = after.purposes[0].id.clone();
        let review_en = review(&after, Some(&previous), "en", Wording::Standard);
        let review = review(&after, Some(&previous), "fr", Wording::Standard);
        let to_decide: Vec<(&str, Standing)> = review.to_decide(&after).collect();
        // The French receipt saw French texts: shown in French again, an
        // English-only change is not a change of what this pupil read.
        assert_eq!(to_decide, [("nouvel-usage", Standing::New)]);
        for channel in &after.purposes[0].channels {
            assert!(review.choices.is_granted(&first, Some(*channel)));
        }
        assert!(!review
            .choices
            .is_granted("nouvel-usage", Some(Channel::Email)));

        // Shown in English, the French receipt cannot vouch for the English
        // texts of a changed notice: every purpose is asked again, and none
        // is pre-ticked.
        assert_eq!(review_en.to_decide(&after).count(), after.purposes.len());
        assert_eq!(review_en.choices, Choices::default());

        // An English receipt, shown in English, sees exactly the change.
        let previous_en = receipt(&before, &granted_everything(&before), "en");
        let review = super::review(&after, Some(&previous_en), "en", Wording::Standard);
        let to_decide: Vec<(&str, Standing)> = review.to_decide(&after).collect();
        assert_eq!(
            to_decide,
            [
                (first.as_str(), Standing::Changed),
                ("nouvel-usage", Standing::New)
            ]
        );
        for channel in &after.purposes[0].channels {
            assert!(
                !review.choices.is_granted(&first, Some(*channel)),
                "a changed purpose is never pre-ticked"
            );
        }
        // Unchanged purposes keep their choices.
        let second = &after.purposes[1];
        assert!(review
            .choices
            .is_granted(&second.id, second.channels.first().copied()));
    }
}
