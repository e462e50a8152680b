//! Each command, returning the exit status for documents that were read
//! (0 valid, 1 invalid); errors are usage or I/O problems (exit 2).

use std::io::Write as _;
use std::ops::ControlFlow;
use std::path::Path;

use anyhow::{bail, Context as _, Result};
use limpide_receipt::{
    format_utc, verify_document, Choices, Collection, Context, Notice, Payload, PreviousReceipt,
    Receipt, SigningKey,
};
use limpide_widget::prerender::{prerender, Snippet};

use crate::args::{Command, RenderArgs, SignArgs, USAGE};
use crate::checks::check_input;
use crate::input::{each_receipt, read_file, several};
use crate::log_proof;
use crate::output::{say, Output};
use crate::report::{print_text, to_json, Checked};
use crate::show::print_account;
use crate::show_record::print_record;

pub const AGENT: &str = concat!("limpide-cli/", env!("CARGO_PKG_VERSION"));

pub fn run(command: Command) -> Result<i32> {
    let out = &mut Output::stdout();
    match command {
        Command::Help => {
            say!(out, "{USAGE}");
            Ok(0)
        }
        Command::Lint { notice, json } => {
            let bytes = read_file(&notice)?;
            let result = Notice::from_json(&bytes).map(|_| None);
            let checked = Checked {
                name: notice.display().to_string(),
                kind: None,
                result,
            };
            let valid = checked.result.is_ok();
            if json {
                say!(out, "{:#}", to_json(&[checked]));
            } else {
                print_text(out, &checked, false)?;
            }
            Ok(if valid { 0 } else { 1 })
        }
        Command::Verify {
            receipts: paths,
            notice,
            proof,
            json,
        } => {
            let notice = notice.as_deref().map(load_notice).transpose()?;
            let prefixed = several(&paths);
            let (mut all_valid, mut kept) = (true, Vec::new());
            each_receipt(&paths, |name, bytes| {
                let inputs = check_input(name, bytes, notice.as_ref());
                // An export names each receipt: its lines are always prefixed.
                let prefixed = prefixed || inputs.len() > 1;
                for checked in inputs {
                    all_valid &= checked.result.is_ok();
                    // Text is printed as it comes; only `--json` keeps the summaries.
                    if json {
                        kept.push(checked);
                    } else {
                        print_text(out, &checked, prefixed)?;
                    }
                }
                // A reader that went away ends the batch: what was checked decides the exit status.
                Ok(if out.reader_gone() {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                })
            })?;
            // The log's verdict, after the document's own.
            let logged = match (&proof, &notice) {
                (Some(proof), Some(notice)) => {
                    Some(log_proof::check(&read_file(&paths[0])?, proof, notice)?)
                }
                _ => None,
            };
            if let (Some(verdict), Some(proof)) = (&logged, &proof) {
                all_valid &= verdict.is_ok();
                if !json {
                    log_proof::print(out, proof, verdict)?;
                }
            }
            if json {
                let mut report = to_json(&kept);
                if let Some(verdict) = &logged {
                    report["valid"] = all_valid.into();
                    report["log"] = log_proof::to_json(verdict);
                }
                say!(out, "{:#}", report);
            }
            Ok(if all_valid { 0 } else { 1 })
        }
        Command::Show {
            receipt,
            notice,
            lang,
        } => {
            let notice = notice.as_deref().map(load_notice).transpose()?;
            match verify_document(&read_file(&receipt)?, notice.as_ref()) {
                Ok(document) => {
                    if !print_record(out, &document, notice.as_ref(), lang.as_deref())? {
                        if let Some(r) = document.receipt() {
                            print_account(out, r, notice.as_ref(), lang.as_deref())?;
                        }
                    }
                    Ok(0)
                }
                Err(e) => {
                    say!(out, "{e}");
                    Ok(1)
                }
            }
        }
        Command::Keygen { out: path } => keygen(out, &path),
        Command::Log { command, notice } => crate::log::run(out, command, &load_notice(&notice)?),
        Command::Sign(args) => sign(out, args),
        Command::Render(args) => render(out, args),
        Command::Countersign { receipt, key, role } => {
            let key = load_key(&key)?;
            // A joint receipt still waiting for this signer is read too.
            let mut receipt = match Receipt::awaiting_signers(&read_file(&receipt)?) {
                Ok(r) => r,
                Err(e) => {
                    say!(out, "{e}");
                    return Ok(1);
                }
            };
            let input = receipt.signing_input(role, key.public_jwk());
            let signature = key.sign(input.as_bytes());
            receipt
                .attach(input, &signature)
                .context("cannot countersign")?;
            say!(out, "{}", receipt.to_json());
            say_awaited(&receipt);
            Ok(0)
        }
    }
}

