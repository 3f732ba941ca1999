//! `tiaoli eval`'s work on one piece of a facility file (see
//! `tiaoli_input::stream`): bind, evaluate and render each of its records.
//! Pure: it writes nothing, so pieces can be worked on in parallel and
//! their outputs written in input order.

use serde_json::Value as Json;
use tiaoli_diagnostics::{Code, Diagnostic, Severity, msg, render_human};
use tiaoli_eval::bind::MAX_DIAGNOSTICS_PER_RECORD;
use tiaoli_eval::human::{self, Lang};
use tiaoli_eval::questions::{self, Thresholds};
use tiaoli_eval::{Evaluation, Facility, Program, Value, evaluate, evaluate_into};
use tiaoli_input::stream::{Piece, PieceKind};
use tiaoli_text::{FileId, Sources};

use crate::Format;
use crate::eval_totals::FacilityTally;

/// What every piece is worked on with.
#[derive(Debug)]
pub struct Context<'a> {
    pub program: &'a Program,
    pub as_of: jiff::civil::Date,
    pub format: Format,
    /// How the records' diagnostics are rendered (`eval`: as its reports;
    /// `diff`: human or JSON, while it reads the reports as JSON).
    pub diagnostics: Format,
    pub lang: Lang,
    pub explain: bool,
    /// Colours in human diagnostics.
    pub color: bool,
    /// The file's name, as given.
    pub name: &'a str,
    /// The file's name without its extension, for fallback ids.
    pub stem: &'a str,
    /// Per duty of the program, the text of the provision it cites (for
    /// the Markdown, HTML, SARIF and iCalendar reports; empty otherwise).
    pub texts: &'a [Option<tiaoli_eval::ir::Text2>],
    /// JUnit: an undecided outcome is a failure (`--fail-on undecided`).
    pub undecided_fails: bool,
    /// The human report prints an inventory's summary, not each facility's
    /// report: set once a second facility is seen (the reports of the
    /// pieces already at work are written and dropped).
    pub summary_only: &'a std::sync::atomic::AtomicBool,
    /// `--questions N`: at most N questions per undecided facility, with
    /// the program's thresholds (human, JSON and JSON lines only).
    pub questions: Option<(usize, &'a Thresholds)>,
}

/// One output of a record, in input order.
#[derive(Debug)]
pub enum Item {
    /// The facility's report (human: its text; JSON: its object; JSON
    /// lines: its line, without the line break), and its tally.
    Facility(String, Box<FacilityTally>),
    /// The record's diagnostics, rendered (human: their text; JSON: their
    /// objects separated by `,`; JSON lines: their lines).
    Diagnostics(String),
    /// Markdown and HTML: the facility's row of the summary table (before
    /// its `Facility`).
    Row(String),
}

/// What a piece gives.
#[derive(Debug, Default)]
pub struct PieceOutput {
    pub items: Vec<Item>,
    pub records: usize,
    pub failed: usize,
}

/// The file id diagnostics of a piece refer to: its own fragment.
const FILE: FileId = FileId(0);

