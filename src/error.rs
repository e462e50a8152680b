//! The widget's one error type: what the embedder receives (`limpide:error`)
//! and what the pupil is told, in plain words.

use std::fmt;

use wasm_bindgen::{JsCast as _, JsValue};

/// What kind of thing failed: the stable `code` embedders switch on, as
/// docs/embedding.md lists them (a test holds the two together).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorCode {
    /// `notice-invalid`: no notice, or one that is not JSON or fails validation.
    NoticeInvalid,
    /// `notice-unreachable`: the notice URL could not be fetched.
    NoticeUnreachable,
    /// `subject-invalid`: the `subject` option could not go in a receipt.
    SubjectInvalid,
    /// `mount-failed`: the element cannot take a shadow root.
    MountFailed,
    /// `no-window`: not in a browser window at all (a worker, a server).
    NoWindow,
    /// `storage-unavailable`: the browser lets the page keep nothing.
    StorageUnavailable,
    /// `storage-full`: the site's storage quota is full.
    StorageFull,
    /// `storage-failed`: storing failed otherwise.
    StorageFailed,
    /// `signing-unsupported`: no secure random numbers, or no WebCrypto.
    SigningUnsupported,
    /// `signing-failed`: WebCrypto refused to sign.
    SigningFailed,
    /// `endpoint-failed`: the receipt endpoint could not be reached in time.
    EndpointFailed,
    /// `endpoint-invalid`: the endpoint's answer is not a valid countersignature.
    EndpointInvalid,
    /// `download-failed`: the receipt file could not be offered.
    DownloadFailed,
    /// `print-failed`: the browser refused to print.
    PrintFailed,
    /// `guardian-link-refused`: a guardian's link or answer cannot be used
    /// (altered, expired, for another request or notice version).
    GuardianLinkRefused,
    /// `credential-required`: the service has no device of this pupil yet
    /// and the page gave no valid `credential`.
    CredentialRequired,
    /// `credential-expired`: the page's `credential` is out of date.
    CredentialExpired,
    /// `credential-invalid`: the `credential` is not the controller's, or
    /// is another pupil's.
    CredentialInvalid,
    /// `key-not-enrolled`: this device is not one of the pupil's, and the
    /// receipt grants more than their latest one.
    KeyNotEnrolled,
    /// `enrollment-code-invalid`: the `enrollmentCode` is unknown, used or
    /// expired.
    EnrollmentCodeInvalid,
}

impl ErrorCode {
    /// Every code, in the order docs/embedding.md lists them.
    pub const ALL: [Self; 20] = [
        Self::NoticeUnreachable,
        Self::NoticeInvalid,
        Self::SubjectInvalid,
        Self::MountFailed,
        Self::NoWindow,
        Self::StorageUnavailable,
        Self::StorageFull,
        Self::StorageFailed,
        Self::SigningUnsupported,
        Self::SigningFailed,
        Self::EndpointFailed,
        Self::EndpointInvalid,
        Self::DownloadFailed,
        Self::PrintFailed,
        Self::GuardianLinkRefused,
        Self::CredentialRequired,
        Self::CredentialExpired,
        Self::CredentialInvalid,
        Self::KeyNotEnrolled,
        Self::EnrollmentCodeInvalid,
    ];

    /// The service's refusals of whose receipt it is (`POST /receipts`
    /// answers them as `{code, message}`): the receipt stays kept and
    /// pending, and the pupil is told what to do.
    pub const REFUSALS: [Self; 5] = [
        Self::CredentialRequired,
        Self::CredentialExpired,
        Self::CredentialInvalid,
        Self::KeyNotEnrolled,
        Self::EnrollmentCodeInvalid,
    ];

    /// The code as `limpide:error` carries it, e.g. `storage-full`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NoticeInvalid => "notice-invalid",
            Self::NoticeUnreachable => "notice-unreachable",
            Self::SubjectInvalid => "subject-invalid",
            Self::MountFailed => "mount-failed",
            Self::NoWindow => "no-window",
            Self::StorageUnavailable => "storage-unavailable",
            Self::StorageFull => "storage-full",
            Self::StorageFailed => "storage-failed",
            Self::SigningUnsupported => "signing-unsupported",
            Self::SigningFailed => "signing-failed",
            Self::EndpointFailed => "endpoint-failed",
            Self::EndpointInvalid => "endpoint-invalid",
            Self::DownloadFailed => "download-failed",
            Self::PrintFailed => "print-failed",
            Self::GuardianLinkRefused => "guardian-link-refused",
            Self::CredentialRequired => "credential-required",
            Self::CredentialExpired => "credential-expired",
            Self::CredentialInvalid => "credential-invalid",
            Self::KeyNotEnrolled => "key-not-enrolled",
            Self::EnrollmentCodeInvalid => "enrollment-code-invalid",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Something the widget could not do.
///
/// `code` is stable (embedders switch on it); `message` is readable and
/// never holds a secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WidgetError {
    /// What kind of thing failed.
    pub code: ErrorCode,
    /// What happened, in English, for the embedder's logs.
    pub message: String,
}

impl WidgetError {
    /// An error with this code and message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    /// An error from a JavaScript exception, keeping its `name: message`.
    pub(crate) fn from_js(code: ErrorCode, context: &str, error: &JsValue) -> Self {
        Self::new(code, format!("{context}: {}", describe_js(error)))
    }

    /// The name of a `DOMException` (e.g. `QuotaExceededError`), if it is one.
    pub(crate) fn dom_name(error: &JsValue) -> Option<String> {
        error
            .dyn_ref::<web_sys::DomException>()
            .map(web_sys::DomException::name)
    }
}

/// `name: message` of a JavaScript error, or its string form.
pub(crate) fn describe_js(error: &JsValue) -> String {
    if let Some(dom) = error.dyn_ref::<web_sys::DomException>() {
        return format!("{}: {}", dom.name(), dom.message());
    }
    if let Some(error) = error.dyn_ref::<js_sys::Error>() {
        return format!(
            "{}: {}",
            String::from(error.name()),
            String::from(error.message())
        );
    }
    error
        .as_string()
        .unwrap_or_else(|| "an unknown error".to_owned())
}

impl fmt::Display for WidgetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.message, self.code)
    }
}

impl std::error::Error for WidgetError {}

#[cfg(test)]
mod tests {
    use super::ErrorCode;

    /// The embedder's guide lists exactly these codes, in this order.
    #[test]
    fn the_documented_codes_are_the_codes() {
        let guide = include_str!("../docs/embedding.md");
        let table = guide
            .split("| `code` | when |")
            .nth(1)
            .expect("docs/embedding.md has the table of codes");
        let documented: Vec<&str> = table
            .lines()
            .skip(2)
            .take_while(|line| line.starts_with("| `"))
            .filter_map(|line| line.split('`').nth(1))
            .collect();
        let codes: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(documented, codes);
    }
}
