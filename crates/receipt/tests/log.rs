//! The transparency log's checks (`limpide_receipt::log`) against published
//! vectors and against the `tlog_tiles` and `signed_note` crates (Cloudflare's
//! ports of Go's `sumdb/tlog` and `sumdb/note`), which no one here wrote:
//! the same trees, proofs and notes, read alike.

#![allow(clippy::unwrap_used)] // tests fail loudly on unexpected input

use limpide_receipt::log::{
    check_consistency, empty_tree_hash, leaf_hash, root_from_inclusion, Checkpoint, LogEntry,
    LogKey, LogProof, SignedCheckpoint, TreeHash,
};
use limpide_receipt::{parse_json, SigningKey, StrictEd25519};
use proptest::prelude::*;
use tlog_tiles::{HashReader, RecordProof};

/// The Certificate Transparency project's reference tree (its
/// `merkle_tree_test` data, used by every RFC 6962 implementation): eight
/// leaves and the root of each prefix.
const CT_LEAVES: [&str; 8] = [
    "",
    "00",
    "10",
    "2021",
    "3031",
    "40414243",
    "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
];
const CT_ROOTS: [&str; 8] = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

fn hash(text: &str) -> TreeHash {
    hex(text).try_into().unwrap()
}

/// A tree as `tlog_tiles` stores it: every stored hash, in order.
#[derive(Default)]
struct StoredTree {
    hashes: Vec<tlog_tiles::Hash>,
    size: u64,
}

impl HashReader for StoredTree {
    fn read_hashes(
        &self,
        indexes: &[u64],
    ) -> Result<Vec<tlog_tiles::Hash>, tlog_tiles::tlog::Error> {
        Ok(indexes.iter().map(|&i| self.hashes[i as usize]).collect())
    }
}

impl StoredTree {
    fn of(leaves: &[Vec<u8>]) -> Self {
        let mut tree = Self::default();
        for data in leaves {
            let new = tlog_tiles::stored_hashes(tree.size, data, &tree).unwrap();
            tree.hashes.extend(new);
            tree.size += 1;
        }
        tree
    }

    fn root(&self, size: u64) -> TreeHash {
        tlog_tiles::tree_hash(size, self).unwrap().0
    }
}

fn ct_leaves() -> Vec<Vec<u8>> {
    CT_LEAVES.iter().map(|l| hex(l)).collect()
}

fn path_of(proof: RecordProof) -> Vec<TreeHash> {
    proof.into_iter().map(|h| h.0).collect()
}

#[test]
fn the_reference_roots() {
    let tree = StoredTree::of(&ct_leaves());
    assert_eq!(tree.root(0), empty_tree_hash());
    for (size, root) in (1..).zip(CT_ROOTS) {
        assert_eq!(tree.root(size), hash(root), "size {size}");
    }
    assert_eq!(leaf_hash(b""), hash(CT_ROOTS[0]));
}

#[test]
fn the_reference_inclusion_proofs() {
    let leaves: Vec<TreeHash> = ct_leaves().iter().map(|l| leaf_hash(l)).collect();
    let root = hash(CT_ROOTS[7]);
    let cases: [(u64, u64, &[&str]); 3] = [
        (
            0,
            8,
            &[
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ],
        ),
        (
            5,
            8,
            &[
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ],
        ),
        (
            2,
            3,
            &["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"],
        ),
    ];
    for (index, size, path) in cases {
        let path: Vec<TreeHash> = path.iter().map(|h| hash(h)).collect();
        let expected = hash(CT_ROOTS[size as usize - 1]);
        assert_eq!(
            root_from_inclusion(index, size, &leaves[index as usize], &path),
            Some(expected),
            "leaf {index} of {size}"
        );
    }
    assert_eq!(
        root_from_inclusion(0, 1, &leaves[0], &[]),
        Some(hash(CT_ROOTS[0]))
    );
    assert_ne!(root_from_inclusion(1, 8, &leaves[0], &[]), Some(root));
}

