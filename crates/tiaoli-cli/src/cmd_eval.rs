//! `tiaoli eval`: evaluate facility files (one facility, or an inventory)
//! against the packs, record by record — a bad record is reported and the
//! others are still evaluated. JSON output is written as the records are
//! read, so an inventory's size does not grow memory.

use serde_json::json;
use std::collections::BTreeMap;
use tiaoli_diagnostics::{Diagnostic, Severity};
use tiaoli_eval::human::{self, Lang};

use tiaoli_eval::{Exposure, Program, Status, Value, evaluate, evaluate_into};
use tiaoli_text::Sources;

use crate::output::{self, emit};
use crate::prepare::{self, Prepared};
use crate::{Color, EvalArgs, Format};

#[derive(Default)]
struct Totals {
    records: usize,
    evaluated: usize,
    failed: usize,
    cii: usize,
    violated: usize,
    unknown: usize,
    /// Per operator (the `operator` fact): its facilities, and per penalty
    /// the highest exposure among them (one offender, one case per
    /// penalty: its systems are not counted as separate offenders).
    operators: BTreeMap<String, (usize, Vec<Exposure>)>,
    /// Facilities that name no operator: each counted as its own.
    without_operator: usize,
    loose: Option<Exposure>,
}

impl Totals {
    fn exposure(&self) -> Exposure {
        let mut total = self.loose.unwrap_or_else(Exposure::zero);
        for (_, per_penalty) in self.operators.values() {
            for x in per_penalty {
                total.merge(x);
            }
        }
        total
    }

    fn operator_exposure(per_penalty: &[Exposure]) -> Exposure {
        let mut total = Exposure::zero();
        for x in per_penalty {
            total.merge(x);
        }
        total
    }
}

pub fn run(args: &EvalArgs) -> u8 {
    let as_of = match prepare::as_of(args.as_of.as_deref()) {
        Ok(d) => d,
        Err(msg) => {
            stderr!("error: {msg}");
            return 2;
        }
    };
    let (fs, paths) = prepare::source(&args.pack);
    let Prepared { ws, program, .. } = match prepare::prepare(fs, &paths, args.format) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let lang = match args.lang {
        crate::LangArg::Zh => Lang::Zh,
        crate::LangArg::En => Lang::En,
    };
    let packs = prepare::pack_list(&ws);
    let json = args.format == Format::Json;
    if json {
        let head = json!({ "as_of": as_of.to_string(), "packs": packs.iter().map(|p| json!({ "name": p.name, "version": p.version, "kind": p.kind, "model": p.model, "citation": p.citation })).collect::<Vec<_>>() });
        // Stream: the header's fields, then one facility per line.
        let head = head.to_string();
        emit(&format!("{},\"facilities\":[\n", &head[..head.len() - 1]));
    } else {
        let model = match lang {
            Lang::En => " (model rules)",
            Lang::Zh => "（示范规则）",
        };
        let names: Vec<String> = packs
            .iter()
            .map(|p| {
                format!(
                    "{} {}{}",
                    p.name,
                    p.version,
                    if p.model { model } else { "" }
                )
            })
            .collect();
        emit(&format!(
            "tiaoli eval · as of {as_of} · packs: {}\n\n",
            names.join(", ")
        ));
    }
    let mut sources = Sources::new();
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let mut totals = Totals::default();
    let mut io_error = false;
    let mut first = true;
    let mut evaluation: Option<tiaoli_eval::Evaluation> = None;
    for path in &args.files {
        let text = match crate::load::read(path) {
            Ok(t) => t,
            Err(msg) => {
                stderr!("error: {msg}");
                io_error = true;
                continue;
            }
        };
        let name = path.display().to_string();
        let format = tiaoli_input::detect(&name, &text);
        let file = sources.add(name.clone(), text);
        let stem = file_stem(path);
        let fallback = |i: usize| format!("{stem}#{}", i + 1);
        // Read and bind in one pass; buffers of the evaluation are reused.
        for record in
            tiaoli_input::bound_records(sources.text(file), file, format, &program.schema, fallback)
        {
            totals.records += 1;
            let (mut facility, diags) = match record.result {
                Ok(bound) => bound,
                Err(diags) => {
                    totals.failed += 1;
                    report(&mut diagnostics, diags);
                    continue;
                }
            };
            if diags.iter().any(Diagnostic::is_error) {
                totals.failed += 1;
                report(&mut diagnostics, diags);
                continue;
            }
            // Warnings (a null for a fact that is not optional, F009) do
            // not stop the record: it is evaluated with that fact unknown.
            report(&mut diagnostics, diags);
            let withheld = tiaoli_eval::bind::withhold_future_facts(&mut facility, as_of);
            if !withheld.is_empty() {
                diagnostics.extend(future_facts(
                    &program,
                    &withheld,
                    sources.text(file),
                    file,
                    format,
                    record.index,
                    as_of,
                ));
            }
            let evaluation = match evaluation.as_mut() {
                Some(e) => {
                    evaluate_into(&program, &facility, as_of, e);
                    e
                }
                None => evaluation.insert(evaluate(&program, &facility, as_of)),
            };
            let operator = fact_text(&program, &facility, "operator");
            tally(&program, evaluation, operator, &mut totals);
            let display_name = fact_text(&program, &facility, "name");
            if json {
                let mut line = String::from(if first { "" } else { ",\n" });
                let opts = tiaoli_eval::JsonOptions {
                    explain: args.explain,
                    record_type: false,
                };
                let name = display_name.as_deref();
                tiaoli_eval::write_facility(&mut line, &program, &facility, evaluation, name, opts);
                emit(&line);
                first = false;
            } else {
                emit(&human::render(
                    &program,
                    &facility,
                    evaluation,
                    display_name.as_deref(),
                    lang,
                    args.explain,
                ));
                emit("\n");
            }
        }
    }
    let summary = json!({
        "records": totals.records,
        "evaluated": totals.evaluated,
        "failed": totals.failed,
        "cii": totals.cii,
        "violated_obligations": totals.violated,
        "undecided_obligations": totals.unknown,
        "exposure": tiaoli_eval::exposure_json(&totals.exposure()),
        "operators": totals.operators.iter().map(|(name, (n, per))| json!({
            "operator": name,
            "facilities": n,
            "exposure": tiaoli_eval::exposure_json(&Totals::operator_exposure(per)),
        })).collect::<Vec<_>>(),
        "without_operator": totals.without_operator,
    });
    if json {
        let diags: Vec<serde_json::Value> = diagnostics
            .iter()
            .map(|d| tiaoli_diagnostics::json_value(d, &sources))
            .collect();
        emit(&format!(
            "\n],\"diagnostics\":{},\"summary\":{}}}\n",
            serde_json::Value::Array(diags),
            summary
        ));
    } else {
        if !diagnostics.is_empty() {
            output::print(&diagnostics, &sources, Format::Human, Color::Auto);
        }
        if totals.records > 1 || totals.failed > 0 {
            emit(&totals_line(&totals, lang));
        }
    }
    if io_error {
        2
    } else {
        u8::from(totals.failed > 0)
    }
}

