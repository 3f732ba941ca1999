//! Semantic tokens, code actions, formatting and the pack-test lens over
//! small fixtures and the real Decree 745 pack.

mod support;

use support::{decree_745, file_named, fixture};
use tiaoli_ide::{
    Formatting, SemanticKind, code_actions, format, run_test, semantic_tokens, test_lenses,
};
use tiaoli_text::TextRange;
use tiaoli_workspace::Disk;

const PACK: &str = r#"//- facts.tiaoli
enum Level {
  title zh "级别" en "Level"
  low { zh "低" en "low" }
  high { zh "高" en "high" }
}

party operator { zh "运营者" en "operator" }

fact level: Level { zh "级别" en "level" }
fact identified: bool { zh "认定" en "identified" }
"#;

fn as_of() -> jiff::civil::Date {
    jiff::civil::date(2025, 6, 1)
}

/// Applies edits to one file's text (last first).
fn apply(text: &str, edits: &[(tiaoli_text::FileId, TextRange, String)]) -> String {
    let mut edits = edits.to_vec();
    edits.sort_by_key(|(_, r, _)| std::cmp::Reverse(r.start()));
    let mut out = text.to_owned();
    for (_, r, new) in edits {
        out.replace_range(r.start()..r.end(), &new);
    }
    out
}

#[test]
fn semantic_tokens_tell_facts_rules_variants_and_articles_apart() {
    let spec = format!(
        "{PACK}//- rules.tiaoli\narticle 3 {{\n  title zh \"认定\" en \"Identified\"\n  text zh \"运营者应当认定。\" en \"Operators identify.\"\n  obligation keep {{\n    bearer operator\n    requires facility.identified and facility.level == .high\n  }}\n  define 中文名 = facility.identified\n  define 二 = 中文名 and keep_ok\n  define keep_ok = true\n}}\n"
    );
    let fx = fixture(&spec);
    let rules = fx.file_named("rules.tiaoli");
    let text = fx.text(rules);
    let toks = semantic_tokens(&fx.db, rules).expect("not cancelled");
    let kind_of = |word: &str, nth: usize| {
        let start = text.match_indices(word).nth(nth).expect("word in text").0;
        toks.iter()
            .find(|(r, _)| r.start() == start && r.end() == start + word.len())
            .map(|(_, k)| *k)
    };
    assert_eq!(kind_of("article", 0), Some(SemanticKind::Keyword));
    assert_eq!(kind_of("3", 0), Some(SemanticKind::Article));
    assert_eq!(kind_of("identified", 0), Some(SemanticKind::Fact));
    assert_eq!(kind_of("level", 0), Some(SemanticKind::Fact));
    assert_eq!(kind_of("high", 0), Some(SemanticKind::Variant));
    assert_eq!(kind_of("operator", 0), Some(SemanticKind::Party));
    let diags = fx.db.diagnostics().expect("not cancelled");
    assert!(!diags.iter().any(|d| d.is_error()), "{diags:#?}");
    assert_eq!(kind_of("keep", 0), Some(SemanticKind::Rule));
    assert_eq!(kind_of("中文名", 0), Some(SemanticKind::Definition));
    assert_eq!(kind_of("中文名", 1), Some(SemanticKind::Definition));
    assert_eq!(kind_of("\"认定\"", 0), Some(SemanticKind::String));
    // In order, never overlapping, inside the text.
    assert!(toks.windows(2).all(|w| w[0].0.end() <= w[1].0.start()));

    let facts = fx.file_named("facts.tiaoli");
    let text = fx.text(facts);
    let toks = semantic_tokens(&fx.db, facts).expect("not cancelled");
    let at = |word: &str| {
        let start = text.find(word).expect("word");
        toks.iter()
            .find(|(r, _)| r.start() == start)
            .map(|(_, k)| *k)
    };
    assert_eq!(at("Level {"), Some(SemanticKind::Type));
    assert_eq!(at("low"), Some(SemanticKind::Variant));
    assert_eq!(at("Level { zh"), Some(SemanticKind::Type));
    assert_eq!(at("bool"), Some(SemanticKind::Type));
}

