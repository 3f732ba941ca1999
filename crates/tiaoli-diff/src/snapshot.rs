//! What of a pack a diff compares: each article's title and text (both
//! languages), each rule's kind, article and source text.

use std::collections::BTreeMap;

use tiaoli_check::{CheckPack, Model};
use tiaoli_syntax::ast::{ArticleMember, Item, Labels};
use tiaoli_text::Sources;

/// One pack, as the diff sees it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
    pub pack: String,
    pub version: Option<String>,
    pub articles: BTreeMap<u32, ArticleText>,
    /// By name; the first declaration of a name that is declared twice.
    pub rules: BTreeMap<String, RuleText>,
}

/// An article's words: its title and all its text (paragraphs and items
/// in order, one per line), in Chinese and English.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ArticleText {
    pub title: Bilingual,
    pub text: Bilingual,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bilingual {
    pub zh: String,
    pub en: String,
}

/// A rule: what kind it is, the article that owns it, and its source text
/// with comments dropped and runs of whitespace made one space (so that
/// reformatting is no change).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleText {
    pub kind: &'static str,
    pub article: Option<u32>,
    pub source: String,
}

/// The snapshot of pack `index` of a checked set of packs.
pub fn snapshot(
    packs: &[CheckPack],
    model: &Model,
    index: usize,
    sources: &Sources,
    version: Option<String>,
) -> Snapshot {
    let mut out = Snapshot {
        pack: model
            .packs
            .get(index)
            .map(|p| p.ident.replace('_', "-"))
            .unwrap_or_default(),
        version,
        ..Snapshot::default()
    };
    if let Some(pack) = packs.get(index) {
        for (_, file) in &pack.files {
            for item in &file.items {
                if let Item::Article(a) = item {
                    out.articles
                        .entry(a.number.value)
                        .or_insert_with(|| article_text(a));
                }
            }
        }
    }
    for s in model.symbols.iter().filter(|s| s.pack == index) {
        if !s.kind.is_rule() {
            continue;
        }
        let kind = s.kind.describe();
        out.rules.entry(s.name.clone()).or_insert_with(|| RuleText {
            kind,
            article: s.article,
            source: normalise(sources.slice(s.file, s.span)),
        });
    }
    out
}

fn article_text(a: &tiaoli_syntax::ast::Article) -> ArticleText {
    let mut text = Bilingual::default();
    let mut push = |l: Option<&Labels>| {
        let Some(l) = l else { return };
        for (to, from) in [(&mut text.zh, &l.zh), (&mut text.en, &l.en)] {
            if let Some(s) = from {
                if !to.is_empty() {
                    to.push('\n');
                }
                to.push_str(&s.value);
            }
        }
    };
    for m in &a.members {
        match m {
            ArticleMember::Text(l) => push(Some(l)),
            ArticleMember::Para(p) => {
                push(p.text.as_ref());
                for i in &p.items {
                    push(i.text.as_ref());
                }
            }
            _ => {}
        }
    }
    let title = a.title().map_or_else(Bilingual::default, |l| Bilingual {
        zh: l.zh.as_ref().map(|s| s.value.clone()).unwrap_or_default(),
        en: l.en.as_ref().map(|s| s.value.clone()).unwrap_or_default(),
    });
    ArticleText { title, text }
}

/// Source text with `//` comments dropped (outside strings) and every run
/// of whitespace made one space.
pub fn normalise(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    for line in source.lines() {
        let code = strip_comment(line);
        for word in code.split_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
    }
    out
}

fn strip_comment(line: &str) -> &str {
    let mut in_string = false;
    let mut escaped = false;
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            _ if escaped => escaped = false,
            b'\\' if in_string => escaped = true,
            b'"' => in_string = !in_string,
            b'/' if !in_string && bytes.get(i + 1) == Some(&b'/') => return &line[..i],
            _ => {}
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn comments_and_layout_are_no_change() {
        let a = "obligation x {\n  bearer operator // who\n  requires facility.a\n}";
        let b = "obligation x { bearer operator\n    requires   facility.a }";
        assert_eq!(normalise(a), normalise(b));
        // A `//` inside a string is text, not a comment.
        assert_eq!(normalise("title zh \"a//b\""), "title zh \"a//b\"");
    }
}
