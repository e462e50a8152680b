//! What the form learns beyond its own receipts, and the two rules that may
//! untick a box the latest receipt granted: the controller's **stops** (a
//! one-box withdrawal recorded from a stop link or an objection, read from
//! the service by `endpoint/records.rs`) and a grant that **lapsed** (the
//! notice's `grant_validity`). Neither ever ticks anything: the pupil does.

use limpide_receipt::{parse_utc, Channel, Choices, Notice, Receipt};

/// A box the controller withdrew for this pupil.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Stop {
    pub(crate) purpose: String,
    pub(crate) channel: Option<Channel>,
    /// When it was recorded (RFC 3339 UTC).
    pub(crate) issued_at: String,
    /// Whether it came from a message's stop link (else an objection).
    pub(crate) stop_link: bool,
}

/// A message a campaign sent this pupil.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Message {
    pub(crate) purpose: String,
    pub(crate) channel: Option<Channel>,
    /// When its list was released (RFC 3339 UTC).
    pub(crate) released_at: String,
    pub(crate) sender: String,
    pub(crate) text: String,
    /// The campaign's public page.
    pub(crate) page_url: String,
}

/// A device the service linked to this pupil (its key enrolled).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Device {
    /// The key's RFC 7638 thumbprint.
    pub(crate) key: String,
    /// When it was enrolled (RFC 3339 UTC).
    pub(crate) enrolled_at: String,
}

/// What the service recorded for this pupil and notice.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Records {
    pub(crate) stops: Vec<Stop>,
    pub(crate) messages: Vec<Message>,
    /// The pupil's devices, oldest first, so that a family sees one it
    /// does not know.
    pub(crate) devices: Vec<Device>,
    /// This device's key thumbprint, to mark it among `devices`.
    pub(crate) this_device: String,
}

/// A box that no longer counts as granted, and since when (RFC 3339 UTC).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Ended {
    pub(crate) purpose: String,
    pub(crate) channel: Option<Channel>,
    pub(crate) at: String,
    pub(crate) why: Why,
}

impl Ended {
    /// Why, as `data-ended` says it: `stop-link`, `objection`, `lapsed`.
    pub(crate) fn why_name(&self) -> &'static str {
        match self.why {
            Why::StopLink => "stop-link",
            Why::Objection => "objection",
            Why::Lapsed => "lapsed",
        }
    }
}

/// Why a granted box ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Why {
    /// The pupil stopped it from a message's stop link.
    StopLink,
    /// An objection the controller's tools relayed (an SMS "STOP" reply).
    Objection,
    /// The notice's `grant_validity` ran out.
    Lapsed,
}

/// The boxes `latest` granted that no longer count at `now` (Unix
/// seconds): those stopped after it was issued (or in the same instant: a
/// withdrawal counts against every receipt issued before it), and those
/// whose grant lapsed. Lapse follows the notice version the receipt names;
/// only the version shown is known here, so a receipt of another version
/// never lapses here (the service still applies its own version's rule).
pub(crate) fn ended(notice: &Notice, latest: &Receipt, stops: &[Stop], now: i64) -> Vec<Ended> {
    let payload = latest.payload();
    let granted = Choices::from_payload(payload);
    let issued_at = parse_utc(&payload.issued_at).unwrap_or(i64::MAX);
    let mut ended = Vec::new();
    for stop in stops {
        let after = parse_utc(&stop.issued_at).is_some_and(|at| at >= issued_at);
        if after && granted.is_granted(&stop.purpose, stop.channel) {
            ended.push(Ended {
                purpose: stop.purpose.clone(),
                channel: stop.channel,
                at: stop.issued_at.clone(),
                why: if stop.stop_link {
                    Why::StopLink
                } else {
                    Why::Objection
                },
            });
        }
    }
    let lapses_at = (payload.notice.digest == notice.digest())
        .then(|| notice.grant_validity())
        .flatten()
        .map(|validity| validity.lapses_at(issued_at));
    if let Some(lapses_at) = lapses_at.filter(|at| *at <= now) {
        for (purpose, channel) in granted.iter() {
            if !ended
                .iter()
                .any(|e| e.purpose == purpose && e.channel == channel)
            {
                ended.push(Ended {
                    purpose: purpose.to_owned(),
                    channel,
                    at: limpide_receipt::format_utc(lapses_at),
                    why: Why::Lapsed,
                });
            }
        }
    }
    ended
}

