use std::fmt;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, SourceCode};
use tiaoli_text::{FileId, Sources, escape_controls};

use self::snippet::Snippet;

mod snippet;

use crate::{Diagnostic, Lang, Severity};

/// How to render for a person.
#[derive(Clone, Copy, Debug)]
pub struct HumanOptions {
    /// ANSI colours (for a terminal).
    pub color: bool,
    /// Unicode box drawing; ASCII otherwise.
    pub unicode: bool,
    pub width: usize,
    /// The language of messages, labels, help and notes.
    pub lang: Lang,
}

impl Default for HumanOptions {
    fn default() -> Self {
        Self {
            color: false,
            unicode: true,
            width: 100,
            lang: Lang::En,
        }
    }
}

/// Renders diagnostics with source snippets, labels and help, the way
/// miette draws them. Labels in other files than the primary one become
/// separate snippets below it.
pub fn render_human(diagnostics: &[Diagnostic], sources: &Sources, opts: HumanOptions) -> String {
    let mut out = String::new();
    let handler = handler(opts);
    for diagnostic in diagnostics {
        out.push_str(&render_one(&handler, diagnostic, sources, opts.lang));
    }
    out
}

/// [`render_human`], written to `out` one diagnostic at a time (so a long
/// list is never held whole).
pub fn write_human(
    out: &mut dyn std::io::Write,
    diagnostics: &[Diagnostic],
    sources: &Sources,
    opts: HumanOptions,
) -> std::io::Result<()> {
    let handler = handler(opts);
    for diagnostic in diagnostics {
        out.write_all(render_one(&handler, diagnostic, sources, opts.lang).as_bytes())?;
    }
    Ok(())
}

fn handler(opts: HumanOptions) -> GraphicalReportHandler {
    let theme = match (opts.unicode, opts.color) {
        (true, true) => GraphicalTheme::unicode(),
        (true, false) => GraphicalTheme::unicode_nocolor(),
        (false, true) => GraphicalTheme::ascii(),
        (false, false) => GraphicalTheme::none(),
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(opts.width)
        .with_context_lines(CONTEXT)
        .without_syntax_highlighting()
}

/// One diagnostic and the blank line after it.
fn render_one(
    handler: &GraphicalReportHandler,
    diagnostic: &Diagnostic,
    sources: &Sources,
    lang: Lang,
) -> String {
    let report = Report::new(diagnostic, sources, lang);
    let mut rendered = String::new();
    if handler.render_report(&mut rendered, &report).is_err() {
        rendered = format!(
            "{}[{}]: {}\n",
            diagnostic.severity.as_str(),
            diagnostic.code,
            escape_controls(diagnostic.message.get(lang))
        );
    }
    if lang == Lang::Zh {
        rendered = help_in_chinese(rendered);
    }
    rendered.push('\n');
    rendered
}

/// miette writes the help's heading itself, in English: the line starting
/// with `  help: ` (after any colour code) becomes `  帮助：`, the same
/// width, so the wrapped lines below it stay aligned.
fn help_in_chinese(rendered: String) -> String {
    let mut at = 0;
    for line in rendered.split_inclusive('\n') {
        let plain = line
            .strip_prefix('\u{1b}')
            .map_or(line, |rest| rest.find('m').map_or(line, |m| &rest[m + 1..]));
        if plain.starts_with("  help: ") {
            let start = at + (line.len() - plain.len());
            let mut out = rendered;
            out.replace_range(start..start + "  help: ".len(), "  帮助：");
            return out;
        }
        at += line.len();
    }
    rendered
}

/// Adapts one [`Diagnostic`] (possibly spanning several files) to miette.
struct Report {
    inner: MietteDiagnostic,
    source: Option<Snippet>,
    related: Vec<Report>,
}

impl Report {
    fn new(d: &Diagnostic, sources: &Sources, lang: Lang) -> Self {
        let primary_file = d.file();
        // Messages, help and labels may quote facility values: control
        // characters in them are written out, never sent to the terminal.
        let mut inner = MietteDiagnostic::new(escape_controls(d.message.get(lang)).into_owned())
            .with_code(d.code.as_str())
            .with_severity(match d.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
                Severity::Note => miette::Severity::Advice,
            });
        let mut help = d
            .help
            .as_ref()
            .map(|h| escape_controls(h.get(lang)))
            .unwrap_or_default()
            .into_owned();
        for note in &d.notes {
            if !help.is_empty() {
                help.push('\n');
            }
            help.push_str(match lang {
                Lang::En => "note: ",
                Lang::Zh => "注：",
            });
            help.push_str(&escape_controls(note.get(lang)));
        }
        if !help.is_empty() {
            inner = inner.with_help(help);
        }
        let mut related = Vec::new();
        let mut labels = Vec::new();
        let primary_label = d.primary();
        let mut source = primary_file.and_then(|f| {
            let file = sources.get(f)?;
            let ranges: Vec<(usize, usize)> = d
                .labels
                .iter()
                .filter(|l| l.file == f)
                .map(|l| (l.range.start(), l.range.end()))
                .collect();
            let primary = primary_label.map(|l| l.range.start());
            Some((
                file,
                Snippet::new(named(sources, f), file, &ranges, primary, CONTEXT),
            ))
        });
        for label in &d.labels {
            let text_label = (!label.message.is_empty())
                .then(|| escape_controls(label.message.get(lang)).into_owned());
            let (start, end) = (label.range.start(), label.range.end());
            match &mut source {
                Some((file, snippet)) if Some(label.file) == primary_file => {
                    let span = snippet.span(file, start, end);
                    labels.push(if label.primary {
                        LabeledSpan::new_primary_with_span(text_label, span)
                    } else {
                        LabeledSpan::new_with_span(text_label, span)
                    });
                }
                _ => {
                    let Some(file) = sources.get(label.file) else {
                        continue;
                    };
                    let mut snippet = Snippet::new(
                        named(sources, label.file),
                        file,
                        &[(start, end)],
                        Some(start),
                        CONTEXT,
                    );
                    let span = snippet.span(file, start, end);
                    let name = escape_controls(sources.name(label.file));
                    let note = MietteDiagnostic::new(match lang {
                        Lang::En => format!("in `{name}`"),
                        Lang::Zh => format!("在 `{name}` 中"),
                    })
                    .with_severity(miette::Severity::Advice)
                    .with_label(LabeledSpan::new_with_span(text_label, span));
                    related.push(Report {
                        inner: note,
                        source: Some(snippet),
                        related: Vec::new(),
                    });
                }
            }
        }
        inner = inner.with_labels(labels);
        Report {
            inner,
            source: source.map(|(_, s)| s),
            related,
        }
    }
}

/// Lines shown above and below a label.
const CONTEXT: usize = 1;

fn named(sources: &Sources, file: FileId) -> String {
    escape_controls(sources.name(file)).into_owned()
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

#[cfg(test)]
mod tests;
