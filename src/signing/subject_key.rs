//! The subject's signing key: a WebCrypto Ed25519 key pair created
//! non-extractable on first use and kept in IndexedDB. The private key never
//! leaves WebCrypto; only the public key is exported (raw, 32 bytes).
//!
//! Where the key cannot be stored (IndexedDB disabled, or WebKit's private
//! mode refusing to clone a `CryptoKey`), a key is made for this page only
//! and receipts say so: `collection.key_storage` is `webcrypto-session`.
//!
//! Where WebCrypto has no Ed25519 (browsers older than Chromium 137,
//! Firefox 129, Safari 17), the fallback module (`fallback.rs`, loaded
//! only there) signs with `limpide-receipt`'s `SigningKey` from a seed
//! drawn from the browser's CSPRNG. That seed is stored as bytes, so it is readable by scripts of the
//! same origin: weaker than a non-extractable key, and receipts say so with
//! `wasm-indexeddb` (or `wasm-session` when it cannot be stored).

use std::cell::RefCell;

use js_sys::{Array, Object, Reflect, Uint8Array};
use limpide_receipt::PublicJwk;
use wasm_bindgen::{JsCast as _, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, SubtleCrypto};

use crate::error::{ErrorCode, WidgetError};
use crate::platform::browser::{random_bytes, window};
use crate::signing::fallback;
use crate::storage::contract::{KEYS_STORE, SUBJECT_KEY_LOCK};
use crate::storage::idb;
use crate::storage::lock;

/// The IndexedDB key under which the subject's key pair is stored.
const SUBJECT_KEY: &str = "subject";
/// The IndexedDB key of the fallback signer's seed (no WebCrypto Ed25519).
const FALLBACK_SEED: &str = "subject-wasm-seed";

/// Where a subject key lives, as receipts name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum KeyStorage {
    /// A WebCrypto key stored in IndexedDB: the same key signs every
    /// receipt on this device.
    IndexedDb,
    /// A WebCrypto key held for this page only: storage refused the key.
    Session,
    /// The fallback (no WebCrypto Ed25519): a seed stored in IndexedDB.
    WasmIndexedDb,
    /// The fallback, for this page only.
    WasmSession,
}

impl KeyStorage {
    /// The receipt's `collection.key_storage`.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::IndexedDb => "webcrypto-indexeddb",
            Self::Session => "webcrypto-session",
            Self::WasmIndexedDb => "wasm-indexeddb",
            Self::WasmSession => "wasm-session",
        }
    }
}

/// Whether a receipt's `collection.key_storage` names a key kept on the
/// device (later receipts will be signed by the same key).
pub(crate) fn is_kept(key_storage: &str) -> bool {
    [KeyStorage::IndexedDb, KeyStorage::WasmIndexedDb]
        .iter()
        .any(|k| k.as_str() == key_storage)
}

/// What signs: WebCrypto (the private key never leaves it), or the
/// fallback module with this seed.
#[derive(Clone)]
enum PrivateKey {
    WebCrypto(CryptoKey),
    Fallback([u8; 32]),
}

/// The subject's key pair, ready to sign.
#[derive(Clone)]
pub(crate) struct SubjectKey {
    private: PrivateKey,
    /// The public key, as receipts carry it.
    pub(crate) public: PublicJwk,
    /// Where the key is kept.
    pub(crate) storage: KeyStorage,
}

thread_local! {
    /// The key found or made on this page, so that it is read once.
    static LOADED: RefCell<Option<SubjectKey>> = const { RefCell::new(None) };
}

/// The subject's key: loaded from IndexedDB, or created (and stored) on
/// first use.
pub(crate) async fn subject_key() -> Result<SubjectKey, WidgetError> {
    // One lock for the key across every tab and widget of the origin (the
    // signing lock is per notice): two first receipts signed at once must
    // not each create and store a key, one of which would be lost.
    lock::with_lock(SUBJECT_KEY_LOCK, async {
        if let Some(key) = LOADED.with(|k| k.borrow().clone()) {
            return Ok(key);
        }
        let key = find_or_make().await?;
        LOADED.with(|k| *k.borrow_mut() = Some(key.clone()));
        Ok(key)
    })
    .await
}

/// A key for one signature, kept nowhere: the guardian's. A guardian's
/// device keeps nothing of the pupil's, and on the pupil's device the
/// guardian must not sign with the pupil's key.
pub(crate) async fn single_use_key() -> Result<SubjectKey, WidgetError> {
    match generate(&subtle()?).await {
        Ok(pair) => from_pair(&subtle()?, &pair, KeyStorage::Session).await,
        Err(error) if error.code == ErrorCode::SigningUnsupported => {
            fallback_key(random_bytes()?, KeyStorage::WasmSession).await
        }
        Err(error) => Err(error),
    }
}

async fn find_or_make() -> Result<SubjectKey, WidgetError> {
    let subtle = subtle()?;
    if let Ok(stored) = idb::get(KEYS_STORE, SUBJECT_KEY).await {
        if let Ok(key) = from_pair(&subtle, &stored, KeyStorage::IndexedDb).await {
            return Ok(key);
        }
    }
    if let Ok(stored) = idb::get(KEYS_STORE, FALLBACK_SEED).await {
        if let Some(seed) = seed_of(&stored) {
            return fallback_key(seed, KeyStorage::WasmIndexedDb).await;
        }
    }
    let pair = match generate(&subtle).await {
        Ok(pair) => pair,
        Err(error) if error.code == ErrorCode::SigningUnsupported => return make_fallback().await,
        Err(error) => return Err(error),
    };
    let storage = match idb::put(KEYS_STORE, SUBJECT_KEY, &pair).await {
        Ok(()) => KeyStorage::IndexedDb,
        Err(_) => KeyStorage::Session,
    };
    from_pair(&subtle, &pair, storage).await
}

