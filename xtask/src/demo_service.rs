//! The receipt service beside the demo (`cargo xtask serve`):
//! `limpide-server serve` on loopback, with SQLite under `.tmp/demo/`, the
//! demo controller key (the one `www/notices/pass-region.json` lists) and a
//! staff file with one account per role, made afresh on each start with
//! `limpide-server staff add` (the people's passwords printed, for the
//! console). The demo page's widget posts to it as the demo pupil: its bare
//! id as `subject`, and a credential the demo controller issued
//! (`limpide-server credential`), made afresh for each load of the page.

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use anyhow::{bail, Context as _, Result};

use crate::build::target_dir;
use crate::{root, sh};

/// Where the service listens.
pub const ADDRESS: &str = "127.0.0.1:8787";
/// The demo pupil's id, the controller's pseudonym for them.
const DEMO_SUBJECT_ID: &str = "demo-eleve-0001";

/// The running service; stopped when dropped.
pub struct DemoService {
    child: Child,
    binary: PathBuf,
    /// `http://127.0.0.1:8787`.
    pub origin: String,
    /// The demo pupil's id, the widget's `subject` option.
    pub subject: &'static str,
}

impl DemoService {
    /// A fresh credential for the demo pupil (the widget's `credential`
    /// option), as an embedder's signed-in page gets one per page load: it
    /// expires (24 h), so one minted at start would not outlive a long demo.
    /// Signing it offline takes a few milliseconds.
    pub fn credential(&self) -> Result<String> {
        let made = Command::new(&self.binary)
            .args(["credential", "--key"])
            .arg(demo_key())
            .arg(self.subject)
            .output()
            .context("cannot run limpide-server credential")?;
        if !made.status.success() {
            bail!(
                "limpide-server credential failed: {}",
                String::from_utf8_lossy(&made.stderr)
            );
        }
        Ok(String::from_utf8_lossy(&made.stdout).trim().to_owned())
    }
}

impl Drop for DemoService {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn demo_key() -> PathBuf {
    root().join("crates/server/demo/controller.jwk")
}

/// `bytes` random bytes, in hex.
fn random_hex(bytes: usize) -> Result<String> {
    let mut buffer = vec![0u8; bytes];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut buffer))
        .context("cannot read /dev/urandom for the demo's accounts")?;
    Ok(buffer.iter().map(|b| format!("{b:02x}")).collect())
}

/// The demo's staff file, `.tmp/demo/staff.toml`, made afresh: people
/// `demo-dpo` and `demo-communications` (random passwords, answered for
/// printing), machine clients `demo-integration` and `demo-dpo-api` (their
/// tokens in `.tmp/demo/integration.token` and `.tmp/demo/dpo.token`).
fn demo_staff(binary: &Path, dir: &Path) -> Result<(PathBuf, Vec<(String, String)>)> {
    let file = dir.join("staff.toml");
    let _ = std::fs::remove_file(&file);
    let add = |args: &[&str], stdin: Option<&str>| -> Result<()> {
        let mut child = Command::new(binary)
            .args(["staff", "add"])
            .args(args)
            .arg("--staff")
            .arg(&file)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .context("cannot run limpide-server staff add")?;
        if let (Some(text), Some(mut input)) = (stdin, child.stdin.take()) {
            input.write_all(text.as_bytes())?;
        }
        let out = child.wait_with_output()?;
        if !out.status.success() {
            bail!(
                "limpide-server staff add failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Ok(())
    };
    let mut people = Vec::new();
    for role in ["dpo", "communications"] {
        let account = format!("demo-{role}");
        let password = random_hex(9)?;
        add(
            &[&account, "--role", role, "--password-stdin"],
            Some(&format!("{password}\n")),
        )?;
        people.push((account, password));
    }
    for (account, role, name) in [
        ("demo-integration", "integration", "integration.token"),
        ("demo-dpo-api", "dpo", "dpo.token"),
    ] {
        let token_file = dir.join(name);
        std::fs::write(&token_file, format!("{}\n", random_hex(24)?))?;
        let token = token_file.to_string_lossy().into_owned();
        add(&[account, "--role", role, "--token-file", &token], None)?;
    }
    Ok((file, people))
}

/// The demo log's origin, which `docs/examples/notice-format-3.json` lists.
const DEMO_LOG_ORIGIN: &str = "limpide-demo.example/log";

/// Builds and starts the service; `demo_origin` is the demo page's origin,
/// allowed to post to it (CORS).
pub fn start(demo_origin: &str) -> Result<DemoService> {
    sh("cargo", &["build", "-q", "-p", "limpide-server"])?;
    let binary = target_dir()?.join("debug/limpide-server");
    let dir = root().join(".tmp/demo");
    std::fs::create_dir_all(&dir)?;
    let (staff, people) = demo_staff(&binary, &dir)?;
    let db = format!("sqlite://{}", dir.join("limpide.db").display());
    let mut child = Command::new(&binary)
        .args(["serve", "--notices"])
        .arg(root().join("www/notices"))
        .arg("--key")
        .arg(demo_key())
        .args([
            "--db",
            &db,
            "--listen",
            ADDRESS,
            "--allow-origin",
            demo_origin,
            // The demo key's private half is in the repository: the
            // service accepts it only when told this is the demo.
            "--demo",
        ])
        .arg("--staff")
        .arg(&staff)
        .args(["--public-url", &format!("http://{ADDRESS}")])
        // The demo log's key is published too (`--demo` lets it sign); its
        // origin is fixed, whatever the demo's address.
        .arg("--log-key")
        .arg(root().join("crates/server/demo/log.jwk"))
        .args(["--log-origin", DEMO_LOG_ORIGIN])
        // Where a stop page sends a pupil to change every other choice.
        .args(["--consent-page", &format!("{demo_origin}/")])
        .stderr(Stdio::inherit())
        .spawn()
        .context("cannot start limpide-server")?;
    // Up when it accepts a connection; gone if it exited (port taken, say).
    for _ in 0..100 {
        if let Some(status) = child.try_wait()? {
            bail!("limpide-server stopped at once ({status}); is {ADDRESS} taken?");
        }
        if std::net::TcpStream::connect(ADDRESS).is_ok() {
            eprintln!(
                "receipt service on http://{ADDRESS}/ (SQLite {}); its console: http://{ADDRESS}/console",
                dir.join("limpide.db").display(),
            );
            for (account, password) in &people {
                eprintln!("  console account {account}, password {password}");
            }
            eprintln!(
                "  API tokens: `Authorization: Bearer $(cat {})` (dpo), {} (integration)",
                dir.join("dpo.token").display(),
                dir.join("integration.token").display()
            );
            let service = DemoService {
                child,
                binary,
                origin: format!("http://{ADDRESS}"),
                subject: DEMO_SUBJECT_ID,
            };
            // Fails now, not on the first page load, if credentials cannot be made.
            service.credential()?;
            return Ok(service);
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let _ = child.kill();
    bail!("limpide-server did not answer on {ADDRESS}")
}
