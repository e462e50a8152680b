//! Files that hold secrets (the controller's key, the staff file, the
//! database password): the service refuses to read one that its owner's
//! group or other users may read, as ssh refuses a private key, and says
//! how to fix it.

use std::path::Path;

use anyhow::{bail, Context as _, Result};

/// Refuses `path` if users other than its owner may read it. `what` names
/// the file ("the controller key"), `holds` says what it holds.
pub fn check_private(path: &Path, what: &str, holds: &str) -> Result<()> {
    let meta = std::fs::metadata(path)
        .with_context(|| format!("cannot read {what} {}", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            bail!(
                "{what} {} may be read by other users (mode {mode:o}): it holds {holds}; \
                 run `chmod 600 {}`",
                path.display(),
                path.display()
            );
        }
    }
    #[cfg(not(unix))]
    let _ = meta;
    Ok(())
}

/// Reads the first line of a private file (a password, a token).
pub fn read_secret_line(path: &Path, what: &str) -> Result<String> {
    check_private(path, what, "a secret")?;
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read {what} {}", path.display()))?;
    let line = text
        .lines()
        .next()
        .unwrap_or_default()
        .trim_end()
        .to_owned();
    if line.is_empty() {
        bail!("{what} {} is empty", path.display());
    }
    Ok(line)
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt as _;

    use super::*;

    #[test]
    fn a_file_others_may_read_is_refused_with_the_fix() {
        let dir = std::env::temp_dir().join(format!("limpide-private-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("secret");
        std::fs::write(&file, "s3cret\n").unwrap();
        for (mode, ok) in [(0o600, true), (0o400, true), (0o640, false), (0o604, false)] {
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(mode)).unwrap();
            let checked = check_private(&file, "the key", "a key");
            assert_eq!(checked.is_ok(), ok, "{mode:o}");
            if let Err(e) = checked {
                assert!(e.to_string().contains("chmod 600"), "{e}");
            }
        }
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(
            read_secret_line(&file, "the password file").unwrap(),
            "s3cret"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
