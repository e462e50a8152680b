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

/// The demo log's key (`crates/server/demo/log.jwk`), which the demo
/// notice lists.
pub fn demo_log_key() -> PathBuf {
    root().join("crates/server/demo/log.jwk")
}

/// The origin of the demo log, as the demo notice lists its key.
pub const LOG_ORIGIN: &str = "limpide-demo.example/log";

/// `serve`'s arguments for the demo log: every test service signs it, as
/// the demo notice lists its key.
pub fn log_args() -> Vec<String> {
    vec![
        "--log-key".to_owned(),
        demo_log_key().display().to_string(),
        "--log-origin".to_owned(),
        LOG_ORIGIN.to_owned(),
    ]
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

/// The roles, and the token the test service's machine account of each
/// role has (`Server::token`).
pub const ROLES: [&str; 3] = ["dpo", "communications", "integration"];

/// The token of the test service's `ROLE-bot` account.
pub fn role_token(role: &str) -> String {
    format!("test-{role}-token-0123456789abcdefghijklmnopqrstuv")
}

/// A staff file with one token account per role (`dpo-bot`,
/// `communications-bot`, `integration-bot`), mode 0600. People's accounts
/// (passwords) are added with `Server::staff`, the real `staff add`.
pub fn write_staff_file(path: &Path) {
    let mut text = String::new();
    for role in ROLES {
        text.push_str(&format!(
            "[accounts.{role}-bot]\nrole = \"{role}\"\ntoken_sha256 = \"{}\"\n\n",
            limpide_receipt::sha256_base64url(role_token(role).as_bytes())
        ));
    }
    std::fs::write(path, text).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
}

/// A running service; killed on drop.
pub struct Server {
    child: Child,
    pub addr: String,
    /// Its staff file (`--staff`), which the service re-reads on change.
    pub staff_file: PathBuf,
    _dir: TempDir,
}

impl Server {
    /// `limpide-server serve` on `db` with the example notices, the demo
    /// key, the demo log (`log_args`: the demo notice lists its key) and a
    /// staff account per role (`write_staff_file`), plus `extra` arguments.
    /// Its public URL is `http://` its address (`--demo`).
    pub fn start(db: &str, extra: &[&str]) -> Self {
        Self::start_bin(&bin(), db, extra)
    }

    /// As `start`, with another build of the binary (the bench's build
    /// without the log).
    pub fn start_bin(bin: &Path, db: &str, extra: &[&str]) -> Self {
        let dir = TempDir::new("limpide-server-test");
        let staff_file = dir.0.join("staff.toml");
        write_staff_file(&staff_file);
        let addr = format!("127.0.0.1:{}", free_port());
        let mut child = Command::new(bin)
            .args(["serve", "--notices"])
            .arg(notices_dir())
            .arg("--key")
            .arg(demo_key())
            .args(["--db", db, "--listen", &addr, "--demo", "--staff"])
            .arg(&staff_file)
            .args(log_args())
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
            staff_file,
            _dir: dir,
        }
    }

    /// The service's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Posts a receipt as the widget does on the embedding page: with the
    /// credential of the pupil it names.
    pub fn post_receipt(&self, body: &[u8]) -> Response {
        match super::receipts::credential_for(body) {
            Some(credential) => {
                self.post_receipt_with(body, &[("Authorization", &format!("Bearer {credential}"))])
            }
            None => self.post_receipt_with(body, &[]),
        }
    }

    /// Posts a receipt from a new device of pupil `id`, with an enrollment
    /// code the integration account asked for.
    pub fn post_receipt_enrolling(&self, body: &[u8], id: &str) -> Response {
        let code = self.integration("POST", &format!("/subjects/{id}/enrollment-codes"), b"");
        assert_eq!(code.status, 201, "{}", code.text());
        let code = code.json()["code"].as_str().unwrap().to_owned();
        self.post_receipt_with(body, &[("Limpide-Enrollment-Code", &code)])
    }

    /// Posts a receipt with these headers beside its content type, and
    /// nothing else (no credential unless given).
    pub fn post_receipt_with(&self, body: &[u8], headers: &[(&str, &str)]) -> Response {
        let mut all = vec![("Content-Type", "application/jose+json")];
        all.extend_from_slice(headers);
        request(&self.addr, "POST", "/receipts", &all, body)
    }

    /// The public URL (`http://` + address): the console's origin.
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A request with the token of `role`'s account.
    pub fn as_role(&self, role: &str, method: &str, path: &str, body: &[u8]) -> Response {
        let auth = format!("Bearer {}", role_token(role));
        request(&self.addr, method, path, &[("Authorization", &auth)], body)
    }

    /// A request as the `dpo` role.
    pub fn dpo(&self, method: &str, path: &str, body: &[u8]) -> Response {
        self.as_role("dpo", method, path, body)
    }

    /// A request as the `communications` role.
    pub fn communications(&self, method: &str, path: &str, body: &[u8]) -> Response {
        self.as_role("communications", method, path, body)
    }

    /// A request as the `integration` role.
    pub fn integration(&self, method: &str, path: &str, body: &[u8]) -> Response {
        self.as_role("integration", method, path, body)
    }

    /// A request with no credentials.
    pub fn anonymous(&self, method: &str, path: &str, body: &[u8]) -> Response {
        request(&self.addr, method, path, &[], body)
    }

    /// `limpide-server staff ARGS --staff <this service's file>`, with `stdin`.
    pub fn staff(&self, args: &[&str], stdin: &[u8]) -> (i32, String, String) {
        let file = self.staff_file.to_str().unwrap();
        let mut all = vec!["staff"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--staff", file]);
        run(&all, stdin)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
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
    // A child that stops before reading its input (a configuration error)
    // closes the pipe: that is its answer, not the test's failure.
    if let Err(e) = writer.join().unwrap() {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
    }
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
