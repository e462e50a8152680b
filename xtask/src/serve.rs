//! `cargo xtask serve`: serves `dist/` on 127.0.0.1 only, GET and HEAD, with
//! no directory listing and no path outside `dist/`. A file's precompressed
//! `.br` copy is sent instead when the browser accepts brotli. Beside the
//! receipt service, the demo page is told where it is (its widget's
//! `endpoint`, `subject` and a fresh `credential` on each load), and the
//! CSP lets the page reach it.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};

use anyhow::Result;

use crate::compress::with_suffix;
use crate::demo_service::DemoService;
use crate::root;

/// The demo page's placeholder for the form, which `serve` completes with
/// the service's endpoint and subject.
const DEMO_HOST: &str = r#"<div id="limpide-demo">"#;

/// Serves `dist/` on `127.0.0.1:port` until interrupted.
pub fn run(port: u16, service: Option<&DemoService>) -> Result<()> {
    let dist = root().join("dist").canonicalize()?;
    let listener = TcpListener::bind(("127.0.0.1", port))?;
    eprintln!("serving the demo on http://127.0.0.1:{port}/ (Ctrl-C to stop)");
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        if let Err(e) = answer(stream, &dist, service) {
            eprintln!("request failed: {e}");
        }
    }
    Ok(())
}

/// Answers one request: the file, its brotli copy, or an error status.
fn answer(mut stream: TcpStream, dist: &Path, service: Option<&DemoService>) -> Result<()> {
    stream.set_read_timeout(Some(std::time::Duration::from_secs(10)))?;
    let mut reader = BufReader::new(&stream);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut brotli = false;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.trim().eq_ignore_ascii_case("accept-encoding") {
                brotli |= accepts_brotli(value);
            }
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or_default();
    let target = parts.next().unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let mut encoding = "";
    let (status, body, kind) = match (method, resolve(dist, path)) {
        ("GET" | "HEAD", Some(file)) if service.is_some() && file == dist.join("index.html") => {
            // Sent uncompressed: its .br copy does not name the service.
            let page = std::fs::read_to_string(&file)?;
            let body = with_service(&page, service)?.into_bytes();
            ("200 OK", body, content_type(&file))
        }
        ("GET" | "HEAD", Some(file)) => {
            let (sent, headers) = variant(&file, brotli);
            match std::fs::read(sent) {
                Ok(body) => {
                    encoding = headers;
                    ("200 OK", body, content_type(&file))
                }
                Err(_) => ("404 Not Found", b"not found".to_vec(), "text/plain"),
            }
        }
        ("GET" | "HEAD", None) => ("404 Not Found", b"not found".to_vec(), "text/plain"),
        _ => (
            "405 Method Not Allowed",
            b"method not allowed".to_vec(),
            "text/plain",
        ),
    };
    // The page may reach the receipt service, and nothing else.
    let connect = service.map_or(String::new(), |s| {
        format!("; connect-src 'self' {}", s.origin)
    });
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\n{encoding}Content-Length: {}\r\nCache-Control: no-store\r\n\
         Content-Security-Policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'{connect}\r\n\
         X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if method != "HEAD" {
        stream.write_all(&body)?;
    }
    Ok(())
}

/// The demo page with its form host told the service's endpoint, the demo
/// pupil's id and a credential made for this load (`demo.js` reads them,
/// hands them to the widget and removes the credential from the page), as
/// a signed-in page of the embedder would.
fn with_service(page: &str, service: Option<&DemoService>) -> Result<String> {
    let Some(service) = service else {
        return Ok(page.to_owned());
    };
    Ok(page.replacen(
        DEMO_HOST,
        &format!(
            r#"<div id="limpide-demo" data-endpoint="{}/receipts" data-subject="{}" data-credential="{}">"#,
            service.origin,
            service.subject,
            service.credential()?
        ),
        1,
    ))
}

/// The file under `dist` for a URL path; `None` for anything that would
/// leave it or is not a file.
fn resolve(dist: &Path, url_path: &str) -> Option<PathBuf> {
    let relative = Path::new(url_path.trim_start_matches('/'));
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let mut file = dist.join(relative);
    if file.is_dir() {
        file = file.join("index.html");
    }
    file.is_file().then_some(file)
}

