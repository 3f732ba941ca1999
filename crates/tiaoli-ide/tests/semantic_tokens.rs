//! Semantic tokens classified by what each name resolves to in the
//! checker's resolution table (the table goto and hover read): names the
//! old by-range and by-word lookups missed or got wrong, over the real
//! packs and a two-pack fixture.

#![expect(clippy::expect_used, reason = "tests")]

mod nav_support;

use nav_support::{file, packs, policies};
use tiaoli_db::Database;
use tiaoli_ide::{SemanticKind, semantic_tokens};
use tiaoli_text::FileId;

/// The kind of the token exactly covering the `nth` occurrence of `word`
/// in `needle`'s context: `needle` is found, then `word` inside it.
fn kind_at(db: &Database, f: FileId, needle: &str, word: &str) -> Option<SemanticKind> {
    let text = db.text(f).expect("text");
    let at = text.find(needle).expect("needle in the file");
    let start = at + needle.find(word).expect("word in the needle");
    let toks = semantic_tokens(db, f).expect("not cancelled");
    toks.iter()
        .find(|(r, _)| r.start() == start && r.end() == start + word.len())
        .map(|(_, k)| *k)
}

const CH3: &str = "policies/decree-745/ch3-operator-duties.tiaoli";

#[test]
fn a_quantifier_variable_is_a_local_where_declared_and_where_used_and_its_field_a_field() {
    let db = policies();
    let f = file(&db, CH3);
    let needle = "all(p in facility.procurements: p.secure_and_trusted";
    assert_eq!(kind_at(&db, f, needle, "p in"), None, "two tokens");
    assert_eq!(kind_at(&db, f, needle, "p"), Some(SemanticKind::Local));
    assert_eq!(
        kind_at(&db, f, needle, "procurements"),
        Some(SemanticKind::Fact)
    );
    let use_at = "p.secure_and_trusted";
    let text = db.text(f).expect("text");
    let start = text.find(needle).expect("needle") + needle.find(use_at).expect("use");
    let toks = semantic_tokens(&db, f).expect("not cancelled");
    let kind = |s: usize, len: usize| {
        toks.iter()
            .find(|(r, _)| r.start() == s && r.end() == s + len)
            .map(|(_, k)| *k)
    };
    assert_eq!(kind(start, 1), Some(SemanticKind::Local));
    assert_eq!(
        kind(start + 2, "secure_and_trusted".len()),
        Some(SemanticKind::Field)
    );
}

#[test]
fn a_penaltys_measures_are_measures() {
    let db = policies();
    let f = file(&db, "policies/decree-745/ch5-liability.tiaoli");
    let needle = "measures order_correction, warning";
    assert_eq!(
        kind_at(&db, f, needle, "order_correction"),
        Some(SemanticKind::Measure)
    );
    assert_eq!(
        kind_at(&db, f, needle, "warning"),
        Some(SemanticKind::Measure)
    );
}

#[test]
fn a_tests_given_key_is_a_fact() {
    let db = policies();
    let f = file(&db, "policies/decree-745/tests-duties.tiaoli");
    assert_eq!(
        kind_at(
            &db,
            f,
            "security_body_established = false",
            "security_body_established"
        ),
        Some(SemanticKind::Fact)
    );
}

#[test]
fn an_implementations_factors_and_defines_are_its_factors_and_locals() {
    let db = policies();
    let f = file(&db, "policies/sectors/energy/identification.tiaoli");
    // A factor the extension point declares, as the implementation defines it.
    assert_eq!(
        kind_at(&db, f, "factor core_business =", "core_business"),
        Some(SemanticKind::Field)
    );
    // A name local to the implementation, where declared and where read.
    assert_eq!(
        kind_at(&db, f, "define high_importance =", "high_importance"),
        Some(SemanticKind::Local)
    );
    assert_eq!(
        kind_at(&db, f, "= high_importance\n", "high_importance"),
        Some(SemanticKind::Local)
    );
    // The extension point through its pack qualifier, and the key variant.
    assert_eq!(
        kind_at(
            &db,
            f,
            "implement decree_745::identification_rules",
            "identification_rules"
        ),
        Some(SemanticKind::Extension)
    );
    assert_eq!(
        kind_at(&db, f, "for .energy {", "energy"),
        Some(SemanticKind::Variant)
    );
}

const REG: &str = "chapter 1 {\n  title zh \"总则\" en \"General\"\n  articles 1..=1\n}\n\nparty operator { zh \"运营者\" en \"operator\" }\n\nfact has_plan: bool { zh \"计划\" en \"plan\" }\n\narticle 1 {\n  title zh \"计划\" en \"Plan\"\n  text zh \"运营者应当制定计划。\" en \"Operators make a plan.\"\n\n  obligation make_plan {\n    bearer operator\n    requires facility.has_plan\n  }\n}\n";

const GUIDE: &str = "chapter 1 {\n  title zh \"总则\" en \"General\"\n  articles 1..=1\n}\n\narticle 1 {\n  title zh \"后续\" en \"Follow-up\"\n  text zh \"未制定计划的，应当报告。\" en \"Without a plan, report.\"\n\n  obligation report {\n    bearer reg::operator\n    applies when violated(reg::make_plan)\n    requires facility.has_plan\n  }\n}\n";

#[test]
fn a_rule_named_through_its_pack_in_violated_is_a_rule_and_a_bearer_a_party() {
    let db = packs(&[
        ("reg", false, &[("reg/a.tiaoli", REG)]),
        ("guide", false, &[("guide/b.tiaoli", GUIDE)]),
    ]);
    let f = file(&db, "guide/b.tiaoli");
    let diags = db.diagnostics().expect("not cancelled");
    assert!(!diags.iter().any(|d| d.is_error()), "{diags:#?}");
    assert_eq!(
        kind_at(&db, f, "violated(reg::make_plan)", "make_plan"),
        Some(SemanticKind::Rule)
    );
    assert_eq!(
        kind_at(&db, f, "bearer reg::operator", "operator"),
        Some(SemanticKind::Party)
    );
    // The rule's own name where declared.
    let reg = file(&db, "reg/a.tiaoli");
    assert_eq!(
        kind_at(&db, reg, "obligation make_plan", "make_plan"),
        Some(SemanticKind::Rule)
    );
}
