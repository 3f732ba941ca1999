//! Folding ranges: exact byte ranges of multi-line items, members, blocks
//! and comment runs (CRLF included).

#![expect(clippy::expect_used, reason = "tests")]

mod nav_support;

use nav_support::{file, packs, slice};
use tiaoli_ide::{FoldKind, folding_ranges};

const TEXT: &str = "// 第一行注释\r\n// second line\r\n\r\nfact x: bool {\r\n  zh \"事实\"\r\n  en \"x\"\r\n}\r\n\r\nfact y: bool { zh \"乙\" en \"y\" } // trailing\r\n// alone\r\n\r\narticle 1 {\r\n  title zh \"第一条\" en \"One\"\r\n  para 1 {\r\n    text zh \"第一款\" en \"P1\"\r\n    item 1 {\r\n      text zh \"第一项\" en \"I1\"\r\n    }\r\n  }\r\n}\r\n\r\ntest \"t\" {\r\n  given {\r\n    x = true\r\n  }\r\n}\r\n";

#[test]
fn items_members_blocks_and_comment_runs_fold() {
    let db = packs(&[("p", false, &[("a.tiaoli", TEXT)])]);
    let f = file(&db, "a.tiaoli");
    let folds: Vec<(FoldKind, String)> = folding_ranges(&db, f)
        .expect("not cancelled")
        .into_iter()
        .map(|fold| (fold.kind, slice(&db, f, fold.range)))
        .collect();
    let block = |s: &str| (FoldKind::Block, s.to_owned());
    assert_eq!(
        folds,
        [
            (
                FoldKind::Comment,
                "// 第一行注释\r\n// second line".to_owned()
            ),
            block("fact x: bool {\r\n  zh \"事实\"\r\n  en \"x\"\r\n}"),
            block(
                "article 1 {\r\n  title zh \"第一条\" en \"One\"\r\n  para 1 {\r\n    text zh \"第一款\" en \"P1\"\r\n    item 1 {\r\n      text zh \"第一项\" en \"I1\"\r\n    }\r\n  }\r\n}"
            ),
            block(
                "para 1 {\r\n    text zh \"第一款\" en \"P1\"\r\n    item 1 {\r\n      text zh \"第一项\" en \"I1\"\r\n    }\r\n  }"
            ),
            block("item 1 {\r\n      text zh \"第一项\" en \"I1\"\r\n    }"),
            block("test \"t\" {\r\n  given {\r\n    x = true\r\n  }\r\n}"),
            block("given {\r\n    x = true\r\n  }"),
        ]
    );
}