#[test]
fn semantic_tokens_of_the_real_pack_cite_articles() {
    let db = decree_745();
    let file = file_named(&db, "ch3-operator-duties.tiaoli");
    let text = db.text(file).expect("text");
    let toks = semantic_tokens(&db, file).expect("not cancelled");
    let fact = text.find("security_measures_synchronous").expect("a fact");
    assert!(toks.contains(&(
        TextRange::new(fact, fact + "security_measures_synchronous".len()),
        SemanticKind::Fact
    )));
    assert!(toks.iter().any(|(_, k)| *k == SemanticKind::Rule));
}

#[test]
fn declare_an_undeclared_fact_in_the_facts_file() {
    let spec = format!(
        "{PACK}//- rules.tiaoli\narticle 3 {{\n  title zh \"认定\" en \"Identified\"\n  text zh \"运营者应当认定。\" en \"Operators identify.\"\n  obligation keep {{\n    bearer operator\n    requires facility.规模 >= 100 CNY$0\n  }}\n}}\n"
    );
    let fx = fixture(&spec);
    let at = fx.text(fx.file).find("规模").expect("name");
    let actions = code_actions(&fx.db, fx.file, TextRange::new(at, at)).expect("not cancelled");
    let declare = actions
        .iter()
        .find(|a| a.title.starts_with("declare"))
        .expect("a declare action");
    assert_eq!(declare.title, "declare `fact 规模: money`");
    let facts = fx.file_named("facts.tiaoli");
    assert!(declare.edits.iter().all(|(f, _, _)| *f == facts));
    let after = apply(&fx.text(facts), &declare.edits);
    assert!(
        after.ends_with("fact identified: bool { zh \"认定\" en \"identified\" }\n\nfact 规模: money {\n  zh \"待补充\"\n  en \"to be described\"\n}\n"),
        "{after}"
    );
    // Applied, the fact is declared: no more N001.
    let mut db = fx.db;
    db.set_file_text(facts, after.as_str());
    let left = db.file_diagnostics(fx.file).expect("not cancelled");
    assert!(
        !left.iter().any(|d| d.message.contains("规模")),
        "{left:#?}"
    );
}

#[test]
fn apply_a_did_you_mean_and_cite_a_paragraph() {
    let spec = format!(
        "{PACK}//- rules.tiaoli\narticle 3 {{\n  title zh \"认定\" en \"Identified\"\n  text zh \"运营者应当认定。\" en \"Operators identify.\"\n  para 1 {{\n    text zh \"一\" en \"one\"\n  }}\n  para 2 {{\n    text zh \"二\" en \"two\"\n  }}\n  obligation keep {{\n    title zh \"保持\" en \"Keep\"\n    bearer operator\n    requires facility.identifeid\n  }}\n}}\n"
    );
    let fx = fixture(&spec);
    let rules = fx.file_named("rules.tiaoli");
    let text = fx.text(rules);
    let at = text.find("identifeid").expect("typo");
    let actions = code_actions(&fx.db, rules, TextRange::new(at, at + 3)).expect("not cancelled");
    let titles: Vec<&str> = actions.iter().map(|a| a.title.as_str()).collect();
    assert!(titles.contains(&"replace with `identified`"), "{titles:?}");
    assert!(titles.contains(&"cite `art3.1` in `keep`"), "{titles:?}");
    assert!(titles.contains(&"cite `art3.2` in `keep`"), "{titles:?}");
    let fix = actions
        .iter()
        .find(|a| a.title == "replace with `identified`")
        .expect("fix");
    assert!(apply(&text, &fix.edits).contains("    requires facility.identified\n"));
    let cite = actions
        .iter()
        .find(|a| a.title == "cite `art3.2` in `keep`")
        .expect("cite");
    let cited = apply(&text, &cite.edits);
    assert!(
        cited.contains("    title zh \"保持\" en \"Keep\"\n    cite art3.2\n    bearer operator\n"),
        "{cited}"
    );
    // A rule that cites already is offered none.
    let mut db = fx.db;
    db.set_file_text(rules, cited.as_str());
    let at = cited.find("bearer").expect("bearer");
    let again = code_actions(&db, rules, TextRange::new(at, at)).expect("not cancelled");
    assert!(
        !again.iter().any(|a| a.title.starts_with("cite")),
        "{again:?}"
    );
}