#[cfg(test)]
mod tests {
    use limpide_receipt::{Choices, Value};

    use super::*;
    use crate::form::review::tests::{notice_with, receipt};

    const SMS: Option<Channel> = Some(Channel::Sms);

    fn stop(purpose: &str, at: &str) -> Stop {
        Stop {
            purpose: purpose.into(),
            channel: SMS,
            issued_at: at.into(),
            stop_link: true,
        }
    }

    #[test]
    fn a_stop_after_the_receipt_ends_that_box_only() {
        let notice = notice_with(|_| {});
        let latest = receipt(&notice, &Choices::accept_all(&notice), "fr");
        let purpose = notice.purposes[0].id.clone();
        // The receipt was issued 2026-11-24T18:05:09Z.
        let stops = [
            stop(&purpose, "2026-11-20T10:00:00Z"),
            stop(&purpose, "2026-12-01T10:00:00Z"),
        ];
        let ended = ended(&notice, &latest, &stops, 0);
        assert_eq!(ended.len(), 1, "{ended:?}");
        assert_eq!(ended[0].at, "2026-12-01T10:00:00Z");
        assert_eq!(ended[0].why, Why::StopLink);
    }

    #[test]
    fn an_objection_in_the_receipts_very_second_counts_against_it() {
        let notice = notice_with(|_| {});
        let latest = receipt(&notice, &Choices::accept_all(&notice), "fr");
        let purpose = notice.purposes[0].id.clone();
        let objection = Stop {
            stop_link: false,
            ..stop(&purpose, "2026-11-24T18:05:09Z")
        };
        let ended = ended(&notice, &latest, &[objection], 0);
        assert_eq!(ended.len(), 1);
        assert_eq!(ended[0].why, Why::Objection);
        assert_eq!(ended[0].why_name(), "objection");
    }

    #[test]
    fn a_stop_of_a_refused_box_ends_nothing() {
        let notice = notice_with(|_| {});
        let latest = receipt(&notice, &Choices::refuse_all(), "fr");
        let purpose = notice.purposes[0].id.clone();
        assert!(ended(
            &notice,
            &latest,
            &[stop(&purpose, "2026-12-01T10:00:00Z")],
            0
        )
        .is_empty());
    }

    fn with_validity(validity: &str) -> Notice {
        notice_with(|n| {
            n["format"] = Value::from(2u64);
            n["grant_validity"] = validity.into();
        })
    }

    #[test]
    fn every_grant_lapses_at_the_notices_validity() {
        let notice = with_validity("P1D");
        let latest = receipt(&notice, &Choices::accept_all(&notice), "fr");
        let issued = parse_utc("2026-11-24T18:05:09Z").unwrap();
        assert!(ended(&notice, &latest, &[], issued + 86_399).is_empty());
        let lapsed = ended(&notice, &latest, &[], issued + 86_400);
        assert_eq!(
            lapsed.len(),
            Choices::accept_all(&notice).iter().count(),
            "{lapsed:?}"
        );
        assert!(lapsed
            .iter()
            .all(|e| e.why == Why::Lapsed && e.at == "2026-11-25T18:05:09Z"));
        // Refusals never lapse.
        let refused = receipt(&notice, &Choices::refuse_all(), "fr");
        assert!(ended(&notice, &refused, &[], i64::MAX / 2).is_empty());
    }

    #[test]
    fn a_receipt_of_another_version_does_not_lapse_by_this_ones_rule() {
        let before = notice_with(|_| {});
        let latest = receipt(&before, &Choices::accept_all(&before), "fr");
        let after = with_validity("P1D");
        assert!(ended(&after, &latest, &[], i64::MAX / 2).is_empty());
    }
}
