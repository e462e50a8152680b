//! Where receipts are sent, and what the embedding page gave the widget to
//! say whose they are: the pupil's `credential` and, for a new device, an
//! `enrollmentCode`. Both are held here, in memory only: never in a
//! receipt, storage, a link, an event or the DOM. They leave the device
//! only as request headers to the endpoint (`send.rs`).

use std::fmt;

use web_sys::Headers;

/// The endpoint and the pupil's proofs for it.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Endpoint {
    /// The receipt endpoint's URL (`…/receipts`).
    pub(crate) url: String,
    /// Sent as `Authorization: Bearer …` on every post of a receipt.
    pub(crate) credential: Option<String>,
    /// Sent as `Limpide-Enrollment-Code: …` on every post of a receipt.
    pub(crate) enrollment_code: Option<String>,
}

impl Endpoint {
    /// Adds the headers that carry the pupil's proofs, when the page gave any.
    pub(crate) fn add_proofs(&self, headers: &Headers) -> Result<(), wasm_bindgen::JsValue> {
        if let Some(credential) = &self.credential {
            headers.append("Authorization", &format!("Bearer {credential}"))?;
        }
        if let Some(code) = &self.enrollment_code {
            headers.append("Limpide-Enrollment-Code", code)?;
        }
        Ok(())
    }
}

/// Never prints the proofs: a `{:?}` may end up in a log.
impl fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Endpoint")
            .field("url", &self.url)
            .field("credential", &self.credential.as_ref().map(|_| "…"))
            .field(
                "enrollment_code",
                &self.enrollment_code.as_ref().map(|_| "…"),
            )
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::Endpoint;

    #[test]
    fn debug_never_shows_the_proofs() {
        let endpoint = Endpoint {
            url: "https://consent.example/receipts".into(),
            credential: Some("eleve-0042.1765152000.secret".into()),
            enrollment_code: Some("K7Q-2MX".into()),
        };
        let shown = format!("{endpoint:?}");
        assert!(shown.contains("consent.example"), "{shown}");
        assert!(
            !shown.contains("secret") && !shown.contains("K7Q"),
            "{shown}"
        );
    }
}
