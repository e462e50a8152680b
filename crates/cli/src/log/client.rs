//! The few reads a watcher makes of a service's log, over HTTP(S): the
//! checkpoint, tiles and entry bundles, each capped at what a genuine one
//! can weigh, so that a hostile server cannot fill the watcher's memory.

use anyhow::{bail, Context as _, Result};

/// The most a checkpoint (a signed note) weighs here: a few lines and a few
/// dozen signatures.
pub const MAX_CHECKPOINT_BYTES: u64 = 16 * 1024;
/// A full hash tile: 256 hashes of 32 bytes.
pub const MAX_TILE_BYTES: u64 = 256 * 32;
/// A full entry bundle: 256 entries of at most a few hundred bytes each.
pub const MAX_BUNDLE_BYTES: u64 = 256 * (2 + 512);

/// A log's base address (the service's URL) and an HTTP agent.
pub struct LogClient {
    base: String,
    agent: ureq::Agent,
}

impl LogClient {
    /// The client of the log of the service at `url` (`https://…`, or
    /// `http://` for a service on this machine).
    pub fn new(url: &str) -> Result<Self> {
        let base = url.trim_end_matches('/').to_owned();
        if !(base.starts_with("https://") || base.starts_with("http://")) {
            bail!("{url:?} is not the service's URL (https://…)");
        }
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(std::time::Duration::from_secs(30)))
            .http_status_as_error(false)
            .build()
            .into();
        Ok(Self { base, agent })
    }

    /// `GET /log/<path>`: the body, at most `limit` bytes; `None` for a 404.
    pub fn get(&self, path: &str, limit: u64) -> Result<Option<Vec<u8>>> {
        let url = format!("{}/log/{path}", self.base);
        let mut answer = self
            .agent
            .get(&url)
            .call()
            .with_context(|| format!("cannot read {url}"))?;
        match answer.status().as_u16() {
            200 => {}
            404 => return Ok(None),
            status => bail!("{url} answered {status}"),
        }
        let body = answer
            .body_mut()
            .with_config()
            .limit(limit)
            .read_to_vec()
            .with_context(|| format!("cannot read {url} (at most {limit} bytes)"))?;
        Ok(Some(body))
    }
}
