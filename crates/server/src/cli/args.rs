//! The command line; unknown options are errors.

use std::ffi::OsString;
use std::path::PathBuf;

use anyhow::{bail, Context as _, Result};
use lexopt::prelude::*;
use limpide_server::listen::ConnectionLimits;

/// What `--help` and a usage error print.
pub const USAGE: &str = "\
usage:
  limpide-server serve --notices DIR --key controller.jwk [--db URL [--db-password-file FILE]]
                       [--log-key log.jwk [--log-origin ORIGIN]] [--listen 127.0.0.1:8787]
                       --staff staff.toml --public-url https://… [--consent-page URL]
                       [--allow-origin ORIGIN]... [--body-timeout SECONDS] [--demo]
                       [--header-timeout SECONDS] [--idle-timeout SECONDS]
                       [--stall-timeout SECONDS] [--request-timeout SECONDS]
                       [--max-connections N]
                       [--subject-receipts-per-hour N] [--subject-relay-per-hour N]
                       [--anonymous-posts-per-second N]
  limpide-server staff add ID --role dpo|communications|integration --staff FILE
                       (--password-stdin [--totp] | --token-file TOKEN)
  limpide-server staff remove ID --staff FILE
  limpide-server staff list --staff FILE
  limpide-server export --db URL [--db-password-file FILE] [--since RFC3339] > audit.jsonl
  limpide-server credential --key controller.jwk [--valid-for SECONDS] ID

