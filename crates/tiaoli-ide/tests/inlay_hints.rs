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
