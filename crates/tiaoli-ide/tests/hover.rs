//! Hover over the real packs and over small fixtures (CRLF, Chinese text
//! before the cursor): exact ranges, and the lines each kind must show.

#![expect(clippy::expect_used, clippy::panic, reason = "tests")]

mod nav_support;

use nav_support::{file, fixture, offset_of, policies, slice};
use tiaoli_ide::{Hover, hover};

fn hover_at(db: &tiaoli_db::Database, path: &str, needle: &str, delta: usize) -> Hover {
    let f = file(db, path);
    let at = offset_of(db, f, needle, delta);
    hover(db, f, at).expect("not cancelled").expect("a hover")
}

fn assert_in_order(markdown: &str, parts: &[&str]) {
    let mut from = 0;
    for part in parts {
        match markdown[from..].find(part) {
            Some(i) => from += i + part.len(),
            None => panic!("`{part}` missing (or out of order) in:\n{markdown}"),
        }
    }
}

const CH3: &str = "policies/decree-745/ch3-operator-duties.tiaoli";
const CH5: &str = "policies/decree-745/ch5-liability.tiaoli";

#[test]
fn a_citation_of_an_item_shows_the_article_title_the_chapter_and_the_items_text_chinese_first() {
    let db = policies();
    let h = hover_at(&db, CH5, "cite art39.1.3", 7);
    assert_eq!(slice(&db, file(&db, CH5), h.range), "art39.1.3");
    assert_in_order(
        &h.markdown,
        &[
            "**Article 39** · 运营者违反安全义务 · Operator breaches of security obligations · `decree_745`",
            "Chapter 5 · 法律责任 · Legal liability",
            "**paragraph 1 item 3**",
            "（三）未建立健全网络安全保护制度和责任制的；",
            "(3) failing to establish and improve cybersecurity protection rules and a responsibility system;",
        ],
    );
}

#[test]
fn an_article_number_shows_its_text_in_both_languages() {
    let db = policies();
    let h = hover_at(&db, CH3, "article 12", 8);
    assert_eq!(slice(&db, file(&db, CH3), h.range), "12");
    assert_in_order(
        &h.markdown,
        &[
            "**Article 12** · 同步规划建设使用 · Concurrent planning, construction and use",
            "Chapter 3 · 运营者责任义务 · Responsibilities and obligations of operators",
            "安全保护措施应当与关键信息基础设施同步规划、同步建设、同步使用。",
            "The security protection measures must be planned, built and brought into use",
        ],
    );
}

#[test]
fn an_article_of_paragraphs_shows_all_the_chinese_then_all_the_english() {
    let db = policies();
    let h = hover_at(&db, CH3, "article 15", 9);
    assert_in_order(
        &h.markdown,
        &[
            "专门安全管理机构具体负责",
            "（八）按照规定报告网络安全事件和重要事项。",
            "The dedicated security management body is specifically responsible",
            "(8) reporting cybersecurity incidents",
        ],
    );
}

/// A regulation pack and a sector pack whose determination cites it.
pub const REG: &str = "chapter 1 {\n  title zh \"总则\" en \"General\"\n  articles 1..=1\n}\n\nfact x: bool { zh \"事实\" en \"fact x\" }\n\narticle 1 {\n  title zh \"第一条\" en \"One\"\n  text zh \"正文\" en \"Body\"\n}\n";

#[test]
fn a_sector_packs_citation_shows_the_regulations_article() {
    let sector =
        "determination big {\n  title zh \"大\" en \"Big\"\n  cite a$0rt1\n  value facility.x\n}\n";
    let (db, f, at) = fixture(&[
        ("reg", false, &[("reg/a.tiaoli", REG)]),
        ("sec", true, &[("sec/b.tiaoli", sector)]),
    ]);
    let h = hover(&db, f, at).expect("not cancelled").expect("a hover");
    assert_eq!(slice(&db, f, h.range), "art1");
    assert_in_order(
        &h.markdown,
        &[
            "**Article 1** · 第一条 · One · `reg`",
            "Chapter 1 · 总则 · General",
            "正文",
            "Body",
        ],
    );
}

