//! The command line; unknown options are errors.

use std::ffi::OsString;
use std::path::PathBuf;

use anyhow::{bail, Context as _, Result};
use lexopt::prelude::*;

/// What `--help` and a usage error print.
pub const USAGE: &str = "\
usage:
  limpide-server serve --notices DIR --key controller.jwk [--db URL] [--listen 127.0.0.1:8787]
                       [--admin-token-file FILE] [--allow-origin ORIGIN]... [--body-timeout SECONDS] [--demo]
  limpide-server gate --db URL --notice ID --purpose P [--channel C] [--column subject]
                      [--notices DIR] < contacts.csv > allowed.csv
  limpide-server export --db URL [--since RFC3339] > audit.jsonl
  limpide-server subject --key controller.jwk ID

--db defaults to sqlite://limpide.db (created and migrated on first run); postgres://… for PostgreSQL.
exit status: 0 done, 1 failed (the database, the input), 2 usage or configuration error";

/// The database when `--db` is not given.
pub const DEFAULT_DB: &str = "sqlite://limpide.db";

/// `serve`'s options.
pub struct ServeArgs {
    /// The folder of notices served.
    pub notices: PathBuf,
    /// The controller's private JWK.
    pub key: PathBuf,
    /// The database URL.
    pub db: String,
    /// Where to listen.
    pub listen: String,
    /// The admin token's file; `None`: the admin routes are off.
    pub admin_token_file: Option<PathBuf>,
    /// The pages that may call the public routes (CORS).
    pub allowed_origins: Vec<String>,
    /// How long a client has to send a body.
    pub body_timeout: std::time::Duration,
    /// Accept the published demo key (`cargo xtask serve`, the tests).
    pub demo: bool,
}

/// `gate`'s options.
pub struct GateArgs {
    /// The database URL.
    pub db: String,
    /// The notice id.
    pub notice: String,
    /// The purpose id.
    pub purpose: String,
    /// The channel (`""` for a purpose without channels).
    pub channel: String,
    /// The list's column of subject ids.
    pub column: String,
    /// The notices, to refuse a purpose or channel they do not have.
    pub notices: Option<PathBuf>,
}

/// A command and its options.
pub enum Command {
    /// Serve the HTTP routes.
    Serve(ServeArgs),
    /// Filter a contact list on standard input.
    Gate(GateArgs),
    /// Print every receipt stored since a time, one per line.
    Export { db: String, since: Option<String> },
    /// Print the subject value of an id.
    Subject { key: PathBuf, id: String },
    /// Print the usage.
    Help,
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
    let (mut notices, mut key, mut db, mut listen, mut token) = (None, None, None, None, None);
    let (mut notice, mut purpose, mut channel, mut column, mut since) =
        (None, None, None, None, None);
    let mut origins = Vec::new();
    let mut body_timeout = None;
    let mut demo = false;
    let mut positional = Vec::new();
    while let Some(arg) = parser.next()? {
        match arg {
            Long("notices") => notices = Some(PathBuf::from(parser.value()?)),
            Long("key") => key = Some(PathBuf::from(parser.value()?)),
            Long("db") => db = Some(text(parser.value()?, "--db")?),
            Long("listen") => listen = Some(text(parser.value()?, "--listen")?),
            Long("admin-token-file") => token = Some(PathBuf::from(parser.value()?)),
            Long("allow-origin") => origins.push(text(parser.value()?, "--allow-origin")?),
            Long("notice") => notice = Some(text(parser.value()?, "--notice")?),
            Long("purpose") => purpose = Some(text(parser.value()?, "--purpose")?),
            Long("channel") => channel = Some(text(parser.value()?, "--channel")?),
            Long("column") => column = Some(text(parser.value()?, "--column")?),
            Long("since") => since = Some(text(parser.value()?, "--since")?),
            Long("body-timeout") => {
                let seconds: f64 = parser.value()?.parse()?;
                if !(0.001..=3600.0).contains(&seconds) {
                    bail!("--body-timeout is from 0.001 to 3600 seconds");
                }
                body_timeout = Some(std::time::Duration::from_secs_f64(seconds));
            }
            Long("demo") => demo = true,
            Long("help") | Short('h') => return Ok(Command::Help),
            Value(v) => positional.push(text(v, "an argument")?),
            other => return Err(other.unexpected().into()),
        }
    }
    let db = db.unwrap_or_else(|| DEFAULT_DB.to_owned());
    let unexpected = |what: &str| -> Result<()> {
        match positional.first() {
            Some(extra) => bail!("unexpected argument {extra:?} for {what}"),
            None => Ok(()),
        }
    };
    Ok(match command.as_str() {
        "serve" => {
            unexpected("serve")?;
            Command::Serve(ServeArgs {
                notices: notices.context("serve needs --notices DIR")?,
                key: key.context("serve needs --key controller.jwk (it never makes one)")?,
                db,
                listen: listen.unwrap_or_else(|| "127.0.0.1:8787".to_owned()),
                admin_token_file: token,
                allowed_origins: origins,
                body_timeout: body_timeout.unwrap_or(limpide_server::http::BODY_TIMEOUT),
                demo,
            })
        }
        "gate" => {
            unexpected("gate")?;
            Command::Gate(GateArgs {
                db,
                notice: notice.context("gate needs --notice ID")?,
                purpose: purpose.context("gate needs --purpose P")?,
                channel: channel.unwrap_or_default(),
                column: column.unwrap_or_else(|| "subject".to_owned()),
                notices,
            })
        }
        "export" => {
            unexpected("export")?;
            Command::Export { db, since }
        }
        "subject" => {
            let key = key.context("subject needs --key controller.jwk")?;
            let [id] = positional.as_slice() else {
                bail!("subject takes exactly one ID");
            };
            Command::Subject {
                key,
                id: id.clone(),
            }
        }
        other => bail!("unknown command {other:?}"),
    })
}
