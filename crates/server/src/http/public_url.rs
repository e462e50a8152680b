//! `--public-url`: the address people and pupils reach the service at.
//! The console's cookie is `Secure` when it is `https://`, its forms
//! expect this origin, and stop links and campaign pages are written with it.

use std::sync::Arc;

/// The service's public address, without a trailing `/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicUrl(Arc<str>);

impl PublicUrl {
    /// Checks `--public-url`: `https://host[:port]`, or, only for the demo
    /// (`demo`), `http://127.0.0.1[:port]` or `http://localhost[:port]`. No
    /// path: the console's links and cookie are at the origin's root.
    pub fn parse(text: &str, demo: bool) -> Result<Self, String> {
        let text = text.trim_end_matches('/');
        let (scheme, rest) = text.split_once("://").ok_or_else(|| {
            format!("--public-url {text:?} is not a URL such as https://consent.region.example")
        })?;
        let host = rest;
        let valid_host = !host.is_empty()
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b));
        if !valid_host {
            return Err(format!(
                "--public-url {text:?} is not a URL such as https://consent.region.example"
            ));
        }
        let name = host.rsplit_once(':').map_or(host, |(name, port)| {
            if port.bytes().all(|b| b.is_ascii_digit()) {
                name
            } else {
                host
            }
        });
        let loopback = name == "127.0.0.1" || name == "localhost";
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
        &self.0
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

#[cfg(test)]
mod tests {
    use super::PublicUrl;

    #[test]
    fn only_https_or_the_demo_on_loopback() {
        for (url, demo, ok) in [
            ("https://consent.region.example", false, true),
            ("https://consent.region.example:8443/", false, true),
            ("http://127.0.0.1:8787", true, true),
            ("http://localhost:8787", true, true),
            ("http://127.0.0.1:8787", false, false),
            ("http://127.0.0.1.evil.example", true, false),
            ("http://consent.region.example", true, false),
            ("https://consent.region.example/limpide", false, false),
            ("https://consent.region.example?x", false, false),
            ("consent.region.example", false, false),
        ] {
            assert_eq!(
                PublicUrl::parse(url, demo).is_ok(),
                ok,
                "{url} (demo: {demo})"
            );
        }
        let url = PublicUrl::parse("https://consent.region.example/", false).unwrap();
        assert_eq!(url.origin(), "https://consent.region.example");
        assert!(url.is_https());
        assert_eq!(
            url.join("/console"),
            "https://consent.region.example/console"
        );
    }
}
