//! Parsing item by item (`item_chunks`, `parse_chunk`, `assemble`) gives
//! exactly what `parse` gives on the whole text: on every file under
//! `policies/`, on their CRLF and byte-order-mark variants, and on
//! mutations of them. And an item's chunk and parse do not depend on where
//! the item is.

#![expect(clippy::expect_used, reason = "test code")]

use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::sample::Index;
use tiaoli_fuzz::{Mutation, cases, mutate, mutation, vocabulary};
use tiaoli_syntax::{Parse, assemble, item_chunks, parse, parse_chunk};
use tiaoli_text::FileId;

const POLICIES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../policies");
const FILE: FileId = FileId(3);

/// Every `.tiaoli` file under `policies/`: (path, text), sorted.
fn corpus() -> &'static [(String, String)] {
    static CORPUS: OnceLock<Vec<(String, String)>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let mut files = Vec::new();
        walk(Path::new(POLICIES), &mut files);
        files.sort();
        assert!(files.len() > 10, "policies/ not found");
        files
    })
}

fn walk(dir: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("readable folder")
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|x| x == "tiaoli") {
            let text = std::fs::read_to_string(&p).expect("UTF-8 file");
            out.push((p.display().to_string(), text));
        }
    }
}

/// Tokens that move item boundaries: braces, item keywords at the start of
/// a line, strings, comments, line endings, full-width punctuation.
const TOKENS: &[&str] = &[
    "\narticle 9 {",
    "\nfact f: int",
    "\ndefine d = 1",
    "\n}",
    "{",
    "}",
    "(",
    ")",
    "\"",
    "\"\"\"",
    "//",
    "\r\n",
    "\n",
    "  ",
    "｝",
    "，",
    "obligation",
    "requires",
    "\u{feff}",
];

fn by_items(text: &str) -> Parse {
    let chunks = item_chunks(text, FILE);
    let parses: Vec<_> = chunks
        .chunks
        .iter()
        .map(|c| parse_chunk(&c.chunk, FILE))
        .collect();
    assemble(&chunks, &parses)
}

fn variants(text: &str) -> [String; 3] {
    let crlf = text.replace("\r\n", "\n").replace('\n', "\r\n");
    [text.to_owned(), crlf.clone(), format!("\u{feff}{crlf}")]
}

#[test]
fn every_policy_file_parses_the_same_item_by_item() {
    for (path, text) in corpus() {
        for (k, text) in variants(text).iter().enumerate() {
            let whole = parse(text, FILE);
            assert!(!whole.file.items.is_empty(), "{path}: no items");
            assert!(by_items(text) == whole, "{path} (variant {k}) differs");
        }
    }
}

#[test]
fn an_item_parses_to_an_equal_value_wherever_it_moves() {
    for (path, text) in corpus() {
        let before = item_chunks(text, FILE);
        let moved = format!("fact moved_in: int zh \"移\" en \"moved\"\n\n// 注释\n\n{text}");
        let after = item_chunks(&moved, FILE);
        assert_eq!(after.chunks.len(), before.chunks.len() + 1, "{path}");
        for (a, b) in before.chunks.iter().zip(&after.chunks[1..]) {
            assert_eq!(a.chunk, b.chunk, "{path}: chunk at {}", a.offset);
            assert!(b.offset > a.offset);
            assert_eq!(parse_chunk(&a.chunk, FILE), parse_chunk(&b.chunk, FILE));
        }
    }
}

#[test]
fn a_broken_item_keeps_its_diagnostics_in_place() {
    // A missing `}`, an error in the closers recovery appends, a lexical
    // error, a broken member: each reported where `parse` reports it.
    let text = "fact a: int zh \"甲\" en \"a\"\n\narticle 1 {\n  obligation o {\n    requires facility.\n  }\n\narticle 2 {\n  title zh \"乙\n}\ndefine x = (1 +\n";
    for text in variants(text) {
        let whole = parse(&text, FILE);
        assert!(whole.diagnostics.len() >= 2, "{:?}", whole.diagnostics);
        assert_eq!(by_items(&text), whole);
    }
}

#[test]
fn a_did_you_mean_fix_edits_the_misspelt_word_in_place() {
    let text = "fact a: int zh \"甲\" en \"a\"\n\narticle 1 {\n  obligatoin o {\n    requires facility.a > 1\n  }\n}\n";
    for text in variants(text) {
        let whole = parse(&text, FILE);
        assert_eq!(by_items(&text), whole);
        let edits: Vec<_> = whole
            .diagnostics
            .iter()
            .flat_map(|d| &d.fixes)
            .flat_map(|f| &f.edits)
            .collect();
        assert_eq!(edits.len(), 1, "{:?}", whole.diagnostics);
        let (file, range, replacement) = edits[0];
        assert_eq!(*file, FILE);
        assert_eq!(&text[range.as_range()], "obligatoin");
        assert_eq!(replacement, "obligation");
    }
}

fn mutated() -> impl Strategy<Value = (String, u8)> {
    (
        any::<Index>(),
        prop::collection::vec(mutation(TOKENS), 1..4),
        0u8..3,
    )
        .prop_map(|(file, mutations, variant): (Index, Vec<Mutation>, u8)| {
            static WORDS: OnceLock<Vec<String>> = OnceLock::new();
            let words = WORDS.get_or_init(|| {
                vocabulary(corpus().iter().map(|(_, t)| t.as_str()), TOKENS, false)
            });
            let (_, text) = &corpus()[file.index(corpus().len())];
            (mutate(text, &mutations, words), variant)
        })
}

proptest! {
    #![proptest_config(cases(48))]

    #[test]
    fn mutated_files_parse_the_same_item_by_item((text, variant) in mutated()) {
        let text = &variants(&text)[usize::from(variant)];
        let whole = parse(text, FILE);
        prop_assert!(by_items(text) == whole, "differs on {:?}", text);
    }
}
