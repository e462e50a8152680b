//! Which controller signatures count: only one made with a key that the
//! notice version the receipt names lists in `controller.keys`
//! (docs/notice-format.md, "Controller keys"). The library, the CLI, the
//! widget and the service all apply this one rule.

use crate::code::Code;
use crate::error::{Error, Problems};
use crate::jose::Role;
use crate::json::pointer;
use crate::notice::Notice;
use crate::receipt::Receipt;

/// What can be said of a receipt's controller signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ControllerCheck {
    /// No controller has signed the receipt.
    Unsigned,
    /// A controller signed, with a key the notice lists: the controller
    /// acknowledged this receipt.
    Listed,
    /// A controller signed, but its key could not be checked: no notice was
    /// given, or the notice lists no keys. Such a signature is never
    /// genuine; it is only not known to be false.
    Unchecked,
}

impl Receipt {
    /// Checks every `controller` signature against the keys `notice`
    /// lists. `notice` must be the version the receipt names; without it,
    /// a controller signature is [`ControllerCheck::Unchecked`].
    ///
    /// ```
    /// # use limpide_receipt::{Choices, Collection, Context, Notice, Payload, Receipt, Role, SigningKey, ControllerCheck};
    /// # let notice = Notice::from_json(&std::fs::read("../../www/notices/pass-region.json").unwrap()).unwrap();
    /// # let context = Context::new("0b9f3f8e-3c7a-4a43-9d55-2f1f0c4b6a10".into(), "2026-11-24T18:05:09Z".into(),
    /// #     "fr".into(), Collection::new("cli", "limpide/0.1.0", "jwk-file"));
    /// # let payload = Payload::new(&notice, &Choices::refuse_all(), context).unwrap();
    /// let mut receipt = Receipt::prepare(&payload);
    /// let stranger = SigningKey::from_seed([9; 32]); // a key the notice does not list
    /// let input = receipt.signing_input(Role::Controller, stranger.public_jwk());
    /// let signature = stranger.sign(input.as_bytes());
    /// receipt.attach(input, &signature).unwrap();
    ///
    /// assert_eq!(receipt.controller_check(None), Ok(ControllerCheck::Unchecked));
    /// let refused = receipt.controller_check(Some(&notice)).unwrap_err();
    /// assert_eq!(refused.problems()[0].code(), "unlisted-controller-key");
    /// ```
    pub fn controller_check(&self, notice: Option<&Notice>) -> Result<ControllerCheck, Error> {
        let controllers: Vec<(usize, String)> = self
            .signers()
            .into_iter()
            .enumerate()
            .filter(|(_, s)| s.role == Role::Controller)
            .map(|(i, s)| (i, s.kid))
            .collect();
        if controllers.is_empty() {
            return Ok(ControllerCheck::Unsigned);
        }
        let Some(notice) = notice else {
            return Ok(ControllerCheck::Unchecked);
        };
        let named = &self.payload().notice;
        if named.id != notice.id || named.version != notice.version {
            return Err(Error::one(
                "/payload/notice",
                Code::NoticeMismatch,
                format!(
                    "the controller's keys are those of notice \"{}\" version \"{}\", not of \"{}\" version \"{}\"",
                    named.id, named.version, notice.id, notice.version
                ),
            ));
        }
        if notice.controller.keys.is_empty() {
            return Ok(ControllerCheck::Unchecked);
        }
        let mut problems = Problems::default();
        for (i, kid) in controllers {
            if !notice.controller.lists_key(&kid) {
                problems.push(
                    pointer(&pointer("/signatures", i), "protected"),
                    Code::UnlistedControllerKey,
                    format!(
                        "signed as the controller with key {kid}, which notice \"{}\" version \"{}\" does not list in controller.keys",
                        notice.id, notice.version
                    ),
                );
            }
        }
        problems.finish(ControllerCheck::Listed)
    }
}
