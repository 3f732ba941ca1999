//! The token pass: its keywords are the grammar's, and on any text at all
//! its tokens cover the text exactly, in order, on character boundaries.

use std::collections::BTreeSet;

use proptest::prelude::*;
use tiaoli_fuzz::{cases, token_soup};
use tiaoli_syntax::tokens::{KEYWORDS, TokenKind, tokens};

const GRAMMAR: &str = include_str!("../../../grammar/tiaoli.pest");

/// The word literals of the pest grammar, read with pest's own grammar
/// parser (so comments and escapes are pest's business).
fn grammar_words() -> BTreeSet<String> {
    use pest_meta::parser::{Rule, parse};
    let Ok(pairs) = parse(Rule::grammar_rules, GRAMMAR) else {
        return BTreeSet::new();
    };
    pairs
        .flatten()
        .filter(|p| p.as_rule() == Rule::string)
        .map(|p| p.as_str().trim_matches('"').to_owned())
        .filter(|w| {
            w.chars().all(|c| c.is_ascii_alphabetic() || c == '_')
                && w.chars().any(|c| c.is_ascii_alphabetic())
        })
        .collect()
}

#[test]
fn keywords_are_the_grammars_words() {
    let mut words = grammar_words();
    assert!(
        words.len() > 100,
        "{} words read from the grammar",
        words.len()
    );
    // `art` only begins a citation (`art17`), one token of its own.
    assert!(words.remove("art"));
    let listed: BTreeSet<String> = KEYWORDS.iter().map(|k| (*k).to_owned()).collect();
    let missing: Vec<_> = words.difference(&listed).collect();
    let extra: Vec<_> = listed.difference(&words).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "tokens::KEYWORDS is out of step with grammar/tiaoli.pest: missing {missing:?}, not in the grammar {extra:?}"
    );
}

/// Every keyword lexes as one keyword token, and after a `.` as a name.
#[test]
fn each_keyword_is_one_token() {
    for k in KEYWORDS {
        let toks = tokens(k);
        assert_eq!(toks.len(), 1, "{k}");
        assert_eq!(toks[0].kind, TokenKind::Keyword, "{k}");
        let field = format!("x.{k}");
        assert_eq!(tokens(&field)[2].kind, TokenKind::Ident, "{field}");
    }
}

fn covers(text: &str) -> Result<(), TestCaseError> {
    let toks = tokens(text);
    let mut at = 0;
    for t in &toks {
        prop_assert_eq!(t.range.start(), at, "gap or overlap before {:?}", t);
        prop_assert!(t.range.end() > t.range.start(), "empty token {:?}", t);
        prop_assert!(
            text.is_char_boundary(t.range.end()),
            "{:?} inside a character",
            t
        );
        at = t.range.end();
    }
    prop_assert_eq!(at, text.len());
    Ok(())
}

const PIECES: &[&str] = &[
    "\"",
    "\"\"\"",
    "\\",
    "//",
    "/",
    ".",
    "..=",
    "..",
    ":",
    "::",
    "=",
    "==",
    "!",
    "!=",
    "<",
    "<=",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ",",
    "-",
    "art",
    "art1",
    "art39.1.8",
    "art5.",
    "decree::art2",
    "2025-06-01",
    "2025-6-1",
    "20250-01-01",
    "1_000",
    "0.5",
    "1.",
    "100 CNY",
    "100CNY",
    "1 CNYX",
    "\r\n",
    "\r",
    "\n",
    "\t",
    "\u{feff}",
    "\u{3000}",
    "，",
    "“",
    "设施",
    "😀",
    "e\u{301}",
    "\u{0}",
    "\u{7f}",
    "\u{85}",
    "\u{2028}",
];

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn arbitrary_text(text in "(?s).{0,300}") {
        covers(&text)?;
    }

    #[test]
    fn language_soup(text in token_soup(PIECES, 60)) {
        covers(&text)?;
    }

    #[test]
    fn keyword_soup(text in token_soup(KEYWORDS, 60), bom in any::<bool>(), crlf in any::<bool>()) {
        let mut text = if crlf { text.replace('\n', "\r\n") } else { text };
        if bom {
            text.insert(0, '\u{feff}');
        }
        covers(&text)?;
    }
}
