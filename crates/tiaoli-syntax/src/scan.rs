//! A lexical pre-pass over a whole file. It finds what pest cannot recover
//! from on its own: where items begin (so each can be parsed alone),
//! unterminated strings, unbalanced delimiters, and every comment (for the
//! formatter).
//!
//! An item begins on a line that starts in column 0 at brace depth 0. An
//! item keyword in column 0 also begins an item when braces are still open:
//! the previous item is then missing a `}`, which is reported once, and the
//! rest of the file is read as if it had been there.

use tiaoli_diagnostics::{Code, Diagnostic, Msg, msg};
use tiaoli_text::{FileId, TextRange};

/// Full-width and CJK punctuation typed for its ASCII counterpart: the mark,
/// its name in English and in Chinese, the ASCII mark.
const FULL_WIDTH: &[(char, &str, &str, char)] = &[
    ('，', "comma", "逗号", ','),
    ('、', "enumeration comma", "顿号", ','),
    ('：', "colon", "冒号", ':'),
    ('；', "semicolon", "分号", ';'),
    ('（', "left parenthesis", "左圆括号", '('),
    ('）', "right parenthesis", "右圆括号", ')'),
    ('【', "left bracket", "左方头括号", '['),
    ('】', "right bracket", "右方头括号", ']'),
    ('｛', "left brace", "左花括号", '{'),
    ('｝', "right brace", "右花括号", '}'),
    ('“', "left quotation mark", "左引号", '"'),
    ('”', "right quotation mark", "右引号", '"'),
    ('＂', "quotation mark", "引号", '"'),
    ('。', "full stop", "句号", '.'),
    ('．', "full stop", "句点", '.'),
    ('＝', "equals sign", "等号", '='),
    ('＋', "plus sign", "加号", '+'),
    ('－', "minus sign", "减号", '-'),
    ('＜', "less-than sign", "小于号", '<'),
    ('＞', "greater-than sign", "大于号", '>'),
    ('！', "exclamation mark", "感叹号", '!'),
    ('\u{3000}', "space", "空格", ' '),
];

/// Keywords that start a top-level item.
pub(crate) const ITEM_KEYWORDS: &[&str] = &[
    "chapter",
    "article",
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
];

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Chunk {
    pub range: TextRange,
    /// Closers to append so the chunk's delimiters balance (recovery).
    pub missing_closers: String,
    /// A lexical error (string, delimiter) was reported inside the chunk.
    pub lexical_error: bool,
    /// Where the chunk first nests deeper than pest may recurse (S008):
    /// counted here, before pest, so the limit is the same on every run.
    pub too_deep: Option<usize>,
}

/// Open delimiters (braces included) a chunk may nest; no item comes near.
pub(crate) const MAX_NESTING: usize = 64;
/// `if` keywords an item may hold: each nests an expression in pest.
pub(crate) const MAX_IFS: usize = 512;

/// The first non-blank character of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct LineStart {
    pub offset: usize,
    /// Bytes from the start of the line (its indentation).
    pub column: usize,
    /// Open delimiters before it.
    pub depth: usize,
}

#[derive(Debug, Default)]
pub(crate) struct Scan {
    pub chunks: Vec<Chunk>,
    pub comments: Vec<TextRange>,
    pub lines: Vec<LineStart>,
    pub diagnostics: Vec<Diagnostic>,
}

pub(crate) fn scan(text: &str, file: FileId) -> Scan {
    let origin = if text.starts_with(crate::BOM) {
        crate::BOM.len_utf8()
    } else {
        0
    };
    Scanner {
        text,
        bytes: text.as_bytes(),
        file,
        origin,
        pos: origin,
        line_begin: 0,
        stack: Vec::new(),
        code_end: 0,
        suspects: Vec::new(),
        ifs: 0,
        too_deep: None,
        out: Scan::default(),
    }
    .run()
}

struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    file: FileId,
    /// Where the text starts: after a byte-order mark, if any.
    origin: usize,
    pos: usize,
    /// Where the line holding `pos` starts (kept, so that no byte is
    /// scanned again for it: a 100,000-character line stays linear).
    line_begin: usize,
    /// Open delimiters: (byte, offset).
    stack: Vec<(u8, usize)>,
    /// End of the last byte that is neither blank nor comment, so that a
    /// chunk does not swallow the comments that precede the next item.
    code_end: usize,
    /// Openers of the current chunk closed by a `}` indented differently
    /// from the opener's line: the likeliest place a `}` went missing.
    suspects: Vec<usize>,
    /// The current chunk's `if`s, and where it first nests too deeply.
    ifs: usize,
    too_deep: Option<usize>,
    out: Scan,
}

