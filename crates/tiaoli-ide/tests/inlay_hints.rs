//! Inlay hints: the cited article's title after each citation, in the
//! language asked for, only within the range asked for.

#![expect(clippy::expect_used, reason = "tests")]

mod nav_support;

use nav_support::{file, policies, range_of};
use tiaoli_ide::{InlayHint, Lang, inlay_hints};
use tiaoli_text::TextRange;

#[test]
fn each_citation_gets_its_articles_title_in_either_language() {
    let db = policies();
    let path = "policies/decree-745/ch5-liability.tiaoli";
    let f = file(&db, path);
    // The lines `trigger art12 cite art39.1.2` and the one after.
    let start = range_of(&db, f, "trigger art12 cite art39.1.2");
    let next = range_of(&db, f, "trigger security_system cite art39.1.3");
    let range = TextRange::new(start.start(), next.end());
    let hint = |needle: &str, label: &str| InlayHint {
        offset: range_of(&db, f, needle).end(),
        label: label.to_owned(),
    };
    assert_eq!(
        inlay_hints(&db, f, range, Lang::Zh).expect("not cancelled"),
        [
            hint("trigger art12", "同步规划建设使用"),
            hint("trigger art12 cite art39.1.2", "运营者违反安全义务"),
            hint(
                "trigger security_system cite art39.1.3",
                "运营者违反安全义务"
            ),
        ]
    );
    assert_eq!(
        inlay_hints(&db, f, range, Lang::En).expect("not cancelled")[0],
        hint("trigger art12", "Concurrent planning, construction and use")
    );
}

#[test]
fn a_citation_of_a_missing_article_gets_no_hint() {
    let db = nav_support::packs(&[(
        "p",
        false,
        &[(
            "a.tiaoli",
            "fact x: bool { zh \"甲\" en \"x\" cite art99 }\n",
        )],
    )]);
    let f = file(&db, "a.tiaoli");
    let all = TextRange::new(0, 1000);
    assert_eq!(
        inlay_hints(&db, f, all, Lang::Zh).expect("not cancelled"),
        []
    );
}

#[test]
fn a_citation_inside_an_expression_gets_its_hint_in_a_crlf_file() {
    let text = "party operator { zh \"运营者\" en \"operator\" }\r\nfact x: bool { zh \"甲\" en \"x\" }\r\n\r\narticle 1 {\r\n  title zh \"第一条\" en \"One\"\r\n  text zh \"正文\" en \"Body\"\r\n  obligation o { bearer operator requires facility.x }\r\n}\r\n\r\ndefine v = violated(art1) or facility.x\r\n";
    let db = nav_support::packs(&[("p", false, &[("a.tiaoli", text)])]);
    let f = file(&db, "a.tiaoli");
    let end = range_of(&db, f, "violated(art1").end();
    assert_eq!(
        inlay_hints(&db, f, TextRange::new(0, text.len()), Lang::Zh).expect("not cancelled"),
        [InlayHint {
            offset: end,
            label: "第一条".to_owned()
        }]
    );
}

/// Over every file of `policies/`, the hints are exactly the citation
/// tokens' ends (each names an article that exists): none is missed, none
/// is put on a chapter's article numbers (`articles 12..=21`) or an
/// article's own.
#[test]
fn every_citation_of_the_bundled_packs_and_nothing_else_gets_a_hint() {
    let db = policies();
    let mut total = 0;
    for f in db.files() {
        let text = db.text(f).expect("text");
        let citations: Vec<usize> = tiaoli_syntax::tokens::tokens(&text)
            .iter()
            .filter(|t| t.kind == tiaoli_syntax::tokens::TokenKind::Citation)
            .map(|t| t.range.end())
            .collect();
        let all = TextRange::new(0, text.len());
        let hints = inlay_hints(&db, f, all, Lang::En).expect("not cancelled");
        let offsets: Vec<usize> = hints.iter().map(|h| h.offset).collect();
        assert_eq!(offsets, citations, "{:?}", db.path(f));
        assert!(hints.iter().all(|h| !h.label.is_empty()));
        total += hints.len();
    }
    assert!(total > 100, "{total}");
}

/// A sector pack's citation names its regulation's article, plain or
/// qualified, and the hint is that article's title: the checker's
/// resolution, as goto definition follows it.
#[test]
fn a_sector_packs_citations_get_the_regulations_titles() {
    let reg = "party operator { zh \"运营者\" en \"operator\" }\nfact x: bool { zh \"甲\" en \"x\" }\n\nchapter 1 {\n  title zh \"总则\" en \"General\"\n  articles 5..=5\n}\n\narticle 5 {\n  title zh \"第五条\" en \"Five\"\n  text zh \"正文\" en \"Body\"\n  obligation o { bearer operator requires facility.x }\n}\n";
    let sector = "fact y: bool { zh \"乙\" en \"y\" cite art5 }\nfact z: bool { zh \"丙\" en \"z\" cite reg::art5 }\n";
    let db = nav_support::packs(&[
        ("reg", false, &[("reg.tiaoli", reg)]),
        ("sec", true, &[("sec.tiaoli", sector)]),
    ]);
    let f = file(&db, "sec.tiaoli");
    let hints =
        inlay_hints(&db, f, TextRange::new(0, sector.len()), Lang::Zh).expect("not cancelled");
    let at = |needle: &str| InlayHint {
        offset: range_of(&db, f, needle).end(),
        label: "第五条".to_owned(),
    };
    assert_eq!(hints, [at("cite art5"), at("cite reg::art5")]);
    for h in &hints {
        let goto = tiaoli_ide::goto_definition(&db, f, h.offset).expect("not cancelled");
        assert_eq!(goto.len(), 1, "{goto:?}");
        assert_eq!(goto[0].file, file(&db, "reg.tiaoli"));
    }
    // The regulation's chapter lists article 5: no hint there.
    let r = file(&db, "reg.tiaoli");
    assert_eq!(
        inlay_hints(&db, r, TextRange::new(0, reg.len()), Lang::Zh).expect("not cancelled"),
        []
    );
}
