//! The receipts database: the pool over SQLite (the default, a file) or
//! PostgreSQL, through sqlx's `Any` driver, migrated on opening.

use std::str::FromStr as _;
use std::sync::Arc;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor as _};

use super::unavailable::Unavailable;

/// The migrations, shipped in the binary: a fresh database is created and
/// migrated on first use, by `serve`, `gate` and `export` alike.
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// How long a request waits for a database connection before it is told
/// the database is unavailable (503), rather than hanging.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);

/// The receipts database.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    /// SQLite's writes, one at a time (see `record.rs`); `None` for PostgreSQL.
    writer: Option<Arc<tokio::sync::Mutex<()>>>,
}

impl Store {
    /// Opens (creating a SQLite file if needed) and migrates the database
    /// at `url`: `sqlite://FILE` or `postgres://…`. What `serve` opens.
    pub async fn open(url: &str) -> Result<Self, Unavailable> {
        create_private(url)?;
        Self::connect(&with_mode(url, "rwc")).await
    }

    /// Opens a database that exists already (`gate`, `export`): a mistyped
    /// SQLite path is an error, not a new, empty database.
    pub async fn open_existing(url: &str) -> Result<Self, Unavailable> {
        Self::connect(&with_mode(url, "rw")).await
    }

    async fn connect(url: &str) -> Result<Self, Unavailable> {
        sqlx::any::install_default_drivers();
        let options = AnyConnectOptions::from_str(url)?;
        let pool = AnyPoolOptions::new()
            .max_connections(if is_sqlite(url) { 4 } else { 16 })
            .acquire_timeout(ACQUIRE_TIMEOUT)
            // No ping before each use: a broken connection fails its first
            // statement, which answers 503, and the pool replaces it.
            .test_before_acquire(false)
            .after_connect(|conn, _| {
                Box::pin(async move {
                    if conn.backend_name() == "SQLite" {
                        // WAL lets readers (a release, the audit) run beside
                        // the writer; FULL syncs the WAL at every commit,
                        // so an acknowledged receipt (a withdrawal) survives
                        // a power cut, not only a crash of the service;
                        // foreign keys are off by default.
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                             PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;",
                        )
                        .await?;
                    } else {
                        prefer_lz4(conn).await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        MIGRATOR
            .run(&pool)
            .await
            .map_err(|e| Unavailable(e.into()))?;
        let store = Self {
            pool,
            writer: is_sqlite(url).then(|| Arc::new(tokio::sync::Mutex::new(()))),
        };
        // Before anything is appended: the documents stored before the log
        // existed are its first leaves.
        store.append_stored_documents().await?;
        Ok(store)
    }

    /// The pool, for the queries of the other files of the store.
    pub(super) fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Whether the database is SQLite (one writer at a time).
    pub fn is_sqlite(&self) -> bool {
        self.writer.is_some()
    }

    /// How this engine's statements number their parameters.
    pub(super) fn params(&self) -> super::params::Params {
        super::params::Params {
            anonymous: self.is_sqlite(),
        }
    }

    /// The lock SQLite's writers take in turn.
    pub(super) fn writer(&self) -> Option<&tokio::sync::Mutex<()>> {
        self.writer.as_deref()
    }

    /// SQLite's one writer at a time; nothing to wait for on PostgreSQL.
    pub(crate) async fn writer_turn(&self) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        match self.writer() {
            Some(lock) => Some(lock.lock().await),
            None => None,
        }
    }

    /// Closes every connection.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Compresses the receipts PostgreSQL moves out of line (a JWS is a few
/// KiB) with lz4 rather than its default, pglz: measured, pglz took 3 % of
/// the machine under load, lz4 a fraction of it. Only where the server was
/// built with lz4; otherwise its default stays.
async fn prefer_lz4(conn: &mut sqlx::AnyConnection) -> Result<(), sqlx::Error> {
    let has_lz4: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM pg_settings \
         WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)",
    )
    .fetch_one(&mut *conn)
    .await?;
    if has_lz4 > 0 {
        conn.execute("SET default_toast_compression = 'lz4'")
            .await?;
    }
    Ok(())
}

fn is_sqlite(url: &str) -> bool {
    url.starts_with("sqlite:")
}

/// A SQLite URL's file (`sqlite://FILE?…` or `sqlite:FILE`); `None` for
/// another engine or an in-memory database.
fn sqlite_file(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let file = rest.split('?').next().unwrap_or_default();
    (!file.is_empty() && file != ":memory:").then_some(file)
}

/// Creates a new SQLite file readable by its owner alone (0600): it holds
/// every pupil's id and choices. SQLite gives its WAL and shared-memory
/// files the database file's mode. An existing file is left as it is.
fn create_private(url: &str) -> Result<(), Unavailable> {
    let Some(file) = sqlite_file(url) else {
        return Ok(());
    };
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    match options.open(file) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(Unavailable(sqlx::Error::Io(e))),
    }
}

/// A SQLite URL with its open mode (`rwc` creates the file, `rw` does
/// not), unless the URL sets one; other URLs as they are.
fn with_mode(url: &str, mode: &str) -> String {
    if !is_sqlite(url) || url.contains("mode=") {
        return url.to_owned();
    }
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}mode={mode}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_new_sqlite_file_is_private_and_every_commit_is_synced() {
        let dir = std::env::temp_dir().join(format!("limpide-pool-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("limpide.db");
        let store = Store::open(&format!("sqlite://{}", file.display()))
            .await
            .unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            for name in ["limpide.db", "limpide.db-wal"] {
                let mode = std::fs::metadata(dir.join(name))
                    .unwrap()
                    .permissions()
                    .mode();
                assert_eq!(mode & 0o777, 0o600, "{name}");
            }
        }
        // 2 is FULL: the WAL is synced at every commit.
        let synchronous: i64 = sqlx::query_scalar("PRAGMA synchronous")
            .fetch_one(store.pool())
            .await
            .unwrap();
        assert_eq!(synchronous, 2);
        store.close().await;
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_file_of_a_sqlite_url() {
        assert_eq!(sqlite_file("sqlite://a/b.db?mode=rwc"), Some("a/b.db"));
        assert_eq!(sqlite_file("sqlite:b.db"), Some("b.db"));
        assert_eq!(sqlite_file("sqlite::memory:"), None);
        assert_eq!(sqlite_file("postgres://u@h/d"), None);
    }
}