#[test]
fn formatting_is_tiaoli_fmt_and_refuses_broken_files() {
    let fx = fixture("//- a.tiaoli\nfact   identified :bool {zh \"认定\" en \"identified\"}\n");
    let file = fx.file;
    let text = fx.text(file);
    let expected =
        tiaoli_syntax::format(&text, &tiaoli_syntax::parse(&text, file)).expect("formats");
    assert_ne!(expected, text);
    assert_eq!(
        format(&fx.db, file).expect("not cancelled"),
        Formatting::Edit {
            range: TextRange::new(0, text.len()),
            text: expected.clone()
        }
    );
    let mut db = fx.db;
    db.set_file_text(file, expected.as_str());
    assert_eq!(
        format(&db, file).expect("not cancelled"),
        Formatting::Unchanged
    );
    db.set_file_text(file, "fact identified bool {\n");
    assert!(matches!(
        format(&db, file).expect("not cancelled"),
        Formatting::SyntaxErrors { count } if count > 0
    ));
}

#[test]
fn lenses_and_runs_of_the_real_pack_tests() {
    let db = decree_745();
    let file = file_named(&db, "tests-duties.tiaoli");
    let lenses = test_lenses(&db, file).expect("not cancelled");
    assert!(lenses.len() > 5);
    let first = &lenses[0];
    assert_eq!(
        first.name,
        "no operator duty binds a facility that is not CII, whatever its facts"
    );
    let text = db.text(file).expect("text");
    assert!(text[first.range.start()..first.range.end()].starts_with("test \"no operator duty"));
    let run = run_test(&db, &Disk, file, &first.name, as_of())
        .expect("not cancelled")
        .expect("a test");
    assert!(run.passed, "{}", run.message);
    assert_eq!(run.message, "ok");
    assert!(
        run_test(&db, &Disk, file, "no such test", as_of())
            .expect("not cancelled")
            .is_none()
    );
}

#[test]
fn a_failing_pack_test_is_shown_failed_with_its_message() {
    let spec = format!(
        "{PACK}//- rules.tiaoli\narticle 3 {{\n  title zh \"认定\" en \"Identified\"\n  text zh \"运营者应当认定。\" en \"Operators identify.\"\n  obligation keep {{\n    bearer operator\n    requires facility.identified\n  }}\n}}\n\ntest \"未认定则违反\" {{\n  as_of 2025-06-01\n  given {{\n    identified = false\n    level = .low\n  }}\n  expect keep is satisfied\n}}\n\ntest \"认定则满足\" {{\n  given {{\n    identified = true\n    level = .high\n  }}\n  expect keep is satisfied\n}}\n"
    );
    let fx = fixture(&spec);
    let rules = fx.file_named("rules.tiaoli");
    let lenses = test_lenses(&fx.db, rules).expect("not cancelled");
    assert_eq!(
        lenses.iter().map(|l| l.name.as_str()).collect::<Vec<_>>(),
        ["未认定则违反", "认定则满足"]
    );
    let diags = fx.db.diagnostics().expect("not cancelled");
    assert!(!diags.iter().any(|d| d.is_error()), "{diags:#?}");
    let failed = run_test(&fx.db, &Disk, rules, "未认定则违反", as_of())
        .expect("not cancelled")
        .expect("a test");
    assert!(!failed.passed);
    assert_eq!(failed.message, "expected satisfied, actual violated");
    let text = fx.text(rules);
    let (span, _) = &failed.failures[0];
    assert_eq!(&text[span.start()..span.end()], "expect keep is satisfied");
    let passed = run_test(&fx.db, &Disk, rules, "认定则满足", as_of())
        .expect("not cancelled")
        .expect("a test");
    assert!(passed.passed, "{}", passed.message);
}
