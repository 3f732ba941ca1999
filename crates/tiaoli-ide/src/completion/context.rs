//! What is expected at the cursor, read from the tokens before it: the
//! member being typed need not parse.

use tiaoli_syntax::tokens::{Token, TokenKind, tokens};
use tiaoli_text::TextRange;

#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Context {
    /// After `facility.`; in a `given` block (`with_equals`: `name = `).
    Facts {
        with_equals: bool,
    },
    /// After `facility.NAME.`: the fields of the fact's record type.
    FieldsOfFact(String),
    /// After `.` where a variant is expected: of the fact's enum when the
    /// fact is known (`facility.level == .`, `level = .` in `given`);
    /// `dotted`: the `.` is typed (else the proposal brings it).
    Variants {
        fact: Option<String>,
        dotted: bool,
    },
    /// After `cite`.
    Citation,
    /// After `trigger`, `exempts`, `for` (of `gives way`): a citation or a rule.
    RuleRef,
    Expression,
    /// After `expect` in a test: the rules, definitions and determinations.
    Values,
    /// After `bearer`, `addressee`, `fine`, `party x in`.
    Parties,
    /// After `measures` (and its commas).
    Measures,
    /// After `:` in a declaration, `returns`, `optional`, `list<`.
    Types,
    /// At the start of a member: the block's keywords (by grammar rule) and
    /// snippets.
    Members {
        rule: &'static str,
    },
}

#[derive(Debug)]
pub(crate) struct At {
    pub context: Context,
    /// The word being typed.
    pub range: TextRange,
}

