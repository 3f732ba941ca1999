//! Workspace symbols: every pack searched, by name or by either
//! language's title, best matches first.

#![expect(clippy::expect_used, reason = "tests")]

mod nav_support;

use nav_support::{file, policies, slice};
use tiaoli_ide::{SymbolKind, workspace_symbols};

#[test]
fn a_name_finds_the_rule_in_its_article_exact_match_first() {
    let db = policies();
    let found = workspace_symbols(&db, "security_body").expect("not cancelled");
    let first = &found[0];
    assert_eq!(
        (first.kind, first.name.as_str()),
        (SymbolKind::Obligation, "security_body")
    );
    assert_eq!(
        first.container.as_deref(),
        Some("article 14 设置专门安全管理机构")
    );
    assert_eq!(slice(&db, first.file, first.range), "security_body");
    assert_eq!(
        first.file,
        file(&db, "policies/decree-745/ch3-operator-duties.tiaoli")
    );
    // Prefix matches come next (the fact of the same stem).
    assert!(
        found
            .iter()
            .skip(1)
            .any(|s| s.name == "security_body_established" && s.kind == SymbolKind::Fact)
    );
}

#[test]
fn a_chinese_title_or_an_english_title_finds_the_article() {
    let db = policies();
    let zh = workspace_symbols(&db, "同步规划").expect("not cancelled");
    assert!(
        zh.iter()
            .any(|s| s.kind == SymbolKind::Article && s.name == "article 12 同步规划建设使用")
    );
    let en = workspace_symbols(&db, "concurrent planning").expect("not cancelled");
    assert!(
        en.iter()
            .any(|s| s.kind == SymbolKind::Article && s.name == "article 12 同步规划建设使用")
    );
}

#[test]
fn packs_other_than_the_decree_are_searched() {
    let db = policies();
    let found = workspace_symbols(&db, "high_importance").expect("not cancelled");
    assert_eq!(found[0].name, "high_importance");
    assert_eq!(
        found[0].file,
        file(&db, "policies/sectors/energy/identification.tiaoli")
    );
}

#[test]
fn letters_in_order_match_and_nothing_matches_nonsense() {
    let db = policies();
    let found = workspace_symbols(&db, "syncmeas").expect("not cancelled");
    assert!(found.iter().any(|s| s.name == "synchronous_measures"));
    assert_eq!(workspace_symbols(&db, "zzqqxx").expect("not cancelled"), []);
    let all = workspace_symbols(&db, "").expect("not cancelled");
    assert_eq!(all.len(), tiaoli_ide::MAX_WORKSPACE_SYMBOLS);
}
