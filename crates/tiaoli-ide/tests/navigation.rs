//! Go to definition and find references across files and packs: exact
//! targets, exact occurrence sets.

#![expect(clippy::expect_used, reason = "tests")]

mod nav_support;

use nav_support::{file, fixture, offset_of, policies, range_of, slice, word_occurrences};
use tiaoli_ide::{Location, goto_definition, references};

fn goto(db: &tiaoli_db::Database, path: &str, needle: &str, delta: usize) -> Vec<Location> {
    let f = file(db, path);
    goto_definition(db, f, offset_of(db, f, needle, delta)).expect("not cancelled")
}

fn at(db: &tiaoli_db::Database, path: &str, needle: &str, within: &str) -> Location {
    let f = file(db, path);
    let r = range_of(db, f, needle);
    let start = r.start() + needle.find(within).expect("within the needle");
    Location {
        file: f,
        range: tiaoli_text::TextRange::new(start, start + within.len()),
    }
}

const FACTS: &str = "policies/decree-745/facts.tiaoli";
const CH3: &str = "policies/decree-745/ch3-operator-duties.tiaoli";
const CH5: &str = "policies/decree-745/ch5-liability.tiaoli";
const ENERGY: &str = "policies/sectors/energy/identification.tiaoli";

#[test]
fn a_sector_packs_fact_goes_to_the_decrees_facts_file() {
    let db = policies();
    assert_eq!(
        goto(&db, ENERGY, "facility.core_business_importance", 15),
        [at(
            &db,
            FACTS,
            "meta fact core_business_importance",
            "core_business_importance"
        )]
    );
}

#[test]
fn a_rule_named_in_a_trigger_goes_to_its_declaration_in_another_file() {
    let db = policies();
    assert_eq!(
        goto(&db, CH5, "trigger security_system", 10),
        [at(
            &db,
            CH3,
            "obligation security_system",
            "security_system"
        )]
    );
}

#[test]
fn a_bearer_goes_to_the_party_and_a_tests_given_key_to_the_fact() {
    let db = policies();
    assert_eq!(
        goto(&db, CH3, "bearer operator", 9),
        [at(
            &db,
            "policies/decree-745/vocabulary.tiaoli",
            "party operator",
            "operator"
        )]
    );
    assert_eq!(
        goto(
            &db,
            "policies/decree-745/tests-duties.tiaoli",
            "security_body_established = false",
            2
        ),
        [at(
            &db,
            FACTS,
            "fact security_body_established",
            "security_body_established"
        )]
    );
}

#[test]
fn a_citation_goes_to_the_item_it_cites() {
    let db = policies();
    let targets = goto(&db, CH5, "cite art39.1.3", 8);
    assert_eq!(targets.len(), 1);
    let t = targets[0];
    assert_eq!(t.file, file(&db, CH5));
    assert_eq!(slice(&db, t.file, t.range), "3");
    let text = db.text(t.file).expect("text");
    let line_start = text[..t.range.start()].rfind('\n').map_or(0, |i| i + 1);
    assert!(
        text[line_start..t.range.end()]
            .trim_start()
            .starts_with("item 3")
    );
}

#[test]
fn references_of_a_fact_are_its_declaration_uses_and_given_keys_in_every_pack() {
    let db = policies();
    let name = "security_body_established";
    let f = file(&db, FACTS);
    let decl = offset_of(&db, f, &format!("fact {name}"), 6);
    let expected: Vec<Location> = word_occurrences(&db, name)
        .into_iter()
        .map(|(file, range)| Location { file, range })
        .collect();
    assert!(
        expected.len() > 3,
        "declaration, use and tests: {expected:?}"
    );
    assert_eq!(
        references(&db, f, decl, true).expect("not cancelled"),
        expected
    );
    let without: Vec<Location> = references(&db, f, decl, false).expect("not cancelled");
    assert_eq!(without.len(), expected.len() - 1);
    assert!(!without.contains(&at(&db, FACTS, &format!("fact {name}"), name)));
}

#[test]
fn references_of_a_rule_include_triggers_and_test_expectations() {
    let db = policies();
    let name = "security_system";
    let expected: Vec<Location> = word_occurrences(&db, name)
        .into_iter()
        .map(|(file, range)| Location { file, range })
        .collect();
    let f = file(&db, CH5);
    let use_at = offset_of(&db, f, "trigger security_system", 8);
    assert_eq!(
        references(&db, f, use_at, true).expect("not cancelled"),
        expected
    );
    assert!(
        expected
            .iter()
            .any(|l| l.file == file(&db, "policies/decree-745/tests-duties.tiaoli"))
    );
}

/// Two files of one pack, CRLF, Chinese text before the cursor.
const DECL: &str = "party operator { zh \"运营者\" en \"operator\" }\r\n\r\nfact x: bool {\r\n  zh \"事实甲\"\r\n  en \"fact x\"\r\n}\r\n\r\ndefine 重要 = facility.x\r\n";
const USE: &str = "article 1 {\r\n  title zh \"第一条\" en \"One\"\r\n  text zh \"正文\" en \"Body\"\r\n  obligation o { title zh \"义务\" en \"Duty\" bearer operator requires facility.x and 重$0要 }\r\n}\r\n";

#[test]
fn goto_and_references_in_crlf_files_after_chinese_text() {
    let (db, f, offset) = fixture(&[("p", false, &[("a.tiaoli", DECL), ("b.tiaoli", USE)])]);
    let a = file(&db, "a.tiaoli");
    let target = goto_definition(&db, f, offset).expect("not cancelled");
    assert_eq!(
        target,
        [Location {
            file: a,
            range: range_of(&db, a, "重要")
        }]
    );
    let refs = references(&db, f, offset, true).expect("not cancelled");
    assert_eq!(
        refs,
        [
            Location {
                file: a,
                range: range_of(&db, a, "重要")
            },
            Location {
                file: f,
                range: range_of(&db, f, "重要")
            },
        ]
    );
}

#[test]
fn nothing_on_a_keyword_or_out_of_bounds() {
    let (db, f, _) = fixture(&[
        (
            "p",
            false,
            &[
                ("a.tiaoli", DECL),
                ("b.tiaoli", USE.replace("$0", "").as_str()),
            ],
        ),
        ("q", false, &[("c.tiaoli", "// $0\n")]),
    ]);
    let b = file(&db, "b.tiaoli");
    let kw = offset_of(&db, b, "requires", 3);
    assert_eq!(goto_definition(&db, b, kw).expect("not cancelled"), []);
    assert_eq!(references(&db, b, 10_000, true).expect("not cancelled"), []);
    assert_eq!(goto_definition(&db, f, 0).expect("not cancelled"), []);
}
