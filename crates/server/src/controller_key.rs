//! The controller's signing key, read from its JWK file. It is never
//! generated here: a service that made its own key would countersign with
//! a key no notice lists, and every pupil's receipt would be refused.

use std::path::Path;

use anyhow::{bail, Result};
use limpide_receipt::SecretKey;

use crate::notices::NoticeSet;

/// Reads the private JWK at `path` (made with `limpide keygen`).
pub fn load(path: &Path) -> Result<SecretKey> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => bail!(
            "cannot read the controller key {}: {e} (make one with `limpide keygen --out {}` and list its public half in the notice's controller.keys)",
            path.display(),
            path.display()
        ),
    };
    SecretKey::from_jwk(&bytes).map_err(|e| {
        anyhow::anyhow!(
            "{} is not the controller's private key (an Ed25519 JWK with \"d\"): {e}",
            path.display()
        )
    })
}

/// Checks that `key` may countersign for the notices served: at least one
/// lists it, and every notice that lists keys lists it (a notice listing
/// only other keys would have every receipt's countersignature refused).
pub fn check_listed(key: &SecretKey, notices: &NoticeSet) -> Result<()> {
    let kid = key.public_jwk().thumbprint();
    let mut listed = false;
    for published in notices.all() {
        let notice = &published.notice;
        if notice.controller.lists_key(&kid) {
            listed = true;
        } else if !notice.controller.keys.is_empty() {
            bail!(
                "the key {kid} is not listed in notice {:?} version {:?}, which lists other controller keys: the widget and `limpide verify` would refuse its countersignatures",
                notice.id,
                notice.version
            );
        }
    }
    if !listed {
        bail!("no notice served lists the key {kid} in controller.keys: publish a notice version that lists it");
    }
    Ok(())
}
