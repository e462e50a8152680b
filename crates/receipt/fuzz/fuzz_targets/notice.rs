//! Notice reading and validation: any bytes are read without panicking, and
//! a notice that is accepted is accepted again, with the same digest, when
//! its document is written out and read back.
#![no_main]
#![forbid(unsafe_code)]

use libfuzzer_sys::fuzz_target;
use limpide_receipt::Notice;

fuzz_target!(|data: &[u8]| {
    let Ok(notice) = Notice::from_json(data) else {
        return;
    };
    let text = notice.document().to_string();
    let again = Notice::from_json(text.as_bytes()).expect("an accepted notice reads back");
    assert_eq!(again.digest(), notice.digest());
});
