//! Every error answer the service makes is a row of the error table in
//! `docs/server.md`: its status, and its code among that row's codes. The
//! relay's `limpide-receipt` codes are the one open-ended row. A new error
//! answer joins `every_answer` here, and its row the table.

use std::time::Duration;

use limpide_receipt::Receipt;

use super::error::ApiError;
use crate::campaigns::{CampaignError, CampaignRefused};
use crate::receipts::Refused;
use crate::relay::RelayRefused;
use crate::store::{RecordError, Unavailable};

const DOCS: &str = include_str!("../../../../docs/server.md");

/// The error table's rows: (status, the row's text).
fn documented() -> Vec<(u16, &'static str)> {
    let table = DOCS
        .split("### Error codes")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .unwrap_or_default();
    table
        .lines()
        .filter_map(|line| {
            let mut cells = line.split('|').map(str::trim).skip(1);
            let status = cells.next()?.parse().ok()?;
            Some((status, cells.next()?))
        })
        .collect()
}

/// A refusal `limpide-receipt` makes of `body`.
fn invalid(body: &[u8]) -> limpide_receipt::Error {
    match Receipt::from_json(body) {
        Err(e) => e,
        Ok(_) => panic!("{body:?} is no receipt"),
    }
}

fn unavailable() -> Unavailable {
    Unavailable(sqlx::Error::PoolClosed)
}

fn every_answer() -> Vec<ApiError> {
    let id = || "pass-region".to_owned();
    let version = || "9".to_owned();
    vec![
        ApiError::no_route(),
        ApiError::no_checkpoint(),
        ApiError::no_tile(),
        ApiError::not_in_checkpoint(7),
        ApiError::invalid_page("limit".to_owned()),
        ApiError::request_timeout(Duration::from_secs(60)),
        ApiError::method_not_allowed(),
        ApiError::no_notice("pass-region", "9"),
        ApiError::admin_disabled(),
        ApiError::unauthorized(),
        ApiError::forbidden(
            crate::staff::Role::Communications,
            &[crate::staff::Role::Dpo],
        ),
        ApiError::too_many_attempts(900),
        ApiError::cross_site(),
        ApiError::invalid_form(),
        ApiError::too_large(64 * 1024),
        ApiError::body_timeout(Duration::from_secs(10)),
        ApiError::not_jose(),
        ApiError::not_text(),
        ApiError::invalid_proof("authorization"),
        ApiError::missing_parameter("purpose"),
        ApiError::unknown_permission(String::new()),
        ApiError::invalid_subject_id(String::new()),
        ApiError::invalid_since(String::new()),
        Refused::Invalid(invalid(b"")).into(),
        Refused::Invalid(invalid(b"{}")).into(),
        Refused::UnknownNotice(id(), version()).into(),
        Refused::NoticeMismatch(invalid(b"{}")).into(),
        Refused::NotOurNotice(id(), version()).into(),
        Refused::NotSignedBySubject.into(),
        Refused::SubjectMissing.into(),
        Refused::SubjectNotIssued.into(),
        Refused::IssuedInFuture.into(),
        Refused::NotStored(RecordError::IdTaken).into(),
        Refused::NotStored(RecordError::PreviousMismatch("")).into(),
        Refused::NotStored(RecordError::Unavailable(unavailable())).into(),
        Refused::NotStored(RecordError::CredentialRequired).into(),
        Refused::NotStored(RecordError::KeyNotEnrolled).into(),
        Refused::NotStored(RecordError::EnrollmentCodeInvalid).into(),
        Refused::CredentialInvalid.into(),
        Refused::CredentialOtherPupil.into(),
        Refused::CredentialExpired.into(),
        Refused::TooMany(crate::rate_limit::RetryAfter(Duration::from_secs(30))).into(),
        RelayRefused::UnknownNotice(id(), version()).into(),
        RelayRefused::BadPeriod.into(),
        RelayRefused::SubjectNotIssued.into(),
        RelayRefused::UnknownRequest.into(),
        RelayRefused::Expired.into(),
        RelayRefused::AlreadyAnswered.into(),
        RelayRefused::Unavailable(unavailable()).into(),
        CampaignRefused::Invalid(String::new()).into(),
        CampaignRefused::UnknownBox(String::new()).into(),
        CampaignRefused::Translations(String::new()).into(),
        CampaignRefused::Sender(String::new()).into(),
        CampaignRefused::TooLong(String::new()).into(),
        CampaignRefused::Window(String::new()).into(),
        CampaignRefused::QuietPeriod(String::new()).into(),
        CampaignRefused::Unknown.into(),
        CampaignRefused::WrongStatus(String::new()).into(),
        CampaignRefused::OwnCampaign.into(),
        CampaignRefused::OutsideWindow(String::new()).into(),
        CampaignRefused::AlreadyReleased.into(),
        CampaignRefused::TemplateChanged.into(),
        CampaignError::Internal(String::new()).into(),
        CampaignError::Unavailable(unavailable()).into(),
        super::pupil::PupilRefused::MediaType.into(),
        super::pupil::PupilRefused::Invalid(String::new()).into(),
        super::pupil::PupilRefused::Stale.into(),
        super::pupil::PupilRefused::SubjectNotIssued.into(),
        super::pupil::PupilRefused::UnknownNotice(id()).into(),
        super::pupil::PupilRefused::UnknownDevice.into(),
    ]
}

#[test]
fn every_error_answer_is_documented() {
    let rows = documented();
    assert!(rows.len() > 10, "no error table in docs/server.md");
    for answer in every_answer() {
        let (status, code) = (answer.status().as_u16(), answer.code());
        assert!(
            rows.iter()
                .any(|(s, codes)| *s == status && codes.contains(&format!("`{code}`"))),
            "{status} {code} is not in docs/server.md's error table"
        );
    }
}
