//! The paths of C2SP tlog-tiles: `tile/<L>/<N>[.p/<W>]` for the hashes of
//! level `L` (tree level `8L`), `tile/entries/<N>[.p/<W>]` for the leaves'
//! data, `N` written in groups of three digits, all but the last prefixed
//! with `x` (`1234067` is `x001/x234/067`).

/// Hashes (or entries) in a full tile: tiles are of height 8.
pub const TILE_WIDTH: u64 = 256;

/// The level written for the entry bundles.
pub const ENTRIES_LEVEL: &str = "entries";

/// One tile, as its path names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TilePath {
    /// `None` for an entry bundle; else the tile's level (0 to 63).
    pub level: Option<u8>,
    /// The tile's index within its level.
    pub index: u64,
    /// How many hashes (entries) it holds: 256, or 1 to 255 for a partial one.
    pub width: u64,
}

impl TilePath {
    /// Reads a path after `tile/`; `None` for anything that is not the
    /// one spelling of a tile.
    ///
    /// ```
    /// use limpide_receipt::log::TilePath;
    /// let tile = TilePath::parse("0/x001/x234/067.p/8").unwrap();
    /// assert_eq!((tile.level, tile.index, tile.width), (Some(0), 1_234_067, 8));
    /// assert_eq!(tile.to_path(), "tile/0/x001/x234/067.p/8");
    /// assert_eq!(TilePath::parse("entries/000").unwrap().level, None);
    /// assert!(TilePath::parse("0/1").is_none());
    /// ```
    pub fn parse(path: &str) -> Option<Self> {
        let (level, rest) = path.split_once('/')?;
        let level = match level {
            ENTRIES_LEVEL => None,
            _ => Some(canonical_number(level).filter(|l| *l < 64)? as u8),
        };
        let (index_part, width) = match rest.split_once(".p/") {
            Some((index, width)) => {
                let width = canonical_number(width).filter(|w| (1..TILE_WIDTH).contains(w))?;
                (index, width)
            }
            None => (rest, TILE_WIDTH),
        };
        let groups: Vec<&str> = index_part.split('/').collect();
        let (last, leading) = groups.split_last()?;
        let mut index: u64 = 0;
        for group in leading {
            let digits = group.strip_prefix('x')?;
            index = index
                .checked_mul(1000)?
                .checked_add(three_digits(digits)?)?;
        }
        index = index.checked_mul(1000)?.checked_add(three_digits(last)?)?;
        let parsed = Self {
            level,
            index,
            width,
        };
        // One spelling per tile: no leading `x000/` group.
        (parsed.to_path() == format!("tile/{path}")).then_some(parsed)
    }

    /// The tile's path, `tile/…`.
    pub fn to_path(&self) -> String {
        let mut groups = vec![format!("{:03}", self.index % 1000)];
        let mut rest = self.index / 1000;
        while rest > 0 {
            groups.push(format!("x{:03}", rest % 1000));
            rest /= 1000;
        }
        groups.reverse();
        let level = self
            .level
            .map_or(ENTRIES_LEVEL.to_owned(), |l| l.to_string());
        let partial = if self.width == TILE_WIDTH {
            String::new()
        } else {
            format!(".p/{}", self.width)
        };
        format!("tile/{level}/{}{partial}", groups.join("/"))
    }
}

fn three_digits(text: &str) -> Option<u64> {
    (text.len() == 3 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// A decimal without leading zeros.
fn canonical_number(text: &str) -> Option<u64> {
    let canonical = !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'));
    canonical.then(|| text.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_spec_examples() {
        for (path, level, index, width) in [
            ("0/000", Some(0), 0, 256),
            ("1/x001/x234/067", Some(1), 1_234_067, 256),
            ("entries/x001/x234/067.p/128", None, 1_234_067, 128),
            ("2/999.p/255", Some(2), 999, 255),
        ] {
            let tile = TilePath::parse(path).unwrap();
            assert_eq!((tile.level, tile.index, tile.width), (level, index, width));
            assert_eq!(tile.to_path(), format!("tile/{path}"));
        }
        for bad in [
            "0/x000/001",
            "0/1",
            "00/000",
            "0/000.p/256",
            "0/000.p/0",
            "0/000.p/01",
            "x/000",
            "0/x1/000",
            "0/000/",
            "64/000",
            "0/x999/x999/x999/x999/x999/x999/x999/000",
        ] {
            assert_eq!(TilePath::parse(bad), None, "{bad}");
        }
    }
}
