//! Where each acknowledged receipt is in the controller's transparency log,
//! kept beside the receipts under `log:<receipt id>` (receipt ids are
//! UUIDs), as the JSON text `{"index": N, "proof": TEXT}` (`proof` null
//! until a checkpoint covers the leaf). One key per receipt, written whole:
//! no two writers share one. My consents reads it (`www/receipts.js`).

use limpide_receipt::{canonical_json, parse_json, Map, Number, Value};
use wasm_bindgen::JsValue;

use crate::error::WidgetError;
use crate::storage::contract::{LOG_KEY_PREFIX, RECEIPTS_STORE};
use crate::storage::idb;
use crate::storage::receipts::storage_error;

/// A receipt's leaf, and its proof once fetched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct LogPlace {
    /// The leaf's index.
    pub(crate) index: u64,
    /// The C2SP tlog-proof's text, once a checkpoint covers the leaf.
    pub(crate) proof: Option<String>,
}

fn key(receipt_id: &str) -> String {
    format!("{LOG_KEY_PREFIX}{receipt_id}")
}

/// The receipt's place in the log, if the service said it.
pub(crate) async fn load(receipt_id: &str) -> Result<Option<LogPlace>, WidgetError> {
    let value = idb::get(RECEIPTS_STORE, &key(receipt_id))
        .await
        .map_err(|e| storage_error(&e, "cannot read a receipt's place in the log"))?;
    let Some(text) = value.as_string() else {
        return Ok(None);
    };
    let Ok(value) = parse_json(text.as_bytes(), "log place") else {
        return Ok(None);
    };
    let index = value.get("index").and_then(Value::as_u64);
    let proof = value
        .get("proof")
        .and_then(Value::as_str)
        .map(str::to_owned);
    Ok(index.map(|index| LogPlace { index, proof }))
}

/// Keeps the receipt's place (whole).
pub(crate) async fn keep(receipt_id: &str, place: &LogPlace) -> Result<(), WidgetError> {
    let mut map = Map::new();
    map.insert("index".to_owned(), Value::Number(Number::from(place.index)));
    map.insert(
        "proof".to_owned(),
        place.proof.clone().map_or(Value::Null, Value::String),
    );
    let text = JsValue::from_str(&canonical_json(&Value::Object(map)));
    idb::put(RECEIPTS_STORE, &key(receipt_id), &text)
        .await
        .map_err(|e| storage_error(&e, "a receipt's place in the log could not be kept"))
}
