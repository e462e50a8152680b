//! The database URL of `--db`, and its password: never on the command
//! line, where `ps` shows it to every user of the machine, but in a file
//! of the service's own (`--db-password-file`, mode 0600) or, for
//! PostgreSQL, the `PGPASSWORD` environment variable, which its driver
//! reads itself.

use std::path::Path;

use anyhow::{bail, Result};
use limpide_server::private_file::read_secret_line;

/// The URL the service connects with: `db`, refused if it holds a
/// password, with the password of `password_file` added.
pub fn url(db: String, password_file: Option<&Path>) -> Result<String> {
    let userinfo = userinfo(&db);
    if userinfo.is_some_and(|u| u.contains(':')) {
        bail!(
            "--db holds a password, which `ps` would show to every user of this machine: \
             remove it from the URL and put it in --db-password-file FILE (mode 0600) \
             or in the PGPASSWORD environment variable"
        );
    }
    let Some(file) = password_file else {
        return Ok(db);
    };
    if userinfo.is_none() {
        bail!(
            "--db-password-file needs a user in --db, e.g. postgres://limpide@db.internal/limpide"
        );
    }
    let password = read_secret_line(file, "the database password file")?;
    Ok(with_password(&db, &password))
}

/// The `user[:password]` part of a URL, if it has one.
fn userinfo(url: &str) -> Option<&str> {
    let rest = &url[url.find("://")? + 3..];
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    authority.rfind('@').map(|at| &authority[..at])
}

/// `scheme://user@…` with `:password` (percent-encoded) after the user.
fn with_password(url: &str, password: &str) -> String {
    let start = url.find("://").map_or(0, |i| i + 3);
    let at = start + url[start..].find('@').unwrap_or(0);
    let encoded: String = password
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    format!("{}:{encoded}{}", &url[..at], &url[at..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_in_the_url_is_refused_and_one_from_a_file_is_added() {
        let refused = url("postgres://limpide:hunter2@db/limpide".to_owned(), None).unwrap_err();
        assert!(
            refused.to_string().contains("--db-password-file"),
            "{refused}"
        );
        assert!(!refused.to_string().contains("hunter2"));
        assert_eq!(
            url("postgres://limpide@db/limpide".to_owned(), None).unwrap(),
            "postgres://limpide@db/limpide"
        );
        assert_eq!(
            url("sqlite://a@b.db".to_owned(), None).unwrap(),
            "sqlite://a@b.db"
        );
        assert_eq!(
            with_password("postgres://limpide@db:5432/limpide", "p@ss:w/rd"),
            "postgres://limpide:p%40ss%3Aw%2Frd@db:5432/limpide"
        );
    }
}
