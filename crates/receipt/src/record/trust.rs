//! Whether a controller record counts: its key must be one that the notice
//! version it names lists in `controller.keys`, the one rule receipts'
//! controller signatures follow too (`receipt/trust.rs`). A record that
//! names a box must name one of that notice's.

use super::{RecordPayload, SignedRecord};
use crate::code::Code;
use crate::error::{Error, Problems};
use crate::notice::Notice;
use crate::receipt::ControllerCheck;

impl<T: RecordPayload> SignedRecord<T> {
    /// Checks the record against `notice`, the version it names: same id,
    /// version and digest, a purpose and channel that are one of its boxes,
    /// a manifest's template in exactly the notice's languages, and the
    /// signing key listed in its `controller.keys`. A release
    /// record names no notice: give the one its manifest names (see
    /// [`SignedRecord::check_manifest`]); only its key is checked.
    ///
    /// ```
    /// use limpide_receipt::{Notice, SignedManifest};
    /// let notice = Notice::from_json(&std::fs::read("../../www/notices/pass-region-2026-12-01.json").unwrap()).unwrap();
    /// let text = std::fs::read("../../docs/examples/campaign-manifest.json").unwrap();
    /// let manifest = SignedManifest::from_json(&text).unwrap();
    /// manifest.check_against(&notice).unwrap();
    /// ```
    pub fn check_against(&self, notice: &Notice) -> Result<(), Error> {
        if let Some(named) = self.payload().notice() {
            if named.id != notice.id || named.version != notice.version {
                return Err(Error::one(
                    "/payload/notice",
                    Code::NoticeMismatch,
                    format!(
                        "this {} names notice \"{}\" version \"{}\", not \"{}\" version \"{}\"",
                        T::KIND.name(),
                        named.id,
                        named.version,
                        notice.id,
                        notice.version
                    ),
                ));
            }
        }
        let mut problems = Problems::default();
        if let Some(named) = self.payload().notice() {
            if named.digest != notice.digest() {
                problems.push(
                    "/payload/notice/digest",
                    Code::DigestMismatch,
                    "the notice's digest is not this notice's: its texts differ from those the record names",
                );
            }
        }
        if let Some((purpose, channel)) = self.payload().named_box() {
            match notice.purpose(purpose) {
                None => problems.push(
                    "/payload/purpose",
                    Code::UnknownPurpose,
                    format!("the notice has no purpose \"{purpose}\""),
                ),
                Some(p) if !p.boxes().any(|b| b == channel) => problems.push(
                    "/payload/channel",
                    Code::ChannelMismatch,
                    match channel {
                        Some(c) => format!(
                            "purpose \"{purpose}\" has no box for the channel \"{}\"",
                            c.as_str()
                        ),
                        None => format!(
                            "purpose \"{purpose}\" has one box per channel: name the channel"
                        ),
                    },
                ),
                Some(_) => {}
            }
        }
        if let Some(languages) = self.payload().text_languages() {
            for lang in languages
                .iter()
                .filter(|l| !notice.languages.iter().any(|n| n == *l))
            {
                problems.push(
                    format!("/payload/template/{lang}"),
                    Code::UndeclaredLanguage,
                    format!(
                        "the notice is not written in \"{lang}\"; it is in {}",
                        notice.languages.join(", ")
                    ),
                );
            }
            for lang in notice
                .languages
                .iter()
                .filter(|n| !languages.contains(&n.as_str()))
            {
                problems.push(
                    "/payload/template",
                    Code::MissingTranslation,
                    format!(
                        "no \"{lang}\" message: a campaign has one text per language of its notice"
                    ),
                );
            }
        }
        let kid = self.kid();
        if !notice.controller.lists_key(&kid) {
            let listed = if notice.controller.keys.is_empty() {
                "which lists no controller keys, so it vouches for no controller signature"
            } else {
                "which does not list it in controller.keys"
            };
            problems.push(
                "/signatures/0/protected",
                Code::UnlistedControllerKey,
                format!(
                    "signed as the controller with key {kid}, not listed by notice \"{}\" version \"{}\", {listed}",
                    notice.id, notice.version
                ),
            );
        }
        problems.finish(())
    }

    /// What can be said of its signer: [`ControllerCheck::Listed`] once
    /// checked against `notice` ([`SignedRecord::check_against`]);
    /// [`ControllerCheck::Unchecked`] without a notice.
    pub fn controller_check(&self, notice: Option<&Notice>) -> Result<ControllerCheck, Error> {
        match notice {
            None => Ok(ControllerCheck::Unchecked),
            Some(notice) => self.check_against(notice).map(|()| ControllerCheck::Listed),
        }
    }
}
