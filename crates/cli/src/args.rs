//! The command line, parsed without surprises: unknown options are errors.

use std::ffi::OsString;
use std::path::PathBuf;

use anyhow::{bail, Context as _, Result};
use lexopt::prelude::*;
use limpide_receipt::{AgeBracket, Channel, GuardianStatement, Role};

use crate::log::LogCommand;

pub const USAGE: &str = "\
usage:
  limpide lint NOTICE [--json]
  limpide verify RECEIPT... [--notice NOTICE] [--json]     (RECEIPT '-' reads JSON lines from stdin)
  limpide verify DOCUMENT --notice NOTICE --proof PROOF [--json]   (PROOF a C2SP tlog-proof)
  limpide show RECEIPT [--notice NOTICE] [--lang fr|en]
  limpide keygen --out KEY.jwk
  limpide sign --key KEY.jwk --notice NOTICE [--lang LANG] [--grant PURPOSE[:CHANNEL]]...
               [--previous RECEIPT] [--subject ID] [--role subject|guardian|controller]
               [--age under|at-or-over] [--guardian-holds-authority [--guardian-name NAME]]
  limpide countersign RECEIPT --key KEY.jwk [--role controller|guardian|subject]
  limpide render NOTICE [--lang LANG] [--stylesheet HREF] [--integrity SRI]
  limpide log watch URL --notice NOTICE [--once] [--state FILE] [--interval SECONDS]
  limpide log audit EXPORT URL --notice NOTICE
  limpide log prove DOCUMENT URL --notice NOTICE > DOCUMENT.tlog-proof

exit status: 0 valid, 1 invalid, 2 usage error or unreadable file";

/// One parsed command.
pub enum Command {
    Lint {
        notice: PathBuf,
        json: bool,
    },
    Verify {
        receipts: Vec<PathBuf>,
        notice: Option<PathBuf>,
        /// A log proof of the one document, checked against the notice's log keys.
        proof: Option<PathBuf>,
        json: bool,
    },
    Show {
        receipt: PathBuf,
        notice: Option<PathBuf>,
        lang: Option<String>,
    },
    Keygen {
        out: PathBuf,
    },
    Sign(SignArgs),
    Countersign {
        receipt: PathBuf,
        key: PathBuf,
        role: Role,
    },
    Render(RenderArgs),
    /// `limpide log watch|audit`, against the log keys `notice` lists.
    Log {
        command: LogCommand,
        notice: PathBuf,
    },
    Help,
}

/// What `render` needs.
pub struct RenderArgs {
    pub notice: PathBuf,
    pub lang: Option<String>,
    /// Where the page serves `limpide.css`.
    pub stylesheet: Option<String>,
    /// Its Subresource Integrity hash.
    pub integrity: Option<String>,
}

/// What `sign` needs.
pub struct SignArgs {
    pub key: PathBuf,
    pub notice: PathBuf,
    pub lang: Option<String>,
    pub grants: Vec<(String, Option<Channel>)>,
    pub previous: Option<PathBuf>,
    pub subject: Option<String>,
    pub role: Role,
    /// The pupil's age bracket, for a notice's joint consent.
    pub age: Option<AgeBracket>,
    /// The guardian's statement, for a joint receipt (the guardian then
    /// adds their signature with `countersign --role guardian`).
    pub guardian: Option<GuardianStatement>,
}

pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command> {
    let mut parser =
        lexopt::Parser::from_iter(std::iter::once(OsString::from("limpide")).chain(args));
    let Some(first) = parser.next()? else {
        bail!("no command given");
    };
    let name = match first {
        Long("help") | Short('h') => return Ok(Command::Help),
        Value(v) => v.string()?,
        other => return Err(other.unexpected().into()),
    };
    let mut files: Vec<PathBuf> = Vec::new();
    let (mut json, mut notice, mut lang, mut out, mut key) = (false, None, None, None, None);
    let (mut grants, mut previous, mut subject, mut role) = (Vec::new(), None, None, None);
    let (mut stylesheet, mut integrity) = (None, None);
    let mut proof = None;
    let (mut once, mut state, mut interval) = (false, None, None);
    let (mut age, mut holds_authority, mut guardian_name) = (None, false, None);
    while let Some(arg) = parser.next()? {
        match arg {
            Long("json") => json = true,
            Long("notice") => notice = Some(PathBuf::from(parser.value()?)),
            Long("proof") => proof = Some(PathBuf::from(parser.value()?)),
            Long("once") => once = true,
            Long("state") => state = Some(PathBuf::from(parser.value()?)),
            Long("interval") => {
                let text = parser.value()?.string()?;
                let seconds: u64 = text
                    .parse()
                    .ok()
                    .filter(|s| (1..=86_400).contains(s))
                    .with_context(|| {
                        format!("--interval takes seconds from 1 to 86400, not {text:?}")
                    })?;
                interval = Some(std::time::Duration::from_secs(seconds));
            }
            Long("lang") => lang = Some(parser.value()?.string()?),
            Long("out") => out = Some(PathBuf::from(parser.value()?)),
            Long("key") => key = Some(PathBuf::from(parser.value()?)),
            Long("previous") => previous = Some(PathBuf::from(parser.value()?)),
            Long("subject") => subject = Some(parser.value()?.string()?),
            Long("grant") => grants.push(grant(&parser.value()?.string()?)?),
            Long("stylesheet") => stylesheet = Some(parser.value()?.string()?),
            Long("integrity") => integrity = Some(parser.value()?.string()?),
            Long("age") => {
                let a = parser.value()?.string()?;
                age = Some(AgeBracket::from_name(&a).with_context(|| {
                    format!("unknown age bracket {a:?}: use under or at-or-over")
                })?);
            }
            Long("guardian-holds-authority") => holds_authority = true,
            Long("guardian-name") => guardian_name = Some(parser.value()?.string()?),
            Long("role") => {
                let r = parser.value()?.string()?;
                role = Some(Role::from_name(&r).with_context(|| format!("unknown role {r:?}"))?);
            }
            Long("help") | Short('h') => return Ok(Command::Help),
            Value(v) => files.push(PathBuf::from(v)),
            other => return Err(other.unexpected().into()),
        }
    }
    let one = |files: &mut Vec<PathBuf>, what: &str| -> Result<PathBuf> {
        if files.len() != 1 {
            bail!("`{name}` takes exactly one {what}");
        }
        Ok(files.remove(0))
    };
    Ok(match name.as_str() {
        "lint" => Command::Lint {
            notice: one(&mut files, "NOTICE file")?,
            json,
        },
        "verify" => {
            if files.is_empty() {
                bail!("`verify` needs at least one RECEIPT file, or - for standard input");
            }
            if proof.is_some() && (files.len() != 1 || notice.is_none()) {
                bail!("`verify --proof` takes one DOCUMENT and --notice NOTICE, whose controller.log_keys sign the log");
            }
            Command::Verify {
                receipts: files,
                notice,
                proof,
                json,
            }
        }
        "show" => Command::Show {
            receipt: one(&mut files, "RECEIPT file")?,
            notice,
            lang,
        },
        "keygen" => Command::Keygen {
            out: out.context("`keygen` needs --out KEY.jwk")?,
        },
        "sign" => {
            if !files.is_empty() {
                bail!("`sign` takes no file argument; it writes the receipt to standard output");
            }
            if guardian_name.is_some() && !holds_authority {
                bail!("--guardian-name goes with --guardian-holds-authority: the guardian's statement");
            }
            Command::Sign(SignArgs {
                key: key.context("`sign` needs --key KEY.jwk")?,
                notice: notice.context("`sign` needs --notice NOTICE")?,
                lang,
                grants,
                previous,
                subject,
                role: role.unwrap_or(Role::Subject),
                age,
                guardian: holds_authority.then_some(GuardianStatement {
                    holds_parental_authority: true,
                    name: guardian_name,
                }),
            })
        }
        "countersign" => Command::Countersign {
            receipt: one(&mut files, "RECEIPT file")?,
            key: key.context("`countersign` needs --key KEY.jwk")?,
            role: role.unwrap_or(Role::Controller),
        },
        "render" => Command::Render(RenderArgs {
            notice: one(&mut files, "NOTICE file")?,
            lang,
            stylesheet,
            integrity,
        }),
        "log" => {
            let notice = notice
                .context("`log` needs --notice NOTICE, whose controller.log_keys sign the log")?;
            let words: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
            let command = match words.iter().map(String::as_str).collect::<Vec<_>>()[..] {
                ["watch", url] => LogCommand::Watch {
                    url: url.to_owned(),
                    once,
                    state,
                    interval,
                },
                ["audit", export, url] => LogCommand::Audit {
                    export: PathBuf::from(export),
                    url: url.to_owned(),
                },
                ["prove", document, url] => LogCommand::Prove {
                    document: PathBuf::from(document),
                    url: url.to_owned(),
                },
                _ => bail!(
                    "`log` is `log watch URL`, `log audit EXPORT URL` or `log prove DOCUMENT URL`"
                ),
            };
            Command::Log { command, notice }
        }
        "help" => Command::Help,
        other => bail!("unknown command {other:?}"),
    })
}

/// `bons-plans` or `bons-plans:sms`.
fn grant(text: &str) -> Result<(String, Option<Channel>)> {
    match text.split_once(':') {
        None => Ok((text.to_owned(), None)),
        Some((purpose, channel)) => {
            let channel = Channel::from_name(channel)
                .with_context(|| format!("unknown channel {channel:?} in --grant {text}"))?;
            Ok((purpose.to_owned(), Some(channel)))
        }
    }
}