/// The context at `offset`, or `None` inside a comment or a string.
pub(crate) fn at(text: &str, offset: usize) -> Option<At> {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let start = item_start(text, offset);
    let toks: Vec<Token> = tokens(&text[start..offset])
        .into_iter()
        .map(|t| Token {
            kind: t.kind,
            range: TextRange::new(t.range.start() + start, t.range.end() + start),
        })
        .collect();
    let word = |t: &Token| text.get(t.range.start()..t.range.end()).unwrap_or("");
    let mut sig: Vec<&Token> = toks
        .iter()
        .filter(|t| !matches!(t.kind, TokenKind::Whitespace | TokenKind::Comment))
        .collect();
    if let Some(last) = toks.last() {
        match last.kind {
            TokenKind::Comment => return None,
            // Still open: the cursor is inside it.
            TokenKind::String if !closed_string(word(last)) => return None,
            _ => {}
        }
    }
    let typing = sig
        .last()
        .filter(|t| {
            matches!(t.kind, TokenKind::Ident | TokenKind::Keyword) && t.range.end() == offset
        })
        .map(|t| t.range);
    if typing.is_some() {
        sig.pop();
    }
    let range = typing.unwrap_or(TextRange::new(offset, offset));
    let w = |i: usize| {
        sig.len()
            .checked_sub(i + 1)
            .and_then(|j| sig.get(j))
            .map(|t| word(t))
            .unwrap_or("")
    };
    let blocks = open_blocks(&sig, &word);
    let block = blocks.last().copied().unwrap_or("file");
    let line_start = text[..range.start()].rfind('\n').map_or(0, |i| i + 1);
    let first_on_line = text[line_start..range.start()].trim().is_empty();

    let context = if w(0) == "." {
        if w(1) == "facility" {
            Context::Facts { with_equals: false }
        } else if w(2) == "." && w(3) == "facility" && is_name(w(1)) {
            Context::FieldsOfFact(w(1).to_owned())
        } else if matches!(w(1), "==" | "!=") {
            Context::Variants {
                fact: fact_before(&sig, &word, 2),
                dotted: true,
            }
        } else if w(1) == "=" && block == "given" {
            Context::Variants {
                fact: Some(w(2).to_owned()).filter(|f| is_name(f)),
                dotted: true,
            }
        } else if matches!(w(1), "[" | "," | "in") {
            Context::Variants {
                fact: None,
                dotted: true,
            }
        } else {
            return None;
        }
    } else if block == "given" && (first_on_line || matches!(w(0), "{" | ",")) {
        Context::Facts { with_equals: true }
    } else if first_on_line || matches!(w(0), "{" | "}" | "") {
        Context::Members {
            rule: block_rule(block),
        }
    } else {
        match w(0) {
            "cite" => Context::Citation,
            "expect" => Context::Values,
            "=" if block == "given" && is_name(w(1)) => Context::Variants {
                fact: Some(w(1).to_owned()),
                dotted: false,
            },
            "==" | "!=" if fact_before(&sig, &word, 1).is_some() => Context::Variants {
                fact: fact_before(&sig, &word, 1),
                dotted: false,
            },
            "trigger" | "exempts" => Context::RuleRef,
            "for" if sig.iter().rev().take(8).any(|t| word(t) == "gives") => Context::RuleRef,
            "," if matches!(last_keyword(&sig, &word), Some("exempts" | "for")) => Context::RuleRef,
            "bearer" | "addressee" | "fine" => Context::Parties,
            "in" if last_keyword(&sig, &word) == Some("party") => Context::Parties,
            "measures" => Context::Measures,
            "," if last_keyword(&sig, &word) == Some("measures") => Context::Measures,
            ":" if matches!(last_keyword(&sig, &word), Some("fact" | "field" | "define")) => {
                Context::Types
            }
            "returns" | "optional" | "<" if w(0) != "<" || w(1) == "list" => Context::Types,
            "=" | "(" | "," | "[" => Context::Expression,
            k if crate::grammar_keywords::before_expression()
                .iter()
                .any(|w| w == k) =>
            {
                Context::Expression
            }
            _ if sig
                .last()
                .is_some_and(|t| t.kind == TokenKind::Operator && word(t) != "..=") =>
            {
                Context::Expression
            }
            _ => return None,
        }
    };
    Some(At { context, range })
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Where the item holding `offset` starts: the last line before it that
/// starts in column 0 with something other than `}` or a comment (the
/// formatter's layout, which the parser's scan relies on too).
fn item_start(text: &str, offset: usize) -> usize {
    let mut end = offset;
    loop {
        let line = text[..end].rfind('\n').map_or(0, |i| i + 1);
        let rest = &text[line..offset];
        let starts_item = rest
            .chars()
            .next()
            .is_some_and(|c| !c.is_whitespace() && c != '}')
            && !rest.starts_with("//")
            && line < offset;
        if starts_item || line == 0 {
            return line;
        }
        end = line - 1;
    }
}

fn closed_string(s: &str) -> bool {
    if let Some(body) = s.strip_prefix("\"\"\"") {
        return body.len() >= 3 && body.ends_with("\"\"\"");
    }
    s.len() >= 2 && s.ends_with('"') && !s.ends_with("\\\"")
}

fn is_name(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(tiaoli_syntax::tokens::is_ident_start)
}

/// The blocks open at the end of `sig`, innermost last, each named by the
/// keyword that opened it (`obligation`, `given`, …; `{` for a record
/// value or anything else).
fn open_blocks<'t>(sig: &[&Token], word: &impl Fn(&Token) -> &'t str) -> Vec<&'t str> {
    let mut stack: Vec<&str> = Vec::new();
    for (i, t) in sig.iter().enumerate() {
        match word(t) {
            "{" => {
                // The nearest keyword that opens a block (`obligation x {`,
                // `given {`, `escalate when … {`), back to the statement's
                // start.
                let opener = sig[..i]
                    .iter()
                    .rev()
                    .take_while(|p| !matches!(word(p), "{" | "}" | "=" | "[" | ","))
                    .map(|p| word(p))
                    .find(|w| *w == "given" || crate::grammar_keywords::block_rule(w).is_some())
                    .unwrap_or("{");
                stack.push(opener);
            }
            "}" => {
                stack.pop();
            }
            _ => {}
        }
    }
    stack
}

/// The grammar rule of a block opened by `keyword`.
fn block_rule(keyword: &str) -> &'static str {
    crate::grammar_keywords::block_rule(keyword).unwrap_or(if keyword == "file" {
        "file"
    } else {
        ""
    })
}

/// The last keyword of the current statement (back to a brace).
fn last_keyword<'t>(sig: &[&Token], word: &impl Fn(&Token) -> &'t str) -> Option<&'t str> {
    sig.iter()
        .rev()
        .take_while(|t| !matches!(word(t), "{" | "}"))
        .find(|t| t.kind == TokenKind::Keyword)
        .map(|t| word(t))
}

/// The fact in `facility.NAME` ending `skip` tokens from the end.
fn fact_before<'t>(
    sig: &[&Token],
    word: &impl Fn(&Token) -> &'t str,
    skip: usize,
) -> Option<String> {
    let n = sig.len().checked_sub(skip)?;
    let name = sig.get(n.checked_sub(1)?)?;
    let dot = sig.get(n.checked_sub(2)?)?;
    let facility = sig.get(n.checked_sub(3)?)?;
    (word(facility) == "facility" && word(dot) == "." && is_name(word(name)))
        .then(|| word(name).to_owned())
}