/// The file to send for `file` and the extra response headers: its `.br`
/// copy when there is one and the browser accepts brotli.
fn variant(file: &Path, brotli: bool) -> (PathBuf, &'static str) {
    let compressed = with_suffix(file, "br");
    if !compressed.is_file() {
        (file.to_owned(), "")
    } else if brotli {
        (
            compressed,
            "Content-Encoding: br\r\nVary: Accept-Encoding\r\n",
        )
    } else {
        (file.to_owned(), "Vary: Accept-Encoding\r\n")
    }
}

/// Whether an `Accept-Encoding` header value lists `br` with a non-zero
/// quality.
fn accepts_brotli(value: &str) -> bool {
    value.split(',').any(|coding| {
        let mut params = coding.split(';');
        let name = params.next().unwrap_or_default().trim();
        let refused = params.any(|p| {
            p.trim()
                .strip_prefix("q=")
                .and_then(|q| q.trim().parse::<f32>().ok())
                .is_some_and(|q| q == 0.0)
        });
        name.eq_ignore_ascii_case("br") && !refused
    })
}

/// The `Content-Type` of a file in `dist/`, by extension.
fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json",
        Some("wasm") => "application/wasm",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_page_has_the_host_the_service_is_named_on() {
        let page = std::fs::read_to_string(root().join("index.html")).unwrap();
        assert!(page.contains(DEMO_HOST), "index.html lost {DEMO_HOST}");
    }

    #[test]
    fn only_files_inside_dist_are_served() {
        let dist = std::env::temp_dir().join(format!("limpide-serve-{}", std::process::id()));
        std::fs::create_dir_all(dist.join("notices")).unwrap();
        std::fs::write(dist.join("index.html"), "demo").unwrap();
        std::fs::write(dist.join("notices/a.json"), "{}").unwrap();
        assert_eq!(resolve(&dist, "/"), Some(dist.join("index.html")));
        assert_eq!(
            resolve(&dist, "/notices/a.json"),
            Some(dist.join("notices/a.json"))
        );
        for outside in [
            "/../Cargo.toml",
            "/notices/../../x",
            "//etc/passwd",
            "/notices/missing.json",
            "/notices",
        ] {
            assert_eq!(resolve(&dist, outside), None, "{outside}");
        }
        std::fs::remove_dir_all(&dist).unwrap();
    }

    #[test]
    fn the_brotli_copy_is_chosen_when_present_and_accepted() {
        let dist = std::env::temp_dir().join(format!("limpide-br-{}", std::process::id()));
        std::fs::create_dir_all(&dist).unwrap();
        let (js, html) = (dist.join("limpide.js"), dist.join("index.html"));
        std::fs::write(&js, "export {}").unwrap();
        std::fs::write(dist.join("limpide.js.br"), "packed").unwrap();
        std::fs::write(&html, "demo").unwrap();
        let (sent, headers) = variant(&js, true);
        assert_eq!(sent, dist.join("limpide.js.br"));
        assert!(headers.contains("Content-Encoding: br\r\n"));
        assert!(headers.contains("Vary: Accept-Encoding\r\n"));
        assert_eq!(
            variant(&js, false),
            (js.clone(), "Vary: Accept-Encoding\r\n")
        );
        assert_eq!(variant(&html, true), (html.clone(), ""));
        std::fs::remove_dir_all(&dist).unwrap();
    }

    #[test]
    fn brotli_is_sent_only_when_accepted() {
        assert!(accepts_brotli("gzip, deflate, br, zstd"));
        assert!(accepts_brotli(" BR;q=0.5"));
        assert!(!accepts_brotli("gzip, deflate"));
        assert!(!accepts_brotli("br;q=0, gzip"));
        assert!(!accepts_brotli("brotli"));
    }

    #[test]
    fn content_types() {
        assert_eq!(
            content_type(Path::new("a/limpide_bg.wasm")),
            "application/wasm"
        );
        assert_eq!(content_type(Path::new("logo.svg")), "image/svg+xml");
        assert_eq!(
            content_type(Path::new("limpide.js")),
            "text/javascript; charset=utf-8"
        );
    }
}
