//! What the receipt tests share: the example notice, a receipt context and
//! signing (from the core's shared builder, `limpide_receipt::testing`),
//! and an edited header. Each test binary uses a part of it.

#![allow(dead_code)] // each test file compiles its own copy and uses a part
#![allow(clippy::unwrap_used)] // tests fail loudly on unexpected input

#[allow(unused_imports)] // each test binary uses a part of this file
pub use limpide_receipt::testing::sign;
use limpide_receipt::testing::ReceiptSpec;
use limpide_receipt::Value;
use limpide_receipt::{base64url, parse_json, Context, Notice, Receipt};

/// `serde_json::json!`, as the core's own [`Value`] (which serde_json's
/// `json!` also takes inside, through its `Serialize`).
macro_rules! json {
    ($($document:tt)+) => {
        limpide_receipt::Value::from(serde_json::json!($($document)+))
    };
}
#[allow(unused_imports)] // each test binary uses a part of this file
pub(crate) use json;

/// A notice of `www/notices/` as a JSON value, to edit.
pub fn document(name: &str) -> Value {
    let path = format!("{}/../../www/notices/{name}", env!("CARGO_MANIFEST_DIR"));
    parse_json(&std::fs::read(path).unwrap(), "notice").unwrap()
}

/// The example notice as the documented examples name it:
/// `www/notices/pass-region-2026-12-01.json`, the demo's version before it
/// listed a log key (format 1).
pub fn demo_notice() -> Notice {
    Notice::from_json(
        document("pass-region-2026-12-01.json")
            .to_string()
            .as_bytes(),
    )
    .unwrap()
}

/// A French receipt's context, issued at `issued_at`, collected by the CLI
/// (the shared builder's, `limpide_receipt::testing`).
pub fn context(receipt_id: &str, issued_at: &str) -> Context {
    ReceiptSpec::default()
        .id(receipt_id)
        .issued_at(issued_at)
        .context(&demo_notice())
}

/// The receipt's text with its first signature's protected header edited.
pub fn with_header(receipt: &Receipt, edit: impl FnOnce(&mut Value)) -> String {
    let mut v = receipt.to_value();
    let protected = v["signatures"][0]["protected"].as_str().unwrap();
    let mut header: Value = serde_json::from_slice(&base64url::decode(protected).unwrap()).unwrap();
    edit(&mut header);
    v["signatures"][0]["protected"] = json!(base64url::encode(header.to_string().as_bytes()));
    v.to_string()
}
