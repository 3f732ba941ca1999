//! A member that is there but broken is kept as such on its article, and a
//! broken paragraph is parsed member by member, so that the checker can
//! tell "broken" from "missing" and citations of its items still resolve.

#![expect(clippy::expect_used, reason = "tests")]

use tiaoli_syntax::ast::{Article, Item};
use tiaoli_syntax::parse;
use tiaoli_text::FileId;

fn article(text: &str) -> (Article, usize) {
    let p = parse(text, FileId(0));
    let a = p
        .file
        .items
        .into_iter()
        .find_map(|i| match i {
            Item::Article(a) => Some(a),
            _ => None,
        })
        .expect("the article is kept");
    (a, p.diagnostics.len())
}

#[test]
fn a_broken_title_is_marked_broken_not_missing() {
    let (a, errors) =
        article("article 1 {\n  title zh \"目的\" xx \"p\"\n  text zh \"正文\" en \"Body\"\n}\n");
    assert_eq!(errors, 1);
    assert!(a.title().is_none());
    assert!(a.is_broken(None, None, "title"));
    assert!(!a.is_broken(None, None, "text"));
    assert!(a.text().is_some());
}

#[test]
fn a_broken_paragraph_keeps_its_number_its_text_and_its_items() {
    let text = "article 4 {\n  title zh \"四\" en \"Four\"\n  para 1 {\n    text zh \"正文\" en \"Body\"\n    item 1 { text zh \"一\" xx \"one\" }\n    item 2 { text zh \"二\" en \"two\" }\n  }\n  para 2 {\n    text zh \"二\" xx \"Two\"\n  }\n}\n";
    let (a, errors) = article(text);
    assert_eq!(errors, 2);
    let paras: Vec<_> = a.paras().collect();
    assert_eq!(paras.len(), 2);
    let p1 = paras[0];
    assert_eq!(p1.number.value, 1);
    assert!(p1.text.is_some());
    let items: Vec<(u32, bool)> = p1
        .items
        .iter()
        .map(|i| (i.number.value, i.text.is_some()))
        .collect();
    assert_eq!(items, vec![(1, false), (2, true)]);
    assert_eq!(&text[p1.items[0].number.span.as_range()], "1");
    assert_eq!(
        &text[p1.items[1].span.as_range()],
        "item 2 { text zh \"二\" en \"two\" }"
    );
    assert!(a.is_broken(Some(1), Some(1), "item"));
    assert!(!a.is_broken(Some(1), Some(2), "item"));
    assert_eq!(paras[1].number.value, 2);
    assert!(paras[1].text.is_none());
    assert!(a.is_broken(Some(2), None, "text"));
}