/// F013 for each fact withheld because it is dated after `as_of`, at its
/// value in the facility file (read again, record `index` of `text`: this
/// happens rarely, and the fast path keeps no spans).
fn future_facts(
    program: &Program,
    withheld: &[u32],
    text: &str,
    file: tiaoli_text::FileId,
    format: tiaoli_input::Format,
    index: usize,
    as_of: jiff::civil::Date,
) -> Vec<Diagnostic> {
    let node = tiaoli_input::records(text, file, format)
        .nth(index)
        .and_then(|r| r.node.ok());
    let entries = match node.as_ref().map(|n| &n.kind) {
        Some(tiaoli_eval::bind::RawKind::Map(entries)) => entries.as_slice(),
        _ => &[],
    };
    withheld
        .iter()
        .filter_map(|&slot| {
            let name = program.schema.facts.get_index(slot as usize)?.0;
            let (_, value) = entries.iter().find(|(k, _)| &k.name == name)?;
            let date = match &value.kind {
                tiaoli_eval::bind::RawKind::Str(s) => s.trim().to_owned(),
                _ => String::new(),
            };
            Some(
                Diagnostic::new(
                    tiaoli_diagnostics::Code::F013,
                    format!("`{name}` is dated {date}, after the evaluation date {as_of}"),
                )
                .with_severity(Severity::Warning)
                .with_primary(file, value.span, "after `--as-of`")
                .with_help(format!(
                    "as of {as_of} this had not happened yet, so `{name}` is treated as \
                     unknown (rules that need it list it as missing); evaluate as of a later \
                     date, or correct the date"
                )),
            )
        })
        .collect()
}

fn report(all: &mut Vec<Diagnostic>, diags: Vec<Diagnostic>) {
    all.extend(diags.into_iter().filter(|d| d.severity != Severity::Note));
}

fn tally(p: &Program, e: &tiaoli_eval::Evaluation, operator: Option<String>, t: &mut Totals) {
    t.evaluated += 1;
    let cii = p
        .values
        .iter()
        .zip(&e.values)
        .any(|(v, x)| v.meta.name == "cii" && x.as_bool() == Some(true));
    t.cii += usize::from(cii);
    t.violated += e
        .duties
        .iter()
        .filter(|d| d.status == Status::Violated)
        .count();
    t.unknown += e
        .duties
        .iter()
        .filter(|d| d.status == Status::Unknown)
        .count();
    match operator {
        Some(name) => {
            let (n, per) = t
                .operators
                .entry(name)
                .or_insert_with(|| (0, vec![Exposure::zero(); e.penalties.len()]));
            *n += 1;
            for (acc, o) in per.iter_mut().zip(&e.penalties) {
                acc.max_with(&o.exposure());
            }
        }
        None => {
            t.without_operator += 1;
            t.loose
                .get_or_insert_with(Exposure::zero)
                .merge(&e.exposure());
        }
    }
}

fn totals_line(t: &Totals, lang: Lang) -> String {
    let exposure = human::totals_exposure(&t.exposure(), lang);
    match lang {
        Lang::En => format!(
            "{} record(s): {} evaluated, {} failed · CII: {} · violated obligations: {} · undecided: {} · exposure {exposure}\n\
             exposure per operator: {} operator(s), each penalty counted once per operator (at the highest among its facilities); {} record(s) without `operator`, each counted as its own operator\n",
            t.records,
            t.evaluated,
            t.failed,
            t.cii,
            t.violated,
            t.unknown,
            t.operators.len(),
            t.without_operator,
        ),
        Lang::Zh => format!(
            "共 {} 条记录：已评估 {}，失败 {} · 关键信息基础设施 {} · 违反义务 {} · 无法判定 {} · 罚款风险{exposure}\n\
             按运营者计：{} 个运营者，同一运营者的每项处罚只计一次（取其各设施中最高者）；{} 条记录未填 `operator`，各按一个运营者计\n",
            t.records,
            t.evaluated,
            t.failed,
            t.cii,
            t.violated,
            t.unknown,
            t.operators.len(),
            t.without_operator,
        ),
    }
}

fn fact_text(p: &Program, f: &tiaoli_eval::Facility, name: &str) -> Option<String> {
    let slot = p.schema.slot(name)?;
    match f.facts.get(slot as usize)? {
        Some(Value::Text(t)) => Some(t.to_string()),
        _ => None,
    }
}

fn file_stem(path: &std::path::Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}