#[test]
fn an_obligation_shows_what_it_requires_its_bearer_citation_and_sanctioning_penalty() {
    let db = policies();
    let h = hover_at(&db, CH3, "obligation synchronous_measures", 11);
    assert_eq!(slice(&db, file(&db, CH3), h.range), "synchronous_measures");
    assert_in_order(
        &h.markdown,
        &[
            "```tiaoli\nobligation synchronous_measures\n```",
            "安全保护措施同步规划、同步建设、同步使用",
            "Plan, build and use the security measures together with the facility",
            "**Requires** `facility.security_measures_synchronous`",
            "**Bearer** `operator` — 运营者 · operator",
            "**Cites** art12 · 同步规划建设使用 · Concurrent planning, construction and use",
            "**Sanctioned by**",
            // `trigger art12 cite art39.1.2`: by citing the owning article.
            "`general_noncompliance` (art39.1) — 运营者违反安全保护义务的处罚",
            "`fine operator 100_000 CNY ..= 1_000_000 CNY` (escalated)",
            "`fine person_in_charge 10_000 CNY ..= 100_000 CNY` (escalated)",
        ],
    );
}

#[test]
fn a_rule_named_by_a_trigger_is_sanctioned_by_that_penalty_only() {
    let db = policies();
    let h = hover_at(&db, CH3, "obligation security_system", 11);
    assert!(h.markdown.contains("`general_noncompliance` (art39.1)"));
    assert!(
        !h.markdown.contains("incident_report_penalty"),
        "{}",
        h.markdown
    );
}

#[test]
fn a_fact_in_a_sector_pack_shows_its_type_description_and_vocabulary_source() {
    let db = policies();
    let energy = "policies/sectors/energy/identification.tiaoli";
    let h = hover_at(&db, energy, "facility.core_business_importance", 12);
    assert_eq!(
        slice(&db, file(&db, energy), h.range),
        "core_business_importance"
    );
    assert_in_order(
        &h.markdown,
        &[
            "```tiaoli\nfact core_business_importance: Importance\n```",
            "设施对本行业、本领域关键核心业务的重要程度",
            "how much the key core business of the sector depends on this facility",
            "**Cites** art9.2.1 · 认定规则 · Identification rules",
            "Facility vocabulary of `decree_745`, declared in `policies/decree-745/facts.tiaoli`",
        ],
    );
}

#[test]
fn a_tests_given_key_is_the_fact() {
    let db = policies();
    let tests = "policies/decree-745/tests-duties.tiaoli";
    let h = hover_at(&db, tests, "security_body_established = false", 3);
    assert_eq!(
        slice(&db, file(&db, tests), h.range),
        "security_body_established"
    );
    assert_in_order(
        &h.markdown,
        &[
            "fact security_body_established: bool",
            "是：运营者已设置专门安全管理机构",
        ],
    );
}

#[test]
fn a_type_in_a_fact_declaration_shows_the_enum_and_its_variants() {
    let db = policies();
    let facts = "policies/decree-745/facts.tiaoli";
    let h = hover_at(&db, facts, "fact sector: Sector", 14);
    assert_eq!(slice(&db, file(&db, facts), h.range), "Sector");
    assert_in_order(
        &h.markdown,
        &[
            "```tiaoli\nenum Sector\n```",
            "- `.energy` — 能源 · energy",
            "`decree_745` · `policies/decree-745/vocabulary.tiaoli`",
        ],
    );
}

#[test]
fn a_variant_shows_its_enum_and_labels() {
    let db = policies();
    let energy = "policies/sectors/energy/identification.tiaoli";
    let h = hover_at(&db, energy, "[.high", 3);
    assert_eq!(slice(&db, file(&db, energy), h.range), "high");
    assert_in_order(
        &h.markdown,
        &["```tiaoli\nImportance.high\n```", "高", "high"],
    );
}

