//! Every error answer: `{"code": "...", "message": "..."}` with its status.
//! Messages say what is wrong with the request; none names a subject.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::gate::GateError;
use crate::receipts::Refused;
use crate::store::Unavailable;

/// An error answer.
#[derive(Debug)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// A stable code, listed in `docs/server.md`.
    pub code: &'static str,
    /// What a person reads.
    pub message: String,
}

impl ApiError {
    /// An error answer.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (
            self.status,
            Json(json!({"code": self.code, "message": self.message})),
        )
            .into_response();
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            // The widget sends unacknowledged receipts again on a later open.
            response
                .headers_mut()
                .insert("retry-after", axum::http::HeaderValue::from_static("30"));
        }
        response
    }
}

/// What is said of a notice version the service does not serve, whether a
/// receipt names it (422) or someone asks for it (404).
pub(super) fn unknown_notice(id: &str, version: &str) -> String {
    format!("this service does not publish notice {id:?} version {version:?}")
}

impl From<Unavailable> for ApiError {
    fn from(e: Unavailable) -> Self {
        // The cause goes to the operator's log, not to the client.
        eprintln!("limpide-server: {e}");
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "database-unavailable",
            "the receipts database is unavailable; nothing was stored: send it again later",
        )
    }
}

impl From<Refused> for ApiError {
    fn from(refused: Refused) -> Self {
        use StatusCode as S;
        let problems = |e: &limpide_receipt::Error| {
            e.problems()
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        };
        match refused {
            Refused::Invalid(e) => Self::new(
                S::BAD_REQUEST,
                // The body itself is not JSON (a payload that does not
                // decode to JSON is a tampered receipt, not malformed input).
                if e
                    .problems()
                    .iter()
                    .any(|p| p.code() == "malformed-json" && p.path().is_empty())
                {
                    "malformed-json"
                } else {
                    "invalid-receipt"
                },
                format!("the receipt does not verify: {}", problems(&e)),
            ),
            Refused::UnknownNotice(id, version) => Self::new(
                S::UNPROCESSABLE_ENTITY,
                "unknown-notice",
                unknown_notice(&id, &version),
            ),
            Refused::NoticeMismatch(e) => Self::new(
                S::UNPROCESSABLE_ENTITY,
                if e.problems().iter().any(|p| p.code() == "unlisted-controller-key") {
                    "unlisted-controller-key"
                } else {
                    "notice-mismatch"
                },
                format!("the receipt does not match the notice it names: {}", problems(&e)),
            ),
            Refused::NotOurNotice(id, version) => Self::new(
                S::UNPROCESSABLE_ENTITY,
                "key-not-listed",
                format!("notice {id:?} version {version:?} does not list this service's key: it cannot countersign receipts about it"),
            ),
            Refused::NotSignedBySubject => Self::new(
                S::UNPROCESSABLE_ENTITY,
                "not-signed-by-subject",
                "the receipt carries no subject or guardian signature",
            ),
            Refused::SubjectMissing => Self::new(
                S::FORBIDDEN,
                "subject-required",
                "the receipt has no subject: the service keeps only receipts for subjects the controller issued (the widget's subject option)",
            ),
            Refused::SubjectNotIssued => Self::new(
                S::FORBIDDEN,
                "subject-not-issued",
                "the receipt's subject was not issued by this controller: nobody may post a receipt in another pupil's name",
            ),
            Refused::IdTaken => Self::new(
                S::CONFLICT,
                "receipt-id-taken",
                "another receipt with this receipt_id is stored",
            ),
            Refused::PreviousMismatch(why) => Self::new(
                S::CONFLICT,
                "previous-mismatch",
                format!("the receipt cannot follow its previous one: {why}"),
            ),
            Refused::IssuedInFuture => Self::new(
                S::UNPROCESSABLE_ENTITY,
                "issued-in-future",
                format!(
                    "the receipt is dated more than {} minutes ahead of the service's clock: check the device's clock",
                    crate::time::CLOCK_SKEW / 60
                ),
            ),
            Refused::Unavailable(e) => e.into(),
        }
    }
}

impl From<GateError> for ApiError {
    fn from(e: GateError) -> Self {
        match e {
            GateError::Unavailable(e) => e.into(),
            other => Self::new(StatusCode::BAD_REQUEST, "invalid-csv", other.to_string()),
        }
    }
}
