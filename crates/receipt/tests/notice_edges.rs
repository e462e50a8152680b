//! Edges of the notice checks that mutation testing (`cargo xtask
//! mutants`) found unpinned by the integration tests: each test fails on a
//! mutant the other tests let through (named in its comment). Some were
//! pinned by doctests only, which the mutation run leaves out for speed.

#![allow(clippy::unwrap_used)] // tests fail loudly on unexpected input

mod support;

use limpide_receipt::Value;
use limpide_receipt::{is_known_category, Notice, SigningKey};
use support::json;
use support::{demo_notice as notice, document};

/// The codes of the problems found at `path` once `edit` is made to the
/// example notice (other problems the edit causes elsewhere are ignored).
fn codes_at(path: &str, edit: impl FnOnce(&mut Value)) -> Vec<&'static str> {
    let mut doc = document("pass-region.json");
    edit(&mut doc);
    match Notice::from_json(doc.to_string().as_bytes()) {
        Ok(_) => Vec::new(),
        Err(e) => e
            .problems()
            .iter()
            .filter(|p| p.path() == path)
            .map(|p| p.code().as_str())
            .collect(),
    }
}

/// Mutants: each `&&` of the identifier rule as `||`.
#[test]
fn identifiers_are_lowercase_words_with_inner_hyphens() {
    let longest = "a".repeat(64);
    for good in ["a", "bons-plans", "x1-2", longest.as_str()] {
        assert_eq!(
            codes_at("/id", |d| d["id"] = json!(good)),
            Vec::<&str>::new(),
            "{good}"
        );
    }
    let too_long = "a".repeat(65);
    for bad in ["", too_long.as_str(), "Bons", "bons_plans", "-a", "a-", "é"] {
        assert_eq!(
            codes_at("/id", |d| d["id"] = json!(bad)),
            ["invalid-id"],
            "{bad:?}"
        );
    }
}

/// Mutants: `jurisdiction` returning a constant; each `&&`/`||` of its rule.
#[test]
fn jurisdictions_are_iso_3166_codes() {
    for good in ["FR", "FR-ARA", "FR-75", "FR-A"] {
        assert_eq!(
            codes_at("/jurisdiction", |d| d["jurisdiction"] = json!(good)),
            Vec::<&str>::new(),
            "{good}"
        );
    }
    for bad in [
        "fr", "F", "FRA", "FR-", "FR-ARAX", "FR-ara", "FR--A", "-FR", "fr-ARA", "Fr",
    ] {
        assert_eq!(
            codes_at("/jurisdiction", |d| d["jurisdiction"] = json!(bad)),
            ["invalid-jurisdiction"],
            "{bad:?}"
        );
    }
}

/// Mutants: each `&&`/`||` of the language-tag rule.
#[test]
fn languages_are_simple_bcp_47_tags() {
    let add = |tag: &str| {
        let tag = tag.to_owned();
        move |d: &mut Value| d["languages"].as_array_mut().unwrap().push(json!(tag))
    };
    for good in ["de", "deu", "fr-CA"] {
        assert!(
            !codes_at("/languages/2", add(good)).contains(&"invalid-language"),
            "{good}"
        );
    }
    for bad in [
        "d", "deut", "DE", "de-", "de-ch", "de-CHE", "de--C", "-CH", "De-CH",
    ] {
        assert_eq!(
            codes_at("/languages/2", add(bad)),
            ["invalid-language"],
            "{bad:?}"
        );
    }
}

/// Mutants: `is_known_category` always true; its range test joined with `||`.
#[test]
fn only_listed_categories_are_known() {
    for known in ["kantara:1", "kantara:16", "dpv:DirectMarketing"] {
        assert!(is_known_category(known), "{known}");
    }
    for unknown in [
        "kantara:0",
        "kantara:17",
        "kantara:09",
        "dpv:Nothing",
        "marketing",
    ] {
        assert!(!is_known_category(unknown), "{unknown}");
    }
}