#[test]
fn a_penalty_shows_its_triggers_and_fine_ranges() {
    let db = policies();
    let h = hover_at(&db, CH5, "penalty incident_report_penalty", 9);
    assert_in_order(
        &h.markdown,
        &[
            "penalty incident_report_penalty",
            "**Addressee** `operator`",
            "**Triggered by** `incident_report`",
            "`fine operator 100_000 CNY ..= 1_000_000 CNY` (escalated)",
            "**Cites** art40 · 未报告重大安全事件",
        ],
    );
}

/// A one-pack fixture in CRLF, the cursor after Chinese text on its line.
const CRLF: &str = "chapter 1 {\r\n  title zh \"总则\" en \"General\"\r\n  articles 1..=1\r\n}\r\n\r\nparty operator { zh \"运营者\" en \"operator\" }\r\n\r\nfact x: bool {\r\n  zh \"事实甲\"\r\n  en \"fact x\"\r\n  cite art1\r\n}\r\n\r\narticle 1 {\r\n  title zh \"第一条\" en \"One\"\r\n  text zh \"正文\" en \"Body\"\r\n\r\n  obligation o { title zh \"义务\" en \"Duty\" bearer operator requires facility.$0x }\r\n}\r\n";

#[test]
fn hover_in_a_crlf_file_after_chinese_text_on_the_line_is_exact() {
    let (db, f, at) = fixture(&[("p", false, &[("a.tiaoli", CRLF)])]);
    let h = hover(&db, f, at).expect("not cancelled").expect("a hover");
    let text = db.text(f).expect("text");
    let x = text.find("facility.x").expect("the use") + "facility.".len();
    assert_eq!(h.range, tiaoli_text::TextRange::new(x, x + 1));
    assert_in_order(
        &h.markdown,
        &[
            "fact x: bool",
            "事实甲",
            "fact x",
            "**Cites** art1 · 第一条 · One",
        ],
    );
}

#[test]
fn nothing_to_say_on_a_keyword_or_past_the_end() {
    let (db, f, _) = fixture(&[("p", false, &[("a.tiaoli", CRLF)])]);
    let text = db.text(f).expect("text");
    let at = text.find("requires").expect("keyword") + 2;
    assert_eq!(hover(&db, f, at).expect("not cancelled"), None);
    assert_eq!(
        hover(&db, f, text.len() + 100).expect("not cancelled"),
        None
    );
}

#[test]
fn a_chapter_number_shows_its_titles_and_its_articles() {
    let db = policies();
    let h = hover_at(&db, "policies/decree-745/chapters.tiaoli", "chapter 3", 8);
    assert_in_order(
        &h.markdown,
        &[
            "**Chapter 3** · 运营者责任义务 · Responsibilities and obligations of operators",
            "- Article 12 · 同步规划建设使用 · Concurrent planning, construction and use",
            "- Article 21 · ",
        ],
    );
    assert!(!h.markdown.contains("Article 22"));
}

#[test]
fn a_quantifier_variable_shows_what_it_ranges_over_and_its_field_the_records_field() {
    let db = policies();
    let needle = "all(p in facility.procurements: p.secure_and_trusted";
    let decl = hover_at(&db, CH3, needle, 4);
    assert_eq!(slice(&db, file(&db, CH3), decl.range), "p");
    assert_in_order(
        &decl.markdown,
        &[
            "```tiaoli\nall(p in …)\n```",
            "**Ranges over** `facility.procurements`",
        ],
    );
    let at_use = needle.find("p.secure").expect("the use");
    let used = hover_at(&db, CH3, needle, at_use);
    assert_eq!(slice(&db, file(&db, CH3), used.range), "p");
    assert_eq!(
        used.markdown, decl.markdown,
        "the use and the declaration say the same"
    );
    let field = hover_at(&db, CH3, needle, at_use + 3);
    assert_eq!(
        slice(&db, file(&db, CH3), field.range),
        "secure_and_trusted"
    );
    assert!(
        field.markdown.contains(".secure_and_trusted: bool\n```"),
        "{}",
        field.markdown
    );
}