/// Works on one piece; `evaluation` is a buffer reused from piece to piece.
pub fn process(
    cx: &Context<'_>,
    piece: &Piece,
    evaluation: &mut Option<Evaluation>,
) -> PieceOutput {
    let mut out = PieceOutput::default();
    let mut sources: Option<Sources> = None;
    let (text, format, base) = match &piece.kind {
        PieceKind::Records {
            text, format, base, ..
        } => (text, *format, *base),
        PieceKind::Unreadable { .. } => {
            out.records = 1;
            out.failed = 1;
            let diags: Vec<Diagnostic> = piece.diagnostic(FILE).into_iter().collect();
            let rendered = render_diagnostics(cx, Some(piece), &mut sources, diags);
            out.items.push(Item::Diagnostics(rendered));
            return out;
        }
    };
    let fallback = |i: usize| format!("{}#{}", cx.stem, i + 1);
    let lines = record_lines(cx, piece, text, format);
    let records =
        tiaoli_input::bound_records_at(text, FILE, format, &cx.program.schema, fallback, base);
    for record in records {
        out.records += 1;
        let (mut facility, diags) = match record.result {
            Ok(bound) => bound,
            Err(diags) => {
                out.failed += 1;
                let r = render_diagnostics(cx, Some(piece), &mut sources, diags);
                out.items.push(Item::Diagnostics(r));
                continue;
            }
        };
        if diags.iter().any(Diagnostic::is_error) {
            out.failed += 1;
            let r = render_diagnostics(cx, Some(piece), &mut sources, diags);
            out.items.push(Item::Diagnostics(r));
            continue;
        }
        // Warnings (a null for a fact that is not optional, F009) do not
        // stop the record: it is evaluated with that fact unknown.
        let mut warnings = diags;
        let withheld = tiaoli_eval::bind::withhold_future_facts(&mut facility, cx.as_of);
        if !withheld.is_empty() {
            let local = record.index - base.index;
            warnings.extend(future_facts(cx, &withheld, text, format, base, local));
        }
        if warnings.iter().any(|d| d.severity != Severity::Note) {
            let r = render_diagnostics(cx, Some(piece), &mut sources, warnings);
            out.items.push(Item::Diagnostics(r));
        }
        let evaluation = match evaluation.as_mut() {
            Some(e) => {
                evaluate_into(cx.program, &facility, cx.as_of, e);
                e
            }
            None => evaluation.insert(evaluate(cx.program, &facility, cx.as_of)),
        };
        let operator = fact_text(cx.program, &facility, "operator");
        let display_name = fact_text(cx.program, &facility, "name");
        let tally = FacilityTally::new(
            cx.program,
            evaluation,
            &facility.id,
            display_name.clone(),
            operator,
        );
        let line = lines
            .get(record.index - base.index)
            .copied()
            .unwrap_or(piece.line + 1);
        let report = match cx.format {
            Format::Human if cx.summary_only.load(std::sync::atomic::Ordering::Relaxed) => {
                String::new()
            }
            Format::Human | Format::Json | Format::Jsonl => {
                facility_report(cx, &facility, evaluation, display_name.as_deref())
            }
            _ => {
                let (row, report) = formatted_report(cx, evaluation, display_name.as_deref(), line);
                if let Some(row) = row {
                    out.items.push(Item::Row(row));
                }
                report
            }
        };
        out.items.push(Item::Facility(report, Box::new(tally)));
    }
    out
}

/// A file that cannot be opened (`opened: false`) or read on: one failed
/// record, an F001 that names it, in the report with the others (review
/// B15: it was on stderr only, and missing from the JSON's totals).
pub fn unreadable_file(cx: &Context<'_>, error: &std::io::Error, opened: bool) -> PieceOutput {
    let mut d = Diagnostic::new(Code::F001, {
        let (en, zh) = crate::eval_inputs::why(error);
        tiaoli_diagnostics::Msg::new(
            format!("cannot read `{}`: {en}", cx.name),
            format!("无法读取 `{}`：{zh}", cx.name),
        )
    });
    if !opened {
        d = d.with_primary(
            FILE,
            tiaoli_text::TextRange::new(0, 0),
            tiaoli_diagnostics::msg!(en: "this file", zh: "此文件"),
        );
    } else {
        d = d.with_note(tiaoli_diagnostics::msg!(
            en: "the records before the error were evaluated",
            zh: "出错之前的记录已评估"
        ));
    }
    let rendered = render_diagnostics(cx, None, &mut None, vec![d]);
    PieceOutput {
        items: vec![Item::Diagnostics(rendered)],
        records: 1,
        failed: 1,
    }
}

/// The one place a facility's report is written, in every format.
fn facility_report(
    cx: &Context<'_>,
    facility: &Facility,
    evaluation: &Evaluation,
    name: Option<&str>,
) -> String {
    let asked = cx
        .questions
        .map(|(limit, t)| questions::questions(cx.program, t, facility, evaluation, limit));
    match cx.format {
        Format::Human => {
            let mut s = human::render(cx.program, facility, evaluation, name, cx.lang, cx.explain);
            if let Some(q) = &asked {
                s.push_str(&human::questions(cx.program, q, cx.lang));
            }
            s.push('\n');
            s
        }
        _ => {
            let mut line = facility_line(cx, facility, evaluation, name, cx.format != Format::Json);
            if let Some(q) = &asked {
                append_fields(&mut line, &questions::questions_json(cx.program, q));
            }
            line
        }
    }
}

/// Adds fields to the end of a JSON object written as text.
fn append_fields(object: &mut String, fields: &[(&str, Json)]) {
    if !object.ends_with('}') {
        return;
    }
    object.pop();
    for (name, value) in fields {
        object.push(',');
        object.push_str(&Json::from(*name).to_string());
        object.push(':');
        object.push_str(&value.to_string());
    }
    object.push('}');
}

