//! `parse` never panics, whatever it is given, and every diagnostic it
//! returns points into the text it was given, on character boundaries.
//!
//! Three kinds of input: arbitrary Unicode, a "token soup" of the
//! language's own keywords and punctuation mixed with CJK, emoji and
//! control characters, and mutations (deletions, insertions,
//! duplications) of the real Decree 745 files.
//!
//! Case counts are modest so that the suite stays fast in debug builds; set
//! `PROPTEST_CASES` to run more.

use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::sample::Index;
use tiaoli_fuzz::{Mutation, cases};
use tiaoli_syntax::{Parse, parse};
use tiaoli_text::FileId;

const DECREE_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../policies/decree-745");

/// The `.tiaoli` files of Decree 745: (name, text), sorted by name.
fn corpus() -> &'static [(String, String)] {
    static CORPUS: OnceLock<Vec<(String, String)>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let mut files: Vec<(String, String)> = std::fs::read_dir(DECREE_DIR)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "tiaoli"))
            .filter_map(|p| {
                let text = std::fs::read_to_string(&p).ok()?;
                Some((p.file_name()?.to_string_lossy().into_owned(), text))
            })
            .collect();
        files.sort();
        files
    })
}

/// Every label, comment and item span lies within `text`, on char
/// boundaries, in the parsed file.
fn assert_in_text(text: &str, file: FileId, parsed: &Parse) -> Result<(), TestCaseError> {
    let in_text = |start: usize, end: usize| {
        start <= end
            && end <= text.len()
            && text.is_char_boundary(start)
            && text.is_char_boundary(end)
    };
    for d in &parsed.diagnostics {
        prop_assert!(!d.labels.is_empty(), "{} has no label", d.code.as_str());
        for l in &d.labels {
            prop_assert_eq!(l.file, file);
            prop_assert!(
                in_text(l.range.start(), l.range.end()),
                "{} `{}`: label {:?} outside the text (len {}) or inside a character",
                d.code.as_str(),
                d.message,
                l.range,
                text.len()
            );
        }
    }
    for c in &parsed.comments {
        prop_assert!(in_text(c.start(), c.end()), "comment {:?}", c);
    }
    for item in &parsed.file.items {
        let s = item.span();
        prop_assert!(in_text(s.start(), s.end()), "item span {:?}", s);
    }
    Ok(())
}

fn parse_ok(text: &str) -> Result<(), TestCaseError> {
    let file = FileId(7);
    let parsed = parse(text, file);
    assert_in_text(text, file, &parsed)
}

// ---------------------------------------------------------------- inputs

/// Pieces of the language, and of what breaks it.
const TOKENS: &[&str] = &[
    "article",
    "chapter",
    "fact",
    "meta",
    "enum",
    "record",
    "party",
    "measure",
    "define",
    "determination",
    "implement",
    "test",
    "title",
    "text",
    "para",
    "item",
    "obligation",
    "prohibition",
    "penalty",
    "extension",
    "exception",
    "bearer",
    "applies",
    "when",
    "requires",
    "forbids",
    "due",
    "unless",
    "cite",
    "trigger",
    "measures",
    "fine",
    "entity",
    "person",
    "escalate",
    "exempts",
    "key",
    "returns",
    "factor",
    "decide",
    "for",
    "source",
    "given",
    "file",
    "expect",
    "is",
    "missing",
    "exposure",
    "value",
    "field",
    "articles",
    "as_of",
    "facility",
    "zh",
    "en",
    "art17",
    "art39.1.8",
    "art0",
    "art99999999999",
    "decree_745::art48",
    "x::y",
    "operator",
    "facility.sector",
    ".energy",
    "0",
    "1",
    "42",
    "1_000",
    "99999999999999999999999",
    "4294967296",
    "1.5",
    "0.000000000000000000000000000001",
    "2021-09-01",
    "2021-02-30",
    "9999-99-99",
    "100 CNY",
    "1_000_000 CNY",
    "3 days",
    "1 year",
    "99999999999999999999 days",
    "true",
    "false",
    "bool",
    "int",
    "decimal",
    "money",
    "date",
    "duration",
    "list",
    "optional",
    "in",
    "1..=5",
    "..=",
    "and",
    "or",
    "not",
    "if",
    "then",
    "else",
    "otherwise",
    "any",
    "all",
    "count",
    "sum",
    "where",
    "times",
    "violated",
    "satisfied",
    "triggered",
    "known",
    "min",
    "max",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    "<",
    ">",
    "\"",
    "\"\"\"",
    "//",
    "/",
    "\\",
    "\\\"",
    "\\u{41}",
    "\\x",
    "\n",
    "\r\n",
    "\r",
    " ",
    "  ",
    "\t",
    ":",
    "::",
    ",",
    ".",
    "=",
    "==",
    "!=",
    "<=",
    ">=",
    "+",
    "-",
    "*",
    "_",
    "运营者",
    "\"运营者\"",
    "“",
    "”",
    "（",
    "）",
    "，",
    "。",
    "😀",
    "👨‍👩‍👧",
    "\u{0}",
    "\u{7}",
    "\u{1b}",
    "\u{7f}",
    "\u{85}",
    "\u{a0}",
    "\u{feff}",
    "\u{200b}",
    "\u{2028}",
    "e\u{301}",
    "\u{10ffff}",
    "\u{fffd}",
];