#[test]
fn an_implementations_factor_shows_the_extension_points_labels_and_a_define_its_declaration() {
    let db = policies();
    let energy = "policies/sectors/energy/identification.tiaoli";
    let h = hover_at(&db, energy, "factor core_business =", 8);
    assert_eq!(slice(&db, file(&db, energy), h.range), "core_business");
    assert_in_order(
        &h.markdown,
        &[
            "```tiaoli\nfactor core_business: bool\n```",
            "对本行业、本领域关键核心业务的重要程度",
            "how much the sector's key core business depends on the facility",
            "A factor of `identification_rules` · `decree_745`",
        ],
    );
    let local = hover_at(&db, energy, "= high_importance\n", 3);
    assert_eq!(
        slice(&db, file(&db, energy), local.range),
        "high_importance"
    );
    assert_in_order(
        &local.markdown,
        &[
            "```tiaoli\ndefine high_importance = facility.core_business_importance in [.high, .critical]\n```",
            "Local to `policies/sectors/energy/identification.tiaoli`",
        ],
    );
}

#[test]
fn a_qualified_citation_shows_the_cited_article_and_its_qualifier_the_pack() {
    let db = policies();
    let guide = "policies/mps-2020-guidance/guidance.tiaoli";
    let h = hover_at(&db, guide, "cite decree_745::art50.2", 20);
    assert_eq!(slice(&db, file(&db, guide), h.range), "art50.2");
    assert!(
        h.markdown.starts_with("**Article 50** · ") && h.markdown.contains("**paragraph 2**"),
        "{}",
        h.markdown
    );
    let q = hover_at(&db, guide, "cite decree_745::art50.2", 7);
    assert_eq!(slice(&db, file(&db, guide), q.range), "decree_745");
    assert_eq!(q.markdown, "```tiaoli\npack decree_745\n```\n");
}

const GUIDE: &str = "chapter 1 {\n  title zh \"总则\" en \"General\"\n  articles 1..=1\n}\n\narticle 1 {\n  title zh \"后续\" en \"Follow-up\"\n  text zh \"未制定计划的，应当报告。\" en \"Without a plan, report.\"\n\n  obligation report {\n    bearer reg::operator\n    applies when violated(reg::ob$0)\n    requires facility.x\n  }\n}\n";

const REG_RULE: &str = "chapter 1 {\n  title zh \"总则\" en \"General\"\n  articles 1..=1\n}\n\nparty operator { zh \"运营者\" en \"operator\" }\n\nfact x: bool { zh \"事实\" en \"fact x\" }\n\narticle 1 {\n  title zh \"第一条\" en \"One\"\n  text zh \"正文\" en \"Body\"\n\n  obligation ob {\n    title zh \"义务\" en \"Duty\"\n    bearer operator\n    requires facility.x\n  }\n}\n";

#[test]
fn a_rule_named_through_its_pack_in_violated_shows_the_rule() {
    let (db, f, at) = fixture(&[
        ("reg", false, &[("reg/a.tiaoli", REG_RULE)]),
        ("guide", false, &[("guide/b.tiaoli", GUIDE)]),
    ]);
    let h = hover(&db, f, at).expect("not cancelled").expect("a hover");
    assert_eq!(slice(&db, f, h.range), "ob");
    assert_in_order(
        &h.markdown,
        &[
            "```tiaoli\nobligation ob\n```",
            "义务",
            "**Requires** `facility.x`",
            "**Bearer** `operator`",
            "**Cites** art1 · 第一条 · One",
            "`reg` · `reg/a.tiaoli`",
        ],
    );
}
