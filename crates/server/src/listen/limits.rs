//! The connection limits `serve` takes (`--header-timeout`,
//! `--idle-timeout`, `--stall-timeout`, `--request-timeout`,
//! `--max-connections`), and the open-files limit they need.

use std::time::Duration;

/// Files the service keeps open besides its connections: the database's,
/// the listening socket, the staff file, standard streams.
const OTHER_FILES: u64 = 64;

/// How long and how many a client may take.
#[derive(Clone, Copy, Debug)]
pub struct ConnectionLimits {
    /// From a request's first byte to its last header line.
    pub header_timeout: Duration,
    /// How long a connection may wait for a request: a new one, or a
    /// kept-alive one after its last answer.
    pub idle_timeout: Duration,
    /// How long writing an answer may make no progress (the client stopped
    /// reading) before the connection is cut.
    pub stall_timeout: Duration,
    /// How long a route may take to answer (a streamed answer's body is
    /// then under `stall_timeout`).
    pub request_timeout: Duration,
    /// Connections open at once; more wait in the listening queue.
    pub max_connections: usize,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        Self {
            header_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(60),
            stall_timeout: Duration::from_secs(30),
            request_timeout: Duration::from_secs(60),
            max_connections: 1024,
        }
    }
}

/// Raises the soft limit on open files to the hard one (Unix), and returns
/// how many connections it leaves room for: `wanted`, or fewer where the
/// limit is lower (the caller says so).
pub fn raise_open_files_limit(wanted: usize) -> usize {
    #[cfg(unix)]
    {
        let Ok(limit) = rlimit::increase_nofile_limit(u64::MAX) else {
            return wanted;
        };
        let room = usize::try_from(limit.saturating_sub(OTHER_FILES)).unwrap_or(usize::MAX);
        wanted.min(room.max(1))
    }
    #[cfg(not(unix))]
    {
        let _ = OTHER_FILES;
        wanted
    }
}