#[test]
fn the_reference_consistency_proofs() {
    let roots: Vec<TreeHash> = CT_ROOTS.iter().map(|r| hash(r)).collect();
    let cases: [(u64, u64, &[&str]); 3] = [
        (1, 1, &[]),
        (
            6,
            8,
            &[
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ],
        ),
        (
            2,
            5,
            &[
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ],
        ),
    ];
    for (old, new, path) in cases {
        let path: Vec<TreeHash> = path.iter().map(|h| hash(h)).collect();
        let (old_root, new_root) = (roots[old as usize - 1], roots[new as usize - 1]);
        assert!(
            check_consistency(old, &old_root, new, &new_root, &path),
            "{old} to {new}"
        );
        assert!(!check_consistency(old, &new_root, new, &new_root, &path) || old == new);
    }
    assert!(check_consistency(0, &empty_tree_hash(), 8, &roots[7], &[]));
    assert!(!check_consistency(8, &roots[7], 6, &roots[5], &[]));
}

fn leaves_strategy() -> impl Strategy<Value = Vec<Vec<u8>>> {
    (1usize..300).prop_map(|n| (0..n).map(|i| (i as u32).to_be_bytes().to_vec()).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Every proof `tlog_tiles` makes holds here, at the same root, and a
    /// proof with one bit changed does not.
    #[test]
    fn inclusion_agrees_with_tlog_tiles(leaves in leaves_strategy(), pick in any::<(u64, u64, u8)>()) {
        let tree = StoredTree::of(&leaves);
        let size = 1 + pick.0 % tree.size;
        let index = pick.1 % size;
        let proof = path_of(tlog_tiles::prove_record(size, index, &tree).unwrap());
        let leaf = leaf_hash(&leaves[index as usize]);
        let root = tree.root(size);
        prop_assert_eq!(root_from_inclusion(index, size, &leaf, &proof), Some(root));
        if !proof.is_empty() {
            let mut bent = proof.clone();
            let at = pick.2 as usize % bent.len();
            bent[at][0] ^= 1;
            prop_assert_ne!(root_from_inclusion(index, size, &leaf, &bent), Some(root));
            prop_assert_ne!(root_from_inclusion(index, size, &leaf, &proof[1..]), Some(root));
        }
        let other = (index + 1) % size;
        if other != index {
            prop_assert_ne!(root_from_inclusion(other, size, &leaf, &proof), Some(root));
        }
    }

    #[test]
    fn consistency_agrees_with_tlog_tiles(leaves in leaves_strategy(), pick in any::<(u64, u64, u8)>()) {
        let tree = StoredTree::of(&leaves);
        let new = 1 + pick.0 % tree.size;
        let old = 1 + pick.1 % new;
        let proof = path_of(tlog_tiles::prove_tree(new, old, &tree).unwrap());
        let (old_root, new_root) = (tree.root(old), tree.root(new));
        prop_assert!(check_consistency(old, &old_root, new, &new_root, &proof));
        if !proof.is_empty() {
            let mut bent = proof.clone();
            let at = pick.2 as usize % bent.len();
            bent[at][31] ^= 0x80;
            prop_assert!(!check_consistency(old, &old_root, new, &new_root, &bent));
        }
        if old < new {
            prop_assert!(!check_consistency(old, &new_root, new, &new_root, &proof));
        }
    }
}

const ORIGIN: &str = "consent.region.example/log";

/// A note signed by `signed_note` with the controller's log key.
fn signed_by_signed_note(seed: [u8; 32], text: &str) -> String {
    let public = SigningKey::from_seed(seed).public_jwk();
    let key = LogKey::new(ORIGIN, public).unwrap();
    let mut secret = vec![1u8];
    secret.extend_from_slice(&seed);
    let skey = format!(
        "PRIVATE+KEY+{ORIGIN}+{:08x}+{}",
        key.key_id(),
        standard_base64(&secret)
    );
    let signer = signed_note::StandardSigner::new(&skey).unwrap();
    let mut note = signed_note::Note::new(text.as_bytes(), &[]).unwrap();
    note.add_sigs(&[&signer]).unwrap();
    String::from_utf8(note.to_bytes()).unwrap()
}

fn standard_base64(bytes: &[u8]) -> String {
    let url = limpide_receipt::base64url::encode(bytes);
    let mut text: String = url.replace('-', "+").replace('_', "/");
    while text.len() % 4 != 0 {
        text.push('=');
    }
    text
}

#[test]
fn vkeys_are_the_ones_signed_note_makes() {
    let public = SigningKey::from_seed([3; 32]).public_jwk();
    let ours = LogKey::new(ORIGIN, public).unwrap().to_vkey();
    let dalek = ed25519_dalek::VerifyingKey::from_bytes(public.as_bytes()).unwrap();
    assert_eq!(ours, signed_note::new_ed25519_verifier_key(ORIGIN, &dalek));
    assert!(signed_note::StandardVerifier::new(&ours).is_ok());
}

#[test]
fn a_checkpoint_signed_by_signed_note_verifies() {
    let seed = [5; 32];
    let key = LogKey::new(ORIGIN, SigningKey::from_seed(seed).public_jwk()).unwrap();
    let tree = StoredTree::of(&ct_leaves());
    let head = Checkpoint::new(ORIGIN, 8, tree.root(8));
    let note = signed_by_signed_note(seed, &head.to_text());
    let signed = SignedCheckpoint::parse(&note, "").unwrap();
    assert_eq!(
        signed
            .verify(std::slice::from_ref(&key), &StrictEd25519, "")
            .unwrap(),
        &head
    );
    assert_eq!(signed.note().to_text(), note);

    // Another key the notice does not list: refused.
    let other = LogKey::new(ORIGIN, SigningKey::from_seed([6; 32]).public_jwk()).unwrap();
    let err = signed.verify(&[other], &StrictEd25519, "").unwrap_err();
    assert_eq!(err.problems()[0].code(), "unlisted-log-key");

    // A text changed under the signature: the listed key's line fails.
    let forged = note.replacen("\n8\n", "\n9\n", 1);
    let err = SignedCheckpoint::parse(&forged, "")
        .unwrap()
        .verify(&[key], &StrictEd25519, "")
        .unwrap_err();
    assert_eq!(err.problems()[0].code(), "bad-signature");
}

#[test]
fn a_proof_of_a_document_in_the_log() {
    let seed = [9; 32];
    let key = LogKey::new(ORIGIN, SigningKey::from_seed(seed).public_jwk()).unwrap();
    let manifest = std::fs::read("../../docs/examples/campaign-manifest.json").unwrap();
    let entry = LogEntry::of_document(&parse_json(&manifest, "manifest").unwrap());
    let mut leaves = ct_leaves();
    leaves.insert(3, entry.to_bytes());
    let tree = StoredTree::of(&leaves);
    let size = leaves.len() as u64;
    let note = signed_by_signed_note(
        seed,
        &Checkpoint::new(ORIGIN, size, tree.root(size)).to_text(),
    );
    let path = path_of(tlog_tiles::prove_record(size, 3, &tree).unwrap());
    let proof = LogProof::new(3, path, SignedCheckpoint::parse(&note, "").unwrap());
    let text = proof.to_text();
    assert!(text.starts_with("c2sp.org/tlog-proof@v1\nindex 3\n"));

    let read = LogProof::parse(&text).unwrap();
    let position = read
        .verify(&entry, std::slice::from_ref(&key), &StrictEd25519)
        .unwrap();
    assert_eq!((position.index, position.size), (3, 9));
    assert_eq!(position.origin, ORIGIN);

    // Another document at that index: the proof does not hold.
    let other =
        LogEntry::from_bytes(b"receipt 47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU").unwrap();
    assert_ne!(other, entry);
    let moved = LogProof::parse(&text.replacen("index 3", "index 4", 1)).unwrap();
    for (entry, proof) in [(other, &read), (entry, &moved)] {
        let err = proof
            .verify(&entry, std::slice::from_ref(&key), &StrictEd25519)
            .unwrap_err();
        assert_eq!(err.problems()[0].code(), "log-proof-mismatch");
    }
}

#[test]
fn malformed_proofs_say_so() {
    for text in [
        "",
        "c2sp.org/tlog-proof@v1\n",
        "c2sp.org/tlog-proof@v1\nindex 01\n\nx\n1\nAAAA\n\n\u{2014} x AAAAAAAA\n",
        "c2sp.org/tlog-proof@v1\nindex 1\nnot-base64\n\nx\n1\nAAAA\n\n\u{2014} x AAAAAAAA\n",
        "c2sp.org/tlog-proof@v1\nindex 1\n\nx\n1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n",
    ] {
        let err = LogProof::parse(text).unwrap_err();
        assert_eq!(err.problems()[0].code(), "malformed-log-proof", "{text:?}");
    }
}