/// A fallback key from a fresh random seed, stored when IndexedDB allows.
async fn make_fallback() -> Result<SubjectKey, WidgetError> {
    let seed: [u8; 32] = random_bytes()?;
    let storage = match idb::put(
        KEYS_STORE,
        FALLBACK_SEED,
        &Uint8Array::from(&seed[..]).into(),
    )
    .await
    {
        Ok(()) => KeyStorage::WasmIndexedDb,
        Err(_) => KeyStorage::WasmSession,
    };
    fallback_key(seed, storage).await
}

/// The stored fallback seed, if `value` is 32 bytes.
fn seed_of(value: &JsValue) -> Option<[u8; 32]> {
    value.dyn_ref::<Uint8Array>()?.to_vec().try_into().ok()
}

/// The fallback key of this seed, its public key made by the fallback module.
async fn fallback_key(seed: [u8; 32], storage: KeyStorage) -> Result<SubjectKey, WidgetError> {
    Ok(SubjectKey {
        public: PublicJwk::from_bytes(fallback::public_key(&seed).await?),
        private: PrivateKey::Fallback(seed),
        storage,
    })
}

impl SubjectKey {
    /// Signs `message` with Ed25519 (64 bytes).
    pub(crate) async fn sign(&self, message: &[u8]) -> Result<Vec<u8>, WidgetError> {
        let private = match &self.private {
            PrivateKey::WebCrypto(private) => private,
            PrivateKey::Fallback(seed) => return fallback::sign(seed, message).await,
        };
        let promise = subtle()?
            .sign_with_str_and_u8_array("Ed25519", private, message)
            .map_err(|e| {
                WidgetError::from_js(ErrorCode::SigningFailed, "WebCrypto refused to sign", &e)
            })?;
        let signature = JsFuture::from(promise).await.map_err(|e| {
            WidgetError::from_js(ErrorCode::SigningFailed, "WebCrypto could not sign", &e)
        })?;
        Ok(Uint8Array::new(&signature).to_vec())
    }
}

fn subtle() -> Result<SubtleCrypto, WidgetError> {
    let crypto = window()?.crypto().map_err(|e| {
        WidgetError::from_js(
            ErrorCode::SigningUnsupported,
            "WebCrypto is not available",
            &e,
        )
    })?;
    Ok(crypto.subtle())
}

/// Attempts at making a key pair. WebKitGTK 2.50's WebCrypto fails about
/// one Ed25519 key generation in a hundred with an `OperationError`
/// (measured: 1 in 120), and the next attempt succeeds; without a retry,
/// that pupil would get the weaker fallback signer for no reason.
const GENERATE_ATTEMPTS: u32 = 3;

/// A new non-extractable Ed25519 key pair (a `CryptoKeyPair` object).
async fn generate(subtle: &SubtleCrypto) -> Result<JsValue, WidgetError> {
    let mut attempt = 1;
    loop {
        match generate_once(subtle).await {
            Err(error) if attempt < GENERATE_ATTEMPTS && is_operation_error(&error) => attempt += 1,
            result => {
                return result.map_err(|e| {
                    WidgetError::from_js(
                        ErrorCode::SigningUnsupported,
                        "this browser cannot make Ed25519 keys (WebCrypto Ed25519 is needed: Chromium 137, Firefox 129, Safari 17 or newer)",
                        &e,
                    )
                })
            }
        }
    }
}

async fn generate_once(subtle: &SubtleCrypto) -> Result<JsValue, JsValue> {
    let algorithm = Object::new();
    let _ = Reflect::set(&algorithm, &"name".into(), &"Ed25519".into());
    let usages = Array::of2(&"sign".into(), &"verify".into());
    let promise = subtle.generate_key_with_object(&algorithm, false, &usages)?;
    JsFuture::from(promise).await
}

/// A failure of this one operation (a `DOMException` named `OperationError`),
/// not a missing algorithm (`NotSupportedError`).
fn is_operation_error(error: &JsValue) -> bool {
    Reflect::get(error, &"name".into())
        .ok()
        .and_then(|name| name.as_string())
        .is_some_and(|name| name == "OperationError")
}

/// The key from a stored or new `CryptoKeyPair`, with its public key exported.
async fn from_pair(
    subtle: &SubtleCrypto,
    pair: &JsValue,
    storage: KeyStorage,
) -> Result<SubjectKey, WidgetError> {
    let member = |name: &str| -> Result<CryptoKey, WidgetError> {
        Reflect::get(pair, &JsValue::from_str(name))
            .ok()
            .and_then(|k| k.dyn_into::<CryptoKey>().ok())
            .ok_or_else(|| {
                WidgetError::new(
                    ErrorCode::SigningFailed,
                    "the stored key pair is incomplete",
                )
            })
    };
    let private = member("privateKey")?;
    let public = member("publicKey")?;
    let exported = subtle.export_key("raw", &public).map_err(|e| {
        WidgetError::from_js(ErrorCode::SigningFailed, "cannot export the public key", &e)
    })?;
    let raw = JsFuture::from(exported).await.map_err(|e| {
        WidgetError::from_js(ErrorCode::SigningFailed, "cannot export the public key", &e)
    })?;
    let bytes: [u8; 32] = Uint8Array::new(&raw).to_vec().try_into().map_err(|_| {
        WidgetError::new(ErrorCode::SigningFailed, "the public key is not 32 bytes")
    })?;
    Ok(SubjectKey {
        private: PrivateKey::WebCrypto(private),
        public: PublicJwk::from_bytes(bytes),
        storage,
    })
}