/// Says on standard error which joint signers a receipt still waits for.
fn say_awaited(receipt: &Receipt) {
    let missing: Vec<&str> = receipt
        .missing_signers()
        .iter()
        .map(|r| r.as_str())
        .collect();
    if !missing.is_empty() {
        eprintln!(
            "this joint receipt counts only once signed as {} too: limpide countersign RECEIPT --key KEY.jwk --role {}",
            missing.join(" and "),
            missing[0]
        );
    }
}

/// Prints the pre-rendered form (`limpide_widget::prerender`) for a page
/// to put inside `<limpide-consent>` or the host it gives `mount()`.
fn render(out: &mut Output, args: RenderArgs) -> Result<i32> {
    let notice = std::rc::Rc::new(load_notice(&args.notice)?);
    let language = args.lang.unwrap_or_else(|| notice.languages[0].clone());
    let mut snippet = Snippet::new(notice, &language)?;
    if let Some(stylesheet) = args.stylesheet {
        snippet.stylesheet = stylesheet;
    }
    snippet.stylesheet_integrity = args.integrity;
    say!(out, "{}", prerender(&snippet));
    Ok(0)
}

/// A notice given with `--notice` must itself be valid: checking receipts
/// against a broken notice would mean nothing.
fn load_notice(path: &Path) -> Result<Notice> {
    Notice::from_json(&read_file(path)?)
        .map_err(|e| anyhow::anyhow!("{} is not a valid notice:\n{e}", path.display()))
}

fn load_key(path: &Path) -> Result<SigningKey> {
    SigningKey::from_jwk(&read_file(path)?)
        .map_err(|e| anyhow::anyhow!("{} is not an Ed25519 private JWK: {e}", path.display()))
}

fn keygen(stdout: &mut Output, out: &Path) -> Result<i32> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| anyhow::anyhow!("no random source: {e}"))?;
    let key = SigningKey::from_seed(seed);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(out)
        .with_context(|| format!("cannot create {} (it is never overwritten)", out.display()))?;
    writeln!(file, "{}", key.to_jwk())
        .with_context(|| format!("cannot write {}", out.display()))?;
    say!(stdout, "{}", key.public_jwk().to_value());
    eprintln!(
        "private key written to {} (owner-only); kid {}",
        out.display(),
        key.public_jwk().thumbprint()
    );
    Ok(0)
}

fn sign(out: &mut Output, args: SignArgs) -> Result<i32> {
    let key = load_key(&args.key)?;
    let notice = load_notice(&args.notice)?;
    let language = match args.lang {
        Some(l) if notice.languages.contains(&l) => l,
        Some(l) => bail!(
            "the notice is not written in {l:?}; it is in {}",
            notice.languages.join(", ")
        ),
        None => notice.languages[0].clone(),
    };
    let mut choices = Choices::refuse_all();
    for (purpose, channel) in &args.grants {
        let Some(p) = notice.purpose(purpose) else {
            bail!("the notice has no purpose {purpose:?}");
        };
        if !p.boxes().any(|b| b == *channel) {
            // Not one of its boxes: either a channel it does not use, or the
            // purpose itself where only its channels have boxes.
            let Some(c) = channel else {
                let first = p.channels.first().map_or("", |c| c.as_str());
                bail!("purpose {purpose:?} has channels; grant each one, e.g. --grant {purpose}:{first}");
            };
            bail!(
                "purpose {purpose:?} does not use the channel {}",
                c.as_str()
            );
        }
        choices.grant(purpose, *channel);
    }
    let previous = match &args.previous {
        None => None,
        Some(path) => {
            let r = Receipt::from_json(&read_file(path)?)
                .map_err(|e| anyhow::anyhow!("{} is not a valid receipt:\n{e}", path.display()))?;
            Some(PreviousReceipt::of(&r))
        }
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .context("the clock is before 1970")?
        .as_secs();
    let mut context = Context::new(
        uuid_v4()?,
        format_utc(i64::try_from(now).unwrap_or(i64::MAX)),
        language,
        Collection::new("cli", AGENT, "jwk-file"),
    );
    context.previous = previous;
    context.subject = args.subject;
    context.age = args.age;
    context.guardian = args.guardian;
    let payload = Payload::new(&notice, &choices, context).map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut receipt = Receipt::prepare(&payload);
    let input = receipt.signing_input(args.role, key.public_jwk());
    let signature = key.sign(input.as_bytes());
    receipt.attach(input, &signature).context("cannot sign")?;
    say!(out, "{}", receipt.to_json());
    say_awaited(&receipt);
    Ok(0)
}

fn uuid_v4() -> Result<String> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).map_err(|e| anyhow::anyhow!("no random source: {e}"))?;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    Ok(format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    ))
}