/// Mutant: the `recipients` arm deleted (a missing list would be a generic
/// missing member, without saying who must be named).
#[test]
fn a_purpose_without_recipients_says_who_to_name() {
    let mut doc = document("pass-region.json");
    doc["purposes"][0]
        .as_object_mut()
        .unwrap()
        .remove("recipients");
    let err = Notice::from_json(doc.to_string().as_bytes()).unwrap_err();
    let p = &err.problems()[0];
    assert_eq!(
        (p.path(), p.code().as_str()),
        ("/purposes/0", "no-recipients")
    );
    assert!(p.message().contains("say who receives the data"), "{p}");
}

/// Mutant: `document` returning an empty value.
#[test]
fn a_notice_keeps_its_document() {
    assert_eq!(
        notice().document(),
        &document("pass-region-2026-12-01.json")
    );
}

/// Mutants: `pick_language` returning a constant; its exact match as `!=`.
#[test]
fn the_language_shown_is_the_best_the_notice_has() {
    let notice = notice();
    assert_eq!(notice.pick_language(&["en"]), "en");
    assert_eq!(notice.pick_language(&["FR"]), "fr");
    assert_eq!(notice.pick_language(&["de-DE", "en-GB"]), "en");
    assert_eq!(notice.pick_language(&["de"]), "fr");
}

/// Mutants: `jurisdiction`, `url` and `legal_basis` returning a constant
/// (the checked model would not hold what the document says).
#[test]
fn the_model_holds_what_the_document_says() {
    let doc = document("pass-region.json");
    let notice = notice();
    assert_eq!(notice.jurisdiction, doc["jurisdiction"].as_str().unwrap());
    assert_eq!(notice.policy_url, doc["policy_url"].as_str().unwrap());
    let basis = doc["required_processing"][0]["legal_basis"]
        .as_str()
        .unwrap();
    assert_eq!(notice.required_processing[0].legal_basis, basis);
}

/// Mutants: `len > MAX_CONTROLLER_KEYS` as `>=` (eight refused) or `==`
/// (nine let through).
#[test]
fn a_notice_lists_up_to_eight_controller_keys() {
    let keys = |n: u8| -> Value {
        (0..n)
            .map(|i| SigningKey::from_seed([i; 32]).public_jwk().to_value())
            .collect()
    };
    assert_eq!(
        codes_at("/controller/keys", |d| d["controller"]["keys"] = keys(8)),
        Vec::<&str>::new()
    );
    assert_eq!(
        codes_at("/controller/keys", |d| d["controller"]["keys"] = keys(9)),
        ["invalid-keys"]
    );
}

/// Mutants: `len > max` of lists as `>=` (thirty refused) or `==` (more
/// than thirty-one let through).
#[test]
fn a_list_has_at_most_thirty_items() {
    let items = |n: usize| -> Value {
        (0..n)
            .map(|i| json!({"fr": format!("donnée {i}"), "en": format!("data {i}")}))
            .collect()
    };
    for (n, expected) in [(30, vec![]), (31, vec!["too-many"]), (32, vec!["too-many"])] {
        let path = "/purposes/0/data";
        assert_eq!(
            codes_at(path, |d| d["purposes"][0]["data"] = items(n)),
            expected,
            "{n} items"
        );
    }
}

/// Mutants: the known-category guard as `true`; the one-item-array guard
/// as `false` or `> 2` (a one-item array would be called bundled).
#[test]
fn a_category_is_one_known_string() {
    let path = "/purposes/0/category";
    let set = |v: Value| move |d: &mut Value| d["purposes"][0]["category"] = v;
    assert_eq!(
        codes_at(path, set(json!("marketing"))),
        ["unknown-category"]
    );
    assert_eq!(
        codes_at(path, set(json!(["dpv:DirectMarketing"]))),
        ["wrong-type"]
    );
    assert_eq!(
        codes_at(path, set(json!(["kantara:1", "kantara:2"]))),
        ["bundled-purpose"]
    );
}