impl Scanner<'_> {
    fn run(mut self) -> Scan {
        let mut chunk_start: Option<usize> = None;
        let mut chunk_error = false;
        let mut string_error = false;
        let mut at_line_start = true;
        while self.pos < self.bytes.len() {
            let b = self.bytes[self.pos];
            let first_on_line = at_line_start;
            if at_line_start && !matches!(b, b' ' | b'\t' | b'\r' | b'\n') {
                at_line_start = false;
                let column0 = self.pos == self.origin || self.bytes[self.pos - 1] == b'\n';
                let is_comment = self.text[self.pos..].starts_with("//");
                if !is_comment {
                    self.out.lines.push(LineStart {
                        offset: self.pos,
                        column: self.pos - line_start(self.text, self.pos).max(self.origin),
                        depth: self.stack.len(),
                    });
                    let starts_item = if self.stack.is_empty() {
                        (column0 && b != b'}') || chunk_start.is_none()
                    } else {
                        column0 && starts_with_keyword(&self.text[self.pos..], ITEM_KEYWORDS)
                    };
                    if starts_item {
                        if let Some(start) = chunk_start {
                            let missing = self.close_all_open(!string_error);
                            chunk_error |= !missing.is_empty();
                            self.push_chunk(start, self.pos, missing, chunk_error);
                        }
                        chunk_start = Some(self.pos);
                        chunk_error = false;
                        string_error = false;
                    }
                }
            }
            if !matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'/')
                || self.bytes.get(self.pos + 1) != Some(&b'/') && b == b'/'
            {
                self.code_end = self.pos + 1;
            }
            match b {
                b'\n' => {
                    at_line_start = true;
                    self.pos += 1;
                    self.line_begin = self.pos;
                }
                b'/' if self.bytes.get(self.pos + 1) == Some(&b'/') => self.comment(),
                b'"' => {
                    let closed = self.string();
                    self.code_end = self.pos;
                    chunk_error |= !closed;
                    string_error |= !closed;
                }
                b'{' | b'(' | b'[' => {
                    self.stack.push((b, self.pos));
                    if self.stack.len() > MAX_NESTING {
                        self.too_deep.get_or_insert(self.pos);
                    }
                    self.pos += 1;
                }
                b'i' if self.at_word("if") => {
                    self.ifs += 1;
                    if self.ifs > MAX_IFS {
                        self.too_deep.get_or_insert(self.pos);
                    }
                    self.pos += 2;
                }
                b'}' | b')' | b']' => {
                    chunk_error |= !self.close(b, first_on_line);
                    self.pos += 1;
                }
                0xE2.. => {
                    chunk_error |= self.full_width();
                    self.pos += 1;
                }
                _ => self.pos += 1,
            }
        }
        if let Some(start) = chunk_start {
            let missing = self.close_all_open(!string_error);
            chunk_error |= !missing.is_empty();
            self.push_chunk(start, self.text.len(), missing, chunk_error);
        }
        self.out
    }

    fn push_chunk(&mut self, start: usize, end: usize, missing_closers: String, error: bool) {
        let end = if self.code_end > start {
            end.min(self.code_end)
        } else {
            end
        };
        let end = start + self.text[start..end].trim_end().len();
        self.ifs = 0;
        self.out.chunks.push(Chunk {
            range: TextRange::new(start, end),
            missing_closers,
            lexical_error: error,
            too_deep: self.too_deep.take(),
        });
    }

    /// Whether the word `word` (not part of a longer name) starts at `pos`.
    fn at_word(&self, word: &str) -> bool {
        let ident = |c: char| c.is_alphanumeric() || c == '_';
        self.text[self.pos..].starts_with(word)
            && !self.text[..self.pos].ends_with(ident)
            && !self.text[self.pos + word.len()..].starts_with(ident)
    }

    fn comment(&mut self) {
        let end = self.text[self.pos..]
            .find('\n')
            .map_or(self.text.len(), |i| self.pos + i);
        // A CRLF line's `\r` is its line ending, not part of the comment.
        self.out
            .comments
            .push(TextRange::new(self.pos, trim_cr(self.text, self.pos, end)));
        self.pos = end;
    }

    /// Skips a string literal; false (and a diagnostic) if it is not closed.
    fn string(&mut self) -> bool {
        let start = self.pos;
        if self.text[start..].starts_with("\"\"\"") {
            return match self.text[start + 3..].find("\"\"\"") {
                Some(i) => {
                    self.pos = start + 3 + i + 3;
                    true
                }
                None => {
                    self.unterminated(
                        start,
                        start + 3,
                        msg!(
                            en: "this raw string is never closed with `\"\"\"`",
                            zh: "此原始字符串始终没有以 `\"\"\"` 结束"
                        ),
                    );
                    self.pos = self.text.len();
                    false
                }
            };
        }
        let mut i = start + 1;
        while i < self.bytes.len() {
            match self.bytes[i] {
                b'\\' => i += 2,
                b'"' => {
                    self.pos = i + 1;
                    return true;
                }
                b'\n' => break,
                _ => i += 1,
            }
        }
        let end = i.min(self.text.len());
        self.unterminated(
            start,
            end,
            msg!(
                en: "this string is not closed before the end of the line",
                zh: "此字符串在行尾之前没有结束"
            ),
        );
        self.pos = end;
        false
    }

    fn unterminated(&mut self, start: usize, end: usize, label: Msg) {
        let end = trim_cr(self.text, start, end);
        self.out.diagnostics.push(
            Diagnostic::new(Code::S002, msg!(en: "unterminated string", zh: "字符串未结束"))
                .with_primary(self.file, TextRange::new(start, end), label)
                .with_help(msg!(
                    en: "add the closing quote; a string cannot span lines unless it is a \"\"\"raw string\"\"\"",
                    zh: "请补上右引号；除非是 \"\"\"原始字符串\"\"\"，字符串不能跨行"
                )),
        );
    }

    /// Reports a full-width punctuation mark at `pos` (an IME left in
    /// Chinese mode: `define a，b`), naming it and the ASCII mark meant.
    fn full_width(&mut self) -> bool {
        let Some(c) = self.text.get(self.pos..).and_then(|r| r.chars().next()) else {
            return false;
        };
        let Some(&(_, name, name_zh, ascii)) = FULL_WIDTH.iter().find(|(f, ..)| *f == c) else {
            return false;
        };
        let range = TextRange::new(self.pos, self.pos + c.len_utf8());
        self.out.diagnostics.push(
            Diagnostic::new(
                Code::S010,
                Msg::new(
                    format!(
                        "found the full-width {name} '{c}' (U+{:04X}); use '{ascii}'",
                        u32::from(c)
                    ),
                    format!(
                        "发现全角{name_zh} '{c}'（U+{:04X}），请使用 '{ascii}'",
                        u32::from(c)
                    ),
                ),
            )
            .with_primary(self.file, range, msg!(en: "write `{ascii}` here", zh: "此处应写 `{ascii}`"))
            .with_help(msg!(
                en: "outside strings and comments tiaoli's punctuation is ASCII; switch the input method to English punctuation",
                zh: "在字符串和注释之外，tiaoli 的标点均为 ASCII 字符；请将输入法切换为英文标点"
            )),
        );
        true
    }

    /// Closes the innermost delimiter with `b`; `first_on_line` when
    /// nothing but blanks precedes it on its line.
    fn close(&mut self, b: u8, first_on_line: bool) -> bool {
        let want = match b {
            b'}' => b'{',
            b')' => b'(',
            _ => b'[',
        };
        match self.stack.last() {
            Some(&(open, at)) if open == want => {
                self.stack.pop();
                let start = self.line_begin;
                if b == b'}' && first_on_line && self.pos - start != indentation(self.text, at) {
                    self.suspects.push(at);
                }
                true
            }
            Some(&(open, at)) => {
                self.out.diagnostics.push(
                    Diagnostic::new(
                        Code::S003,
                        msg!(en: "mismatched `{}`", zh: "`{}` 不匹配", b as char),
                    )
                    .with_primary(
                        self.file,
                        TextRange::new(self.pos, self.pos + 1),
                        msg!(en: "expected `{}` here", zh: "此处应为 `{}`", closer(open) as char),
                    )
                    .with_secondary(
                        self.file,
                        TextRange::new(at, at + 1),
                        Msg::new("to close this", format!("以闭合此处的 `{}`", open as char)),
                    ),
                );
                self.stack.pop();
                false
            }
            None => {
                self.out.diagnostics.push(
                    Diagnostic::new(
                        Code::S003,
                        msg!(en: "unexpected `{}`", zh: "意外的 `{}`", b as char),
                    )
                    .with_primary(
                        self.file,
                        TextRange::new(self.pos, self.pos + 1),
                        msg!(en: "nothing is open here", zh: "此处没有未闭合的定界符"),
                    )
                    .with_help(msg!(
                        en: "remove it, or add the opening delimiter it was meant to close",
                        zh: "请删除它，或补上它本应闭合的左定界符"
                    )),
                );
                false
            }
        }
    }

    /// Reports the innermost open delimiter (unless an unterminated string
    /// already explains it) and returns the closers that would balance the
    /// chunk.
    fn close_all_open(&mut self, report: bool) -> String {
        let suspects = std::mem::take(&mut self.suspects);
        let Some(&(open, innermost)) = self.stack.last() else {
            return String::new();
        };
        // A `}` that closed the wrong block tells where one is missing.
        let at = suspects
            .first()
            .copied()
            .filter(|_| open == b'{')
            .unwrap_or(innermost);
        if report {
            self.out.diagnostics.push(
                Diagnostic::new(
                    Code::S003,
                    msg!(en: "unclosed `{}`", zh: "`{}` 未闭合", open as char),
                )
                .with_primary(
                    self.file,
                    TextRange::new(at, at + 1),
                    msg!(en: "opened here and never closed", zh: "在此处打开，但从未闭合"),
                )
                .with_help(msg!(
                    en: "add `{}` before the next item",
                    zh: "请在下一条目之前补上 `{}`",
                    closer(open) as char
                )),
            );
        }
        let closers = self
            .stack
            .iter()
            .rev()
            .map(|&(o, _)| closer(o) as char)
            .collect();
        self.stack.clear();
        closers
    }
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// Indentation (in bytes) of the line containing `at`.
fn indentation(text: &str, at: usize) -> usize {
    let start = line_start(text, at);
    text[start..].len() - text[start..].trim_start_matches([' ', '\t']).len()
}

