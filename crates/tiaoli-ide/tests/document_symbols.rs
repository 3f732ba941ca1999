//! The outline: chapters → articles → rules, the rest at the top level;
//! exact names, kinds and ranges.

#![expect(clippy::expect_used, reason = "tests")]

mod nav_support;

use nav_support::{file, packs, policies, slice};
use tiaoli_ide::{DocumentSymbol, SymbolKind, document_symbols};

fn outline(db: &tiaoli_db::Database, path: &str) -> Vec<DocumentSymbol> {
    document_symbols(db, file(db, path)).expect("not cancelled")
}

#[test]
fn articles_sit_in_their_chapter_and_rules_in_their_article() {
    let db = policies();
    let path = "policies/decree-745/ch3-operator-duties.tiaoli";
    let f = file(&db, path);
    let symbols = outline(&db, path);
    // Chapter 3 (declared in chapters.tiaoli) holds the file's articles;
    // the test at the end of the file stands alone.
    let kinds: Vec<(SymbolKind, &str)> =
        symbols.iter().map(|s| (s.kind, s.name.as_str())).collect();
    assert_eq!(
        kinds,
        [
            (SymbolKind::Chapter, "chapter 3 运营者责任义务"),
            (
                SymbolKind::Test,
                "an overdue assessment triggers the article 39 penalty"
            ),
        ]
    );
    let chapter = &symbols[0];
    assert_eq!(
        chapter.detail.as_deref(),
        Some("Responsibilities and obligations of operators")
    );
    let articles: Vec<String> = chapter
        .children
        .iter()
        .map(|a| slice(&db, f, a.selection))
        .collect();
    assert_eq!(
        articles,
        ["12", "13", "14", "15", "16", "17", "18", "19", "20", "21"]
    );
    // The chapter entry covers exactly its articles.
    assert_eq!(chapter.range.start(), chapter.children[0].range.start());
    assert_eq!(chapter.range.end(), chapter.children[9].range.end());

    let art12 = &chapter.children[0];
    assert_eq!(art12.name, "article 12 同步规划建设使用");
    assert_eq!(
        art12.detail.as_deref(),
        Some("Concurrent planning, construction and use")
    );
    assert!(slice(&db, f, art12.range).starts_with("article 12 {"));
    let rules: Vec<(SymbolKind, &str)> = chapter.children[1]
        .children
        .iter()
        .map(|r| (r.kind, r.name.as_str()))
        .collect();
    assert_eq!(
        rules,
        [
            (SymbolKind::Obligation, "security_system"),
            (SymbolKind::Obligation, "protection_resources"),
            (SymbolKind::Obligation, "principal_responsibility"),
        ]
    );
    let rule = &art12.children[0];
    assert_eq!(slice(&db, f, rule.selection), "synchronous_measures");
    let body = slice(&db, f, rule.range);
    assert!(
        body.starts_with("obligation synchronous_measures {") && body.ends_with('}'),
        "{body}"
    );
    assert_eq!(
        rule.detail.as_deref(),
        Some(
            "安全保护措施同步规划、同步建设、同步使用 / Plan, build and use the security measures together with the facility"
        )
    );
}

#[test]
fn chapters_facts_types_and_parties_are_top_level_with_their_labels() {
    let db = policies();
    let chapters = outline(&db, "policies/decree-745/chapters.tiaoli");
    let names: Vec<&str> = chapters.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "chapter 1 总则",
            "chapter 2 关键信息基础设施认定",
            "chapter 3 运营者责任义务",
            "chapter 4 保障和促进",
            "chapter 5 法律责任",
            "chapter 6 附则",
        ]
    );
    assert!(chapters.iter().all(|c| c.children.is_empty()));

    let facts = outline(&db, "policies/decree-745/facts.tiaoli");
    assert_eq!(
        (facts[0].kind, facts[0].name.as_str()),
        (SymbolKind::Fact, "id")
    );
    assert_eq!(
        facts[0].detail.as_deref(),
        Some(
            "设施的稳定标识符，在各次导出中始终指向同一设施 / stable key that names this facility in every export"
        )
    );

    let vocabulary = outline(&db, "policies/decree-745/vocabulary.tiaoli");
    let sector = &vocabulary[0];
    assert_eq!(
        (sector.kind, sector.name.as_str()),
        (SymbolKind::Enum, "Sector")
    );
    assert_eq!(sector.children[1].name, "energy");
    assert_eq!(sector.children[1].kind, SymbolKind::Variant);
    let record = vocabulary
        .iter()
        .find(|s| s.name == "Procurement")
        .expect("the record");
    assert_eq!(record.kind, SymbolKind::Record);
    assert!(record.children.iter().all(|c| c.kind == SymbolKind::Field));
    assert!(
        vocabulary
            .iter()
            .any(|s| (s.kind, s.name.as_str()) == (SymbolKind::Party, "operator"))
    );
}

#[test]
fn a_file_with_a_broken_item_still_has_the_rest_of_its_outline() {
    let db = packs(&[(
        "p",
        false,
        &[(
            "a.tiaoli",
            "fact a: bool { zh \"甲\" en \"a\" }\n\nfact b: { oops\n\nfact c: int { zh \"丙\" en \"c\" }\n",
        )],
    )]);
    let names: Vec<String> = outline(&db, "a.tiaoli")
        .into_iter()
        .map(|s| s.name)
        .collect();
    assert_eq!(names, ["a", "c"]);
}

#[test]
fn a_chapter_declared_in_the_same_file_holds_its_articles() {
    let text = "chapter 1 {\r\n  title zh \"总则\" en \"General\"\r\n  articles 1..=1\r\n}\r\n\r\narticle 1 {\r\n  title zh \"第一条\" en \"One\"\r\n  text zh \"正文\" en \"Body\"\r\n}\r\n";
    let db = packs(&[("p", false, &[("a.tiaoli", text)])]);
    let f = file(&db, "a.tiaoli");
    let symbols = outline(&db, "a.tiaoli");
    assert_eq!(symbols.len(), 1);
    assert_eq!(slice(&db, f, symbols[0].selection), "1");
    assert_eq!(symbols[0].range.start(), 0);
    assert_eq!(symbols[0].range.end(), text.trim_end().len());
    assert_eq!(symbols[0].children[0].name, "article 1 第一条");
}
