//! The transparency log through the real service (docs/server.md, "The
//! transparency log"): every stored document is a leaf, the answer names
//! the receipt's, the proofs and tiles it publishes check with the log's
//! key, and the export and the log agree leaf for leaf.

use std::time::{Duration, Instant};

use limpide_receipt::log::{LogEntry, LogKey, LogProof, SignedCheckpoint};
use limpide_receipt::{parse_json, SigningKey, StrictEd25519};
use limpide_server::transparency::Frontier;

use super::campaign_scenarios::{draft, sms_draft};
use super::receipts::{notice, receipt, subject_value, Spec, SMS};
use super::scenarios::Backend;
use super::server::{demo_log_key, Server, LOG_ORIGIN};

/// The log's public key, as a notice would list it.
pub fn log_key() -> LogKey {
    let key = SigningKey::from_jwk(&std::fs::read(demo_log_key()).unwrap()).unwrap();
    LogKey::new(LOG_ORIGIN, key.public_jwk()).unwrap()
}

/// The newest checkpoint once it covers `size` leaves (checkpoints follow
/// the leaves within a second), checked with the log's key.
pub fn checkpoint_covering(server: &Server, size: u64) -> SignedCheckpoint {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let r = server.anonymous("GET", "/log/checkpoint", b"");
        if r.status == 200 {
            let signed = SignedCheckpoint::parse(&r.text(), "").unwrap();
            let size_now = signed
                .verify(&[log_key()], &StrictEd25519, "")
                .unwrap()
                .size();
            if size_now >= size {
                return signed;
            }
        }
        assert!(
            Instant::now() < deadline,
            "no checkpoint covers {size} leaves after 10 s: {} {}",
            r.status,
            r.text()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The leaves the tiles serve up to `size`: each entry and its level-0 hash.
pub fn leaves_from_tiles(server: &Server, size: u64) -> Vec<(Vec<u8>, [u8; 32])> {
    let mut leaves = Vec::new();
    for tile in 0..size.div_ceil(256) {
        let width = (size - tile * 256).min(256);
        let name = |level: &str| {
            let mut path = format!("/log/tile/{level}/{tile:03}");
            if width < 256 {
                path.push_str(&format!(".p/{width}"));
            }
            path
        };
        let hashes = server.anonymous("GET", &name("0"), b"");
        assert_eq!(hashes.status, 200, "{}", hashes.text());
        assert_eq!(
            hashes.header("cache-control"),
            Some("public, max-age=31536000, immutable")
        );
        let bundle = server.anonymous("GET", &name("entries"), b"");
        assert_eq!(bundle.status, 200, "{}", bundle.text());
        let mut rest = bundle.body.as_slice();
        for hash in hashes.body.chunks(32) {
            let length = usize::from(u16::from_be_bytes([rest[0], rest[1]]));
            leaves.push((rest[2..2 + length].to_vec(), hash.try_into().unwrap()));
            rest = &rest[2 + length..];
        }
        assert!(rest.is_empty(), "an entry bundle longer than its tile");
    }
    leaves
}

/// The log entry of every line of the audit export.
fn exported_entries(server: &Server) -> Vec<LogEntry> {
    let audit = server.dpo("GET", "/audit", b"");
    assert_eq!(audit.status, 200, "{}", audit.text());
    audit
        .text()
        .lines()
        .map(|line| LogEntry::of_document(&parse_json(line.as_bytes(), "line").unwrap()))
        .collect()
}

pub fn every_document_is_in_the_log(b: &Backend) {
    let server = Server::start(&(b.fresh)("log"), &[]);
    // The empty tree is signed at once.
    let empty = checkpoint_covering(&server, 0);
    assert_eq!(empty.checkpoint().size(), 0);
    assert_eq!(empty.checkpoint().origin(), LOG_ORIGIN);
    assert_eq!(
        server.anonymous("GET", "/log/proof/0", b"").code(),
        "not-in-checkpoint"
    );

    // Two pupils' first receipts (each enrolls a device: a leaf each too),
    // a second receipt, and a replay.
    let notice = notice();
    let mut indexes = Vec::new();
    let mut acknowledged = Vec::new();
    for (pupil, subject) in [(1u8, "eleve-1"), (2, "eleve-2")] {
        let sent = receipt(
            &notice,
            Spec {
                pupil,
                subject: Some(subject_value(subject)),
                grants: &[("bons-plans", SMS)],
                ..Spec::default()
            },
        );
        let answer = server.post_receipt(sent.to_json().as_bytes());
        assert_eq!(answer.status, 200, "{}", answer.text());
        let index: u64 = answer.header("limpide-log-index").unwrap().parse().unwrap();
        indexes.push(index);
        acknowledged.push(answer.body.clone());
        // Posted again: the same leaf.
        let again = server.post_receipt(sent.to_json().as_bytes());
        assert_eq!(
            again.header("limpide-log-index"),
            Some(index.to_string().as_str())
        );
    }
    // A one-box withdrawal relayed by the region's tools.
    let objection = r#"{"subject": "eleve-1", "notice": "pass-region", "purpose": "bons-plans", "channel": "sms"}"#;
    let r = server.integration("POST", "/objections", objection.as_bytes());
    assert_eq!(r.status, 201, "{}", r.text());

    // A campaign approved: its signed manifest.
    let campaign = draft(
        &server,
        &sms_draft(
            "messages-institutionnels",
            "Les inscriptions ouvrent lundi.",
        ),
    );
    let approved = server.dpo("POST", &format!("/campaigns/{campaign}/approve"), b"");
    assert_eq!(approved.status, 200, "{}", approved.text());

    let exported = exported_entries(&server);
    assert_eq!(
        exported.len(),
        6,
        "2 receipts, 2 enrollments, 1 withdrawal, 1 manifest"
    );
    let signed = checkpoint_covering(&server, 6);
    let head = signed.checkpoint();
    assert_eq!(head.size(), 6);
    // The campaign's public page says where its manifest is, and links to
    // a proof that holds for the manifest the service publishes.
    let page = server
        .anonymous("GET", &format!("/c/{campaign}?lang=en"), b"")
        .text();
    let manifest = server.anonymous("GET", &format!("/campaigns/{campaign}/manifest"), b"");
    let entry = LogEntry::of_document(&parse_json(&manifest.body, "manifest").unwrap());
    let proof_link = page
        .split("href=\"")
        .find(|part| part.starts_with("/log/proof/"))
        .and_then(|part| part.split('"').next())
        .unwrap_or_else(|| panic!("no proof link on the campaign's page: {page}"))
        .replace("&amp;", "&");
    let proof = LogProof::parse(&server.anonymous("GET", &proof_link, b"").text()).unwrap();
    let position = proof.verify(&entry, &[log_key()], &StrictEd25519).unwrap();
    assert!(
        page.contains(&format!(
            "public log {LOG_ORIGIN}, at index {}",
            position.index
        )),
        "{page}"
    );

    // Each receipt's proof, to the newest checkpoint, holds for it alone.
    for (index, body) in indexes.iter().zip(&acknowledged) {
        let r = server.anonymous("GET", &format!("/log/proof/{index}"), b"");
        assert_eq!(r.status, 200, "{}", r.text());
        let proof = LogProof::parse(&r.text()).unwrap();
        let entry = LogEntry::of_document(&parse_json(body, "receipt").unwrap());
        let position = proof.verify(&entry, &[log_key()], &StrictEd25519).unwrap();
        assert_eq!(
            (position.index, position.origin.as_str()),
            (*index, LOG_ORIGIN)
        );
        let other = LogProof::parse(
            &server
                .anonymous("GET", &format!("/log/proof/{}", (index + 1) % 6), b"")
                .text(),
        )
        .unwrap();
        let err = other
            .verify(&entry, &[log_key()], &StrictEd25519)
            .unwrap_err();
        assert_eq!(err.problems()[0].code(), "log-proof-mismatch");
    }
    // A proof to an older checkpoint, by its size.
    let old = server.anonymous("GET", &format!("/log/proof/{}?size=6", indexes[0]), b"");
    assert_eq!(old.status, 200, "{}", old.text());
    assert_eq!(
        server.anonymous("GET", "/log/proof/9", b"").code(),
        "not-in-checkpoint"
    );
    assert_eq!(server.anonymous("GET", "/log/proof/007", b"").status, 404);

    // The tiles give the checkpoint's root, and their entries are the
    // export's documents, each once: the export and the log agree.
    let leaves = leaves_from_tiles(&server, head.size());
    let mut tree = Frontier::default();
    for (data, hash) in &leaves {
        let entry = LogEntry::from_bytes(data).unwrap();
        assert_eq!(entry.leaf_hash(), *hash);
        tree.push(*hash);
    }
    assert_eq!(&tree.root(), head.root());
    let mut logged: Vec<Vec<u8>> = leaves.iter().map(|(data, _)| data.clone()).collect();
    let mut exported: Vec<Vec<u8>> = exported.iter().map(LogEntry::to_bytes).collect();
    logged.sort();
    exported.sort();
    assert_eq!(logged, exported);
    // Tiles beyond the tree, and paths that are no tile's.
    for path in [
        "/log/tile/0/000",
        "/log/tile/0/001.p/1",
        "/log/tile/0/x000/000",
        "/log/tile/9",
    ] {
        assert_eq!(
            server.anonymous("GET", path, b"").code(),
            "no-tile",
            "{path}"
        );
    }
}
