//! What changed between two versions of a notice, as a family or a
//! regulator asks it: which purposes are new, gone, or shown with other
//! texts (in which languages), and which of the notice's other members
//! differ. Texts are compared by [`Notice::texts_digest`], the digest a
//! receipt binds: a purpose "changed" exactly when a receipt made on the
//! older texts no longer matches the newer ones.

use crate::notice::Notice;

/// How one purpose fares from the older version to the newer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PurposeChange {
    /// Only in the newer version.
    Added,
    /// Only in the older version.
    Removed,
    /// In both, shown with other texts in these languages (both versions'
    /// languages; a language only one has counts as changed).
    Changed(Vec<String>),
    /// In both, with the same texts in every language.
    Same,
}

/// The differences between two notice versions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoticeChanges {
    /// Every purpose of either version: the newer's order, then the ones
    /// removed.
    pub purposes: Vec<(String, PurposeChange)>,
    /// The other top-level members whose value differs (`version`,
    /// `controller`…), by name, sorted.
    pub members: Vec<String>,
}

impl NoticeChanges {
    /// Whether nothing a pupil was shown differs.
    pub fn same_texts(&self) -> bool {
        self.purposes.iter().all(|(_, c)| *c == PurposeChange::Same)
    }
}

impl Notice {
    /// What changed in `self` since `older`.
    ///
    /// ```
    /// # let bytes = std::fs::read("../../www/notices/pass-region.json").unwrap();
    /// let notice = limpide_receipt::Notice::from_json(&bytes)?;
    /// let changes = notice.changes_since(&notice);
    /// assert!(changes.same_texts() && changes.members.is_empty());
    /// # Ok::<(), limpide_receipt::Error>(())
    /// ```
    pub fn changes_since(&self, older: &Notice) -> NoticeChanges {
        let mut languages: Vec<&String> = self.languages.iter().collect();
        for language in &older.languages {
            if !languages.contains(&language) {
                languages.push(language);
            }
        }
        let mut purposes: Vec<(String, PurposeChange)> = self
            .purposes
            .iter()
            .map(|purpose| {
                let change = if older.purpose(&purpose.id).is_none() {
                    PurposeChange::Added
                } else {
                    let changed: Vec<String> = languages
                        .iter()
                        .filter(|l| {
                            self.texts_digest(&purpose.id, l) != older.texts_digest(&purpose.id, l)
                        })
                        .map(|l| (*l).clone())
                        .collect();
                    if changed.is_empty() {
                        PurposeChange::Same
                    } else {
                        PurposeChange::Changed(changed)
                    }
                };
                (purpose.id.clone(), change)
            })
            .collect();
        purposes.extend(
            older
                .purposes
                .iter()
                .filter(|p| self.purpose(&p.id).is_none())
                .map(|p| (p.id.clone(), PurposeChange::Removed)),
        );
        let (new, old) = (self.document(), older.document());
        let mut members: Vec<String> = new
            .as_object()
            .into_iter()
            .chain(old.as_object())
            .flat_map(|map| map.keys())
            .filter(|name| name.as_str() != "purposes" && new.get(name) != old.get(name))
            .cloned()
            .collect();
        members.sort();
        members.dedup();
        NoticeChanges { purposes, members }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notice(path: &str) -> Notice {
        let bytes = std::fs::read(format!("{}/../../{path}", env!("CARGO_MANIFEST_DIR")))
            .expect("a notice file");
        Notice::from_json(&bytes).expect("a valid notice")
    }

    #[test]
    fn a_new_purpose_a_changed_one_and_the_members_that_differ_are_named() {
        let older = notice("www/notices/pass-region-2026-12-01.json");
        let newer = notice("tests/e2e/pages/notice-v2.json");
        let changes = newer.changes_since(&older);
        let of = |id: &str| {
            changes
                .purposes
                .iter()
                .find(|(p, _)| p == id)
                .map(|(_, c)| c.clone())
        };
        assert_eq!(of("ateliers-numeriques"), Some(PurposeChange::Added));
        assert!(matches!(of("enquetes"), Some(PurposeChange::Changed(_))));
        assert_eq!(of("bons-plans"), Some(PurposeChange::Same));
        assert_eq!(changes.members, ["controller", "version"]);
        assert!(!changes.same_texts());
        let back = older.changes_since(&newer);
        assert_eq!(
            back.purposes.last(),
            Some(&("ateliers-numeriques".to_owned(), PurposeChange::Removed))
        );
    }
}
