//! Reading a log's new leaves from its tiles, as a watcher must: every
//! entry bundle from the size it knows to the checkpoint's, each entry a
//! Limpide leaf, appended to the tree it keeps (a [`Frontier`]), and every
//! hash tile those leaves complete compared with the hashes it computed.
//! The tree it ends with must give the checkpoint's root: nothing it saw
//! before was changed, and the tiles hold what the checkpoint signs.

use std::collections::BTreeMap;

use anyhow::Result;
use limpide_receipt::log::{Frontier, LogEntry, TilePath, TreeHash, TILE_WIDTH};

use super::client::{LogClient, MAX_BUNDLE_BYTES, MAX_TILE_BYTES};

/// What the new leaves were.
#[derive(Default)]
pub struct Replayed {
    /// How many of each kind (`receipt`, `device-enrollment`…).
    pub kinds: BTreeMap<&'static str, u64>,
    /// The entries, in order, when asked for.
    pub entries: Vec<LogEntry>,
}

/// Appends the log's leaves from `tree`'s size up to `size` to `tree`,
/// checking each entry and each hash tile on the way. `Ok(Err(why))`: the
/// log served something a genuine log cannot (said in plain words);
/// `Err`: it could not be read.
pub fn replay(
    client: &LogClient,
    tree: &mut Frontier,
    size: u64,
    keep_entries: bool,
) -> Result<std::result::Result<Replayed, String>> {
    let mut replayed = Replayed::default();
    // Each level of tiles: the node hashes computed, by index.
    let mut computed: BTreeMap<u8, BTreeMap<u64, TreeHash>> = BTreeMap::new();
    while tree.size() < size {
        let index = tree.size() / TILE_WIDTH;
        let width = (size - index * TILE_WIDTH).min(TILE_WIDTH);
        let path = TilePath {
            level: None,
            index,
            width,
        }
        .to_path();
        let Some(bundle) = client.get(&path, MAX_BUNDLE_BYTES)? else {
            return Ok(Err(format!(
                "the log serves no {path}, which its checkpoint of {size} leaves needs"
            )));
        };
        let Some(entries) = split_bundle(&bundle) else {
            return Ok(Err(format!("{path} is not an entry bundle")));
        };
        if entries.len() as u64 != width {
            return Ok(Err(format!(
                "{path} holds {} entries, not {width}",
                entries.len()
            )));
        }
        for data in &entries[(tree.size() - index * TILE_WIDTH) as usize..] {
            let leaf = tree.size();
            let Some(entry) = LogEntry::from_bytes(data) else {
                return Ok(Err(format!(
                    "leaf {leaf} is not a Limpide log entry (a kind and a SHA-256)"
                )));
            };
            for node in tree.push(entry.leaf_hash()) {
                if node.level % 8 == 0 {
                    let level = (node.level / 8) as u8;
                    computed
                        .entry(level)
                        .or_default()
                        .insert(node.index, node.hash);
                }
            }
            *replayed.kinds.entry(entry.kind().as_str()).or_default() += 1;
            if keep_entries {
                replayed.entries.push(entry);
            }
        }
    }
    for (level, nodes) in &computed {
        if let Err(why) = compare_tiles(client, *level, nodes, size)? {
            return Ok(Err(why));
        }
    }
    Ok(Ok(replayed))
}

/// Compares the hash tiles of `level` that hold `nodes` with them.
fn compare_tiles(
    client: &LogClient,
    level: u8,
    nodes: &BTreeMap<u64, TreeHash>,
    size: u64,
) -> Result<std::result::Result<(), String>> {
    let at_level = size >> (8 * u32::from(level));
    let mut tiles: BTreeMap<u64, Vec<(u64, &TreeHash)>> = BTreeMap::new();
    for (index, hash) in nodes {
        tiles
            .entry(index / TILE_WIDTH)
            .or_default()
            .push((*index, hash));
    }
    for (tile, hashes) in tiles {
        let width = (at_level - tile * TILE_WIDTH).min(TILE_WIDTH);
        let path = TilePath {
            level: Some(level),
            index: tile,
            width,
        }
        .to_path();
        let Some(bytes) = client.get(&path, MAX_TILE_BYTES)? else {
            return Ok(Err(format!(
                "the log serves no {path}, which its checkpoint of {size} leaves needs"
            )));
        };
        if bytes.len() as u64 != width * 32 {
            return Ok(Err(format!(
                "{path} holds {} bytes, not {}",
                bytes.len(),
                width * 32
            )));
        }
        for (index, hash) in hashes {
            let at = ((index % TILE_WIDTH) * 32) as usize;
            if bytes[at..at + 32] != hash[..] {
                return Ok(Err(format!(
                    "{path} does not hold the hash of the entries it covers (node {index} of level {}): the log's tiles or entries were rewritten",
                    8 * u32::from(level)
                )));
            }
        }
    }
    Ok(Ok(()))
}

/// The entries of a bundle: each a big-endian 16-bit length and its bytes.
fn split_bundle(bundle: &[u8]) -> Option<Vec<&[u8]>> {
    let mut entries = Vec::new();
    let mut rest = bundle;
    while !rest.is_empty() {
        let (length, tail) = rest.split_at_checked(2)?;
        let length = usize::from(u16::from_be_bytes([length[0], length[1]]));
        let (entry, tail) = tail.split_at_checked(length)?;
        entries.push(entry);
        rest = tail;
    }
    Some(entries)
}
