//! Completion at a cursor (`$0`), while the member being typed does not
//! parse, with Chinese text before the cursor on the line.

#![expect(clippy::expect_used, reason = "test helpers outside #[test] functions")]

mod support;

use support::fixture;
use tiaoli_ide::{Completion, CompletionKind, completions};

const SCHEMA: &str = r#"//- facts.tiaoli
enum Level {
  title zh "级别" en "Level"
  low { zh "低" en "low" }
  high { zh "高" en "high" }
}

record Purchase {
  title zh "采购" en "Purchase"
  field amount: money { zh "金额" en "amount" }
  field reviewed: bool { zh "已审查" en "reviewed" }
}

party operator { zh "运营者" en "operator" }

fact level: Level { zh "级别" en "level" }
fact last_purchase: Purchase { zh "最近采购" en "last purchase" }
fact identified: bool { zh "认定" en "identified" }
fact 规模: int { zh "规模" en "size" }
"#;

const RULES: &str = r#"
//- rules.tiaoli
article 5 {
  title zh "安全保护" en "Protection"
  para 1 {
    text zh "第一款" en "Paragraph one"
  }
  para 2 {
    text zh "第二款" en "Paragraph two"
    item 1 zh "第一项" en "item one"
  }

  define big = facility.规模 > 10

  obligation protect {
    title zh "保护" en "Protect"
    bearer operator
    requires facility.identified
  }
}
"#;

fn at(rules_tail: &str) -> Vec<Completion> {
    let spec = format!("{SCHEMA}{RULES}//- typing.tiaoli\n{rules_tail}");
    let fx = fixture(&spec);
    completions(&fx.db, fx.file, fx.offset).expect("not cancelled")
}

fn labels(items: &[Completion], kind: CompletionKind) -> Vec<&str> {
    items
        .iter()
        .filter(|c| c.kind == kind)
        .map(|c| c.label.as_str())
        .collect()
}

/// An article being typed whose member does not parse yet.
fn member(line: &str) -> String {
    format!(
        "article 6 {{\n  title zh \"测试\" en \"Test\"\n  obligation o {{\n    bearer operator\n    {line}\n  }}\n}}\n"
    )
}

#[test]
fn facts_with_their_types_after_facility_dot() {
    let items = at(&member(
        "reading zh \"中文\" en \"x\"\n    requires facility.$0",
    ));
    let facts = labels(&items, CompletionKind::Fact);
    assert_eq!(facts, ["level", "last_purchase", "identified", "规模"]);
    let level = items.iter().find(|c| c.label == "level").expect("level");
    assert_eq!(level.detail.as_deref(), Some("Level"));
    assert!(labels(&items, CompletionKind::Keyword).is_empty());
}

#[test]
fn facts_after_chinese_text_on_the_line_and_a_partial_word() {
    let text = "define 已认定 = facility.ide$0\n";
    let spec = format!("{SCHEMA}//- typing.tiaoli\n{text}");
    let fx = fixture(&spec);
    let items = completions(&fx.db, fx.file, fx.offset).expect("not cancelled");
    let c = items
        .iter()
        .find(|c| c.label == "identified")
        .expect("identified");
    // It replaces the partial word, whose bytes come after the Chinese name.
    let start = "define 已认定 = facility.".len();
    assert_eq!((c.range.start(), c.range.end()), (start, start + 3));
    assert_eq!(c.detail.as_deref(), Some("bool"));
}

#[test]
fn fields_after_a_fact_of_record_type() {
    let items = at(&member("requires facility.last_purchase.$0"));
    assert_eq!(
        labels(&items, CompletionKind::Field),
        ["amount", "reviewed"]
    );
    assert!(labels(&items, CompletionKind::Fact).is_empty());
}

#[test]
fn variants_after_equals_against_an_enum_fact() {
    let items = at(&member("requires facility.level == .$0"));
    assert_eq!(labels(&items, CompletionKind::Variant), ["low", "high"]);
    let items = at(&member("requires facility.level != $0"));
    assert_eq!(labels(&items, CompletionKind::Variant), [".low", ".high"]);
}

#[test]
fn variants_and_facts_in_given() {
    let test = "test \"级别\" {\n  as_of 2025-06-01\n  given {\n    level = .$0\n  }\n}\n";
    assert_eq!(labels(&at(test), CompletionKind::Variant), ["low", "high"]);
    let test = "test \"级别\" {\n  given {\n    ide$0\n  }\n}\n";
    let items = at(test);
    let c = items
        .iter()
        .find(|c| c.label == "identified")
        .expect("identified");
    assert_eq!(c.insert_text, "identified = ");
}

#[test]
fn article_forms_after_cite() {
    let items = at(&member("cite $0"));
    let arts = labels(&items, CompletionKind::Article);
    for form in ["art5", "art5.1", "art5.2", "art5.2.1"] {
        assert!(arts.contains(&form), "{form} in {arts:?}");
    }
    let art5 = items.iter().find(|c| c.label == "art5").expect("art5");
    assert_eq!(art5.detail.as_deref(), Some("安全保护 / Protection"));
}

#[test]
fn values_in_expression_position() {
    let items = at(&member("requires facility.identified and $0"));
    assert_eq!(labels(&items, CompletionKind::Definition), ["big"]);
    // The obligation being typed is known by name though it does not parse.
    assert_eq!(labels(&items, CompletionKind::Rule), ["protect", "o"]);
    assert!(labels(&items, CompletionKind::Keyword).contains(&"facility"));
    assert!(labels(&items, CompletionKind::Fact).is_empty());
}

#[test]
fn keywords_valid_in_the_block() {
    let items = at(&member("$0"));
    let keywords = labels(&items, CompletionKind::Keyword);
    for k in ["requires", "bearer", "unless", "cite", "in force"] {
        assert!(keywords.contains(&k), "{k} in {keywords:?}");
    }
    for k in ["article", "fine", "para", "given"] {
        assert!(!keywords.contains(&k), "{k} in {keywords:?}");
    }
    assert!(labels(&items, CompletionKind::Snippet).is_empty());
}

#[test]
fn snippets_at_top_level_and_in_articles() {
    let items = at("$0");
    assert_eq!(labels(&items, CompletionKind::Snippet), ["article", "test"]);
    assert!(labels(&items, CompletionKind::Keyword).contains(&"fact"));
    let article = items
        .iter()
        .find(|c| c.kind == CompletionKind::Snippet)
        .expect("article");
    assert!(article.is_snippet && article.insert_text.contains("${1:1}"));

    let items = at("article 7 {\n  title zh \"条\" en \"A\"\n  $0\n}\n");
    assert_eq!(
        labels(&items, CompletionKind::Snippet),
        ["obligation", "penalty"]
    );
    assert!(labels(&items, CompletionKind::Keyword).contains(&"para"));
}

#[test]
fn nothing_inside_strings_and_comments() {
    assert!(at(&member("reading zh \"中文 facility.$0\"")).is_empty());
    assert!(at(&member("// facility.$0")).is_empty());
}
