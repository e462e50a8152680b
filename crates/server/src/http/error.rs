//! Every error answer, and the one place each refusal gets its status and
//! code: `{"code": "...", "message": "..."}`, as `docs/server.md` lists
//! them. Messages say what is wrong with the request; none names a subject.

use std::time::Duration;

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use limpide_receipt::Code;
use serde_json::json;

use crate::campaigns::{CampaignError, CampaignRefused};
use crate::echo::quoted;
use crate::receipts::Refused;
use crate::relay::RelayRefused;
use crate::store::{RecordError, Unavailable};
use crate::time::CLOCK_SKEW;

/// An error answer.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    /// A stable code, listed in `docs/server.md`.
    code: &'static str,
    /// What a person reads.
    message: String,
    /// Seconds for `Retry-After`, where the answer says when to try again.
    retry_after: Option<u64>,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            retry_after: None,
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The stable code.
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// A route that did not answer within `--request-timeout`. A receipt
    /// it was storing may be stored all the same: sent again, it is
    /// answered with its stored copy.
    pub fn request_timeout(after: Duration) -> Self {
        let mut e = Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "request-timeout",
            format!(
                "the service did not answer within {} s (--request-timeout): send the request again later",
                after.as_secs_f64()
            ),
        );
        e.retry_after = Some(5);
        e
    }

    /// A route nobody serves.
    pub(super) fn no_route() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "not-found",
            "no such route (see docs/server.md)",
        )
    }

    /// A route asked with a method it does not take; axum adds the `Allow`
    /// header, which lists those it does.
    pub(super) fn method_not_allowed() -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method-not-allowed",
            "this route does not take this method: the Allow header lists those it takes",
        )
    }

    /// A notice version the service does not serve, asked for by
    /// `GET /notices/{id}/{version}` (a receipt naming one is 422).
    pub(super) fn no_notice(id: &str, version: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "unknown-notice",
            unknown_notice(id, version),
        )
    }

    /// The staff routes are off: no `--staff FILE`.
    pub(super) fn admin_disabled() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "admin-disabled",
            "the staff routes are off: start the service with --staff FILE",
        )
    }

    /// No staff credentials, or wrong or expired ones.
    pub(super) fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "this route needs a staff account: Authorization: Bearer <token>, or signing in at /console",
        )
    }

    /// An account whose role may not do this. It names the roles that
    /// may, never what the route holds.
    pub(super) fn forbidden(role: crate::staff::Role, allowed: &[crate::staff::Role]) -> Self {
        let allowed: Vec<&str> = allowed.iter().map(|r| r.as_str()).collect();
        Self::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            format!(
                "the {role} role may not do this (only: {})",
                allowed.join(", ")
            ),
        )
    }

    /// Too many wrong sign-ins for this account id, or overall: try again
    /// after `seconds`. It never says whether the account exists.
    pub(super) fn too_many_attempts(seconds: u64) -> Self {
        let mut e = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too-many-attempts",
            format!(
                "too many wrong sign-ins: try again in {} minutes",
                seconds.div_ceil(60)
            ),
        );
        e.retry_after = Some(seconds.max(2));
        e
    }

    /// Over a limit on posts (docs/server.md, "Limits").
    pub(super) fn too_many_requests(wait: crate::rate_limit::RetryAfter) -> Self {
        let seconds = wait.seconds();
        let mut e = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too-many-requests",
            format!("too many posts for this pupil, or from this connection: send it again in {seconds} seconds; nothing was stored"),
        );
        e.retry_after = Some(seconds);
        e
    }

    /// A console form posted from another site (its `Origin`), or without
    /// the session's token.
    pub(super) fn cross_site() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "cross-site-request",
            "this form was not sent from the console's own page (Origin or form token missing or wrong): open the console again and resend it",
        )
    }

    /// A console form whose body does not read (a field missing, not
    /// `application/x-www-form-urlencoded`, an upload cut off).
    pub(super) fn invalid_form() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "invalid-form",
            "the form's fields do not read: send it again from the console's page",
        )
    }

    /// Seconds for `Retry-After`.
    pub(super) fn retry_after(&self) -> Option<u64> {
        self.retry_after
    }

    /// A body over `limit` bytes, or cut off.
    pub(super) fn too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too-large",
            format!("the body is over {} KiB", limit / 1024),
        )
    }

    /// A body that did not arrive in time.
    pub(super) fn body_timeout(timeout: Duration) -> Self {
        Self::new(
            StatusCode::REQUEST_TIMEOUT,
            "body-timeout",
            format!("the body did not arrive within {} ms", timeout.as_millis()),
        )
    }

    /// A receipt sent as anything but `application/jose+json`.
    pub(super) fn not_jose() -> Self {
        Self::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "a receipt is sent as Content-Type: application/jose+json",
        )
    }

    /// A credential or enrollment code header that cannot be one.
    pub(super) fn invalid_proof(header: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "invalid-credential-header",
            format!(
                "the {header} header is not one the widget sends: `Authorization: Bearer CREDENTIAL`, `Limpide-Enrollment-Code: CODE`, each at most 512 visible ASCII characters"
            ),
        )
    }

    /// A relay body that is not UTF-8 text.
    pub(super) fn not_text() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "invalid-request",
            "the body is not UTF-8 text",
        )
    }

    /// An admin query without `name=`.
    pub(super) fn missing_parameter(name: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "missing-parameter",
            format!("the query needs {name}="),
        )
    }

    /// A purpose and channel that is no box of a served notice.
    pub(super) fn unknown_permission(why: String) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "unknown-permission", why)
    }

    /// A subject id `POST /subjects` or `GET /subjects/{id}/receipts` refuses.
    pub(super) fn invalid_subject_id(why: String) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid-subject-id", why)
    }

    /// A `limit=` or `after=` of a paged route that does not read.
    pub(super) fn invalid_page(why: String) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid-page", why)
    }

    /// No checkpoint is published yet (a service started without
    /// `--log-key`, or in its first half second).
    pub(super) fn no_checkpoint() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "no-checkpoint",
            "the log has no checkpoint published (the service signs them with --log-key)",
        )
    }

    /// A tile or entry bundle the tree does not have (yet): beyond its
    /// size, or a path that names no tile.
    pub(super) fn no_tile() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "no-tile",
            "the log has no such tile: see c2sp.org/tlog-tiles for its paths",
        )
    }

    /// A proof asked for an index the newest checkpoint (or the one asked
    /// for) does not cover yet, or a size no checkpoint has.
    pub(super) fn not_in_checkpoint(index: u64) -> Self {
        let mut e = Self::new(
            StatusCode::NOT_FOUND,
            "not-in-checkpoint",
            format!(
                "no published checkpoint covers the leaf {index} yet: checkpoints follow the \
                 leaves within a second; ask again"
            ),
        );
        e.retry_after = Some(1);
        e
    }

    /// A `since=` that is not an RFC 3339 UTC time.
    pub(super) fn invalid_since(why: String) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid-since", why)
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
                .insert("retry-after", HeaderValue::from_static("30"));
        }
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert("retry-after", HeaderValue::from(seconds));
        }
        response
    }
}

