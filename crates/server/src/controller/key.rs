//! The controller's signing key, read from its JWK file. It is never
//! generated here: a service that made its own key would countersign with
//! a key no notice lists, and every pupil's receipt would be refused.

use std::path::Path;

use anyhow::{bail, Result};
use limpide_receipt::SigningKey;

use super::notices::NoticeSet;

/// Reads the private JWK at `path` (made with `limpide keygen`, mode
/// 0600). A key file other users may read is refused, unless it is the
/// published demo key (its private half is in the repository anyway).
pub fn load(path: &Path) -> Result<SigningKey> {
    let key = read(path)?;
    if key.public_jwk().thumbprint() != DEMO_KID {
        crate::private_file::check_private(
            path,
            "the controller key",
            "the private key that countersigns every receipt",
        )?;
    }
    Ok(key)
}

fn read(path: &Path) -> Result<SigningKey> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => bail!(
            "cannot read the controller key {}: {e} (make one with `limpide keygen --out {}` and list its public half in the notice's controller.keys)",
            path.display(),
            path.display()
        ),
    };
    SigningKey::from_jwk(&bytes).map_err(|e| {
        anyhow::anyhow!(
            "{} is not the controller's private key (an Ed25519 JWK with \"d\"): {e}",
            path.display()
        )
    })
}

/// The demo controller's key (`crates/server/demo/controller.jwk`, listed
/// in the example notice): public, so never a real controller's.
pub const DEMO_KID: &str = "ze6nlQwxP0U-qBCLTwK7W8pM1lXRKz70b6nRshnTRco";

/// Checks that `key` may countersign for the notices served: at least one
/// version lists it. Versions that do not (published before it, or before
/// a rotation) are still served, and receipts about them are refused
/// (`key-not-listed`). The demo key is refused unless `demo` is set: a
/// notice copied from the example would let anyone countersign.
pub fn check_listed(key: &SigningKey, notices: &NoticeSet, demo: bool) -> Result<()> {
    let kid = key.public_jwk().thumbprint();
    if kid == DEMO_KID && !demo {
        bail!("{kid} is the demo controller key, whose private half is published: make a key of your own with `limpide keygen` (or pass --demo to try the demo)");
    }
    if !notices.all().any(|p| p.notice.controller.lists_key(&kid)) {
        bail!("no notice served lists the key {kid} in controller.keys: publish a notice version that lists it");
    }
    Ok(())
}