--public-url may be left out only with --demo (then http://LISTEN).
--log-key signs the transparency log's checkpoints (docs/server.md, \"The transparency log\"); the
log's origin is the public URL's host and port then /log, or --log-origin, and never changes.
--db defaults to sqlite://limpide.db (created 0600 and migrated on first run); postgres://USER@HOST/DB
for PostgreSQL, its password in --db-password-file FILE (mode 0600) or PGPASSWORD, never in --db.
Limits (docs/server.md, \"Limits\"): a request's head within --header-timeout (10 s) of its
first byte; a connection waiting for a request closed after --idle-timeout (60 s); an answer the
client stops reading cut after --stall-timeout (30 s); every route answered within
--request-timeout (60 s), or 503; at most --max-connections (1024) open, more wait (the soft
open-files limit is raised to the hard one at start).
exit status: 0 done, 1 failed (the database, the input), 2 usage or configuration error";

/// The database when `--db` is not given.
pub const DEFAULT_DB: &str = "sqlite://limpide.db";

/// `serve`'s options.
pub struct ServeArgs {
    /// The folder of notices served.
    pub notices: PathBuf,
    /// The controller's private JWK.
    pub key: PathBuf,
    /// The log's private JWK (`--log-key`); `None`: no checkpoint is
    /// signed (the tree is kept all the same).
    pub log_key: Option<PathBuf>,
    /// `--log-origin`: the log's name, when not the public URL's.
    pub log_origin: Option<String>,
    /// The database URL.
    pub db: String,
    /// Where to listen.
    pub listen: String,
    /// The staff file; `None`: the staff routes are off.
    pub staff: Option<PathBuf>,
    /// `--public-url`; `None` only with `--demo`.
    pub public_url: Option<String>,
    /// `--consent-page`: the page that embeds the form, which stop pages
    /// link to for every other choice.
    pub consent_page: Option<String>,
    /// The pages that may call the public routes (CORS).
    pub allowed_origins: Vec<String>,
    /// How long a client has to send a body.
    pub body_timeout: std::time::Duration,
    /// Accept the published demo key (`cargo xtask serve`, the tests).
    pub demo: bool,
    /// The connection limits (`--header-timeout`, `--idle-timeout`,
    /// `--stall-timeout`, `--request-timeout`, `--max-connections`).
    pub limits: ConnectionLimits,
    /// The limits on what pupils' devices post.
    pub post_limits: limpide_server::rate_limit::PostLimitSettings,
}

/// `staff`'s subcommands.
pub enum StaffCommand {
    /// Adds an account.
    Add {
        /// The account id.
        id: String,
        /// Its role's name.
        role: String,
        /// A password read from standard input (a person).
        password_stdin: bool,
        /// A token file (a machine client).
        token_file: Option<PathBuf>,
        /// Make a TOTP secret.
        totp: bool,
    },
    /// Removes an account.
    Remove {
        /// The account id.
        id: String,
    },
    /// Lists the accounts.
    List,
}

/// A command and its options.
pub enum Command {
    /// Serve the HTTP routes.
    /// (Boxed: its many settings would make every command as large.)
    Serve(Box<ServeArgs>),
    /// Print every receipt stored since a time, one per line.
    Export { db: String, since: Option<String> },
    /// Print a pupil's credential.
    Credential {
        /// The controller's private JWK.
        key: PathBuf,
        /// The controller's id of the pupil.
        id: String,
        /// How long it lasts, in seconds.
        valid_for: i64,
    },
    /// Manage the staff file.
    Staff {
        /// The staff file.
        file: PathBuf,
        /// What to do.
        command: StaffCommand,
    },
    /// Print the usage.
    Help,
}

/// A number of seconds from 0.001 to 3600.
fn seconds(value: OsString, name: &str) -> Result<std::time::Duration> {
    let seconds: f64 = text(value, name)?
        .parse()
        .with_context(|| format!("{name} takes a number of seconds"))?;
    if !(0.001..=3600.0).contains(&seconds) {
        bail!("{name} is from 0.001 to 3600 seconds");
    }
    Ok(std::time::Duration::from_secs_f64(seconds))
}

fn text(value: OsString, name: &str) -> Result<String> {
    value
        .into_string()
        .map_err(|_| anyhow::anyhow!("{name} is not valid UTF-8"))
}

/// Reads the command line (without the program's name).
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command> {
    let mut parser =
        lexopt::Parser::from_iter(std::iter::once(OsString::from("limpide-server")).chain(args));
    let command = match parser.next()? {
        Some(Value(v)) => text(v, "the command")?,
        Some(Long("help") | Short('h')) | None => return Ok(Command::Help),
        Some(other) => return Err(other.unexpected().into()),
    };
    let (mut notices, mut key, mut db, mut listen) = (None, None, None, None);
    let (mut staff, mut public_url, mut role, mut token_file) = (None, None, None, None);
    let (mut password_stdin, mut totp) = (false, false);
    let mut since = None;
    let mut consent_page = None;
    let mut db_password_file = None;
    let mut origins = Vec::new();
    let mut body_timeout = None;
    let mut valid_for = None;
    let mut post_limits = limpide_server::rate_limit::PostLimitSettings::default();
    let mut demo = false;
    let (mut log_key, mut log_origin) = (None, None);
    let mut limits = ConnectionLimits::default();
    let mut positional = Vec::new();
    while let Some(arg) = parser.next()? {
        match arg {
            Long("notices") => notices = Some(PathBuf::from(parser.value()?)),
            Long("key") => key = Some(PathBuf::from(parser.value()?)),
            Long("log-key") => log_key = Some(PathBuf::from(parser.value()?)),
            Long("log-origin") => log_origin = Some(text(parser.value()?, "--log-origin")?),
            Long("db") => db = Some(text(parser.value()?, "--db")?),
            Long("db-password-file") => db_password_file = Some(PathBuf::from(parser.value()?)),
            Long("listen") => listen = Some(text(parser.value()?, "--listen")?),
            Long("admin-token-file") => bail!(
                "--admin-token-file is gone: each person and machine client now has an account with a role. \
                 Keep the old token for a machine client with `limpide-server staff add crm --role integration \
                 --staff staff.toml --token-file admin.token` (or `--role dpo`), give each person an account \
                 (`--password-stdin`), then start with --staff staff.toml --public-url https://… \
                 (docs/server.md, \"Moving from --admin-token-file\")"
            ),
            Long("staff") => staff = Some(PathBuf::from(parser.value()?)),
            Long("public-url") => public_url = Some(text(parser.value()?, "--public-url")?),
            Long("valid-for") => {
                let text = text(parser.value()?, "--valid-for")?;
                valid_for = Some(valid_for_seconds(&text)?);
            }
            Long("consent-page") => consent_page = Some(text(parser.value()?, "--consent-page")?),
            Long("role") => role = Some(text(parser.value()?, "--role")?),
            Long("token-file") => token_file = Some(PathBuf::from(parser.value()?)),
            Long("password-stdin") => password_stdin = true,
            Long("totp") => totp = true,
            Long("allow-origin") => origins.push(text(parser.value()?, "--allow-origin")?),
            Long("since") => since = Some(text(parser.value()?, "--since")?),
            Long("body-timeout") => body_timeout = Some(seconds(parser.value()?, "--body-timeout")?),
            Long("header-timeout") => {
                limits.header_timeout = seconds(parser.value()?, "--header-timeout")?;
            }
            Long("idle-timeout") => limits.idle_timeout = seconds(parser.value()?, "--idle-timeout")?,
            Long("stall-timeout") => {
                limits.stall_timeout = seconds(parser.value()?, "--stall-timeout")?;
            }
            Long("request-timeout") => {
                limits.request_timeout = seconds(parser.value()?, "--request-timeout")?;
            }
            Long("max-connections") => {
                let max: usize = text(parser.value()?, "--max-connections")?
                    .parse()
                    .context("--max-connections takes a number")?;
                if !(1..=1_000_000).contains(&max) {
                    bail!("--max-connections is from 1 to 1000000");
                }
                limits.max_connections = max;
            }
            Long("subject-receipts-per-hour") => {
                post_limits.receipts_per_subject_hour = count(parser.value()?, "--subject-receipts-per-hour")?;
            }
            Long("subject-relay-per-hour") => {
                post_limits.relay_per_subject_hour = count(parser.value()?, "--subject-relay-per-hour")?;
            }
            Long("anonymous-posts-per-second") => {
                post_limits.anonymous_per_second = count(parser.value()?, "--anonymous-posts-per-second")?;
            }
            Long("demo") => demo = true,
            Long("help") | Short('h') => return Ok(Command::Help),
            Value(v) => positional.push(text(v, "an argument")?),
            other => return Err(other.unexpected().into()),
        }
    }
    let db = super::database::url(
        db.unwrap_or_else(|| DEFAULT_DB.to_owned()),
        db_password_file.as_deref(),
    )?;
    let unexpected = |what: &str| -> Result<()> {
        match positional.first() {
            Some(extra) => bail!("unexpected argument {extra:?} for {what}"),
            None => Ok(()),
        }
    };
    Ok(match command.as_str() {
        "serve" => {
            unexpected("serve")?;
            Command::Serve(Box::new(ServeArgs {
                notices: notices.context("serve needs --notices DIR")?,
                key: key.context("serve needs --key controller.jwk (it never makes one)")?,
                log_key,
                log_origin,
                db,
                listen: listen.unwrap_or_else(|| "127.0.0.1:8787".to_owned()),
                staff,
                public_url,
                consent_page,
                allowed_origins: origins,
                body_timeout: body_timeout.unwrap_or(limpide_server::http::BODY_TIMEOUT),
                demo,
                limits,
                post_limits,
            }))
        }
        "export" => {
            unexpected("export")?;
            Command::Export { db, since }
        }
        "subject" => bail!(
            "subject is gone: receipts name a pupil by the bare id, and the widget proves who it speaks for \
             with a credential that expires. Use `limpide-server credential --key controller.jwk ID` \
             (docs/server.md, \"Whose receipt is it?\")"
        ),
        "credential" => {
            let key = key.context("credential needs --key controller.jwk")?;
            let [id] = positional.as_slice() else {
                bail!("credential takes exactly one ID");
            };
            Command::Credential {
                key,
                id: id.clone(),
                valid_for: valid_for
                    .unwrap_or(limpide_server::controller::credential::DEFAULT_VALIDITY_SECONDS),
            }
        }
        "staff" => {
            let file = staff.context("staff needs --staff FILE")?;
            let (sub, rest) = positional
                .split_first()
                .context("staff needs add, remove or list")?;
            let id = || -> Result<String> {
                match rest {
                    [id] => Ok(id.clone()),
                    _ => bail!("staff {sub} takes exactly one ID"),
                }
            };
            let command = match sub.as_str() {
                "add" => {
                    if password_stdin == token_file.is_some() {
                        bail!("staff add needs one of --password-stdin (a person) or --token-file TOKEN (a machine client)");
                    }
                    if totp && !password_stdin {
                        bail!("--totp is for a person's account (--password-stdin)");
                    }
                    StaffCommand::Add {
                        id: id()?,
                        role: role
                            .context("staff add needs --role dpo|communications|integration")?,
                        password_stdin,
                        token_file,
                        totp,
                    }
                }
                "remove" => StaffCommand::Remove { id: id()? },
                "list" if rest.is_empty() => StaffCommand::List,
                "list" => bail!("staff list takes no ID"),
                other => bail!("unknown staff command {other:?}: add, remove or list"),
            };
            Command::Staff { file, command }
        }
        other => bail!("unknown command {other:?}"),
    })
}

/// A limit's count: a whole number from 1 to a million.
fn count(value: OsString, name: &str) -> Result<u32> {
    let text = text(value, name)?;
    match text.parse::<u32>() {
        Ok(n) if (1..=1_000_000).contains(&n) => Ok(n),
        _ => bail!(
            "{name} takes a whole number from 1 to 1000000, not {}",
            limpide_server::echo::quoted(&text)
        ),
    }
}

/// `--valid-for`: whole seconds, from 60 to the longest a credential lasts.
fn valid_for_seconds(text: &str) -> Result<i64> {
    use limpide_server::controller::credential::MAX_VALIDITY_SECONDS;
    match text.parse::<i64>() {
        Ok(seconds) if (60..=MAX_VALIDITY_SECONDS).contains(&seconds) => Ok(seconds),
        _ => bail!(
            "--valid-for takes whole seconds from 60 to {MAX_VALIDITY_SECONDS} (31 days), not {}",
            limpide_server::echo::quoted(text)
        ),
    }
}
