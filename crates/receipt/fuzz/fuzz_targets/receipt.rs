//! Receipt reading and verification: any bytes are read without panicking,
//! and a receipt that verifies is, written out again, the same receipt.
#![no_main]
#![forbid(unsafe_code)]

use libfuzzer_sys::fuzz_target;
use limpide_receipt::Receipt;

fuzz_target!(|data: &[u8]| {
    let Ok(receipt) = Receipt::from_json(data) else {
        return;
    };
    let again =
        Receipt::from_json(receipt.to_json().as_bytes()).expect("a verified receipt reads back");
    assert_eq!(again, receipt);
    assert_eq!(again.digest(), receipt.digest());
});
