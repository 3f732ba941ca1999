//! The report formats beyond human text and JSON: SARIF, JUnit XML,
//! GitHub annotations (for `check`, `eval`, `test`), Markdown, HTML and
//! iCalendar (for `eval`). Each writer is a file of its own; this module
//! holds what they share: a diagnostic's located fields, and the provision
//! texts of the rules.

pub mod github;
pub mod html;
pub mod ics;
pub mod junit;
pub mod markdown;
pub mod sarif;

use jiff::civil::Date;
use tiaoli_diagnostics::{Diagnostic, Severity};
use tiaoli_eval::Program;
use tiaoli_eval::ir::Text2;
use tiaoli_syntax::ast::{ArticleMember, Item, Labels};
use tiaoli_text::Sources;
use tiaoli_workspace::Workspace;

/// A diagnostic with its primary location resolved to line and column.
#[derive(Debug, Clone)]
pub struct Located {
    pub code: &'static str,
    pub summary: &'static str,
    pub docs_url: String,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    pub file: Option<String>,
    /// 1-based; characters (Unicode code points) for columns.
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

pub fn locate(d: &Diagnostic, sources: &Sources) -> Located {
    let (file, (line, column), (end_line, end_column)) = match d.primary() {
        Some(l) => {
            let a = sources.line_col(l.file, l.range.start());
            let b = sources.line_col(l.file, l.range.end());
            (
                Some(sources.name(l.file).to_owned()),
                (a.line, a.column),
                (b.line, b.column.max(1)),
            )
        }
        None => (d.file().map(|f| sources.name(f).to_owned()), (1, 1), (1, 1)),
    };
    Located {
        code: d.code.as_str(),
        summary: d.code.summary(),
        docs_url: d.code.docs_url(),
        severity: d.severity,
        message: d.message.get(crate::lang::get()).to_owned(),
        help: d
            .help
            .as_ref()
            .map(|h| h.get(crate::lang::get()).to_owned()),
        file,
        line: line.max(1),
        column: column.max(1),
        end_line: end_line.max(line.max(1)),
        end_column,
    }
}

/// The message with its help, for formats with one text field.
pub fn full_message(d: &Located) -> String {
    match &d.help {
        Some(h) => format!("{} (help: {h})", d.message),
        None => d.message.clone(),
    }
}

/// Per obligation or prohibition of `program` (aligned with
/// `program.duties`), the text of the provision it cites — the item, else
/// the paragraph, else the whole article — in the version in force on
/// `as_of`. None where the packs hold no text for it.
pub fn provision_texts(ws: &Workspace, program: &Program, as_of: Date) -> Vec<Option<Text2>> {
    program
        .duties
        .iter()
        .map(|d| provision_text(ws, &d.meta.cite, as_of))
        .collect()
}

fn provision_text(ws: &Workspace, c: &tiaoli_eval::ir::Cite, as_of: Date) -> Option<Text2> {
    let pack = ws.packs.iter().find(|p| p.ident == c.pack)?;
    let article = pack.files.iter().find_map(|(_, file)| {
        file.items.iter().find_map(|item| match item {
            Item::Article(a) if a.number.value == c.article => Some(a),
            _ => None,
        })
    })?;
    let versions: Vec<_> = article.text_versions().cloned().collect();
    let mut whole: Vec<Text2> = Vec::new();
    for m in &article.members {
        match m {
            ArticleMember::Text(l) => {
                let (text, _) = crate::cmd_explain::text_on(Some(l), &versions, as_of);
                whole.extend(text2(text));
            }
            ArticleMember::Para(p) => {
                let (text, _) = crate::cmd_explain::text_on(p.text.as_ref(), &p.versions, as_of);
                if c.para == Some(p.number.value) {
                    if let Some(i) = c
                        .item
                        .and_then(|n| p.items.iter().find(|i| i.number.value == n))
                    {
                        let (t, _) =
                            crate::cmd_explain::text_on(i.text.as_ref(), &i.versions, as_of);
                        return text2(t);
                    }
                    return text2(text);
                }
                whole.extend(text2(text));
                for i in &p.items {
                    let (t, _) = crate::cmd_explain::text_on(i.text.as_ref(), &i.versions, as_of);
                    whole.extend(text2(t));
                }
            }
            _ => {}
        }
    }
    if whole.is_empty() {
        return None;
    }
    Some(Text2 {
        zh: whole
            .iter()
            .map(|t| t.zh.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        en: whole
            .iter()
            .map(|t| t.en.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
    })
}

fn text2(l: Option<&Labels>) -> Option<Text2> {
    let l = l?;
    let get = |x: Option<&tiaoli_syntax::ast::Str>| x.map(|s| s.value.clone()).unwrap_or_default();
    Some(Text2 {
        zh: get(l.zh.as_ref()),
        en: get(l.en.as_ref()),
    })
}

/// `file` as a SARIF/URI reference: `/` separators, and every byte that is
/// not unreserved (RFC 3986) or `/` percent-encoded.
pub fn uri(file: &str) -> String {
    let mut out = String::new();
    for b in file.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// One row of an inventory's summary: an operator's facilities (or those
/// naming none), their counts and exposure in words.
#[derive(Debug, Clone)]
pub struct Row {
    pub operator: Option<String>,
    pub facilities: usize,
    pub cii: usize,
    pub violated: usize,
    pub undecided: usize,
    pub exposure: String,
}
