//! A form pre-rendered into the page (`limpide render`, `render.rs`)
//! can be used before the wasm has arrived: boxes ticked, a button
//! pressed. [`EarlyInput`] is what the pupil did there; the form starts
//! from it when it takes over (`hydrate.rs` reads it from the page).
//!
//! The attribute names below are the contract between the snippet, the
//! page script that holds early submits (`www/limpide-element.js`,
//! `holdEarlyChoices`) and the widget.

// Without `js-api` nothing reads a page (`hydrate.rs`): a Yew app, or
// `limpide render`, uses only the types.
#![cfg_attr(not(feature = "js-api"), allow(dead_code))]

use limpide_receipt::{AgeBracket, Channel, Choices, Notice};

/// On the snippet's container: the digest of the notice it was made from.
pub(crate) const DIGEST_ATTRIBUTE: &str = "data-limpide-digest";
/// On the snippet's container: the language it was rendered in.
pub(crate) const LANGUAGE_ATTRIBUTE: &str = "data-limpide-lang";
/// On the snippet's container: the widget version that rendered it; only
/// the same version hydrates it (another one could render other markup).
pub(crate) const VERSION_ATTRIBUTE: &str = "data-limpide-version";
/// On each purpose's fieldset: the digest of the texts shown for it
/// ([`Notice::texts_digest`]), so that a tick on texts that did not change
/// survives a newer notice.
pub(crate) const TEXTS_ATTRIBUTE: &str = "data-texts";
/// Set on the form by the page script when a button was pressed early:
/// `submit`, `refuse-all` or `accept-all` (the buttons' `data-action`).
pub(crate) const ACTION_ATTRIBUTE: &str = "data-limpide-early";
/// Set on the container once the widget has taken over: the page script
/// then leaves every event to it.
pub(crate) const LIVE_ATTRIBUTE: &str = "data-limpide-live";

/// Whether this render is a pre-rendering: the widget renders outside a
/// browser only to pre-render (`render.rs`, Yew's server-side rendering
/// has no browser to run in). A pre-rendered form's buttons start disabled:
/// before any script, pressing one could do nothing, and a press must never
/// be lost silently. The page script enables the ones it holds (save,
/// refuse-all, accept-all); the widget enables the rest when it takes over
/// (`hydrate.rs` clears what the page left, the component renders the
/// rest).
pub(crate) const PRERENDERING: bool = cfg!(not(target_arch = "wasm32"));

/// A button pressed before the wasm ran.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EarlyAction {
    /// Save the boxes as ticked.
    Submit,
    /// Refuse everything.
    RefuseAll,
    /// Accept everything (only where the notice offers it).
    AcceptAll,
}

impl EarlyAction {
    /// The action a button's `data-action` names.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "submit" => Some(Self::Submit),
            "refuse-all" => Some(Self::RefuseAll),
            "accept-all" => Some(Self::AcceptAll),
            _ => None,
        }
    }

    /// The choices it signs: the boxes as the pupil left them, or all
    /// refused, or all accepted where the notice shows that button (and
    /// otherwise nothing is signed: a forged attribute cannot accept).
    pub(crate) fn choices(self, notice: &Notice, ticked: &Choices) -> Option<Choices> {
        match self {
            Self::Submit => Some(ticked.clone()),
            Self::RefuseAll => Some(Choices::refuse_all()),
            Self::AcceptAll => notice.accept_all.then(|| Choices::accept_all(notice)),
        }
    }
}

/// What the pupil did in the pre-rendered form before the widget took over.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EarlyInput {
    /// The boxes ticked, as (purpose id, channel).
    pub ticked: Vec<(String, Option<Channel>)>,
    /// The button pressed, if any: honoured once the form can sign, unless
    /// the form shown was stale.
    pub action: Option<EarlyAction>,
    /// The answer to the age question, if the pupil gave it.
    pub age: Option<AgeBracket>,
    /// The pre-rendered form was made from another notice than the one
    /// the widget checked: it was rendered again, and a button pressed in
    /// the old one is refused, visibly, rather than signing texts the
    /// pupil may not have seen.
    pub stale: bool,
}

