//! `cargo xtask serve`: serves `dist/` on 127.0.0.1 only, GET and HEAD, with
//! no directory listing and no path outside `dist/`.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};

use anyhow::Result;

use crate::root;

pub fn run(port: u16) -> Result<()> {
    let dist = root().join("dist").canonicalize()?;
    let listener = TcpListener::bind(("127.0.0.1", port))?;
    eprintln!("serving the demo on http://127.0.0.1:{port}/ (Ctrl-C to stop)");
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        if let Err(e) = answer(stream, &dist) {
            eprintln!("request failed: {e}");
        }
    }
    Ok(())
}

fn answer(mut stream: TcpStream, dist: &Path) -> Result<()> {
    let mut request_line = String::new();
    BufReader::new(&stream).read_line(&mut request_line)?;
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or_default();
    let target = parts.next().unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let (status, body, kind) = match (method, resolve(dist, path)) {
        ("GET" | "HEAD", Some(file)) => match std::fs::read(&file) {
            Ok(body) => ("200 OK", body, content_type(&file)),
            Err(_) => ("404 Not Found", b"not found".to_vec(), "text/plain"),
        },
        ("GET" | "HEAD", None) => ("404 Not Found", b"not found".to_vec(), "text/plain"),
        _ => (
            "405 Method Not Allowed",
            b"method not allowed".to_vec(),
            "text/plain",
        ),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n\
         Content-Security-Policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'\r\n\
         X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if method != "HEAD" {
        stream.write_all(&body)?;
    }
    Ok(())
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

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json",
        Some("wasm") => "application/wasm",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
