//! The formatter: one canonical layout for a tiaoli file.
//!
//! The layout depends on the tree alone, with one exception (as in
//! rustfmt): an empty line the author left between two members of a block
//! is kept (at most one). Top-level items are always separated by exactly
//! one empty line, members of a block sit on their own lines indented by
//! two spaces, and everything is printed in source order.
//!
//! Comments are not in the tree; [`Parse::comments`] has their ranges. A
//! comment is printed before the member (or item) that follows it, on its
//! own line at that member's indentation, unless it shares the line where
//! a member ends: then it stays behind that member (`  // …`). A comment
//! inside an expression or inside anything printed on one line moves
//! before the member that holds it; one after the last member of a block
//! goes before the block's `}`. No comment is ever dropped.

use tiaoli_diagnostics::Diagnostic;
use tiaoli_text::TextRange;

use crate::parse::Parse;

mod expr;
mod members;
mod text;

use expr::ExprPrinter;
use members::Member;
use text::has_blank_line;

/// Lines longer than this are broken where the layout allows it (bilingual
/// attributes, `and` / `or` chains). Wide (CJK) characters count as two.
pub const MAX_WIDTH: usize = 100;

/// Formats a file that parsed without errors; `None` if `parse` holds any
/// error (a broken file is never reformatted). `parse` must be the result
/// of parsing `text`.
pub fn format(text: &str, parse: &Parse) -> Option<String> {
    if parse.diagnostics.iter().any(Diagnostic::is_error) {
        return None;
    }
    let mut comments = parse.comments.clone();
    comments.sort_by_key(|c| (c.start(), c.end()));
    let mut printer = Printer {
        text,
        exprs: ExprPrinter { text },
        comments,
        next: 0,
        out: String::new(),
        last_end: if text.starts_with(crate::BOM) {
            crate::BOM.len_utf8()
        } else {
            0
        },
    };
    let items = parse.file.items.iter().map(Member::Item).collect();
    printer.members(items, 0, usize::MAX, true);
    Some(line_endings(text, printer.out))
}

/// The formatted text with the file's line ending (a file whose first line
/// ends in CRLF stays CRLF, as ruff and rustfmt do) and its byte-order mark,
/// if it had one. Text copied from the source (comments, raw strings) may
/// carry CRLFs; every line ending is made the same.
fn line_endings(source: &str, formatted: String) -> String {
    let crlf = source
        .find('\n')
        .is_some_and(|i| source[..i].ends_with('\r'));
    let bom = source.starts_with(crate::BOM);
    if !crlf && !bom && !formatted.contains('\r') {
        return formatted;
    }
    let lf = formatted.replace("\r\n", "\n");
    let mut out = String::with_capacity(lf.len() + lf.len() / 16 + 3);
    if bom {
        out.push(crate::BOM);
    }
    if crlf {
        out.push_str(&lf.replace('\n', "\r\n"));
    } else {
        out.push_str(&lf);
    }
    out
}

#[derive(Debug)]
struct Printer<'a> {
    text: &'a str,
    exprs: ExprPrinter<'a>,
    /// Every comment, in source order.
    comments: Vec<TextRange>,
    /// The first comment not printed yet.
    next: usize,
    out: String,
    /// Where the last thing printed (node or comment) ended in the source.
    last_end: usize,
}

