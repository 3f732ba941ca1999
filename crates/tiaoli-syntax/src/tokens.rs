//! The token pass: a file as a flat list of tokens with byte ranges, for
//! editors (semantic tokens, the context of a completion). It never fails:
//! tokens cover the text exactly, in order, whatever it holds, and a
//! character the language has no use for is an `Unknown` token of its own.
//!
//! It is lexical only. A word is a keyword when the grammar has it as a
//! literal, wherever it stands (`title` in `fact title: text` too), except
//! right after a `.`, where a word is always a name (`facility.title`);
//! telling names apart is the checker's work.

use tiaoli_text::TextRange;

/// What a token is, lexically.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TokenKind {
    /// A word of the grammar ([`KEYWORDS`]).
    Keyword,
    /// Any other word: a name.
    Ident,
    /// `art17`, `art39.1.8` (a pack qualifier is an `Ident` and `::`).
    Citation,
    /// `"…"` or `"""…"""`, quotes included; an unterminated string runs to
    /// the end of its line (a raw string: of the file).
    String,
    /// `3`, `1_000`, `0.5`.
    Number,
    /// `2025-06-01`.
    Date,
    /// `100_000 CNY`: the amount, the spaces and the currency.
    Money,
    /// `// …` up to the end of the line (a CRLF's `\r` left out, as the
    /// scan does).
    Comment,
    /// `==`, `<=`, `+`, `=`, `..=` …
    Operator,
    /// `{`, `}`, `(`, `)`, `[`, `]`, `,`, `:`, `::`, `.`
    Punctuation,
    /// Spaces, tabs, line ends, and a byte-order mark at the start.
    Whitespace,
    /// A character the language does not use (full-width punctuation, a
    /// control character, a lone `!`): one token per character.
    Unknown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub range: TextRange,
}

/// Every word literal of `grammar/tiaoli.pest` (a test holds the two
/// equal), sorted. `art` is left out: it only begins a citation.
pub const KEYWORDS: &[&str] = &[
    "CNY",
    "absent",
    "addressee",
    "after",
    "all",
    "and",
    "any",
    "applies",
    "article",
    "articles",
    "as_of",
    "bearer",
    "bool",
    "certain",
    "chapter",
    "cite",
    "conditional",
    "count",
    "date",
    "day",
    "days",
    "decide",
    "decimal",
    "default",
    "define",
    "determination",
    "discretionary",
    "due",
    "duration",
    "else",
    "en",
    "enum",
    "escalate",
    "every",
    "exception",
    "exempts",
    "expect",
    "exposure",
    "extension",
    "facility",
    "fact",
    "factor",
    "false",
    "field",
    "file",
    "fine",
    "first",
    "for",
    "forbids",
    "force",
    "from",
    "given",
    "gives",
    "if",
    "implement",
    "in",
    "instead",
    "int",
    "is",
    "item",
    "key",
    "list",
    "may",
    "measure",
    "measures",
    "meta",
    "missing",
    "money",
    "month",
    "months",
    "none",
    "not",
    "not_applicable",
    "not_in_force",
    "not_triggered",
    "obligation",
    "of",
    "on",
    "optional",
    "or",
    "otherwise",
    "para",
    "party",
    "penalty",
    "persons",
    "possible",
    "prohibition",
    "reading",
    "record",
    "requires",
    "returns",
    "satisfied",
    "since",
    "source",
    "sum",
    "test",
    "text",
    "then",
    "times",
    "title",
    "to",
    "trigger",
    "triggered",
    "true",
    "unbounded",
    "unknown",
    "unless",
    "until",
    "value",
    "violated",
    "way",
    "week",
    "weeks",
    "when",
    "where",
    "within",
    "year",
    "years",
    "zh",
];

pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.binary_search(&word).is_ok()
}

/// Whether a character may start a name (the grammar's `ident`).
pub fn is_ident_start(c: char) -> bool {
    c == '_' || pest::unicode::XID_START(c)
}

pub fn is_ident_continue(c: char) -> bool {
    pest::unicode::XID_CONTINUE(c)
}

/// The tokens of a whole file, covering it exactly and in order.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    let mut pos = 0;
    if text.starts_with(crate::BOM) {
        pos = crate::BOM.len_utf8();
        out.push(token(TokenKind::Whitespace, 0, pos));
    }
    while pos < text.len() {
        let rest = &text[pos..];
        let (kind, len) = next(rest, after_dot(&out, text));
        // `next` always consumes at least one character.
        let len = len.max(rest.chars().next().map_or(1, char::len_utf8));
        out.push(token(kind, pos, pos + len));
        pos += len;
    }
    out
}

