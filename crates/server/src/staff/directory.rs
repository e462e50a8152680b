//! The accounts as the service sees them: the staff file, read at start
//! and again whenever it changes. Each check of a credential first looks
//! at the file's metadata (a `stat`: size, modification time, inode),
//! and reads it again only when one differs: `staff remove` on a shared
//! file ends that account's access on every node at its next request.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use super::account::{Account, Credential};
use super::file::StaffFile;

/// The accounts of one reading of the file, with an index of token digests.
#[derive(Debug, Default)]
pub struct Accounts {
    file: StaffFile,
    by_token: HashMap<String, String>,
}

impl Accounts {
    fn new(file: StaffFile) -> Self {
        let by_token = file
            .accounts
            .values()
            .filter_map(|a| match &a.credential {
                Credential::Token(hash) => Some((hash.clone(), a.id.clone())),
                Credential::Password(_) => None,
            })
            .collect();
        Self { file, by_token }
    }

    /// The account with this id.
    pub fn get(&self, id: &str) -> Option<&Account> {
        self.file.accounts.get(id)
    }

    /// The account whose token has this SHA-256 digest.
    pub fn by_token_digest(&self, digest: &str) -> Option<&Account> {
        self.by_token.get(digest).and_then(|id| self.get(id))
    }

    /// Every account.
    pub fn all(&self) -> impl Iterator<Item = &Account> {
        self.file.accounts.values()
    }
}

#[derive(PartialEq, Eq, Clone, Copy)]
struct Fingerprint {
    len: u64,
    modified: Option<SystemTime>,
    inode: u64,
}

fn fingerprint(path: &Path) -> std::io::Result<Fingerprint> {
    let meta = std::fs::metadata(path)?;
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&meta);
    #[cfg(not(unix))]
    let inode = 0;
    Ok(Fingerprint {
        len: meta.len(),
        modified: meta.modified().ok(),
        inode,
    })
}

struct Loaded {
    fingerprint: Option<Fingerprint>,
    accounts: Arc<Accounts>,
}

/// The staff file, re-read when it changes.
pub struct StaffDirectory {
    path: PathBuf,
    loaded: Mutex<Loaded>,
}

impl StaffDirectory {
    /// Reads the file at `path` (the service's start: an unreadable or
    /// invalid file stops it).
    pub fn open(path: &Path) -> anyhow::Result<Self> {
        let fingerprint = fingerprint(path).ok();
        let file = StaffFile::load(path, false)?;
        Ok(Self {
            path: path.to_owned(),
            loaded: Mutex::new(Loaded {
                fingerprint,
                accounts: Arc::new(Accounts::new(file)),
            }),
        })
    }

    /// The accounts now. A file that has become unreadable or invalid
    /// counts as holding no account (fail closed) until it is mended;
    /// the service's log says why.
    pub fn current(&self) -> Arc<Accounts> {
        let now = fingerprint(&self.path).ok();
        let mut loaded = match self.loaded.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        if now.is_some() && now == loaded.fingerprint {
            return Arc::clone(&loaded.accounts);
        }
        let accounts = match StaffFile::load(&self.path, false) {
            Ok(file) => Accounts::new(file),
            Err(e) => {
                eprintln!("limpide-server: no staff account is accepted until the staff file is mended: {e:#}");
                Accounts::default()
            }
        };
        loaded.fingerprint = now;
        loaded.accounts = Arc::new(accounts);
        Arc::clone(&loaded.accounts)
    }
}