/// A facility's report in the formats of `crate::formats`: (its summary
/// row, for Markdown and HTML; its report). SARIF: its results separated
/// by `,\n` (empty when it has none).
fn formatted_report(
    cx: &Context<'_>,
    e: &Evaluation,
    name: Option<&str>,
    line: u32,
) -> (Option<String>, String) {
    use crate::formats::{github, html, ics, junit, markdown, sarif};
    let v = human::view::facility(cx.program, e, name, cx.lang, cx.texts);
    let labels = human::view::labels(cx.lang);
    let cii = v
        .determinations
        .iter()
        .find(|d| d.name == "cii")
        .map_or("", |d| d.value);
    match cx.format {
        Format::Sarif => (None, sarif::facility_results(&v, cx.name, line).join(",\n")),
        Format::Junit => (None, junit::facility_suite(&v, cx.name, cx.undecided_fails)),
        Format::Github => (None, github::facility(&v, cx.name, line)),
        Format::Markdown => (
            Some(markdown::row(&v, cii)),
            markdown::facility(&v, &labels),
        ),
        Format::Html => (Some(html::row(&v, cii)), html::facility(&v, &labels)),
        Format::Ics => (None, ics::facility(&v, &labels)),
        Format::Human | Format::Json | Format::Jsonl => (None, String::new()),
    }
}

/// The 1-based line of each record of a piece, by its index in the piece
/// (JSON lines: the non-blank lines), for the formats that locate results
/// at records; empty otherwise (a piece of another format is one record, at
/// the piece's first line).
fn record_lines(
    cx: &Context<'_>,
    piece: &Piece,
    text: &str,
    format: tiaoli_input::Format,
) -> Vec<u32> {
    if !matches!(cx.format, Format::Sarif | Format::Github)
        || format != tiaoli_input::Format::JsonLines
    {
        return Vec::new();
    }
    text.split('\n')
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, _)| piece.line + 1 + i as u32)
        .collect()
}

/// A facility as one line of JSON (with `"type":"facility"` first when
/// `record_type`; explanation trees only with `--explain`).
fn facility_line(
    cx: &Context<'_>,
    f: &Facility,
    e: &Evaluation,
    name: Option<&str>,
    record_type: bool,
) -> String {
    let mut line = String::new();
    let opts = tiaoli_eval::JsonOptions {
        explain: cx.explain,
        record_type,
    };
    tiaoli_eval::write_facility(&mut line, cx.program, f, e, name, opts);
    line
}

/// `{"type": kind, …value's fields}`.
pub fn with_type(kind: &str, value: Json) -> Json {
    let mut map = serde_json::Map::new();
    map.insert("type".to_owned(), Json::from(kind));
    if let Json::Object(fields) = value {
        map.extend(fields);
    }
    Json::Object(map)
}

/// Renders a record's diagnostics (notes left out, at most
/// [`MAX_DIAGNOSTICS_PER_RECORD`], then an `F016` for the rest) against the
/// piece's text, added as a fragment of the file when first needed.
fn render_diagnostics(
    cx: &Context<'_>,
    piece: Option<&Piece>,
    sources: &mut Option<Sources>,
    diags: Vec<Diagnostic>,
) -> String {
    let diags = capped(
        diags
            .into_iter()
            .filter(|d| d.severity != Severity::Note)
            .collect(),
    );
    let sources = sources.get_or_insert_with(|| {
        let mut s = Sources::new();
        match piece {
            Some(piece) => s.add_fragment_at(
                cx.name,
                piece.source_text(),
                piece.offset,
                piece.line,
                piece.column,
            ),
            None => s.add_fragment_at(cx.name, "", 0, 0, 0),
        };
        s
    });
    match cx.diagnostics {
        Format::Human => render_human(&diags, sources, crate::output::human_options(cx.color)),
        Format::Json => diags
            .iter()
            .map(|d| tiaoli_diagnostics::json_value_in(d, sources, crate::lang::get()).to_string())
            .collect::<Vec<_>>()
            .join(","),
        Format::Jsonl => jsonl_diagnostics(&diags, sources),
        Format::Sarif => diags
            .iter()
            .map(|d| {
                crate::formats::sarif::diagnostic_result(&crate::formats::locate(d, sources))
                    .to_string()
            })
            .collect::<Vec<_>>()
            .join(",\n"),
        Format::Github => diags
            .iter()
            .map(|d| crate::formats::github::diagnostic(&crate::formats::locate(d, sources)))
            .collect(),
        Format::Junit => {
            let located: Vec<_> = diags
                .iter()
                .map(|d| crate::formats::locate(d, sources))
                .collect();
            crate::formats::junit::diagnostics_suite(cx.name, &located)
        }
        // Markdown and HTML quote the human text; iCalendar cannot hold
        // diagnostics, which go to stderr.
        Format::Markdown | Format::Html | Format::Ics => {
            render_human(&diags, sources, crate::output::human_options(false))
        }
    }
}

