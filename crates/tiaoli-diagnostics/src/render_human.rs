use std::fmt;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};
use tiaoli_text::{FileId, Sources, escape_controls, mask_controls};

use crate::{Diagnostic, Severity};

/// How to render for a person.
#[derive(Clone, Copy, Debug)]
pub struct HumanOptions {
    /// ANSI colours (for a terminal).
    pub color: bool,
    /// Unicode box drawing; ASCII otherwise.
    pub unicode: bool,
    pub width: usize,
}

impl Default for HumanOptions {
    fn default() -> Self {
        Self {
            color: false,
            unicode: true,
            width: 100,
        }
    }
}

/// Renders diagnostics with source snippets, labels and help, the way
/// miette draws them. Labels in other files than the primary one become
/// separate snippets below it.
pub fn render_human(diagnostics: &[Diagnostic], sources: &Sources, opts: HumanOptions) -> String {
    let theme = match (opts.unicode, opts.color) {
        (true, true) => GraphicalTheme::unicode(),
        (true, false) => GraphicalTheme::unicode_nocolor(),
        (false, true) => GraphicalTheme::ascii(),
        (false, false) => GraphicalTheme::none(),
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(opts.width)
        .with_context_lines(1)
        .without_syntax_highlighting();
    let mut out = String::new();
    for diagnostic in diagnostics {
        let report = Report::new(diagnostic, sources);
        let mut rendered = String::new();
        if handler.render_report(&mut rendered, &report).is_err() {
            rendered = format!(
                "{}[{}]: {}\n",
                diagnostic.severity.as_str(),
                diagnostic.code,
                escape_controls(&diagnostic.message)
            );
        }
        out.push_str(&rendered);
        out.push('\n');
    }
    out
}

/// Adapts one [`Diagnostic`] (possibly spanning several files) to miette.
struct Report {
    inner: MietteDiagnostic,
    source: Option<CharColumns>,
    related: Vec<Report>,
}

impl Report {
    fn new(d: &Diagnostic, sources: &Sources) -> Self {
        let primary_file = d.file();
        // Messages, help and labels may quote facility values: control
        // characters in them are written out, never sent to the terminal.
        let mut inner = MietteDiagnostic::new(escape_controls(&d.message).into_owned())
            .with_code(d.code.as_str())
            .with_severity(match d.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
                Severity::Note => miette::Severity::Advice,
            });
        let mut help = d
            .help
            .as_deref()
            .map(escape_controls)
            .unwrap_or_default()
            .into_owned();
        for note in &d.notes {
            if !help.is_empty() {
                help.push('\n');
            }
            help.push_str("note: ");
            help.push_str(&escape_controls(note));
        }
        if !help.is_empty() {
            inner = inner.with_help(help);
        }
        let mut related = Vec::new();
        let mut labels = Vec::new();
        for label in &d.labels {
            let text = sources.text(label.file);
            let span = clamp_span(text, label.range.start(), label.range.end());
            let text_label =
                (!label.message.is_empty()).then(|| escape_controls(&label.message).into_owned());
            if Some(label.file) == primary_file {
                labels.push(if label.primary {
                    LabeledSpan::new_primary_with_span(text_label, span)
                } else {
                    LabeledSpan::new_with_span(text_label, span)
                });
            } else {
                let note = MietteDiagnostic::new(format!(
                    "in `{}`",
                    escape_controls(sources.name(label.file))
                ))
                .with_severity(miette::Severity::Advice)
                .with_label(LabeledSpan::new_with_span(text_label, span));
                related.push(Report {
                    inner: note,
                    source: Some(named(sources, label.file)),
                    related: Vec::new(),
                });
            }
        }
        inner = inner.with_labels(labels);
        Report {
            inner,
            source: primary_file.map(|f| named(sources, f)),
            related,
        }
    }
}

fn named(sources: &Sources, file: FileId) -> CharColumns {
    CharColumns {
        name: escape_controls(sources.name(file)).into_owned(),
        // The snippet under a diagnostic shows the file as it is, except
        // for control characters (same offsets, see `mask_controls`).
        text: mask_controls(sources.text(file)).into_owned(),
    }
}

/// A named source whose reported columns count characters, not bytes, so
/// the `file:line:column` header agrees with the JSON output on Chinese text.
#[derive(Debug)]
struct CharColumns {
    name: String,
    text: String,
}

impl SourceCode for CharColumns {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.text.read_span(span, before, after)?;
        let start = inner.span().offset();
        let line_start = self.text[..start.min(self.text.len())]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let column = if before == 0 {
            self.text
                .get(line_start..span.offset())
                .map_or(inner.column(), |p| p.chars().count())
        } else {
            inner.column()
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line(),
            column,
            inner.line_count(),
        )))
    }
}

/// Keeps spans inside the text and on character boundaries so miette can
/// always draw them.
fn clamp_span(text: &str, start: usize, end: usize) -> (usize, usize) {
    let fix = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let (start, end) = (fix(start), fix(end));
    (start, end.saturating_sub(start))
}

impl fmt::Debug for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.inner, f)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.inner, f)
    }
}

impl std::error::Error for Report {}

impl miette::Diagnostic for Report {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.inner.code()
    }
    fn severity(&self) -> Option<miette::Severity> {
        self.inner.severity()
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.inner.help()
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.inner.labels()
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(
            self.related.iter().map(|r| r as &dyn miette::Diagnostic),
        ))
    }
}
