//! The log's signing key (`serve --log-key`), read from its JWK file, and
//! the checks that keep the log one log: a key of its own (not the
//! controller's), listed by the notices that list log keys, under one
//! origin that never changes.

use std::path::Path;

use anyhow::{bail, Result};
use limpide_receipt::SigningKey;

use super::key::DEMO_KID;
use super::notices::NoticeSet;
use crate::transparency::LogSigner;

/// The demo log's key (`crates/server/demo/log.jwk`): public, so never a
/// real controller's.
pub const DEMO_LOG_KID: &str = "3KV5NOiwYCnOZUSxCGeISUOyfYNwZ9zJ9-hKFAuxFIg";

/// Reads the log's private JWK at `path` (made with `limpide keygen`, mode
/// 0600, refused otherwise unless it is a published demo key, which
/// [`signer`] refuses without `--demo`).
pub fn load(path: &Path) -> Result<SigningKey> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => bail!(
            "cannot read the log key {}: {e} (make one with `limpide keygen --out {}`; \
             docs/server.md, \"The transparency log\")",
            path.display(),
            path.display()
        ),
    };
    let key = SigningKey::from_jwk(&bytes).map_err(|e| {
        anyhow::anyhow!(
            "{} is not the log's private key (an Ed25519 JWK with \"d\"): {e}",
            path.display()
        )
    })?;
    let kid = key.public_jwk().thumbprint();
    if kid != DEMO_LOG_KID && kid != DEMO_KID {
        crate::private_file::check_private(
            path,
            "the log key",
            "the private key that signs the log's checkpoints",
        )?;
    }
    Ok(key)
}

/// The log's signer for `origin`, once its key is checked against the
/// controller's key and the notices served.
pub fn signer(
    key: SigningKey,
    origin: &str,
    controller: &SigningKey,
    notices: &NoticeSet,
    demo: bool,
) -> Result<LogSigner> {
    let kid = key.public_jwk().thumbprint();
    if kid == controller.public_jwk().thumbprint() {
        bail!("the log key is the controller key: make the log a key of its own with `limpide keygen`");
    }
    if (kid == DEMO_LOG_KID || kid == DEMO_KID) && !demo {
        bail!("{kid} is a demo key, whose private half is published: make a log key of your own with `limpide keygen` (or pass --demo to try the demo)");
    }
    let Some(signer) = LogSigner::new(key, origin) else {
        bail!("the log's origin {origin:?} is not a signed note's key name (no spaces, no '+'): set --log-origin");
    };
    let vkey = signer.log_key().to_vkey();
    for published in notices.all() {
        let listed = &published.notice.controller.log_keys;
        if let Some(first) = listed.first() {
            if first.name() != origin {
                bail!(
                    "notice {} version {} lists log keys of the log {:?}, and this log is {origin:?}: \
                     start with --log-origin {:?}, or publish a version that lists {vkey}",
                    published.notice.id,
                    published.notice.version,
                    first.name(),
                    first.name()
                );
            }
        }
    }
    let lists_logs = notices
        .all()
        .any(|p| !p.notice.controller.log_keys.is_empty());
    let lists_this = notices
        .all()
        .any(|p| p.notice.controller.log_keys.contains(signer.log_key()));
    if lists_logs && !lists_this {
        bail!("no notice served lists this log key in controller.log_keys: publish a version that lists {vkey}");
    }
    Ok(signer)
}

/// Refuses a service whose notices list log keys and that was started
/// without one: every proof a family asked for would be missing.
pub fn check_not_needed(notices: &NoticeSet) -> Result<()> {
    if let Some(p) = notices
        .all()
        .find(|p| !p.notice.controller.log_keys.is_empty())
    {
        bail!(
            "notice {} version {} lists controller.log_keys: start with --log-key log.jwk \
             (the key whose public half it lists)",
            p.notice.id,
            p.notice.version
        );
    }
    Ok(())
}
