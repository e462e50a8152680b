//! The strict base64url codec: decode(encode(x)) == x for any bytes; any
//! text it decodes is the one encoding of its bytes (nothing non-canonical
//! is accepted); and it accepts exactly what an independent strict decoder
//! (the `base64` crate, URL-safe, no padding, no trailing bits) accepts.
#![no_main]
#![forbid(unsafe_code)]

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use libfuzzer_sys::fuzz_target;
use limpide_receipt::base64url::{decode, encode};

fuzz_target!(|data: &[u8]| {
    assert_eq!(decode(&encode(data)).as_deref(), Ok(data));
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let ours = decode(text);
    if let Ok(bytes) = &ours {
        assert_eq!(encode(bytes), text);
    }
    assert_eq!(ours.ok(), URL_SAFE_NO_PAD.decode(text).ok(), "{text:?}");
});
