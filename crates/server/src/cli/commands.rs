//! One function per command.

use std::io::Write as _;
use std::sync::Arc;

use anyhow::{anyhow, Context as _};
use axum::http::HeaderValue;
use limpide_server::controller::credential;
use limpide_server::controller::key as controller_key;
use limpide_server::controller::log_key;
use limpide_server::controller::notices::NoticeSet;
use limpide_server::http::{router, AppState, Links, PublicUrl};
use limpide_server::listen::{self, raise_open_files_limit, ConnectionLimits};
use limpide_server::rate_limit::PostLimits;
use limpide_server::staff::{check_private, StaffDirectory};
use limpide_server::store::Store;
use limpide_server::time::since_micros;
use limpide_server::transparency::{origin_of, publish_checkpoint, spawn_publisher};

use super::args::{Command, ServeArgs, USAGE};
use super::failure::Failure;

/// Runs `command` to its end.
pub async fn run(command: Command) -> Result<(), Failure> {
    match command {
        Command::Help => {
            println!("{USAGE}");
            Ok(())
        }
        Command::Serve(args) => serve(*args).await,
        Command::Export { db, since } => export(&db, since.as_deref()).await,
        Command::Staff { file, command } => super::staff::run(&file, command),
        Command::Credential { key, id, valid_for } => {
            let key = controller_key::load(&key).map_err(Failure::config)?;
            let expires_at = limpide_server::time::now_seconds() + valid_for;
            let value =
                credential::issue(&key, &id, expires_at).map_err(|e| Failure::config(e.into()))?;
            println!("{value}");
            Ok(())
        }
    }
}

/// The database, created if need be (`serve`) or only if it exists.
async fn open(db: &str, create: bool) -> Result<Store, Failure> {
    let store = if create {
        Store::open(db).await
    } else {
        Store::open_existing(db).await
    };
    store
        .with_context(|| format!("cannot open the database {}", redact(db)))
        .map_err(Failure::from)
}

/// A database URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            let user = credentials.split(':').next().unwrap_or_default();
            format!("{}{user}:***{}", &url[..scheme + 3], &url[at..])
        }
        _ => url.to_owned(),
    }
}