/// The closers that would balance `text` (strings and comments skipped).
pub(crate) fn missing_closers(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut stack = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
                continue;
            }
            b'"' if text[i..].starts_with("\"\"\"") => {
                i = text[i + 3..]
                    .find("\"\"\"")
                    .map_or(bytes.len(), |n| i + 3 + n + 3);
                continue;
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'{' | b'(' | b'[' => stack.push(bytes[i]),
            b'}' | b')' | b']' => {
                stack.pop();
            }
            _ => {}
        }
        i += 1;
    }
    stack.iter().rev().map(|&o| closer(o) as char).collect()
}

fn closer(open: u8) -> u8 {
    match open {
        b'{' => b'}',
        b'(' => b')',
        _ => b']',
    }
}

fn trim_cr(text: &str, start: usize, end: usize) -> usize {
    if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') {
        end - 1
    } else {
        end
    }
}

/// Whether `s` begins with one of `keywords` as a whole word.
pub(crate) fn starts_with_keyword(s: &str, keywords: &[&str]) -> bool {
    let word_end = s
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    keywords.contains(&&s[..word_end])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks(text: &str) -> Vec<&str> {
        scan(text, FileId(0))
            .chunks
            .iter()
            .map(|c| &text[c.range.as_range()])
            .collect()
    }

    #[test]
    fn splits_at_column_zero() {
        let text = "party a { zh \"甲\" }\n\n// c\nparty b {\n  zh \"}\"\n}\n";
        assert_eq!(
            chunks(text),
            vec!["party a { zh \"甲\" }", "party b {\n  zh \"}\"\n}"]
        );
    }

    #[test]
    fn missing_brace_recovers_at_next_item_keyword() {
        let text = "article 1 {\n  title zh \"x\"\narticle 2 {\n}\n";
        let s = scan(text, FileId(0));
        assert_eq!(s.chunks.len(), 2);
        assert_eq!(s.chunks[0].missing_closers, "}");
        assert_eq!(s.diagnostics.len(), 1);
        assert_eq!(s.diagnostics[0].code, Code::S003);
    }

    #[test]
    fn unterminated_string_is_reported_once() {
        let text = "party a { zh \"甲 }\nparty b { zh \"乙\" }\n";
        let s = scan(text, FileId(0));
        assert_eq!(
            s.diagnostics
                .iter()
                .filter(|d| d.code == Code::S002)
                .count(),
            1
        );
    }
}
