//! `limpide verify` and the families' verify page (`crates/verify-web`, the
//! page's wasm, run natively here) read the same files the same way and give
//! the same verdicts: a receipt, an export (a JSON array) of one or several,
//! the controller's records (each as its kind), an empty file, and files
//! that are broken in other ways; without a notice, and against each of the
//! example notice's versions.

#![allow(clippy::unwrap_used)] // tests fail loudly on unexpected input

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn example(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../docs/examples")
        .join(name);
    std::fs::read_to_string(path).unwrap().trim().to_owned()
}

/// The files, by name: what a family or a controller may hand either.
fn files() -> Vec<(&'static str, String)> {
    let first = example("receipt-example.json");
    let withdrawal = example("receipt-withdrawal.json");
    let joint = example("receipt-joint.json");
    let tampered = first.replacen("\"signature\":\"", "\"signature\":\"A", 1);
    let manifest = example("campaign-manifest.json");
    // The manifest with a receipt's `typ` in its protected header (which
    // then no longer matches its signature).
    let protected = |typ: &str| {
        let header = format!(
            "{{\"alg\":\"EdDSA\",\"jwk\":{{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"lMJ_zVx-bbTZ88HcU4HOmWtPgsmk6N438fA8k6r9jZA\"}},\"kid\":\"ze6nlQwxP0U-qBCLTwK7W8pM1lXRKz70b6nRshnTRco\",\"role\":\"controller\",\"typ\":\"{typ}\"}}"
        );
        limpide_receipt::base64url::encode(header.as_bytes())
    };
    let (manifest_typ, receipt_typ) = (
        protected("limpide-campaign+jws;v=1"),
        protected("limpide-receipt+jws;v=1"),
    );
    assert!(manifest.contains(&manifest_typ));
    vec![
        ("receipt", first.clone()),
        ("export of one", format!("[{first}]")),
        ("export, a chain", format!("[{withdrawal},{first}]")),
        ("export, a gap", format!("[{withdrawal}]")),
        ("export, two chains", format!("[{first},{joint}]")),
        ("export, one tampered", format!("[{tampered},{withdrawal}]")),
        ("export of a number", "[1]".to_owned()),
        ("empty export", "[]".to_owned()),
        ("tampered", tampered),
        ("empty", String::new()),
        ("blank", "\n  \n".to_owned()),
        ("not JSON", "{\"payload\":".to_owned()),
        ("campaign manifest", manifest.clone()),
        ("release record", example("release-record.json")),
        ("one-box withdrawal", example("box-withdrawal.json")),
        (
            "tampered manifest",
            manifest.replacen("\"signature\": \"", "\"signature\": \"B", 1),
        ),
        (
            "manifest as a receipt",
            manifest.replacen(&manifest_typ, &receipt_typ, 1),
        ),
        (
            "export of a receipt and records",
            format!("[{first},{manifest},{}]", example("box-withdrawal.json")),
        ),
    ]
}

/// The page's verdict: every receipt valid and, for several, their chain holding.
fn page_valid(report: &Value) -> bool {
    match report["receipts"].as_array() {
        Some(receipts) => {
            receipts.iter().all(|r| r["verdict"]["valid"] == true)
                && report["chain"]["holds"] == true
        }
        None => report["verdict"]["valid"] == true,
    }
}

/// The page's verdict of each receipt, in order.
fn page_verdicts(report: &Value) -> Vec<Value> {
    match report["receipts"].as_array() {
        Some(receipts) => receipts.iter().map(|r| r["verdict"].clone()).collect(),
        None => vec![report["verdict"].clone()],
    }
}

#[test]
fn the_cli_and_the_verify_page_give_the_same_verdict_on_every_file() {
    let dir = std::env::temp_dir().join(format!("limpide-same-verdicts-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let notices = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../www/notices");
    let cases = files().into_iter().flat_map(|(name, text)| {
        [
            None,
            Some("pass-region.json"),
            Some("pass-region-2026-09-01.json"),
        ]
        .map(|notice| (name, text.clone(), notice))
    });
    for (name, text, notice) in cases {
        let path = dir.join("file.json");
        std::fs::write(&path, &text).unwrap();
        let mut command = Command::new(env!("CARGO_BIN_EXE_limpide"));
        command.arg("verify").arg(&path).arg("--json");
        let notice_text = notice.map(|n| {
            command.arg("--notice").arg(notices.join(n));
            std::fs::read_to_string(notices.join(n)).unwrap()
        });
        let output = command.output().unwrap();
        let cli: Value = serde_json::from_slice(&output.stdout).unwrap();
        let page: Value =
            serde_json::from_str(&limpide_verify_web::verify_text(&text, notice_text)).unwrap();
        let name = format!("{name} (notice {notice:?})");
        let name = name.as_str();

        let valid = page_valid(&page);
        assert_eq!(
            output.status.code(),
            Some(if valid { 0 } else { 1 }),
            "{name}: {cli:#}\n{page:#}"
        );
        assert_eq!(cli["valid"], valid, "{name}");
        // The receipts' verdicts, word for word; an export's last input is
        // its chain, which the page reports beside the receipts.
        let mut inputs: Vec<Value> = cli["inputs"].as_array().unwrap().clone();
        for input in &mut inputs {
            input.as_object_mut().unwrap().remove("input");
        }
        let verdicts = page_verdicts(&page);
        if page["receipts"].is_array() {
            let chain = inputs.pop().unwrap();
            let holds = page["chain"]["holds"] == true;
            // Only the receipts that verified are links of the chain (a
            // controller record is verified on its own).
            let none_verified = verdicts
                .iter()
                .all(|v| v["valid"] == false || v["kind"] != "receipt");
            assert_eq!(
                chain["valid"] == true,
                holds || none_verified,
                "{name}: {chain:#}"
            );
        }
        assert_eq!(inputs, verdicts, "{name}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
