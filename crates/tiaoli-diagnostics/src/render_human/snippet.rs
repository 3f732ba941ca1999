//! The source miette draws a diagnostic from: only the lines around its
//! labels, each clipped to a window around the label, with control
//! characters masked. Building it costs the labels' lines, never the whole
//! file, so rendering is linear in the number of diagnostics whatever the
//! file's size; and no line miette sees is wider than a few hundred
//! columns (its label layout panics past column 65,535).
//!
//! Labels are remapped into the snippet's own text; lines and columns
//! reported back to miette (the `file:line:column` header, line numbers)
//! are the file's.

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use tiaoli_text::{SourceFile, is_control};

/// Columns shown before the label on a clipped line.
const LEFT: usize = 30;
/// Columns shown of a clipped line, at most.
const WIDTH: usize = 100;
/// Marks text left out of a clipped line.
const ELLIPSIS: char = '…';

/// One line of the file as shown.
#[derive(Debug)]
struct Shown {
    /// Offset in the snippet of the line's first byte (an ellipsis, if clipped).
    start: usize,
    /// Offsets in the snippet of the shown part of the line's text.
    content: (usize, usize),
    /// Offsets in the file's text (local to a fragment) of the shown part.
    source: (usize, usize),
    /// Offset in the snippet just past the line's `\n`.
    end: usize,
    /// The file's 0-based line.
    line: usize,
    /// Characters of the line before the shown part (0-based column).
    column: usize,
    /// Index of the run of consecutive lines this belongs to.
    segment: usize,
}

/// The lines around some labels of one file.
#[derive(Debug)]
pub(super) struct Snippet {
    name: String,
    text: String,
    lines: Vec<Shown>,
    /// Labels' starts in the snippet with the file's 0-based column there,
    /// computed from the file (the header must be exact even when a label
    /// falls outside its line's window).
    columns: Vec<(usize, usize)>,
}

impl Snippet {
    /// The snippet of `file` for labels at `ranges` (offsets into the whole
    /// file), with `context` lines around each. A clipped line's window
    /// shows the `primary` label if it is on that line, else the first one.
    pub(super) fn new(
        name: String,
        file: &SourceFile,
        ranges: &[(usize, usize)],
        primary: Option<usize>,
        context: usize,
    ) -> Self {
        let text = file.text.as_str();
        let index = &file.line_index;
        let last_line = index.line_count().saturating_sub(1);
        // The empty "line" after a final line break is shown only when a
        // label is on it (the end of the file).
        let last_context = last_line - usize::from(last_line > 0 && text.ends_with('\n'));
        // Focus points (local offsets) of the labels, for the windows.
        let mut points: Vec<usize> = Vec::with_capacity(ranges.len() * 2);
        let mut spans: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
        for &(start, end) in ranges {
            let (s, e) = (file.local(start), file.local(end.max(start)));
            points.push(s);
            points.push(e);
            let (ls, le) = (index.line_of(s), index.line_of(e));
            spans.push((
                ls.saturating_sub(context),
                le.max((le + context).min(last_context)),
            ));
        }
        points.sort_unstable();
        spans.sort_unstable();
        let mut runs: Vec<(usize, usize)> = Vec::new();
        for (first, last) in spans {
            match runs.last_mut() {
                Some(run) if first <= run.1 + 1 => run.1 = run.1.max(last),
                _ => runs.push((first, last)),
            }
        }
        let primary = primary.map(|p| file.local(p));
        let mut out = Snippet {
            name,
            text: String::new(),
            lines: Vec::new(),
            columns: Vec::new(),
        };
        for (segment, &(first, last)) in runs.iter().enumerate() {
            for line in first..=last {
                let range = index.line_range(text, line);
                // The first label point on this line, if any.
                let at = points.partition_point(|&p| p < range.start);
                let focus = primary
                    .filter(|p| range.contains(p) || *p == range.end)
                    .or_else(|| points.get(at).copied().filter(|&p| p <= range.end));
                out.push_line(file, range, focus, line + file.base_line as usize, segment);
            }
        }
        out
    }

    fn push_line(
        &mut self,
        file: &SourceFile,
        range: std::ops::Range<usize>,
        focus: Option<usize>,
        line: usize,
        segment: usize,
    ) {
        let text = file.text.as_str();
        let (from, to) = window(text, range.start, range.end, focus);
        let start = self.text.len();
        if from > range.start {
            self.text.push(ELLIPSIS);
        }
        let content_start = self.text.len();
        // Control characters become `?` (or `¿`, same length), so offsets
        // into the window stay valid and the terminal sees none of them.
        self.text.extend(text[from..to].chars().map(|c| {
            if c == '\t' || !is_control(c) {
                c
            } else if c.len_utf8() == 1 {
                '?'
            } else {
                '¿'
            }
        }));
        let content_end = self.text.len();
        if to < range.end {
            self.text.push(ELLIPSIS);
        }
        self.text.push('\n');
        self.lines.push(Shown {
            start,
            content: (content_start, content_end),
            source: (from, to),
            end: self.text.len(),
            line,
            column: file.line_index.line_col(text, from).column as usize - 1,
            segment,
        });
    }