fn token_soup(max: usize) -> impl Strategy<Value = String> {
    tiaoli_fuzz::token_soup(TOKENS, max)
}

fn mutation() -> impl Strategy<Value = Mutation> {
    tiaoli_fuzz::mutation(TOKENS)
}

/// Every distinct word of the corpus, and the tokens.
fn vocabulary() -> &'static [String] {
    static WORDS: OnceLock<Vec<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        tiaoli_fuzz::vocabulary(corpus().iter().map(|(_, t)| t.as_str()), TOKENS, false)
    })
}

fn mutate(text: &str, mutations: &[Mutation]) -> String {
    tiaoli_fuzz::mutate(text, mutations, vocabulary())
}

// ---------------------------------------------------------------- properties

#[test]
fn corpus_is_there_and_parses_clean() {
    let files = corpus();
    assert!(
        files.len() >= 5,
        "decree-745 files not found in {DECREE_DIR}"
    );
    for (i, (name, text)) in files.iter().enumerate() {
        let parsed = parse(text, FileId(i as u32));
        assert!(
            parsed.diagnostics.is_empty(),
            "{name}: {:?}",
            parsed.diagnostics
        );
    }
}

#[test]
fn edge_cases_do_not_panic() {
    let cases = [
        "",
        "\n",
        "\"",
        "\"\"\"",
        "}",
        "{",
        "article",
        "article 1 {",
        "article 1 { title zh \"x\" en \"y\"\n// 中文注释\n",
        "article 1 {\n  obligation x {\n// 运营者\narticle 2 {}",
        "article 1 {\n  title zh \"标题\n}\n",
        "article 1 {\n  title zh \"\\",
        "article 1 {\n  title zh \"\\运",
        "article 1 {\n  para 1 {\n    text zh \"运营者\" en \"x\"\n  }\n  运营者\n}\n",
        "article 1 {\n运营者 obligation\n}",
        "article 1 { 运营者 }",
        "article 1 {\n  define x = (((((((\n}",
        "define x = facility.运营者 + 运营者",
        "fact a: int in 99999999999..=1 { }",
        "define d = 99999999999999999999999999999999999 CNY",
        "define d = 9223372036854775807 days + 9223372036854775807 years",
        "test \"\"\"运营者\n\"\"\" { given file \"😀\" }",
        "chapter 1 { articles 1..=4294967295 }",
        "\u{feff}article 1 {}",
        "article\u{a0}1 {}",
        "article 1\r\n{\r\n  title zh \"运\"\r\n}\r\n",
    ];
    for text in cases {
        let parsed = parse(text, FileId(0));
        let result = assert_in_text(text, FileId(0), &parsed);
        assert!(result.is_ok(), "{text:?}: {result:?}");
    }
}

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn arbitrary_unicode_never_panics(text in "(?s).{0,300}") {
        parse_ok(&text)?;
    }

    #[test]
    fn biased_characters_never_panic(
        text in "[a-z0-9 \t\r\n{}()\\[\\]\"/\\\\.,:=<>+*_运营者关键😀\u{0}\u{1b}\u{7f}\u{feff}-]{0,300}"
    ) {
        parse_ok(&text)?;
    }

    #[test]
    fn token_soup_never_panics(text in token_soup(120)) {
        parse_ok(&text)?;
    }

    #[test]
    fn token_soup_after_a_keyword_in_column_zero_never_panics(
        keyword in proptest::sample::select(&["article 1 {", "chapter 1 {", "fact f: int {", "define d = ", "implement x for .a {", "test \"t\" {", "enum E {", "record R {"][..]),
        body in token_soup(80),
    ) {
        parse_ok(&format!("{keyword}\n{body}\n"))?;
    }
}

proptest! {
    #![proptest_config(cases(128))]

    #[test]
    fn mutated_policy_files_never_panic(
        file in any::<Index>(),
        mutations in prop::collection::vec(mutation(), 1..8),
    ) {
        let files = corpus();
        prop_assume!(!files.is_empty());
        let (_, original) = &files[file.index(files.len())];
        let text = mutate(original, &mutations);
        parse_ok(&text)?;
    }
}