/// What is said of a notice version the service does not serve, whether a
/// receipt or a request names it (422) or someone asks for it (404).
fn unknown_notice(id: &str, version: &str) -> String {
    format!(
        "this service does not publish notice {} version {}",
        quoted(id),
        quoted(version)
    )
}

/// Every problem `limpide-receipt` found, on one line.
fn problems(e: &limpide_receipt::Error) -> String {
    e.problems()
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
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

impl From<RecordError> for ApiError {
    fn from(e: RecordError) -> Self {
        match e {
            RecordError::IdTaken => Self::new(
                StatusCode::CONFLICT,
                "receipt-id-taken",
                "another receipt with this receipt_id is stored",
            ),
            RecordError::PreviousMismatch(why) => Self::new(
                StatusCode::CONFLICT,
                "previous-mismatch",
                format!("the receipt cannot follow its previous one: {why}"),
            ),
            RecordError::CredentialRequired => Self::new(
                StatusCode::UNAUTHORIZED,
                "credential-required",
                "this pupil has no device yet: their first receipt comes with their credential (the widget's credential option, sent as Authorization: Bearer)",
            ),
            RecordError::KeyNotEnrolled => Self::new(
                StatusCode::FORBIDDEN,
                "key-not-enrolled",
                "this device's key is not one of the pupil's devices: add it with an enrollment code from the signed-in page (a receipt that only withdraws is taken from a new device with the pupil's credential)",
            ),
            RecordError::EnrollmentCodeInvalid => Self::new(
                StatusCode::FORBIDDEN,
                "enrollment-code-invalid",
                "the enrollment code is unknown, used, expired or another pupil's: ask the signed-in page for a new one",
            ),
            RecordError::Unavailable(e) => e.into(),
        }
    }
}

impl From<Refused> for ApiError {
    fn from(refused: Refused) -> Self {
        use StatusCode as S;
        match refused {
            Refused::Invalid(e) => Self::new(
                S::BAD_REQUEST,
                // The body itself is not JSON (a payload that does not
                // decode to JSON is a tampered receipt, not malformed input).
                if e
                    .problems()
                    .iter()
                    .any(|p| p.code() == Code::MalformedJson && p.path().is_empty())
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
                if e.problems().iter().any(|p| p.code() == Code::UnlistedControllerKey) {
                    "unlisted-controller-key"
                } else {
                    "notice-mismatch"
                },
                format!("the receipt does not match the notice it names: {}", problems(&e)),
            ),
            Refused::NotOurNotice(id, version) => Self::new(
                S::UNPROCESSABLE_ENTITY,
                "key-not-listed",
                format!("notice {} version {} does not list this service's key: it cannot countersign receipts about it", quoted(&id), quoted(&version)),
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
                "the receipt's subject is not a controller's id (1 to 100 letters, digits, - _ . : @) nor a value this controller issued",
            ),
            Refused::CredentialInvalid => Self::new(
                S::FORBIDDEN,
                "credential-invalid",
                "the credential was not issued by this controller: the signed-in page gets one from POST /subjects",
            ),
            Refused::CredentialOtherPupil => Self::new(
                S::FORBIDDEN,
                "credential-invalid",
                "the credential is another pupil's than the receipt's subject",
            ),
            Refused::CredentialExpired => Self::new(
                S::UNAUTHORIZED,
                "credential-expired",
                "the credential has expired: the signed-in page gets a new one (reload it)",
            ),
            Refused::IssuedInFuture => Self::new(
                S::UNPROCESSABLE_ENTITY,
                "issued-in-future",
                format!(
                    "the receipt is dated more than {} minutes ahead of the service's clock: check the device's clock",
                    CLOCK_SKEW / 60
                ),
            ),
            Refused::TooMany(wait) => Self::too_many_requests(wait),
            Refused::NotStored(e) => e.into(),
        }
    }
}

impl From<super::pupil::PupilRefused> for ApiError {
    fn from(refused: super::pupil::PupilRefused) -> Self {
        use super::pupil::PupilRefused as P;
        use StatusCode as S;
        let (status, code) = match &refused {
            P::MediaType => (S::UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type"),
            P::Invalid(_) => (S::BAD_REQUEST, "invalid-pupil-request"),
            P::Stale => (S::UNPROCESSABLE_ENTITY, "stale-pupil-request"),
            P::SubjectNotIssued => (S::FORBIDDEN, "subject-not-issued"),
            P::UnknownNotice(_) => (S::UNPROCESSABLE_ENTITY, "unknown-notice"),
            P::UnknownDevice => (S::FORBIDDEN, "unknown-device"),
        };
        Self::new(status, code, refused.to_string())
    }
}

impl From<CampaignRefused> for ApiError {
    fn from(refused: CampaignRefused) -> Self {
        use StatusCode as S;
        let status = match refused {
            CampaignRefused::Invalid(_) | CampaignRefused::UnknownBox(_) => S::BAD_REQUEST,
            CampaignRefused::Translations(_)
            | CampaignRefused::Sender(_)
            | CampaignRefused::TooLong(_)
            | CampaignRefused::Window(_)
            | CampaignRefused::QuietPeriod(_) => S::UNPROCESSABLE_ENTITY,
            CampaignRefused::Unknown => S::NOT_FOUND,
            CampaignRefused::OwnCampaign => S::FORBIDDEN,
            CampaignRefused::WrongStatus(_)
            | CampaignRefused::OutsideWindow(_)
            | CampaignRefused::AlreadyReleased
            | CampaignRefused::TemplateChanged => S::CONFLICT,
        };
        Self::new(status, refused.code(), refused.to_string())
    }
}

impl From<CampaignError> for ApiError {
    fn from(e: CampaignError) -> Self {
        match e {
            CampaignError::Refused(refused) => refused.into(),
            CampaignError::Unavailable(e) => e.into(),
            CampaignError::Internal(why) => {
                // The cause goes to the operator's log, not to the client.
                eprintln!("limpide-server: {why}");
                Self::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal-error",
                    "the service could not do this; nothing was written: try again later",
                )
            }
        }
    }
}

impl From<RelayRefused> for ApiError {
    fn from(refused: RelayRefused) -> Self {
        use StatusCode as S;
        match refused {
            RelayRefused::Invalid(e) => {
                // The request's or answer's own problem code
                // (`limpide-receipt`), so the widget can tell them apart.
                let code = e.problems().first().map_or("invalid-request", |p| p.code().as_str());
                Self::new(S::UNPROCESSABLE_ENTITY, code, e.to_string())
            }
            RelayRefused::UnknownNotice(id, version) => Self::new(
                S::UNPROCESSABLE_ENTITY,
                "unknown-notice",
                unknown_notice(&id, &version),
            ),
            RelayRefused::BadPeriod => Self::new(
                S::UNPROCESSABLE_ENTITY,
                "invalid-request",
                "the request's expiry is not the notice's period from the moment the pupil chose",
            ),
            RelayRefused::SubjectNotIssued => Self::new(
                S::UNPROCESSABLE_ENTITY,
                "subject-not-issued",
                "the request has no subject, or one that is not a controller's id (1 to 100 letters, digits, - _ . : @)",
            ),
            RelayRefused::UnknownRequest => Self::new(
                S::NOT_FOUND,
                "unknown-request",
                "no such request: it expired, was abandoned, or its answer was read",
            ),
            RelayRefused::Expired => Self::new(
                S::GONE,
                "request-expired",
                "the request's time for a guardian's answer is over: the pupil makes their choices again",
            ),
            RelayRefused::AlreadyAnswered => Self::new(
                S::CONFLICT,
                "already-answered",
                "this request has an answer already",
            ),
            RelayRefused::TooMany(wait) => Self::too_many_requests(wait),
            RelayRefused::Unavailable(e) => e.into(),
        }
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        // A segment that is not UTF-8 once decoded (`%FF`): no route
        // parameter of ours can be one.
        Self::new(
            StatusCode::BAD_REQUEST,
            "invalid-path",
            rejection.body_text(),
        )
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "invalid-query",
            rejection.body_text(),
        )
    }
}
