//! `--public-url`: the address people and pupils reach the service at.
//! The console's cookie is `Secure` when it is `https://`, its forms
//! expect this origin, and stop links and campaign pages are written with it.

use std::sync::Arc;

/// The service's public address, without a trailing `/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicUrl(Arc<str>);

impl PublicUrl {
    /// Checks `--public-url`: `https://host[:port][/path]`, or, only for
    /// the demo (`demo`), `http://127.0.0.1…` or `http://localhost…`.
    pub fn parse(text: &str, demo: bool) -> Result<Self, String> {
        let text = text.trim_end_matches('/');
        let (scheme, rest) = text.split_once("://").ok_or_else(|| {
            format!("--public-url {text:?} is not a URL such as https://consent.region.example")
        })?;
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
        let valid_host = !host.is_empty()
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b))
            && !rest.contains(['?', '#']);
        if !valid_host {
            return Err(format!(
                "--public-url {text:?} is not a URL such as https://consent.region.example"
            ));
        }
        let loopback = host.starts_with("127.0.0.1") || host.starts_with("localhost");
        match scheme {
            "https" => {}
            "http" if demo && loopback => {}
            "http" if loopback => {
                return Err(format!(
                    "--public-url {text:?} is plain HTTP: only the demo (--demo) may use http://127.0.0.1; a region's service sits behind TLS (https://)"
                ))
            }
            _ => {
                return Err(format!(
                    "--public-url {text:?} must be https:// (the service sits behind a TLS proxy)"
                ))
            }
        }
        Ok(Self(text.into()))
    }

    /// The URL, without a trailing `/`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `scheme://host[:port]`: what a browser's `Origin` header says.
    pub fn origin(&self) -> &str {
        let after_scheme = self.0.find("://").map_or(0, |i| i + 3);
        let end = self.0[after_scheme..]
            .find('/')
            .map_or(self.0.len(), |i| after_scheme + i);
        &self.0[..end]
    }

    /// Whether cookies are sent over TLS only (`https://`).
    pub fn is_https(&self) -> bool {
        self.0.starts_with("https://")
    }

    /// `path` (starting with `/`) under the public URL.
    pub fn join(&self, path: &str) -> String {
        format!("{}{path}", self.0)
    }
}
