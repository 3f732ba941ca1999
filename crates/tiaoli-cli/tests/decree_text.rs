//! The Chinese text of every article of policies/decree-745 is the official
//! text, verbatim: re-derived here from the PDF extraction kept in
//! policies/decree-745/source/, independently of how the pack was written.
//! Likewise for the 2017 draft, policies/draft-2017, from the bilingual copy
//! in its source/ folder (below).

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

/// Each article of the pack in `dir`: the Chinese of its paragraphs and
/// items, in order, and whether every one has an English rendering.
/// Neither Decree 745 nor the 2017 draft has been amended: an amended text
/// (`text from`) in their packs would be an invented amendment, and the text
/// compared here is the original.
fn pack_texts(dir: &str) -> BTreeMap<u32, (Vec<String>, bool)> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
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
            let mut zh = Vec::new();
            let mut english = true;
            for m in &a.members {
                let mut push = |l: &tiaoli_syntax::ast::Labels| {
                    zh.push(l.get(Lang::Zh).unwrap_or_default().to_owned());
                    english &= l.get(Lang::En).is_some_and(|e| !e.trim().is_empty());
                };
                let amended = |n: usize| {
                    assert_eq!(
                        n, 0,
                        "article {}: the text was never amended",
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

/// zh texts of each article of the pack, concatenated in order.
fn pack_articles() -> BTreeMap<u32, (String, bool)> {
    pack_texts(PACK)
        .into_iter()
        .map(|(n, (zh, english))| (n, (zh.concat(), english)))
        .collect()
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

// The 2017 draft (policies/draft-2017): its Chinese lines as published
// (taken from shared/sources/draft-2017.zh-en.txt without the English
// translation), each paragraph and item on a line of its own ("第二十三条
// …", "(三) …"). Compared exactly, paragraph by paragraph and item by item, spaces
// included: the draft as published writes "(一) " and "不少于 1 个工作日".

const DRAFT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../policies/draft-2017");

/// Article → its Chinese lines (paragraphs and items, in order), and
/// chapter → (title, articles), from the source.
type DraftSource = (
    BTreeMap<u32, Vec<String>>,
    BTreeMap<u32, (String, Vec<u32>)>,
);

fn draft_source() -> DraftSource {
    let raw = std::fs::read_to_string(Path::new(DRAFT).join("source/draft-2017.zh.txt")).unwrap();
    let mut articles: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    let mut chapters: BTreeMap<u32, (String, Vec<u32>)> = BTreeMap::new();
    let (mut chapter, mut current) = (None, None);
    let chinese = |l: &str| l.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    for line in raw.lines().map(str::trim).filter(|l| chinese(l)) {
        if let Some((n, len)) = heading(line, '章') {
            chapters.insert(n, (line[len..].trim().to_owned(), Vec::new()));
            chapter = Some(n);
            continue;
        }
        if let Some((n, len)) = heading(line, '条') {
            current = Some(n);
            if let Some(c) = chapter.and_then(|c| chapters.get_mut(&c)) {
                c.1.push(n);
            }
            articles
                .entry(n)
                .or_default()
                .push(line[len..].trim().to_owned());
        } else if let Some(n) = current {
            articles.entry(n).or_default().push(line.to_owned());
        }
    }
    (articles, chapters)
}

/// Chapter → (title, articles), from the draft's pack.
fn draft_chapters() -> BTreeMap<u32, (String, Vec<u32>)> {
    let text = std::fs::read_to_string(Path::new(DRAFT).join("chapters.tiaoli")).unwrap();
    let parsed = tiaoli_syntax::parse(&text, FileId(0));
    let mut chapters = BTreeMap::new();
    for item in parsed.file.items {
        let Item::Chapter(c) = item else { continue };
        let title = c
            .title
            .as_ref()
            .and_then(|t| t.get(Lang::Zh))
            .unwrap_or_default();
        let (from, to) = c.articles.as_ref().unwrap();
        chapters.insert(
            c.number.value,
            (title.to_owned(), (from.value..=to.value).collect()),
        );
    }
    chapters
}

#[test]
fn every_article_of_the_draft_is_its_published_chinese_verbatim() {
    let (source, source_chapters) = draft_source();
    let pack = pack_texts(DRAFT);
    assert_eq!(source.len(), 55, "the draft has 55 articles");
    assert_eq!(source_chapters.len(), 8, "the draft has 8 chapters");
    assert_eq!(
        pack.keys().collect::<Vec<_>>(),
        source.keys().collect::<Vec<_>>()
    );
    for (n, lines) in &source {
        let (zh, english) = &pack[n];
        assert_eq!(zh, lines, "article {n}: Chinese differs from the draft");
        assert!(
            english,
            "article {n}: some paragraph or item has no English"
        );
    }
    assert_eq!(
        draft_chapters(),
        source_chapters,
        "chapters differ from the draft's"
    );
    assert!(source[&23][3].contains("留存相关的网络日志不少于六个月"));
    assert!(source[&27][0].contains("不得少于 3 个工作日"));
    assert_eq!(source[&55], ["本条例自****年**月**日起施行。"]);
}
