//! `limpide-server staff add|remove|list`: the staff file, managed.

use std::io::BufRead as _;
use std::path::Path;

use anyhow::{anyhow, Context as _};
use limpide_server::staff::{
    check_id, check_private, hash_password, hash_token, new_secret, otpauth_uri, Account,
    Credential, Role, StaffFile,
};

use super::args::StaffCommand;
use super::failure::Failure;

/// The issuer authenticator apps show beside the account.
const ISSUER: &str = "Limpide";

/// Runs a `staff` subcommand on `file`.
pub fn run(file: &Path, command: StaffCommand) -> Result<(), Failure> {
    match command {
        StaffCommand::Add {
            id,
            role,
            password_stdin,
            token_file,
            totp,
        } => add(
            file,
            &id,
            &role,
            password_stdin,
            token_file.as_deref(),
            totp,
        ),
        StaffCommand::Remove { id } => remove(file, &id),
        StaffCommand::List => list(file),
    }
}

fn load(file: &Path, missing_ok: bool) -> Result<StaffFile, Failure> {
    if file.exists() {
        check_private(file).map_err(Failure::config)?;
    }
    StaffFile::load(file, missing_ok).map_err(Failure::config)
}

fn add(
    file: &Path,
    id: &str,
    role: &str,
    password_stdin: bool,
    token_file: Option<&Path>,
    totp: bool,
) -> Result<(), Failure> {
    check_id(id).map_err(|e| Failure::config(anyhow!(e)))?;
    let role = Role::from_name(role).ok_or_else(|| {
        Failure::config(anyhow!(
            "--role {role:?} is not a role: dpo, communications or integration"
        ))
    })?;
    let mut staff = load(file, true)?;
    if staff.accounts.contains_key(id) {
        return Err(Failure::config(anyhow!(
            "the account {id:?} exists already: `staff remove {id}` first (its sessions end)"
        )));
    }
    let credential = if password_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("cannot read the password from standard input")?;
        let password = line.trim_end_matches(['\r', '\n']);
        Credential::Password(hash_password(password).map_err(|e| Failure::config(anyhow!(e)))?)
    } else {
        let path = token_file.context("no --token-file")?;
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the token file {}", path.display()))
            .map_err(Failure::config)?;
        Credential::Token(
            hash_token(&text).map_err(|e| Failure::config(anyhow!("{}: {e}", path.display())))?,
        )
    };
    let secret = if totp {
        Some(new_secret().map_err(|e| Failure::config(anyhow!(e)))?)
    } else {
        None
    };
    let account = Account {
        id: id.to_owned(),
        role,
        credential,
        totp: secret.clone(),
    };
    let warn = account.dpo_without_totp();
    staff.accounts.insert(id.to_owned(), account);
    staff.save(file)?;
    eprintln!("limpide-server: added {id} ({role}) to {}", file.display());
    if let Some(secret) = secret {
        // Shown once: the file keeps the secret, and nothing prints it again.
        println!("{}", otpauth_uri(ISSUER, id, &secret));
        eprintln!(
            "limpide-server: add the line above to the person's authenticator app (or type the secret {}); it is not shown again",
            secret.0
        );
    }
    if warn {
        eprintln!("limpide-server: warning: {id} is a dpo account without a second factor (add it again with --totp)");
    }
    Ok(())
}

fn remove(file: &Path, id: &str) -> Result<(), Failure> {
    let mut staff = load(file, false)?;
    if staff.accounts.remove(id).is_none() {
        return Err(Failure::config(anyhow!(
            "no account {id:?} in {}",
            file.display()
        )));
    }
    staff.save(file)?;
    eprintln!(
        "limpide-server: removed {id}: its token and its console sessions stop working at once on every service reading {}",
        file.display()
    );
    Ok(())
}

fn list(file: &Path) -> Result<(), Failure> {
    let staff = load(file, false)?;
    if staff.accounts.is_empty() {
        eprintln!("limpide-server: {} has no account", file.display());
    }
    for account in staff.accounts.values() {
        let kind = match account.credential {
            Credential::Password(_) if account.totp.is_some() => "password+totp",
            Credential::Password(_) => "password",
            Credential::Token(_) => "token",
        };
        let warning = if account.dpo_without_totp() {
            "\twarning: no second factor"
        } else {
            ""
        };
        println!("{}\t{}\t{kind}{warning}", account.id, account.role);
    }
    Ok(())
}
