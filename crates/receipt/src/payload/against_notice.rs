//! A payload checked against the notice it names: the same notice
//! version, its texts' digests, and a decision on exactly its purposes and
//! channels.

use super::Payload;
use crate::code::Code;
use crate::error::{Error, Problems};
use crate::notice::{Channel, Notice};

impl Payload {
    /// Checks that this payload records a decision on exactly the purposes
    /// and channels of `notice`, about the texts it shows.
    pub fn check_against(&self, notice: &Notice) -> Result<(), Error> {
        let mut problems = Problems::default();
        if self.notice.id != notice.id || self.notice.version != notice.version {
            problems.push(
                "/notice",
                Code::NoticeMismatch,
                format!(
                    "the receipt is about notice \"{}\" version \"{}\", not \"{}\" version \"{}\"",
                    self.notice.id, self.notice.version, notice.id, notice.version
                ),
            );
        }
        if self.notice.digest != notice.digest() {
            problems.push(
                "/notice/digest",
                Code::DigestMismatch,
                "the notice given is not the one shown: its digest differs",
            );
        }
        if !notice.languages.contains(&self.language) {
            problems.push(
                "/language",
                Code::UndeclaredLanguage,
                format!("the notice is not written in \"{}\"", self.language),
            );
            return problems.finish(());
        }
        self.check_joint_against(notice, &mut problems);
        let wording = self.wording();
        for (i, record) in self.purposes.iter().enumerate() {
            let path = format!("/purposes/{i}");
            let Some(purpose) = notice.purpose(&record.id) else {
                problems.push(
                    format!("{path}/id"),
                    Code::UnknownPurpose,
                    format!("the notice has no purpose \"{}\"", record.id),
                );
                continue;
            };
            if notice
                .texts_digest_in(&record.id, &self.language, wording)
                .as_deref()
                != Some(record.texts_digest.as_str())
            {
                problems.push(
                    format!("{path}/texts_digest"),
                    Code::DigestMismatch,
                    "the texts recorded differ from the notice's texts for this purpose",
                );
            }
            // The recorded names are a map's keys and the notice's channels
            // are unique: the same set when the same size and all recorded.
            let recorded: Vec<&str> = record
                .channels
                .iter()
                .flatten()
                .map(|(n, _)| n.as_str())
                .collect();
            let expected = purpose.channels.iter().map(|c| c.as_str());
            let same = recorded.len() == purpose.channels.len()
                && expected.clone().all(|name| recorded.contains(&name));
            if !same {
                // In the order Channel::ALL names them, whatever the notice's.
                let listed: Vec<&str> = Channel::ALL
                    .iter()
                    .map(|c| c.as_str())
                    .filter(|name| expected.clone().any(|e| e == *name))
                    .collect();
                problems.push(
                    path,
                    Code::ChannelMismatch,
                    format!("the notice's channels are [{}]", listed.join(", ")),
                );
            }
        }
        for purpose in &notice.purposes {
            if !self.purposes.iter().any(|r| r.id == purpose.id) {
                problems.push(
                    "/purposes",
                    Code::MissingPurpose,
                    format!(
                        "no decision recorded for the notice's purpose \"{}\"",
                        purpose.id
                    ),
                );
            }
        }
        problems.finish(())
    }
}
