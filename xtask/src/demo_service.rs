//! The receipt service beside the demo (`cargo xtask serve`):
//! `limpide-server serve` on loopback, with SQLite under `.tmp/demo/`, the
//! demo controller key (the one `www/notices/pass-region.json` lists) and an
//! admin token made for the demo. The demo page's widget posts to it, as a
//! subject the demo controller issued.

use std::io::Read as _;
use std::path::PathBuf;
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
    /// `http://127.0.0.1:8787`.
    pub origin: String,
    /// The value the demo hands to the widget's `subject` option.
    pub subject: String,
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

/// A random admin token for the demo, kept in `.tmp/demo/admin.token`.
fn admin_token(dir: &std::path::Path) -> Result<PathBuf> {
    let file = dir.join("admin.token");
    if !file.exists() {
        let mut bytes = [0u8; 24];
        std::fs::File::open("/dev/urandom")
            .and_then(|mut f| f.read_exact(&mut bytes))
            .context("cannot read /dev/urandom for the demo's admin token")?;
        let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        std::fs::write(&file, format!("{token}\n"))?;
    }
    Ok(file)
}

/// Builds and starts the service; `demo_origin` is the demo page's origin,
/// allowed to post to it (CORS).
pub fn start(demo_origin: &str) -> Result<DemoService> {
    sh("cargo", &["build", "-q", "-p", "limpide-server"])?;
    let binary = target_dir()?.join("debug/limpide-server");
    let dir = root().join(".tmp/demo");
    std::fs::create_dir_all(&dir)?;
    let token = admin_token(&dir)?;
    let subject = Command::new(&binary)
        .args(["subject", "--key"])
        .arg(demo_key())
        .arg(DEMO_SUBJECT_ID)
        .output()
        .context("cannot run limpide-server subject")?;
    if !subject.status.success() {
        bail!(
            "limpide-server subject failed: {}",
            String::from_utf8_lossy(&subject.stderr)
        );
    }
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
        .arg("--admin-token-file")
        .arg(&token)
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
                "receipt service on http://{ADDRESS}/ (SQLite {}); its admin page: http://{ADDRESS}/admin with `Authorization: Bearer $(cat {})`",
                dir.join("limpide.db").display(),
                token.display()
            );
            return Ok(DemoService {
                child,
                origin: format!("http://{ADDRESS}"),
                subject: String::from_utf8_lossy(&subject.stdout).trim().to_owned(),
            });
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let _ = child.kill();
    bail!("limpide-server did not answer on {ADDRESS}")
}
