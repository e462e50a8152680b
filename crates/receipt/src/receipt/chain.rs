//! Whether receipts hold together as a chain: each one that replaces
//! another (`previous`) names a receipt of the set, by id and digest, and
//! no receipt is replaced twice. Verification checks only the shape of
//! `previous` (docs/receipt-format.md, Chains); this checks the links, for
//! the verify page and for receipts imported onto a new device.
//!
//! ```
//! # let notice = limpide_receipt::Notice::from_json(include_bytes!("../../../../www/notices/pass-region.json"))?;
//! use limpide_receipt::{check_chain, Choices, Collection, Context, Payload, PreviousReceipt, Receipt, Role, SigningKey};
//!
//! let key = SigningKey::from_seed([3; 32]);
//! let sign = |previous: Option<&Receipt>, id: &str| {
//!     let collection = Collection::new("cli", "doc", "jwk-file");
//!     let mut context = Context::new(id.into(), "2026-12-01T10:00:00Z".into(), "fr".into(), collection);
//!     context.previous = previous.map(PreviousReceipt::of);
//!     let payload = Payload::new(&notice, &Choices::default(), context).unwrap();
//!     let mut receipt = Receipt::prepare(&payload);
//!     let input = receipt.signing_input(Role::Subject, key.public_jwk());
//!     let signature = key.sign(input.as_bytes());
//!     receipt.attach(input, &signature).unwrap();
//!     receipt
//! };
//! let first = sign(None, "0b9f3f8e-3c7a-4a43-9d55-2f1f0c4b6a10");
//! let second = sign(Some(&first), "1b9f3f8e-3c7a-4a43-9d55-2f1f0c4b6a10");
//! assert!(check_chain(&[second.clone(), first]).holds());
//! assert!(!check_chain(&[second]).holds());
//! # Ok::<(), limpide_receipt::Error>(())
//! ```

use crate::code::Code;
use crate::error::{Error, Problems};
use crate::payload::PreviousReceipt;
use crate::receipt::Receipt;

impl PreviousReceipt {
    /// The link to `receipt`, for the receipt that replaces it.
    pub fn of(receipt: &Receipt) -> Self {
        Self {
            receipt_id: receipt.payload().receipt_id.clone(),
            digest: receipt.digest().to_owned(),
        }
    }
}

/// How a set of receipts holds together.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chain {
    /// The receipts' positions in the set, first to latest along each
    /// chain (a chain starts with a receipt that replaces none, or whose
    /// previous receipt is missing).
    pub order: Vec<usize>,
    /// Receipts whose `previous` names no receipt of the set (by id and
    /// digest): the link is broken, or the earlier receipt was not given.
    pub missing_previous: Vec<usize>,
    /// Receipts that two or more receipts of the set replace.
    pub replaced_twice: Vec<usize>,
    /// How many chains the set makes.
    pub chains: usize,
}

impl Chain {
    /// Whether the set is one chain whose every link holds.
    pub fn holds(&self) -> bool {
        self.missing_previous.is_empty() && self.replaced_twice.is_empty() && self.chains == 1
    }

    /// What does not hold, as problems at each receipt's position in the
    /// set (`/N`): what `limpide verify` says of an export. A set in which
    /// no receipt verified has no chain to fault.
    pub fn verdict(&self) -> Result<(), Error> {
        let mut problems = Problems::default();
        for i in &self.missing_previous {
            problems.push(
                format!("/{i}/payload/previous"),
                Code::MissingPrevious,
                "this receipt replaces one that is not here, or that was changed",
            );
        }
        for i in &self.replaced_twice {
            problems.push(
                format!("/{i}"),
                Code::ReplacedTwice,
                "two receipts here replace this one: the chain splits",
            );
        }
        if self.chains > 1 {
            problems.push(
                "",
                Code::SeveralChains,
                format!("these receipts make {} separate chains", self.chains),
            );
        }
        problems.finish(())
    }
}