    /// Where a label at `start..end` (offsets into the whole file) is in the
    /// snippet, as miette wants it.
    pub(super) fn span(&mut self, file: &SourceFile, start: usize, end: usize) -> SourceSpan {
        let local = file.local(start);
        let s = self.map(file, local);
        let e = self.map(file, file.local(end.max(start))).max(s);
        let column = file.line_col(start).column as usize - 1;
        self.columns.push((s, column));
        (s, e - s).into()
    }

    fn map(&self, file: &SourceFile, local: usize) -> usize {
        let line = file.line_index.line_of(local) + file.base_line as usize;
        let i = self.lines.partition_point(|l| l.line < line);
        let Some(shown) = self.lines.get(i).filter(|l| l.line == line) else {
            return self.text.len();
        };
        let (from, to) = shown.source;
        if local <= from {
            return if local < from {
                shown.start
            } else {
                shown.content.0
            };
        }
        if local >= to {
            let clipped = shown.end - 1 > shown.content.1;
            return shown.content.1 + usize::from(local > to && clipped) * ELLIPSIS.len_utf8();
        }
        // Inside the window: the same bytes (masking keeps lengths); a
        // position inside a character moves to its start.
        let mut offset = shown.content.0 + (local - from);
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// The shown line holding snippet offset `offset`.
    fn line_at(&self, offset: usize) -> Option<usize> {
        let i = self.lines.partition_point(|l| l.end <= offset);
        (i < self.lines.len()).then_some(i)
    }

    /// The file's 0-based column of snippet offset `offset` on line `i`.
    fn column(&self, i: usize, offset: usize) -> usize {
        let shown = &self.lines[i];
        let (from, to) = shown.content;
        let at = offset.clamp(from, to);
        let mut column = shown.column + self.text[from..at].chars().count();
        if offset > to && shown.end > to + 1 {
            // On the ellipsis after a clipped line: one past what is shown.
            column += 1;
        }
        column
    }
}

/// The byte window `[from, to)` of the line `[start, end)` that is shown: the
/// whole line when it fits in `WIDTH` columns, else `WIDTH` columns from
/// `LEFT` columns before `focus`.
fn window(text: &str, start: usize, end: usize, focus: Option<usize>) -> (usize, usize) {
    if end - start <= WIDTH || fits(&text[start..end], WIDTH).is_none() {
        return (start, end);
    }
    let focus = floor_boundary(text, focus.unwrap_or(start).clamp(start, end));
    let mut from = focus;
    let mut columns = 0;
    for (i, c) in text[start..focus].char_indices().rev() {
        columns += width(c);
        if columns > LEFT {
            break;
        }
        from = start + i;
    }
    let to = fits(&text[from..end], WIDTH).map_or(end, |i| from + i);
    (from, to)
}

/// The offset of the first character of `s` past `columns` columns, if any.
fn fits(s: &str, columns: usize) -> Option<usize> {
    let mut used = 0;
    s.char_indices().find_map(|(i, c)| {
        used += width(c);
        (used > columns).then_some(i)
    })
}

/// Columns a character takes on a terminal, roughly: East Asian scripts and
/// symbols two, the rest one.
fn width(c: char) -> usize {
    if c >= '\u{1100}' { 2 } else { 1 }
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl SourceCode for Snippet {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let start = span.offset();
        let end = start + span.len();
        let first = self.line_at(start).ok_or(MietteError::OutOfBounds)?;
        let last = self
            .line_at(end.saturating_sub(usize::from(!span.is_empty())))
            .unwrap_or(self.lines.len() - 1)
            .max(first);
        let segment = self.lines[first].segment;
        if self.lines[last].segment != segment {
            // Two runs of lines far apart in the file are never one context.
            return Err(MietteError::OutOfBounds);
        }
        let mut top = first;
        while top > 0 && first - top < before && self.lines[top - 1].segment == segment {
            top -= 1;
        }
        let mut bottom = last;
        while bottom + 1 < self.lines.len()
            && bottom - last < after
            && self.lines[bottom + 1].segment == segment
        {
            bottom += 1;
        }
        let (from, to) = (self.lines[top].start, self.lines[bottom].end);
        let column = if before == 0 {
            self.columns
                .iter()
                .find(|(at, _)| *at == start)
                .map_or_else(|| self.column(first, start), |(_, c)| *c)
        } else {
            0
        };
        let line = if before == 0 {
            self.lines[first].line
        } else {
            self.lines[top].line
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            &self.text.as_bytes()[from..to],
            (from, to - from).into(),
            line,
            column,
            bottom - top + 1,
        )))
    }
}