impl EarlyInput {
    /// The ticked boxes as choices.
    pub(crate) fn choices(&self) -> Choices {
        let mut choices = Choices::default();
        for (purpose, channel) in &self.ticked {
            choices.grant(purpose, *channel);
        }
        choices
    }

    /// The action to honour now: none when the form was stale.
    pub(crate) fn action_to_honour(&self) -> Option<EarlyAction> {
        self.action.filter(|_| !self.stale)
    }
}

/// A box ticked in a pre-rendered form, with the digest of the texts it
/// was ticked on.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct EarlyTick {
    pub(crate) purpose: String,
    pub(crate) channel: Option<Channel>,
    pub(crate) texts_digest: String,
}

/// The ticks that still hold against `notice` shown in `language`: the
/// purpose is there with the very texts the pupil ticked on, and still
/// has that box. Every other tick is dropped: nothing is assumed on texts
/// the pupil has not read.
pub(crate) fn ticks_still_valid(
    ticks: &[EarlyTick],
    notice: &Notice,
    language: &str,
) -> Vec<(String, Option<Channel>)> {
    ticks
        .iter()
        .filter(|tick| {
            let same_texts = notice.texts_digest(&tick.purpose, language).as_deref()
                == Some(tick.texts_digest.as_str());
            let same_box = notice
                .purpose(&tick.purpose)
                .is_some_and(|p| p.boxes().any(|channel| channel == tick.channel));
            same_texts && same_box
        })
        .map(|tick| (tick.purpose.clone(), tick.channel))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notice(description: &str) -> Notice {
        let mut value = limpide_receipt::parse_json(
            include_bytes!("../../www/notices/pass-region.json"),
            "notice",
        )
        .expect("the example notice is JSON");
        value["purposes"][0]["description"]["fr"] = description.into();
        Notice::from_json(value.to_string().as_bytes()).expect("still a valid notice")
    }

    fn tick(notice: &Notice, index: usize) -> EarlyTick {
        let purpose = &notice.purposes[index];
        EarlyTick {
            purpose: purpose.id.clone(),
            channel: purpose.boxes().next().flatten(),
            texts_digest: notice
                .texts_digest(&purpose.id, "fr")
                .expect("a declared language"),
        }
    }

    #[test]
    fn a_tick_on_unchanged_texts_survives_a_newer_notice() {
        let before = notice("Une description.");
        let after = notice("Une autre description.");
        let ticks = [tick(&before, 0), tick(&before, 1)];
        let kept = ticks_still_valid(&ticks, &after, "fr");
        assert_eq!(kept, vec![(ticks[1].purpose.clone(), ticks[1].channel)]);
        assert_eq!(ticks_still_valid(&ticks, &before, "fr").len(), 2);
    }

    #[test]
    fn a_tick_on_another_language_or_a_missing_box_is_dropped() {
        let shown = notice("Une description.");
        let mut ticks = vec![tick(&shown, 1)];
        assert!(ticks_still_valid(&ticks, &shown, "en").is_empty());
        ticks[0].channel = Some(Channel::Phone);
        assert!(ticks_still_valid(&ticks, &shown, "fr").is_empty());
    }

    #[test]
    fn accept_all_is_signed_only_where_the_notice_offers_it() {
        let mut shown = notice("Une description.");
        let ticked = Choices::default();
        shown.accept_all = false;
        assert_eq!(EarlyAction::AcceptAll.choices(&shown, &ticked), None);
        shown.accept_all = true;
        assert_eq!(
            EarlyAction::AcceptAll.choices(&shown, &ticked),
            Some(Choices::accept_all(&shown))
        );
        assert_eq!(
            EarlyAction::RefuseAll.choices(&shown, &ticked),
            Some(Choices::refuse_all())
        );
    }

    #[test]
    fn a_stale_form_honours_no_action() {
        let early = EarlyInput {
            action: Some(EarlyAction::Submit),
            stale: true,
            ..EarlyInput::default()
        };
        assert_eq!(early.action_to_honour(), None);
        let fresh = EarlyInput {
            stale: false,
            ..early
        };
        assert_eq!(fresh.action_to_honour(), Some(EarlyAction::Submit));
    }
}
