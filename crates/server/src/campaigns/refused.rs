//! Why a campaign action was refused: each with its stable code, which
//! `http/error.rs` maps to a status, and a message that says what to fix.

/// A campaign action the service refuses; nothing was written.
#[derive(Debug, PartialEq, Eq)]
pub enum CampaignRefused {
    /// The draft is not the documented JSON.
    Invalid(String),
    /// The purpose and channel are no box of a served notice version.
    UnknownBox(String),
    /// A language of the notice has no text, or the draft has another.
    Translations(String),
    /// The sender line does not name the controller as the notice does.
    Sender(String),
    /// A text, with its footer, is over the channel's limit.
    TooLong(String),
    /// The window is not a window, or has passed.
    Window(String),
    /// The window meets a period the notice forbids.
    QuietPeriod(String),
    /// No campaign has this id.
    Unknown,
    /// The campaign is not in the state the action needs.
    WrongStatus(String),
    /// Its author may not approve or reject it.
    OwnCampaign,
    /// The window is not open now.
    OutsideWindow(String),
    /// Every release the DPO allowed was made.
    AlreadyReleased,
    /// The stored template, or its manifest, is not the one approved and
    /// signed (changed in the database): it never releases.
    TemplateChanged,
}

impl CampaignRefused {
    /// The stable code (`docs/server.md`).
    pub fn code(&self) -> &'static str {
        match self {
            Self::Invalid(_) => "invalid-campaign",
            Self::UnknownBox(_) => "unknown-permission",
            Self::Translations(_) => "missing-translation",
            Self::Sender(_) => "sender-not-controller",
            Self::TooLong(_) => "text-too-long",
            Self::Window(_) => "invalid-window",
            Self::QuietPeriod(_) => "quiet-period",
            Self::Unknown => "unknown-campaign",
            Self::WrongStatus(_) => "campaign-not-approved",
            Self::OwnCampaign => "own-campaign",
            Self::OutsideWindow(_) => "outside-window",
            Self::AlreadyReleased => "already-released",
            Self::TemplateChanged => "template-changed",
        }
    }
}

impl std::fmt::Display for CampaignRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Invalid(why)
            | Self::UnknownBox(why)
            | Self::Translations(why)
            | Self::Sender(why)
            | Self::TooLong(why)
            | Self::Window(why)
            | Self::QuietPeriod(why)
            | Self::WrongStatus(why)
            | Self::OutsideWindow(why) => f.write_str(why),
            Self::Unknown => f.write_str("no campaign has this id"),
            Self::OwnCampaign => {
                f.write_str("the account that drafted a campaign may not approve or reject it")
            }
            Self::AlreadyReleased => f.write_str(
                "this campaign's list was released already; the DPO may allow one more release",
            ),
            Self::TemplateChanged => {
                f.write_str("the stored text is not the one the DPO approved: it is not released")
            }
        }
    }
}

/// Why a campaign action did not happen.
#[derive(Debug)]
pub enum CampaignError {
    /// Refused, for the reason given.
    Refused(CampaignRefused),
    /// The database failed; nothing was written.
    Unavailable(crate::store::Unavailable),
    /// The system's random source, or signing, failed: a fault of the
    /// service, never of the request; nothing was written.
    Internal(String),
}

impl From<CampaignRefused> for CampaignError {
    fn from(refused: CampaignRefused) -> Self {
        Self::Refused(refused)
    }
}

impl From<crate::store::Unavailable> for CampaignError {
    fn from(e: crate::store::Unavailable) -> Self {
        Self::Unavailable(e)
    }
}
