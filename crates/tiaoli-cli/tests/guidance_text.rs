//! The Chinese text of every section in policies/mps-2020-guidance is the
//! guidance's text, verbatim: re-derived here from the copy kept in the
//! pack's source/ folder, with its page breaks rejoined, independently of
//! how the pack was written. The pack's articles are the guidance's parts
//! (一、二、…) and their paragraphs its sections (（一）（二）…).

#![expect(
    clippy::unwrap_used,
    reason = "test helpers: a fixture that cannot be read should fail the test loudly"
)]

use std::collections::BTreeMap;
use std::path::Path;

use tiaoli_syntax::ast::{ArticleMember, Item, Lang};
use tiaoli_text::FileId;

const PACK: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../policies/mps-2020-guidance"
);
const NUMERALS: &str = "一二三四五六七八九十";

fn numeral(s: &str) -> Option<u32> {
    let c = s.chars().next()?;
    NUMERALS.chars().position(|n| n == c).map(|i| i as u32 + 1)
}

/// (part, section) → text. A part starts at a line `二、…`, a section at a
/// line `（二）…`; any other line continues the section before it (a page
/// break splits a sentence across lines with a blank line between).
fn official_sections() -> (BTreeMap<u32, String>, BTreeMap<(u32, u32), String>) {
    let raw =
        std::fs::read_to_string(Path::new(PACK).join("source/mps-2020-guidance.zh.txt")).unwrap();
    let mut titles = BTreeMap::new();
    let mut sections: BTreeMap<(u32, u32), String> = BTreeMap::new();
    let (mut part, mut section) = (0, 0);
    for line in raw.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Some((head, title)) = line.split_once('、')
            && head.chars().count() == 1
            && let Some(n) = numeral(head)
        {
            (part, section) = (n, 0);
            titles.insert(n, title.to_owned());
            continue;
        }
        if let Some(rest) = line.strip_prefix('（')
            && let Some(n) = numeral(rest)
            && rest[NUMERALS.chars().next().map_or(3, char::len_utf8)..].starts_with('）')
        {
            section = n;
        }
        if part > 0 {
            sections.entry((part, section)).or_default().push_str(line);
        }
    }
    (titles, sections)
}

#[test]
fn every_section_carries_the_guidance_text_verbatim() {
    let (titles, official) = official_sections();
    assert_eq!(titles.len(), 5, "the guidance has five parts");
    let mut checked = 0;
    for entry in std::fs::read_dir(PACK).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "tiaoli") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let parsed = tiaoli_syntax::parse(&text, FileId(0));
        assert!(parsed.diagnostics.is_empty(), "{}", path.display());
        for item in parsed.file.items {
            let Item::Article(a) = item else { continue };
            let part = a.number.value;
            let title = a.title().and_then(|t| t.get(Lang::Zh)).unwrap_or_default();
            assert_eq!(
                Some(&title.to_owned()),
                titles.get(&part),
                "part {part}: title"
            );
            for m in &a.members {
                let ArticleMember::Para(p) = m else { continue };
                let labels = p.text.as_ref().unwrap();
                let zh = labels.get(Lang::Zh).unwrap_or_default();
                let Some(want) = official.get(&(part, p.number.value)) else {
                    panic!("part {part} has no section {}", p.number.value);
                };
                assert_eq!(zh, want, "part {part} section {}", p.number.value);
                assert!(
                    labels.get(Lang::En).is_some_and(|e| !e.trim().is_empty()),
                    "part {part} section {}: no English",
                    p.number.value
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 5, "only {checked} sections checked");
}

#[test]
fn the_page_breaks_are_rejoined() {
    let (_, official) = official_sections();
    // 二（二） is split by a page break after "每年开展一次".
    assert!(official[&(2, 2)].contains("每年开展一次网络安全等级测评"));
    assert!(official[&(3, 4)].ends_with("应当遵守有关规定并进行安全评估。"));
}
