//! The real `limpide-server` binary, started as a user starts it.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use super::http::{request, Response};

/// The binary: the one cargo built for these tests, or for the bench
/// (an example, which cargo tells nothing) `LIMPIDE_SERVER_BIN`.
pub fn bin() -> PathBuf {
    #[cfg(test)]
    return PathBuf::from(env!("CARGO_BIN_EXE_limpide-server"));
    #[cfg(not(test))]
    return PathBuf::from(
        std::env::var_os("LIMPIDE_SERVER_BIN")
            .expect("LIMPIDE_SERVER_BIN names the limpide-server binary"),
    );
}

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn notices_dir() -> PathBuf {
    root().join("www/notices")
}

pub fn demo_key() -> PathBuf {
    root().join("crates/server/demo/controller.jwk")
}

/// A temporary folder, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(prefix: &str) -> Self {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "{prefix}-{}-{}",
            std::process::id(),
            COUNT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A free loopback port (bound, then released for the child to bind).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A running service; killed on drop.
pub struct Server {
    child: Child,
    pub addr: String,
    pub token: String,
    _dir: TempDir,
}

impl Server {
    /// `limpide-server serve` on `db` with the example notices, the demo
    /// key and an admin token, plus `extra` arguments.
    pub fn start(db: &str, extra: &[&str]) -> Self {
        let dir = TempDir::new("limpide-server-test");
        let token = "test-admin-token-0123456789abcdefghijklmnop".to_owned();
        let token_file = dir.0.join("admin.token");
        std::fs::write(&token_file, format!("{token}\n")).unwrap();
        let addr = format!("127.0.0.1:{}", free_port());
        let mut child = Command::new(bin())
            .args(["serve", "--notices"])
            .arg(notices_dir())
            .arg("--key")
            .arg(demo_key())
            .args([
                "--db",
                db,
                "--listen",
                &addr,
                "--demo",
                "--admin-token-file",
            ])
            .arg(&token_file)
            .args(extra)
            .current_dir(&dir.0)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Ready once it says where it listens.
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut line = String::new();
        stderr.read_line(&mut line).unwrap();
        assert!(
            line.contains("listening on"),
            "the service did not start: {line}"
        );
        std::thread::spawn(move || {
            // Keep draining its log so it never blocks on a full pipe.
            for line in stderr.lines().map_while(Result::ok) {
                eprintln!("[server] {line}");
            }
        });
        Self {
            child,
            addr,
            token,
            _dir: dir,
        }
    }

    /// The service's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn post_receipt(&self, body: &[u8]) -> Response {
        request(
            &self.addr,
            "POST",
            "/receipts",
            &[("Content-Type", "application/jose+json")],
            body,
        )
    }

    pub fn admin(&self, method: &str, path: &str, body: &[u8]) -> Response {
        let auth = format!("Bearer {}", self.token);
        request(&self.addr, method, path, &[("Authorization", &auth)], body)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `limpide-server gate` on `db` for SMS offers (bons-plans by sms).
pub fn gate_sms_args(db: &str) -> [&str; 9] {
    [
        "gate",
        "--db",
        db,
        "--notice",
        "pass-region",
        "--purpose",
        "bons-plans",
        "--channel",
        "sms",
    ]
}

/// Runs the binary to completion: (status, stdout, stderr).
pub fn run(args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    use std::io::Write as _;
    let mut child = Command::new(bin())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Written from another thread: a large input would otherwise fill the
    // child's output pipe while we still write, and both would wait.
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_vec();
    let writer = std::thread::spawn(move || input.write_all(&stdin));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