impl<'a> Printer<'a> {
    fn slice(&self, range: TextRange) -> &'a str {
        self.text.get(range.as_range()).unwrap_or("")
    }

    /// Where the node spanning `span` really ends: a span may run on over
    /// the whitespace and comments that pest skipped before an optional
    /// part that then matched nothing.
    fn node_end(&self, span: TextRange) -> usize {
        let start = span.start();
        let mut end = span.end();
        loop {
            let trimmed = start + self.text.get(start..end).map_or(0, |t| t.trim_end().len());
            let last = self.comments.partition_point(|c| c.start() < trimmed);
            match last.checked_sub(1).map(|i| self.comments[i]) {
                Some(c) if c.start() >= start && c.end() >= trimmed && c.start() < end => {
                    end = c.start();
                }
                _ => return trimmed,
            }
        }
    }

    /// The next unprinted comment if it starts before `pos`.
    fn comment_before(&self, pos: usize) -> Option<TextRange> {
        self.comments
            .get(self.next)
            .copied()
            .filter(|c| c.start() < pos)
    }

    fn line(&mut self, indent: usize, s: &str) {
        for _ in 0..indent {
            self.out.push_str("  ");
        }
        self.out.push_str(s);
        self.out.push('\n');
    }

    fn lines(&mut self, indent: usize, lines: &[String]) {
        for l in lines {
            self.line(indent, l);
        }
    }

    /// An empty line before something that starts at `at`: never first in
    /// a block, always when `force`, otherwise when the source had one.
    fn separate(&mut self, at: usize, first: bool, force: bool) {
        if first {
            return;
        }
        let blank =
            self.last_end < at && self.text.get(self.last_end..at).is_some_and(has_blank_line);
        if force || blank {
            self.out.push('\n');
        }
    }

    fn own_line_comment(&mut self, indent: usize, c: TextRange) {
        let s = self.slice(c).trim_end();
        self.line(indent, s);
        self.next += 1;
        self.last_end = c.end();
    }

    /// A comment on the line where the node ending at `end` ends.
    fn trailing(&mut self, end: usize) {
        let Some(c) = self.comments.get(self.next).copied() else {
            return;
        };
        let between = self.text.get(end..c.start()).unwrap_or("\n");
        if c.start() < end || between.contains('\n') || !between.trim().is_empty() {
            return;
        }
        if self.out.ends_with('\n') {
            self.out.pop();
        }
        self.out.push_str("  ");
        self.out.push_str(self.slice(c).trim_end());
        self.out.push('\n');
        self.next += 1;
        self.last_end = c.end();
    }

    /// Prints the members of a block (or the items of the file, `top`) at
    /// `indent`, with their comments, and the comments left before `close`
    /// (the block's `}`).
    fn members(&mut self, mut members: Vec<Member<'a>>, indent: usize, close: usize, top: bool) {
        members.sort_by_key(|m| m.span().start());
        let mut first = true;
        for m in &members {
            let span = m.span();
            let end = self.node_end(span);
            // Comments inside a block member's body are its own business;
            // the ones in its header or anywhere in a one-line member come
            // before it.
            let lead_end = if m.is_block() {
                text::find_brace(self.text, span.start()).unwrap_or(span.start())
            } else {
                end
            };
            let mut group_first = true;
            while let Some(c) = self.comment_before(lead_end) {
                self.separate(c.start(), first, top && group_first);
                self.own_line_comment(indent, c);
                first = false;
                group_first = false;
            }
            self.separate(span.start(), first, top && group_first);
            self.member(m, indent);
            first = false;
            self.last_end = self.last_end.max(end);
            self.trailing(end);
        }
        while let Some(c) = self.comment_before(close) {
            self.separate(c.start(), first, false);
            self.own_line_comment(indent, c);
            first = false;
        }
    }

    /// `header {`, the members, `}`; `header {}` when there is nothing in
    /// between. `header` holds the lines before the brace.
    fn block(
        &mut self,
        indent: usize,
        header: Vec<String>,
        span: TextRange,
        body: Vec<Member<'a>>,
    ) {
        let close = span.end().saturating_sub(1);
        let mut header = header;
        let empty = body.is_empty() && self.comment_before(close).is_none();
        if let Some(last) = header.last_mut() {
            last.push_str(if empty { " {}" } else { " {" });
        }
        self.lines(indent, &header);
        if empty {
            return;
        }
        self.last_end = text::find_brace(self.text, span.start()).map_or(span.start(), |b| b + 1);
        self.members(body, indent + 1, close, false);
        self.line(indent, "}");
    }
}