/// [`check_chain`] of the receipts that verified among `receipts` (`None`
/// for one that did not), with positions counted in `receipts`.
pub fn check_chain_among(receipts: Vec<Option<Receipt>>) -> Chain {
    let (positions, verified): (Vec<usize>, Vec<Receipt>) = receipts
        .into_iter()
        .enumerate()
        .filter_map(|(i, r)| Some((i, r?)))
        .unzip();
    let chain = check_chain(&verified);
    let named = |list: Vec<usize>| list.into_iter().map(|i| positions[i]).collect();
    Chain {
        order: named(chain.order),
        missing_previous: named(chain.missing_previous),
        replaced_twice: named(chain.replaced_twice),
        chains: chain.chains,
    }
}

/// Checks the links between `receipts` (already verified, in any order).
pub fn check_chain(receipts: &[Receipt]) -> Chain {
    // For each receipt, the receipt of the set it replaces, if any.
    let replaces: Vec<Option<usize>> = receipts
        .iter()
        .map(|receipt| {
            let previous = receipt.payload().previous.as_ref()?;
            receipts.iter().position(|candidate| {
                candidate.digest() == previous.digest
                    && candidate.payload().receipt_id == previous.receipt_id
            })
        })
        .collect();
    let missing_previous: Vec<usize> = receipts
        .iter()
        .enumerate()
        .filter(|(i, r)| r.payload().previous.is_some() && replaces[*i].is_none())
        .map(|(i, _)| i)
        .collect();
    let replaced_by = |i: usize| -> Vec<usize> {
        (0..receipts.len())
            .filter(|&j| replaces[j] == Some(i))
            .collect()
    };
    let replaced_twice: Vec<usize> = (0..receipts.len())
        .filter(|&i| replaced_by(i).len() > 1)
        .collect();
    let starts: Vec<usize> = (0..receipts.len())
        .filter(|&i| replaces[i].is_none())
        .collect();
    let mut order = Vec::with_capacity(receipts.len());
    for &start in &starts {
        // Along the chain; a receipt replaced twice ends it (a fork).
        let mut at = start;
        loop {
            if order.contains(&at) {
                break;
            }
            order.push(at);
            match replaced_by(at).as_slice() {
                [next] => at = *next,
                _ => break,
            }
        }
    }
    // The branches after a fork, which no single link leads to.
    order.extend(
        (0..receipts.len())
            .filter(|i| !order.contains(i))
            .collect::<Vec<_>>(),
    );
    Chain {
        order,
        missing_previous,
        replaced_twice,
        chains: starts.len(),
    }
}

#[cfg(all(test, feature = "ed25519"))]
mod tests {
    use super::*;
    use crate::testing::ReceiptSpec;
    use crate::{Notice, Role};

    fn receipt(previous: Option<&Receipt>, n: u8) -> Receipt {
        let notice = Notice::from_json(include_bytes!("../../../../www/notices/pass-region.json"))
            .expect("the example notice");
        let mut spec = ReceiptSpec::default()
            .id(&format!("0b9f3f8e-3c7a-4a43-9d55-2f1f0c4b6a{n:02x}"))
            .signers(&[(Role::Subject, [n; 32])]);
        if let Some(previous) = previous {
            spec = spec.replacing(previous);
        }
        spec.receipt(&notice)
    }

    #[test]
    fn links_are_followed_whatever_the_order_given() {
        let a = receipt(None, 1);
        let b = receipt(Some(&a), 2);
        let c = receipt(Some(&b), 3);
        let chain = check_chain(&[c.clone(), a.clone(), b.clone()]);
        assert!(chain.holds(), "{chain:?}");
        assert_eq!(chain.order, [1, 2, 0]);
    }

    #[test]
    fn a_missing_receipt_a_fork_or_two_chains_do_not_hold() {
        let a = receipt(None, 1);
        let b = receipt(Some(&a), 2);
        let b2 = receipt(Some(&a), 4);
        let c = receipt(Some(&b), 3);
        let missing = check_chain(&[a.clone(), c.clone()]);
        assert_eq!(
            (missing.missing_previous.clone(), missing.chains),
            (vec![1], 2)
        );
        let fork = check_chain(&[a.clone(), b.clone(), b2.clone()]);
        assert_eq!(fork.replaced_twice, [0]);
        assert_eq!(
            fork.order.len(),
            3,
            "every receipt is listed, the fork's branches last"
        );
        assert!(!fork.holds() && !missing.holds());
        let two = check_chain(&[a, receipt(None, 5)]);
        assert_eq!(two.chains, 2);
        assert!(!two.holds());
    }
}
