//! The notices the service serves: every `*.json` file of `--notices DIR`,
//! each checked by `limpide-receipt`, keyed by id and version.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use anyhow::{bail, Context as _, Result};
use limpide_receipt::{Notice, PublicJwk};

use crate::echo::quoted;

/// One published notice version: the checked notice and its bytes as
/// published (what `GET /notices/{id}/{version}` answers).
pub struct Published {
    /// The checked notice.
    pub notice: Notice,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// Every notice version served, by (id, version).
pub struct NoticeSet {
    by_version: BTreeMap<(String, String), Published>,
}

impl NoticeSet {
    /// Reads every `*.json` file in `dir`. A file that is not a valid
    /// notice, or two files with one id and version, stop the service: it
    /// never countersigns against a notice it could not check.
    pub fn load(dir: &Path) -> Result<Self> {
        let entries = std::fs::read_dir(dir)
            .with_context(|| format!("cannot read the notices folder {}", dir.display()))?;
        let mut by_version = BTreeMap::new();
        let mut paths: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        paths.sort();
        for path in paths {
            let bytes =
                std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
            let notice = Notice::from_json(&bytes)
                .map_err(|e| anyhow::anyhow!("{} is not a valid notice:\n{e}", path.display()))?;
            let key = (notice.id.clone(), notice.version.clone());
            if by_version.contains_key(&key) {
                bail!(
                    "{} repeats notice {:?} version {:?}: each version is published once",
                    path.display(),
                    key.0,
                    key.1
                );
            }
            by_version.insert(key, Published { notice, bytes });
        }
        if by_version.is_empty() {
            bail!("{} holds no notice (*.json)", dir.display());
        }
        Ok(Self { by_version })
    }

    /// The notice with this id and version.
    pub fn get(&self, id: &str, version: &str) -> Option<&Published> {
        self.by_version.get(&(id.to_owned(), version.to_owned()))
    }

    /// Every version served.
    pub fn all(&self) -> impl Iterator<Item = &Published> {
        self.by_version.values()
    }

    /// Every controller key some served notice lists: those that may have
    /// issued subject values (the current key and keys being rotated).
    pub fn listed_keys(&self) -> ListedKeys {
        let mut keys: Vec<PublicJwk> = Vec::new();
        for key in self.all().flat_map(|p| p.notice.controller.keys.iter()) {
            if !keys.contains(key) {
                keys.push(*key);
            }
        }
        ListedKeys(keys.into())
    }
}

/// Every controller key the served notices list, read once at start rather
/// than per request: the keys that may have issued subject values, and the
/// JWKS `GET /keys` answers.
#[derive(Clone, Debug)]
pub struct ListedKeys(Arc<[PublicJwk]>);

impl std::ops::Deref for ListedKeys {
    type Target = [PublicJwk];

    fn deref(&self) -> &[PublicJwk] {
        &self.0
    }
}

/// Checks that `purpose` on `channel` (`""` for a purpose without
/// channels) is a box of some served version of notice `notice_id`: the
/// permissions and the gate refuse a typo rather than answer "nobody".
pub fn check_permission(
    notices: &NoticeSet,
    notice_id: &str,
    purpose: &str,
    channel: &str,
) -> Result<(), String> {
    let versions: Vec<&Notice> = notices
        .all()
        .map(|p| &p.notice)
        .filter(|n| n.id == notice_id)
        .collect();
    if versions.is_empty() {
        return Err(format!("no notice {} is served", quoted(notice_id)));
    }
    let Some(found) = versions.iter().find_map(|n| n.purpose(purpose)) else {
        return Err(format!(
            "notice {} has no purpose {}",
            quoted(notice_id),
            quoted(purpose)
        ));
    };
    let channels: Vec<&str> = found.channels.iter().map(|c| c.as_str()).collect();
    match (channels.is_empty(), channel) {
        (true, "") => Ok(()),
        (true, _) => Err(format!(
            "purpose {} has no channels: leave channel= out",
            quoted(purpose)
        )),
        (false, c) if channels.contains(&c) => Ok(()),
        (false, _) => Err(format!(
            "purpose {} is asked on channel= one of {}",
            quoted(purpose),
            channels.join(", ")
        )),
    }
}

/// The notice version a campaign or a withdrawal is about: version
/// `version` if given, else the newest served version (versions compared
/// as text: dates sort right) that has `purpose` on `channel` (`""` for a
/// purpose without channels).
pub fn newest_with_box<'n>(
    notices: &'n NoticeSet,
    notice_id: &str,
    version: Option<&str>,
    purpose: &str,
    channel: &str,
) -> Option<&'n Notice> {
    let has_box = |notice: &Notice| {
        notice
            .purpose(purpose)
            .is_some_and(|p| p.boxes().any(|b| b.map_or("", |c| c.as_str()) == channel))
    };
    notices
        .all()
        .map(|p| &p.notice)
        .filter(|n| n.id == notice_id && version.is_none_or(|v| v == n.version))
        .filter(|n| has_box(n))
        .max_by(|a, b| a.version.cmp(&b.version))
}
