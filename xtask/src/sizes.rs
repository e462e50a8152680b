//! The size table of "everything the form loads" (the first load: every
//! script, wasm and stylesheet a page fetches before the pupil's first
//! receipt is kept): raw, gzip and brotli bytes per file, and the brotli
//! total against the budget. Above a budget's `fails_above`, the build fails.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context as _, Result};

use crate::compress::with_suffix;

/// The files a page loads to show the form, in `dist/`.
/// `limpide-element.js` only exists once the custom element does.
pub const FORM_FILES: &[&str] = &[
    "limpide.js",
    "limpide_bg.wasm",
    "limpide-element.js",
    "limpide.css",
];

/// The limit for their brotli-compressed total: 140 KiB, for a cheap phone
/// on a poor connection.
pub const LIMIT: u64 = 140 * 1024;
/// The goal below it: 100 KiB.
pub const GOAL: u64 = 100 * 1024;
/// A ratchet until the wasm is split (the first load was 199.1 KiB when it
/// was set): above 216 KiB the build fails, so that the first load cannot
/// grow unnoticed. Splitting the wasm lowers it to [`LIMIT`].
pub const RATCHET: u64 = 216 * 1024;

/// Everything the families' verify page loads, in `dist/`.
pub const VERIFY_FILES: &[&str] = &[
    "verify.html",
    "verify.js",
    "verify.css",
    "family.js",
    crate::verify_page::JS_FILE,
    crate::verify_page::WASM_FILE,
];

/// The verify page's own budget: 120 KiB brotli.
pub const VERIFY_LIMIT: u64 = 120 * 1024;

/// Loaded only by browsers whose WebCrypto has no Ed25519: shown apart,
/// not in the total.
pub const FALLBACK_FILES: &[&str] = &[crate::fallback::WASM_FILE];

/// One file's sizes in bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Its path relative to `dist/`.
    pub name: String,
    /// Uncompressed.
    pub raw: u64,
    /// Its `.gz` copy.
    pub gzip: u64,
    /// Its `.br` copy.
    pub brotli: u64,
}

/// The sizes of `files` present in `dist` (after compression).
pub fn measure(dist: &Path, files: &[&str]) -> Result<Vec<Row>> {
    let size = |path: &Path| -> Result<u64> {
        Ok(std::fs::metadata(path)
            .with_context(|| format!("cannot read {}", path.display()))?
            .len())
    };
    let mut rows = Vec::new();
    for name in files {
        let file = dist.join(name);
        if !file.is_file() {
            continue;
        }
        rows.push(Row {
            name: (*name).to_owned(),
            raw: size(&file)?,
            gzip: size(&with_suffix(&file, "gz"))?,
            brotli: size(&with_suffix(&file, "br"))?,
        });
    }
    Ok(rows)
}

/// What a table is measured against.
pub struct Budget {
    /// The table's heading.
    pub heading: &'static str,
    /// The brotli total's limit.
    pub limit: u64,
    /// The goal below it, if any.
    pub goal: Option<u64>,
    /// Above this brotli total the build fails.
    pub fails_above: u64,
}

/// The form's budget.
pub const FORM: Budget = Budget {
    heading: "everything the form loads",
    limit: LIMIT,
    goal: Some(GOAL),
    fails_above: RATCHET,
};

/// The verify page's budget.
pub const VERIFY_PAGE: Budget = Budget {
    heading: "everything verify.html loads",
    limit: VERIFY_LIMIT,
    goal: None,
    fails_above: VERIFY_LIMIT,
};

/// The brotli total of `rows`.
pub fn brotli_total(rows: &[Row]) -> u64 {
    rows.iter().map(|r| r.brotli).sum()
}

