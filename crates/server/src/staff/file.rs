//! The staff file (`staff.toml`), read and written whole:
//!
//! ```toml
//! [accounts.marie]
//! role = "dpo"
//! password = "$argon2id$v=19$m=19456,t=2,p=1$…"
//! totp = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
//!
//! [accounts.crm]
//! role = "integration"
//! token_sha256 = "…"
//! ```
//!
//! Written to a temporary file beside it (mode 0600) and renamed over it,
//! so that a service reading it never sees half of one.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context as _, Result};
use serde::{Deserialize, Serialize};

use super::account::{check_id, Account, Credential};
use super::role::Role;
use super::totp::TotpSecret;

#[derive(Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FileText {
    #[serde(default)]
    accounts: BTreeMap<String, Entry>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    role: Role,
    #[serde(skip_serializing_if = "Option::is_none")]
    password: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    token_sha256: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    totp: Option<String>,
}

const HEADER: &str = "\
# Limpide's staff accounts (docs/console.md), managed by `limpide-server staff`.
# Passwords are Argon2id hashes, tokens SHA-256 digests; a TOTP secret is a
# secret: keep this file readable by the service's user alone (mode 0600).
";

/// The accounts of a staff file, by id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StaffFile {
    /// Every account, by id.
    pub accounts: BTreeMap<String, Account>,
}

impl StaffFile {
    /// Reads the file's text: every account checked (id, role, one
    /// credential, a valid TOTP secret), or what is wrong.
    pub fn parse(text: &str) -> Result<Self> {
        let file: FileText = toml::from_str(text).map_err(|e| anyhow!("{e}"))?;
        let mut accounts = BTreeMap::new();
        for (id, entry) in file.accounts {
            check_id(&id).map_err(|e| anyhow!(e))?;
            let credential = match (entry.password, entry.token_sha256) {
                (Some(phc), None) if phc.starts_with("$argon2id$") => Credential::Password(phc),
                (Some(_), None) => bail!("account {id:?}: the password is not an Argon2id hash"),
                (None, Some(hash)) if hash.len() == 43 => Credential::Token(hash),
                (None, Some(_)) => bail!("account {id:?}: token_sha256 is not a SHA-256 digest"),
                _ => bail!("account {id:?} needs exactly one of password or token_sha256"),
            };
            let totp = entry.totp.map(TotpSecret);
            if let Some(secret) = &totp {
                if !secret.is_valid() {
                    bail!("account {id:?}: totp is not a base32 secret of 16 bytes or more");
                }
                if matches!(credential, Credential::Token(_)) {
                    bail!("account {id:?}: a token account has no second factor");
                }
            }
            let account = Account {
                id: id.clone(),
                role: entry.role,
                credential,
                totp,
            };
            accounts.insert(id, account);
        }
        Ok(Self { accounts })
    }

    /// Reads `path`; a missing file is an empty one when `missing_ok`.
    pub fn load(path: &Path, missing_ok: bool) -> Result<Self> {
        match std::fs::read_to_string(path) {
            Ok(text) => Self::parse(&text)
                .with_context(|| format!("{} is not a valid staff file", path.display())),
            Err(e) if missing_ok && e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(e) => {
                Err(e).with_context(|| format!("cannot read the staff file {}", path.display()))
            }
        }
    }

    /// The file's text.
    pub fn to_text(&self) -> String {
        let file = FileText {
            accounts: self
                .accounts
                .iter()
                .map(|(id, a)| {
                    let (password, token_sha256) = match &a.credential {
                        Credential::Password(phc) => (Some(phc.clone()), None),
                        Credential::Token(hash) => (None, Some(hash.clone())),
                    };
                    let entry = Entry {
                        role: a.role,
                        password,
                        token_sha256,
                        totp: a.totp.as_ref().map(|t| t.0.clone()),
                    };
                    (id.clone(), entry)
                })
                .collect(),
        };
        format!("{HEADER}\n{}", toml::to_string(&file).unwrap_or_default())
    }

    /// Writes the file atomically: a temporary file beside it, mode 0600,
    /// synced, then renamed over it.
    pub fn save(&self, path: &Path) -> Result<()> {
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = path
            .file_name()
            .context("the staff file has no file name")?;
        let temp: PathBuf = dir.join(format!(
            ".{}.tmp-{}",
            name.to_string_lossy(),
            std::process::id()
        ));
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let written = (|| -> std::io::Result<()> {
            let mut file = options.open(&temp)?;
            file.write_all(self.to_text().as_bytes())?;
            file.sync_all()?;
            std::fs::rename(&temp, path)?;
            // The rename itself, durable.
            if let Ok(d) = std::fs::File::open(dir) {
                let _ = d.sync_all();
            }
            Ok(())
        })();
        if written.is_err() {
            let _ = std::fs::remove_file(&temp);
        }
        written.with_context(|| format!("cannot write the staff file {}", path.display()))
    }

    /// The accounts with this role.
    pub fn with_role(&self, role: Role) -> impl Iterator<Item = &Account> {
        self.accounts.values().filter(move |a| a.role == role)
    }
}

/// Refuses a staff file that users other than its owner may read: it
/// holds password hashes and TOTP secrets.
pub fn check_private(path: &Path) -> Result<()> {
    crate::private_file::check_private(
        path,
        "the staff file",
        "password hashes and second-factor secrets",
    )
}