/// The token at a byte offset: the one that contains it, or ends at it
/// when the offset is at the end of the text.
pub fn token_at(tokens: &[Token], offset: usize) -> Option<&Token> {
    let i = tokens.partition_point(|t| t.range.end() <= offset);
    tokens.get(i).or_else(|| tokens.last())
}

fn token(kind: TokenKind, start: usize, end: usize) -> Token {
    Token {
        kind,
        range: TextRange::new(start, end),
    }
}

/// Whether the last token is a `.` (so the next word is a name).
fn after_dot(out: &[Token], text: &str) -> bool {
    out.last().is_some_and(|t| {
        t.kind == TokenKind::Punctuation && text.get(t.range.start()..t.range.end()) == Some(".")
    })
}

/// The kind and byte length of the token `rest` starts with.
fn next(rest: &str, after_dot: bool) -> (TokenKind, usize) {
    let bytes = rest.as_bytes();
    let Some(c) = rest.chars().next() else {
        return (TokenKind::Unknown, 0);
    };
    match c {
        ' ' | '\t' | '\r' | '\n' => (
            TokenKind::Whitespace,
            rest.find(|c| !matches!(c, ' ' | '\t' | '\r' | '\n'))
                .unwrap_or(rest.len()),
        ),
        '/' if rest.starts_with("//") => (TokenKind::Comment, line_len(rest)),
        '"' => (TokenKind::String, string_len(rest)),
        '0'..='9' => number(rest),
        c if is_ident_start(c) => {
            if let Some(len) = citation_len(rest) {
                return (TokenKind::Citation, len);
            }
            let len = rest
                .char_indices()
                .find(|&(_, c)| !is_ident_continue(c))
                .map_or(rest.len(), |(i, _)| i);
            let kind = if !after_dot && is_keyword(&rest[..len]) {
                TokenKind::Keyword
            } else {
                TokenKind::Ident
            };
            (kind, len)
        }
        _ => {
            for op in ["..=", "::", "==", "!=", "<=", ">="] {
                if rest.starts_with(op) {
                    let kind = if op == "::" {
                        TokenKind::Punctuation
                    } else {
                        TokenKind::Operator
                    };
                    return (kind, op.len());
                }
            }
            let kind = match bytes[0] {
                b'<' | b'>' | b'+' | b'-' | b'*' | b'/' | b'=' => TokenKind::Operator,
                b'{' | b'}' | b'(' | b')' | b'[' | b']' | b',' | b':' | b'.' => {
                    TokenKind::Punctuation
                }
                _ => TokenKind::Unknown,
            };
            (kind, c.len_utf8())
        }
    }
}

/// A string's length, quotes included; unterminated: to the end of the
/// line (a raw string: of the text), the line end (CRLF too) left out.
fn string_len(rest: &str) -> usize {
    if let Some(body) = rest.strip_prefix("\"\"\"") {
        return body.find("\"\"\"").map_or(rest.len(), |i| 3 + i + 3);
    }
    let bytes = rest.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => return i + 1,
            b'\n' => return line_len(rest),
            // An escape takes the next character, whatever its width; `\` +
            // a line end leaves the line end out, like the grammar.
            b'\\' => match rest[i + 1..].chars().next() {
                Some('\n') | None => i += 1,
                Some(c) => i += 1 + c.len_utf8(),
            },
            _ => i += 1,
        }
    }
    rest.len()
}

/// Up to the line end, a CRLF's `\r` left out.
fn line_len(rest: &str) -> usize {
    let end = rest.find('\n').unwrap_or(rest.len());
    if end > 1 && rest.as_bytes()[end - 1] == b'\r' {
        end - 1
    } else {
        end
    }
}

/// `art` + digits + up to two `.digits`, not followed by a name character.
fn citation_len(rest: &str) -> Option<usize> {
    let after = rest.strip_prefix("art")?;
    let mut len = digits(after);
    if len == 0 {
        return None;
    }
    for _ in 0..2 {
        let tail = &after[len..];
        match tail.strip_prefix('.') {
            Some(t) if digits(t) > 0 => len += 1 + digits(t),
            _ => break,
        }
    }
    let end = 3 + len;
    match rest[end..].chars().next() {
        Some(c) if is_ident_continue(c) => None,
        _ => Some(end),
    }
}