/// The table, its total and the limit line, then the `fallback` rows
/// apart, ready to print.
pub fn table(budget: &Budget, rows: &[Row], fallback: &[Row]) -> String {
    let (heading, limit) = (budget.heading, budget.limit);
    let mut out = String::new();
    let line = |out: &mut String, name: &str, raw: u64, gzip: u64, brotli: u64| {
        // Writing to a String cannot fail.
        let _ = writeln!(out, "{name:<26} {raw:>10} {gzip:>10} {brotli:>10}");
    };
    let _ = writeln!(
        out,
        "{:<26} {:>10} {:>10} {:>10}",
        heading, "raw", "gzip", "brotli"
    );
    for row in rows {
        line(&mut out, &row.name, row.raw, row.gzip, row.brotli);
    }
    let sum = |f: fn(&Row) -> u64| rows.iter().map(f).sum::<u64>();
    let (raw, gzip, brotli) = (sum(|r| r.raw), sum(|r| r.gzip), sum(|r| r.brotli));
    line(&mut out, "total", raw, gzip, brotli);
    let percent = brotli as f64 * 100.0 / limit as f64;
    let verdict = if brotli <= limit {
        format!("{} bytes under the limit", limit - brotli)
    } else {
        format!("OVER THE LIMIT by {} bytes", brotli - limit)
    };
    let goal = budget
        .goal
        .map(|g| format!("; the goal is {g}"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "brotli total {brotli} of the {limit}-byte limit ({percent:.1} %): {verdict}{goal}"
    );
    if budget.fails_above != limit {
        let _ = writeln!(
            out,
            "the build fails above {} bytes (a ratchet until the limit holds)",
            budget.fails_above
        );
    }
    for row in fallback {
        let _ = writeln!(out, "only without WebCrypto Ed25519, not in the total:");
        line(&mut out, &row.name, row.raw, row.gzip, row.brotli);
    }
    out
}

/// Measures `dist` and prints both tables on standard output, then fails
/// when either total is above what its budget allows (the verify page's
/// limit; the form's ratchet).
pub fn report(dist: &Path) -> Result<()> {
    let form = measure(dist, FORM_FILES)?;
    print!("{}", table(&FORM, &form, &measure(dist, FALLBACK_FILES)?));
    let verify = measure(dist, VERIFY_FILES)?;
    print!("{}", table(&VERIFY_PAGE, &verify, &[]));
    check(&FORM, &form)?;
    check(&VERIFY_PAGE, &verify)
}

/// Fails when the brotli total of `rows` is above `budget.fails_above`.
pub fn check(budget: &Budget, rows: &[Row]) -> Result<()> {
    let total = brotli_total(rows);
    anyhow::ensure!(
        total <= budget.fails_above,
        "{}: {total} bytes brotli, over the {} bytes the build allows",
        budget.heading,
        budget.fails_above
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, brotli: u64) -> Row {
        Row {
            name: name.to_owned(),
            raw: brotli * 4,
            gzip: brotli + 10,
            brotli,
        }
    }

    #[test]
    fn the_total_is_compared_with_the_limit() {
        let under = table(
            &FORM,
            &[row("limpide.js", 1000), row("limpide_bg.wasm", 30720)],
            &[],
        );
        assert!(under.contains("total"), "{under}");
        assert!(
            under.contains(
                "brotli total 31720 of the 143360-byte limit (22.1 %): 111640 bytes under the limit; the goal is 102400"
            ),
            "{under}"
        );
        let over = table(&FORM, &[row("limpide_bg.wasm", 143361)], &[]);
        let verify = table(&VERIFY_PAGE, &[row("verify.js", 1000)], &[]);
        assert!(
            verify.ends_with("(0.8 %): 121880 bytes under the limit\n"),
            "{verify}"
        );
        assert!(over.contains("OVER THE LIMIT by 1 bytes"), "{over}");
    }

    #[test]
    fn the_form_fails_the_build_above_its_ratchet_only() {
        assert_eq!(RATCHET, 221_184);
        assert!(check(&FORM, &[row("limpide_bg.wasm", 221_184)]).is_ok());
        let over = check(&FORM, &[row("limpide_bg.wasm", 221_185)]);
        let message = format!("{:#}", over.expect_err("over the ratchet"));
        assert_eq!(
            message,
            "everything the form loads: 221185 bytes brotli, over the 221184 bytes the build allows"
        );
        assert!(check(&VERIFY_PAGE, &[row("verify.js", VERIFY_LIMIT + 1)]).is_err());
        let shown = table(&FORM, &[row("limpide_bg.wasm", 200_000)], &[]);
        assert!(shown.contains("OVER THE LIMIT by 56640 bytes"), "{shown}");
        assert!(
            shown.ends_with(
                "the build fails above 221184 bytes (a ratchet until the limit holds)\n"
            ),
            "{shown}"
        );
    }

    #[test]
    fn the_fallback_is_shown_apart() {
        let out = table(
            &FORM,
            &[row("limpide.js", 1000)],
            &[row("limpide-ed25519_bg.wasm", 18000)],
        );
        assert!(out.contains("brotli total 1000 "), "{out}");
        assert!(
            out.contains(
                "only without WebCrypto Ed25519, not in the total:\nlimpide-ed25519_bg.wasm"
            ),
            "{out}"
        );
    }
}