/// At most [`MAX_DIAGNOSTICS_PER_RECORD`] diagnostics, then one `F016`
/// saying how many more there are, at the first of them.
fn capped(mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    if diags.len() <= MAX_DIAGNOSTICS_PER_RECORD {
        return diags;
    }
    let rest = diags.split_off(MAX_DIAGNOSTICS_PER_RECORD);
    let mut errors = 0;
    let mut warnings = 0;
    for d in &rest {
        if d.is_error() {
            errors += 1;
        } else {
            warnings += 1;
        }
    }
    let more = rest.len();
    let mut d = Diagnostic::new(
        Code::F016,
        msg!(
            en: "… and {more} more problem(s) in this record ({errors} error(s), {warnings} warning(s)), not shown one by one",
            zh: "……本记录另有 {more} 个问题（{errors} 个错误，{warnings} 个警告），不再逐一列出"
        ),
    )
    .with_severity(Severity::Warning)
    .with_help(msg!(
        en: "a record reports at most {MAX_DIAGNOSTICS_PER_RECORD} problems; fix these and run again to see the others",
        zh: "每条记录最多报告 {MAX_DIAGNOSTICS_PER_RECORD} 个问题；修正上述问题后重新运行，即可看到其余问题"
    ));
    if let Some(first) = rest.first().and_then(Diagnostic::primary) {
        d = d.with_primary(
            first.file,
            first.range,
            msg!(en: "the first not shown", zh: "未列出的第一个问题"),
        );
    }
    diags.push(d);
    diags
}

/// F013 for each fact withheld because it is dated after `as_of`, at its
/// value in the facility file (record `local` of the piece is read again:
/// this happens rarely, and the fast path keeps no spans).
fn future_facts(
    cx: &Context<'_>,
    withheld: &[u32],
    text: &str,
    format: tiaoli_input::Format,
    base: tiaoli_input::Base,
    local: usize,
) -> Vec<Diagnostic> {
    let as_of = cx.as_of;
    let node = tiaoli_input::records_at(text, FILE, format, base)
        .nth(local)
        .and_then(|r| r.node.ok());
    let entries = match node.as_ref().map(|n| &n.kind) {
        Some(tiaoli_eval::bind::RawKind::Map(entries)) => entries.as_slice(),
        _ => &[],
    };
    withheld
        .iter()
        .filter_map(|&slot| {
            let name = cx.program.schema.facts.get_index(slot as usize)?.0;
            let (_, value) = entries.iter().find(|(k, _)| &k.name == name)?;
            let date = match &value.kind {
                tiaoli_eval::bind::RawKind::Str(s) => s.trim().to_owned(),
                _ => String::new(),
            };
            Some(
                Diagnostic::new(
                    Code::F013,
                    msg!(
                        en: "`{name}` is dated {date}, after the evaluation date {as_of}",
                        zh: "`{name}` 的日期为 {date}，晚于评估日期 {as_of}"
                    ),
                )
                .with_severity(Severity::Warning)
                .with_primary(
                    FILE,
                    value.span,
                    msg!(en: "after `--as-of`", zh: "晚于 `--as-of`"),
                )
                .with_help(msg!(
                    en: "as of {as_of} this had not happened yet, so `{name}` is treated as \
                         unknown (rules that need it list it as missing); evaluate as of a later \
                         date, or correct the date",
                    zh: "截至 {as_of} 该事项尚未发生，因此 `{name}` 按未知处理（需要它的规则将其列为缺失）；\
                         请以更晚的日期评估，或更正该日期"
                )),
            )
        })
        .collect()
}

fn fact_text(p: &Program, f: &Facility, name: &str) -> Option<String> {
    let slot = p.schema.slot(name)?;
    match f.facts.get(slot as usize)? {
        Some(Value::Text(t)) => Some(t.to_string()),
        _ => None,
    }
}

/// Diagnostics as JSON lines: one `{"type":"diagnostic",…}` object per line.
pub fn jsonl_diagnostics(diags: &[Diagnostic], sources: &Sources) -> String {
    let mut s = String::new();
    for d in diags {
        s.push_str(
            &with_type(
                "diagnostic",
                tiaoli_diagnostics::json_value_in(d, sources, crate::lang::get()),
            )
            .to_string(),
        );
        s.push('\n');
    }
    s
}
