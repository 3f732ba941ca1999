//! Proptest strategies shared by the no-panic suites of the parser and the
//! checker: "token soups" (a suite's own list of tokens mixed with CJK,
//! emoji and control characters) and mutations of real files (deletions,
//! insertions, duplications, words swapped for others). Every mutation
//! cuts and inserts at character boundaries, so the result is valid UTF-8.

use proptest::prelude::*;
use proptest::sample::Index;

/// `default` cases, or `PROPTEST_CASES` when set (for longer fuzzing runs).
pub fn cases(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default);
    ProptestConfig::with_cases(cases)
}

/// One of `tokens`, or a few arbitrary, control, CJK or emoji characters.
pub fn token(tokens: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        6 => proptest::sample::select(tokens).prop_map(str::to_owned),
        1 => "\\PC{1,4}",
        1 => "[\\x00-\\x1f\\x7f]",
        1 => "[\u{4e00}-\u{9fff}]{1,3}",
        1 => "[\u{1f300}-\u{1faff}]",
    ]
}

/// Up to `max` tokens, mostly separated by spaces or newlines.
pub fn token_soup(tokens: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec((token(tokens), 0u8..10), 0..max).prop_map(|parts| {
        let mut s = String::new();
        for (t, sep) in parts {
            s.push_str(&t);
            match sep {
                0..=4 => s.push(' '),
                5 | 6 => s.push('\n'),
                _ => {}
            }
        }
        s
    })
}

/// One change to a text.
#[derive(Clone, Debug)]
pub enum Mutation {
    Delete {
        at: Index,
        len: usize,
    },
    Insert {
        at: Index,
        text: String,
    },
    /// Copies `len` bytes from `from` to `to`.
    Duplicate {
        from: Index,
        len: usize,
        to: Index,
    },
    /// Replaces the word at `at` with a word of the vocabulary.
    ReplaceWord {
        at: Index,
        with: Index,
    },
}

fn length() -> impl Strategy<Value = usize> {
    prop_oneof![4 => 0usize..16, 2 => 0usize..256, 1 => 0usize..4096]
}

/// A mutation; insertions are soups of `tokens`.
pub fn mutation(tokens: &'static [&'static str]) -> impl Strategy<Value = Mutation> {
    prop_oneof![
        1 => (any::<Index>(), length()).prop_map(|(at, len)| Mutation::Delete { at, len }),
        1 => (any::<Index>(), token_soup(tokens, 4))
            .prop_map(|(at, text)| Mutation::Insert { at, text }),
        1 => (any::<Index>(), length(), any::<Index>())
            .prop_map(|(from, len, to)| Mutation::Duplicate { from, len, to }),
        3 => (any::<Index>(), any::<Index>())
            .prop_map(|(at, with)| Mutation::ReplaceWord { at, with }),
    ]
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Every distinct word of `texts` (only the ASCII ones if `ascii`), and
/// `tokens`, sorted: the vocabulary of [`Mutation::ReplaceWord`].
pub fn vocabulary<'t>(
    texts: impl IntoIterator<Item = &'t str>,
    tokens: &[&str],
    ascii: bool,
) -> Vec<String> {
    let mut words: Vec<String> = texts
        .into_iter()
        .flat_map(|t| t.split(|c: char| !is_word(c)))
        .filter(|w| !w.is_empty() && (!ascii || w.is_ascii()))
        .map(str::to_owned)
        .chain(tokens.iter().map(|t| (*t).to_owned()))
        .collect();
    words.sort();
    words.dedup();
    words
}

/// The char boundary at or before `i`.
pub fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn position(text: &str, at: &Index) -> usize {
    floor_boundary(text, at.index(text.len() + 1))
}

/// `text` with `mutations` applied in order; replacement words come from
/// `words` (none are replaced when it is empty).
pub fn mutate(text: &str, mutations: &[Mutation], words: &[String]) -> String {
    let mut text = text.to_owned();
    for m in mutations {
        match m {
            Mutation::Delete { at, len } => {
                let start = position(&text, at);
                let end = floor_boundary(&text, start + len);
                text.replace_range(start..end, "");
            }
            Mutation::Insert { at, text: ins } => {
                let at = position(&text, at);
                text.insert_str(at, ins);
            }
            Mutation::Duplicate { from, len, to } => {
                let start = position(&text, from);
                let end = floor_boundary(&text, start + len);
                let piece = text[start..end].to_owned();
                let to = position(&text, to);
                text.insert_str(to, &piece);
            }
            Mutation::ReplaceWord { at, with } => {
                if words.is_empty() {
                    continue;
                }
                let at = position(&text, at);
                let start = text[..at]
                    .char_indices()
                    .rev()
                    .find(|(_, c)| !is_word(*c))
                    .map_or(0, |(i, c)| i + c.len_utf8());
                let end = text[at..]
                    .find(|c: char| !is_word(c))
                    .map_or(text.len(), |i| at + i);
                text.replace_range(start..end, &words[with.index(words.len())]);
            }
        }
    }
    text
}