fn digits(s: &str) -> usize {
    s.bytes().take_while(u8::is_ascii_digit).count()
}

/// Digits and `_`s after a first digit.
fn digit_run(s: &str) -> usize {
    s.bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b'_')
        .count()
}

/// A date, an amount or a number (`rest` starts with a digit).
fn number(rest: &str) -> (TokenKind, usize) {
    let b = rest.as_bytes();
    let is_date = b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
        && !b.get(10).is_some_and(u8::is_ascii_digit);
    if is_date {
        return (TokenKind::Date, 10);
    }
    let mut len = digit_run(rest);
    if b.get(len) == Some(&b'.') && b.get(len + 1).is_some_and(u8::is_ascii_digit) {
        len += 1 + digit_run(&rest[len + 1..]);
    }
    let spaces = rest[len..].bytes().take_while(|b| *b == b' ').count();
    let currency = &rest[len + spaces..];
    if currency.starts_with("CNY") && !currency[3..].chars().next().is_some_and(is_ident_continue) {
        return (TokenKind::Money, len + spaces + 3);
    }
    (TokenKind::Number, len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(TokenKind, &str)> {
        tokens(text)
            .into_iter()
            .filter(|t| t.kind != TokenKind::Whitespace)
            .map(|t| (t.kind, &text[t.range.start()..t.range.end()]))
            .collect()
    }

    #[test]
    fn keywords_are_sorted_for_binary_search() {
        assert!(KEYWORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn a_rule_line() {
        use TokenKind as K;
        assert_eq!(
            kinds("requires facility.title == .high and 设施.规模 >= 1_000 CNY // 注"),
            [
                (K::Keyword, "requires"),
                (K::Keyword, "facility"),
                (K::Punctuation, "."),
                (K::Ident, "title"),
                (K::Operator, "=="),
                (K::Punctuation, "."),
                (K::Ident, "high"),
                (K::Keyword, "and"),
                (K::Ident, "设施"),
                (K::Punctuation, "."),
                (K::Ident, "规模"),
                (K::Operator, ">="),
                (K::Money, "1_000 CNY"),
                (K::Comment, "// 注"),
            ]
        );
    }

    #[test]
    fn literals_and_citations() {
        use TokenKind as K;
        assert_eq!(
            kinds(
                "cite decree_745::art39.1.8 art5x 2025-06-01 0.5 1..=3 \"a\\\"b\" \"\"\"x\ny\"\"\""
            ),
            [
                (K::Keyword, "cite"),
                (K::Ident, "decree_745"),
                (K::Punctuation, "::"),
                (K::Citation, "art39.1.8"),
                (K::Ident, "art5x"),
                (K::Date, "2025-06-01"),
                (K::Number, "0.5"),
                (K::Number, "1"),
                (K::Operator, "..="),
                (K::Number, "3"),
                (K::String, "\"a\\\"b\""),
                (K::String, "\"\"\"x\ny\"\"\""),
            ]
        );
    }

    #[test]
    fn unterminated_strings_and_strangers() {
        use TokenKind as K;
        assert_eq!(
            kinds("zh \"未完\r\nen \"\"\"open，\u{7}"),
            [
                (K::Keyword, "zh"),
                (K::String, "\"未完"),
                (K::Keyword, "en"),
                (K::String, "\"\"\"open，\u{7}"),
            ]
        );
        assert_eq!(
            kinds("a！b"),
            [(K::Ident, "a"), (K::Unknown, "！"), (K::Ident, "b")]
        );
    }

    /// The scan's comments and the token pass's agree on every real pack.
    #[test]
    fn comments_agree_with_the_scan() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../policies");
        let mut stack = vec![std::path::PathBuf::from(root)];
        let mut files = 0;
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "tiaoli") {
                    let Ok(text) = std::fs::read_to_string(&path) else {
                        continue;
                    };
                    files += 1;
                    let scanned = crate::scan::scan(&text, tiaoli_text::FileId(0)).comments;
                    let toks = tokens(&text);
                    let comments: Vec<TextRange> = toks
                        .iter()
                        .filter(|t| t.kind == TokenKind::Comment)
                        .map(|t| t.range)
                        .collect();
                    assert_eq!(comments, scanned, "{}", path.display());
                    assert!(
                        !toks.iter().any(|t| t.kind == TokenKind::Unknown),
                        "{}",
                        path.display()
                    );
                }
            }
        }
        assert!(files > 10, "{files} pack files found");
    }
}
