//! Any signed document (a receipt or a controller record, read as the kind
//! its `typ` names): any bytes are read without panicking, and a controller
//! record that verifies is, written out again, the same record.
#![no_main]
#![forbid(unsafe_code)]

use libfuzzer_sys::fuzz_target;
use limpide_receipt::{verify_document, Document, SignedRecord};

fn reads_back<T: limpide_receipt::RecordPayload + std::fmt::Debug>(record: &SignedRecord<T>) {
    let again = SignedRecord::<T>::from_json(record.to_json().as_bytes())
        .expect("a verified record reads back");
    assert_eq!(&again, record);
    assert_eq!(again.digest(), record.digest());
}

fuzz_target!(|data: &[u8]| {
    match verify_document(data, None) {
        Ok(Document::CampaignManifest(record)) => reads_back(&record),
        Ok(Document::ReleaseRecord(record)) => reads_back(&record),
        Ok(Document::BoxWithdrawal(record)) => reads_back(&record),
        _ => {}
    }
});