async fn serve(args: ServeArgs) -> Result<(), Failure> {
    // Configuration first: a bad key or notice stops the service before
    // it touches the database or the network.
    let notices = NoticeSet::load(&args.notices).map_err(Failure::config)?;
    let key = controller_key::load(&args.key).map_err(Failure::config)?;
    controller_key::check_listed(&key, &notices, args.demo).map_err(Failure::config)?;
    let log_key = match &args.log_key {
        Some(path) => Some(log_key::load(path).map_err(Failure::config)?),
        None => {
            log_key::check_not_needed(&notices).map_err(Failure::config)?;
            None
        }
    };
    let staff = match &args.staff {
        None => None,
        Some(path) => {
            check_private(path).map_err(Failure::config)?;
            let directory = StaffDirectory::open(path).map_err(Failure::config)?;
            for account in directory.current().all() {
                if account.dpo_without_totp() {
                    eprintln!(
                        "limpide-server: warning: the dpo account {} has no second factor (staff add … --totp)",
                        account.id
                    );
                }
            }
            Some(directory)
        }
    };
    let public_url = match &args.public_url {
        Some(url) => Some(PublicUrl::parse(url, args.demo).map_err(|e| Failure::config(anyhow!(e)))?),
        None if args.demo => None,
        None => {
            return Err(Failure::config(anyhow!(
                "serve needs --public-url https://… (the address people reach the service at; stop links and the console use it)"
            )))
        }
    };
    let origins = args
        .allowed_origins
        .iter()
        .map(|o| origin(o).map_err(Failure::config))
        .collect::<Result<Vec<_>, _>>()?;
    let listener = tokio::net::TcpListener::bind(&args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))
        .map_err(Failure::config)?;
    let local = listener.local_addr()?;
    let public_url = match public_url {
        Some(url) => url,
        None => PublicUrl::parse(&format!("http://{local}"), args.demo)
            .map_err(|e| Failure::config(anyhow!(e)))?,
    };
    let log_signer = match log_key {
        None => None,
        Some(log_key) => {
            let origin = args
                .log_origin
                .clone()
                .unwrap_or_else(|| origin_of(public_url.as_str()));
            Some(
                log_key::signer(log_key, &origin, &key, &notices, args.demo)
                    .map_err(Failure::config)?,
            )
        }
    };
    let store = open(&args.db, true).await?;
    let enrolled = limpide_server::receipts::enroll_stored_keys(&store, &key)
        .await
        .context("cannot enroll the keys of the receipts stored before device keys")?;
    let kid = key.public_jwk().thumbprint();
    if let Some(signer) = &log_signer {
        check_origin(&store, signer.origin()).await?;
        publish_checkpoint(&store, signer)
            .await
            .context("cannot publish the log's first checkpoint")?;
    }
    let log_vkey = log_signer.as_ref().map(|s| s.log_key().to_vkey());
    let log_signer = log_signer.map(|signer| spawn_publisher(store.clone(), Arc::new(signer)));
    let staff_on = staff.is_some();
    let state = AppState::new(
        key,
        notices,
        store.clone(),
        staff,
        Links {
            public_url: public_url.clone(),
            consent_page: args.consent_page.clone(),
        },
        args.body_timeout,
        PostLimits::new(args.post_limits),
    );
    let app = listen::with_request_timeout(router(state, &origins), args.limits.request_timeout);
    let limits = ConnectionLimits {
        max_connections: raise_open_files_limit(args.limits.max_connections),
        ..args.limits
    };
    eprintln!(
        "limpide-server: listening on http://{local} (database {}, key {kid}, public URL {}, staff routes {})",
        redact(&args.db),
        public_url.as_str(),
        if staff_on { "on" } else { "off" }
    );
    // After the line that says it listens: whoever waits for that line
    // (the tests, a supervisor) reads it first.
    if limits.max_connections < args.limits.max_connections {
        eprintln!(
            "limpide-server: warning: the open-files limit (ulimit -Hn) leaves room for {} connections, not --max-connections {}",
            limits.max_connections, args.limits.max_connections
        );
    }
    if cfg!(feature = "bench-without-log") {
        eprintln!("limpide-server: warning: built without appending receipts to the transparency log, for `cargo xtask bench` only: never serve pupils with it");
    }
    if let Some(vkey) = &log_vkey {
        eprintln!("limpide-server: signing the log's checkpoints as {vkey} (list it in the notices' controller.log_keys)");
    }
    if enrolled > 0 {
        eprintln!(
            "limpide-server: enrolled {enrolled} device keys of receipts stored before device keys"
        );
    }
    listen::serve(listener, app, limits, shutdown()).await;
    if let Some(publisher) = log_signer {
        publisher.abort();
    }
    store.close().await;
    Ok(())
}

/// Refuses to sign for `origin` a log whose published checkpoints name
/// another: watchers would take it for a new log, with none of the leaves
/// they saw.
async fn check_origin(store: &Store, origin: &str) -> Result<(), Failure> {
    let Some(latest) = store.latest_checkpoint().await? else {
        return Ok(());
    };
    let published = latest.note.lines().next().unwrap_or_default().to_owned();
    if published != origin {
        return Err(Failure::config(anyhow!(
            "this database's log is {published:?}, and the service would sign as {origin:?}: \
             start with --log-origin {published:?} (a log's origin never changes)"
        )));
    }
    Ok(())
}

/// An `--allow-origin` value: `http(s)://host[:port]`, nothing else (no
/// `*`: only the pages that embed the widget may post to the service).
fn origin(text: &str) -> anyhow::Result<HeaderValue> {
    let text = text.trim_end_matches('/');
    let host = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
        .unwrap_or_default();
    let valid = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b));
    if !valid {
        anyhow::bail!(
            "--allow-origin {text:?} is not an origin such as https://pass.region.example"
        );
    }
    Ok(HeaderValue::from_str(text)?)
}

/// Ctrl-C or SIGTERM: finish the requests under way, then stop.
async fn shutdown() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(_) => return std::future::pending().await,
            };
        tokio::select! { _ = interrupt => {}, _ = term.recv() => {} }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
}

async fn export(db: &str, since: Option<&str>) -> Result<(), Failure> {
    let since = match since {
        None => 0,
        Some(text) => since_micros(text).map_err(|e| Failure::config(anyhow!(e)))?,
    };
    let store = open(db, false).await?;
    let mut lines = store.audit(since);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    while let Some(line) = lines.recv().await {
        writeln!(out, "{}", line?)?;
    }
    out.flush()?;
    store.close().await;
    Ok(())
}
