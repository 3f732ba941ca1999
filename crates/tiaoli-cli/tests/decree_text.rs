//! The Chinese text of every article of policies/decree-745 is the official
//! text, verbatim: re-derived here from the PDF extraction kept in
//! policies/decree-745/source/, independently of how the pack was written.

#![expect(
    clippy::unwrap_used,
    clippy::panic,
    reason = "test helpers: a fixture that cannot be read should fail the test loudly"
)]

use std::collections::BTreeMap;
use std::path::Path;

use tiaoli_syntax::ast::{ArticleMember, Item, Lang};
use tiaoli_text::FileId;

const PACK: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../policies/decree-745");

/// The PDF extraction, rejoined: an article starts on a line beginning
/// with its heading ("第十七条"); chapter headings and page footers are
/// dropped; lines are joined and the layout spaces removed (the official
/// text has no spaces of its own).
fn official_articles() -> BTreeMap<u32, String> {
    let raw = std::fs::read_to_string(Path::new(PACK).join("source/decree-745.zh.txt")).unwrap();
    let mut articles: BTreeMap<u32, String> = BTreeMap::new();
    let mut current: Option<u32> = None;
    for line in raw.lines() {
        let line = line.trim();
        if (line.starts_with("- ") && line.ends_with(" -")) || heading(line, '章').is_some() {
            continue;
        }
        let body = match heading(line, '条') {
            Some((n, len)) => {
                current = Some(n);
                &line[len..]
            }
            None => line,
        };
        if let Some(n) = current {
            articles
                .entry(n)
                .or_default()
                .extend(body.chars().filter(|c| !c.is_whitespace()));
        }
    }
    articles
}

/// "第十七条" → (17, byte length).
fn heading(s: &str, kind: char) -> Option<(u32, usize)> {
    let rest = s.strip_prefix('第')?;
    let numeral: String = rest
        .chars()
        .take_while(|c| "一二三四五六七八九十".contains(*c))
        .collect();
    if numeral.is_empty() || !rest[numeral.len()..].starts_with(kind) {
        return None;
    }
    Some((
        chinese_number(&numeral),
        '第'.len_utf8() + numeral.len() + kind.len_utf8(),
    ))
}

fn chinese_number(s: &str) -> u32 {
    let digit = |c: char| "一二三四五六七八九".find(c).map(|i| i as u32 / 3 + 1);
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        ['十'] => 10,
        ['十', u] => 10 + digit(*u).unwrap(),
        [t, '十'] => digit(*t).unwrap() * 10,
        [t, '十', u] => digit(*t).unwrap() * 10 + digit(*u).unwrap(),
        [u] => digit(*u).unwrap(),
        _ => panic!("unexpected numeral {s}"),
    }
}

/// zh texts of each article of the pack, concatenated in order.
fn pack_articles() -> BTreeMap<u32, (String, bool)> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(PACK).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "tiaoli") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let parsed = tiaoli_syntax::parse(&text, FileId(0));
        assert!(
            parsed.diagnostics.is_empty(),
            "{}: {:?}",
            path.display(),
            parsed.diagnostics
        );
        for item in parsed.file.items {
            let Item::Article(a) = item else { continue };
            let mut zh = String::new();
            let mut english = true;
            for m in &a.members {
                let mut push = |l: &tiaoli_syntax::ast::Labels| {
                    zh.push_str(l.get(Lang::Zh).unwrap_or_default());
                    english &= l.get(Lang::En).is_some_and(|e| !e.trim().is_empty());
                };
                // Decree 745 has not been amended: an amended text
                // (`text from`) in its pack would be an invented amendment,
                // and the text compared here is the original.
                let amended = |n: usize| {
                    assert_eq!(
                        n, 0,
                        "article {}: Decree 745 has no amended text",
                        a.number.value
                    );
                };
                match m {
                    ArticleMember::Text(l) => push(l),
                    ArticleMember::TextVersion(_) => amended(1),
                    ArticleMember::Para(p) => {
                        amended(p.versions.len());
                        if let Some(l) = &p.text {
                            push(l);
                        }
                        for i in &p.items {
                            amended(i.versions.len());
                            if let Some(l) = &i.text {
                                push(l);
                            }
                        }
                    }
                    _ => {}
                }
            }
            out.insert(a.number.value, (zh, english));
        }
    }
    out
}

#[test]
fn every_article_carries_the_official_chinese_text_verbatim() {
    let official = official_articles();
    let pack = pack_articles();
    assert_eq!(official.len(), 51, "the source has 51 articles");
    assert_eq!(
        pack.keys().collect::<Vec<_>>(),
        official.keys().collect::<Vec<_>>()
    );
    for (n, text) in &official {
        let (zh, english) = &pack[n];
        assert_eq!(
            zh, text,
            "article {n}: Chinese text differs from the official text"
        );
        assert!(
            english,
            "article {n}: some paragraph has no English rendering"
        );
    }
}

#[test]
fn the_official_text_splits_as_expected() {
    let official = official_articles();
    assert!(official[&1].starts_with("为了保障关键信息基础设施安全"));
    assert!(official[&39].contains("处10万元以上100万元以下罚款"));
    assert!(official[&51].starts_with("本条例自2021年9月1日起施行"));
}
