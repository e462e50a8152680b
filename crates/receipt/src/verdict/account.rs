//! What a receipt records of each purpose, told with the notice's words when
//! the notice is given: what `limpide show` and the verify page's details
//! both say, looked up in one place.

use crate::notice::Notice;
use crate::payload::PurposeRecord;
use crate::receipt::Receipt;

/// One purpose of a receipt, as told to a person.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct PurposeAccount<'a> {
    /// The purpose's record in the payload: its id and its decisions
    /// ([`PurposeRecord::decisions`]).
    pub record: &'a PurposeRecord,
    /// The title the pupil read, in the receipt's language and wording
    /// (the simpler one below the age), when the notice is given.
    pub title: Option<&'a str>,
}

impl Receipt {
    /// Each purpose the receipt records, in its order, with the title the
    /// pupil read when `notice` (the one it was checked against) is given.
    pub fn purpose_accounts<'a>(
        &'a self,
        notice: Option<&'a Notice>,
    ) -> impl Iterator<Item = PurposeAccount<'a>> + 'a {
        let payload = self.payload();
        let wording = payload.wording();
        payload.purposes.iter().map(move |record| PurposeAccount {
            record,
            title: notice
                .and_then(|n| n.purpose(&record.id))
                .and_then(|p| p.title_in(wording).get(&payload.language)),
        })
    }
}
