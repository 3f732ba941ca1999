//! `tiaoli eval`: evaluate facility files (one facility, or an inventory)
//! against the packs, record by record — a bad record is reported and the
//! others are still evaluated.
//!
//! The pipeline, per file: `tiaoli_input::stream::Pieces` reads the file
//! in pieces (never whole); a batch of pieces is worked on in parallel
//! (`eval_piece::process`: bind, evaluate, render — each piece on its own
//! thread, with its own reused evaluation buffers); then, on this thread
//! and in input order, the facilities are written, the diagnostics spooled
//! (`spool`: the report puts them after the facilities) and the totals
//! tallied. So the output is the same for any `--jobs`, memory is bounded
//! by the batch, and a closed pipe stops the run after at most one batch.

use rayon::prelude::*;
use serde_json::json;
use tiaoli_eval::Evaluation;
use tiaoli_eval::human::Lang;
use tiaoli_input::stream::{self, Piece, PieceKind, Pieces};

use crate::eval_piece::{self, Context, Item, PieceOutput};
use crate::eval_totals::Totals;
use crate::output::emit;
use crate::prepare::{self, Prepared};
use crate::spool::Spool;
use crate::{EvalArgs, Format};

/// Records (about) per thread in a batch: enough to keep the threads busy,
/// few enough that a closed pipe stops the run promptly and that the
/// batch's reports stay small.
const RECORDS_PER_THREAD: usize = 64;

pub fn run(args: &EvalArgs) -> u8 {
    if args.questions.is_some()
        && !matches!(args.format, Format::Human | Format::Json | Format::Jsonl)
    {
        let name = clap::ValueEnum::to_possible_value(&args.format)
            .map(|v| v.get_name().to_owned())
            .unwrap_or_default();
        stderr!("error: --questions works with --format human, json or jsonl, not {name}");
        return 2;
    }
    let files = match crate::eval_inputs::expand(&args.files) {
        Ok(files) => files,
        Err(msg) => {
            stderr!("error: {msg}");
            return 2;
        }
    };
    let as_of = match prepare::as_of(args.as_of.as_deref()) {
        Ok(d) => d,
        Err(msg) => {
            stderr!("error: {msg}");
            return 2;
        }
    };
    let (fs, paths) = prepare::source(&args.pack);
    let format = args.format;
    let mut report = |errors: &[tiaoli_diagnostics::Diagnostic],
                      ws: &tiaoli_workspace::Workspace| {
        broken_packs(format, as_of, errors, ws);
    };
    let Prepared { ws, program, .. } = match prepare::prepare_or(fs, &paths, &mut report) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if !args.pack.is_empty()
        && let Err(code) =
            crate::cmd_pack::check_trust(&ws, args.trust.as_deref(), args.require_signed)
    {
        return code;
    }
    // What the values tried for numbers and dates are taken from: once.
    let thresholds = if args.questions.is_some() {
        tiaoli_eval::questions::Thresholds::of(&program)
    } else {
        tiaoli_eval::questions::Thresholds::default()
    };
    let lang = crate::lang::get();
    let packs = prepare::pack_list(&ws);
    let texts = match args.format {
        Format::Human | Format::Json | Format::Jsonl | Format::Github | Format::Junit => Vec::new(),
        _ => crate::formats::provision_texts(&ws, &program, as_of),
    };
    let origin = prepare::origin(&args.pack);
    emit(&header(
        args.format,
        lang,
        as_of,
        (&packs, &origin),
        &program,
        &texts,
    ));
    let jobs = match args.jobs {
        Some(n) if n > 0 => n,
        _ => std::thread::available_parallelism().map_or(1, usize::from),
    };
    let pool = if jobs > 1 {
        rayon::ThreadPoolBuilder::new()
            .num_threads(jobs)
            .build()
            .ok()
    } else {
        None
    };
    let color = args.format == Format::Human && crate::colour::stdout(crate::Color::Auto);
    // Questions are asked per facility: each report is printed.
    let detail = args.detail || args.verbose > 0 || args.questions.is_some();
    let summary_only = std::sync::atomic::AtomicBool::new(args.quiet);
    let mut sink = Sink {
        human: Human {
            detail,
            quiet: args.quiet,
            held: None,
            inventory: false,
            problems_shown: 0,
            problems_hidden: 0,
        },
        format: args.format,
        first_facility: true,
        spool: Spool::default(),
        rows: Spool::default(),
        sections: Spool::default(),
        totals: Totals::default(),
        as_of,
        packs: pack_names(lang, &packs),
    };
    let opts = stream::Options {
        max_document: args.max_document_bytes,
    };
    let mut io_error = false;
    let total: u64 = files
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    let mut progress = crate::progress::Progress::new(total, args.quiet);
    let mut done_before = 0u64;
    for path in &files {
        let opened = crate::eval_inputs::open(path, args.stdin_filename.as_deref());
        let name = match &opened {
            Ok((_, name)) => name.clone(),
            Err(_) => path.display().to_string(),
        };
        let stem = crate::eval_inputs::stem(&name);
        let cx = Context {
            program: &program,
            as_of,
            format: args.format,
            diagnostics: args.format,
            lang,
            explain: args.explain || args.verbose > 1,
            color,
            name: &name,
            stem: &stem,
            texts: &texts,
            undecided_fails: args.fail_on.contains(&crate::FailOn::Undecided),
            summary_only: &summary_only,
            questions: args.questions.map(|n| (n, &thresholds)),
        };
        let file = match opened {
            Ok((f, _)) => f,
            Err(e) => {
                // Said on stderr as every I/O problem is (exit 2), and in the
                // report, with the records.
                stderr!(
                    "error: cannot read `{name}`: {}",
                    crate::eval_inputs::why(&e).0
                );
                sink.write(vec![eval_piece::unreadable_file(&cx, &e, false)]);
                io_error = true;
                continue;
            }
        };
        let mut pieces = Pieces::new(file, &name, opts);
        let budget = RECORDS_PER_THREAD * jobs;
        let mut read_error = None;
        loop {
            let mut batch: Vec<Piece> = Vec::new();
            let mut records = 0;
            let mut ended = false;
            while records < budget {
                match pieces.next() {
                    Some(Ok(piece)) => {
                        records += records_in(&piece);
                        batch.push(piece);
                    }
                    Some(Err(e)) => {
                        stderr!(
                            "error: cannot read `{name}`: {}",
                            crate::eval_inputs::why(&e).0
                        );
                        read_error = Some(e);
                        io_error = true;
                        ended = true;
                        break;
                    }
                    None => {
                        ended = true;
                        break;
                    }
                }
            }
            let outputs: Vec<PieceOutput> = match &pool {
                Some(pool) if batch.len() > 1 => pool.install(|| {
                    batch
                        .par_iter()
                        .map_init(
                            || None::<Evaluation>,
                            |buffers, piece| eval_piece::process(&cx, piece, buffers),
                        )
                        .collect()
                }),
                _ => {
                    let mut buffers = None;
                    batch
                        .iter()
                        .map(|piece| eval_piece::process(&cx, piece, &mut buffers))
                        .collect()
                }
            };
            let read = batch
                .last()
                .map_or(0, |p| (p.offset + p.source_text().len()) as u64);
            drop(batch);
            sink.write(outputs);
            progress.update(done_before + read, sink.totals.records);
            if sink.human.inventory {
                summary_only.store(true, std::sync::atomic::Ordering::Relaxed);
            }
            if let Some(e) = read_error.take() {
                sink.write(vec![eval_piece::unreadable_file(&cx, &e, true)]);
            }
            if ended {
                break;
            }
        }
        done_before += std::fs::metadata(path).map_or(0, |m| m.len());
    }
    progress.finish();
    sink.finish(lang, &program);
    let t = &sink.totals;
    if t.repeated_count > 0 {
        let ids = t.repeated.join(", ");
        match lang {
            Lang::En => stderr!(
                "warning: {} record(s) repeat a facility id given before ({ids}{}): reports and tools keyed by id would merge them",
                t.repeated_count,
                if t.repeated.len() < t.repeated_count {
                    ", …"
                } else {
                    ""
                }
            ),
            Lang::Zh => stderr!(
                "warning: {} 条记录重复使用了此前已出现的设施 id（{ids}{}）：按 id 汇总的报告和工具会将它们合并",
                t.repeated_count,
                if t.repeated.len() < t.repeated_count {
                    "，……"
                } else {
                    ""
                }
            ),
        }
    }
    if io_error {
        return 2;
    }
    u8::from(sink.failed() || fails_on(&args.fail_on, &sink.totals))
}

/// The packs have errors: JSON and JSON lines still give their documented
/// shape (header, no facilities, the errors as diagnostics, a zero
/// summary: review B12); other formats print the errors as `check` does.
fn broken_packs(
    format: Format,
    as_of: jiff::civil::Date,
    errors: &[tiaoli_diagnostics::Diagnostic],
    ws: &tiaoli_workspace::Workspace,
) {
    let packs = packs_json(&prepare::pack_list(ws));
    let summary = Totals::default().summary_json();
    match format {
        Format::Json => {
            let diagnostics: Vec<_> = errors
                .iter()
                .map(|d| tiaoli_diagnostics::json_value(d, &ws.sources))
                .collect();
            let doc = json!({
                "as_of": as_of.to_string(),
                "packs": packs,
                "facilities": [],
                "diagnostics": diagnostics,
                "summary": summary,
            });
            emit(&format!("{doc}\n"));
        }
        Format::Jsonl => {
            let head = json!({ "type": "header", "as_of": as_of.to_string(), "packs": packs });
            emit(&format!(
                "{head}\n{}{}\n",
                eval_piece::jsonl_diagnostics(errors, &ws.sources),
                eval_piece::with_type("summary", summary)
            ));
        }
        _ => crate::output::print(errors, &ws.sources, format, crate::Color::Auto),
    }
}

/// Whether what `--fail-on` names was found. Any `--fail-on` with no
/// records at all fails too: nothing was checked (review bug B2).
fn fails_on(fail_on: &[crate::FailOn], t: &Totals) -> bool {
    use crate::FailOn;
    if t.records == 0 {
        stderr!(
            "{}",
            crate::lang::pick(
                "warning: no records: the input holds no facility to evaluate",
                "警告：没有记录：输入中没有可评估的设施"
            )
        );
        return !fail_on.is_empty();
    }
    fail_on.iter().any(|f| match f {
        FailOn::Violated => t.facilities_violated > 0,
        FailOn::Undecided => t.facilities_undecided > 0,
        FailOn::Exposure => t.facilities_exposed > 0,
    })
}

/// About how many records a piece holds, for sizing batches.
fn records_in(piece: &Piece) -> usize {
    match &piece.kind {
        PieceKind::Records {
            format: tiaoli_input::Format::JsonLines,
            ..
        } => stream::LINES_PER_PIECE,
        _ => 1,
    }
}

/// The report's start: the JSON document's fields before `facilities`, the
/// JSON lines header, or the human report's first line.
fn header(
    format: Format,
    lang: Lang,
    as_of: jiff::civil::Date,
    (packs, origin): (&[prepare::PackEntry], &str),
    program: &tiaoli_eval::Program,
    texts: &[Option<tiaoli_eval::ir::Text2>],
) -> String {
    let packs_json = || packs_json(packs);
    match format {
        Format::Json => {
            let head = json!({ "as_of": as_of.to_string(), "packs": packs_json() }).to_string();
            // Stream: the header's fields, then one facility per line.
            format!("{},\"facilities\":[\n", &head[..head.len() - 1])
        }
        Format::Jsonl => format!(
            "{}\n",
            json!({ "type": "header", "as_of": as_of.to_string(), "packs": packs_json() })
        ),
        Format::Sarif => {
            crate::formats::sarif::eval_head(&tiaoli_eval::human::view::rules(program, lang, texts))
        }
        Format::Junit => format!(
            "{}{}",
            crate::formats::junit::HEAD,
            crate::formats::junit::EVAL_OPEN
        ),
        Format::Ics => crate::formats::ics::HEAD.to_owned(),
        // Markdown and HTML: written at the end, after the totals.
        Format::Github | Format::Markdown | Format::Html => String::new(),
        Format::Human => header_line(lang, as_of, packs, origin),
    }
}

/// The packs as the JSON header lists them.
fn packs_json(packs: &[prepare::PackEntry]) -> Vec<serde_json::Value> {
    packs
        .iter()
        .map(|p| json!({ "name": p.name, "version": p.version, "kind": p.kind, "model": p.model, "status": p.status, "citation": p.citation }))
        .collect()
}

/// The packs as the report's header lists them: name, version, and
/// whether they are model rules or a draft.
fn pack_names(lang: Lang, packs: &[prepare::PackEntry]) -> String {
    let model = match lang {
        Lang::En => " (model rules)",
        Lang::Zh => "（示范规则）",
    };
    let draft = match lang {
        Lang::En => " (draft, never in force)",
        Lang::Zh => "（征求意见稿，未施行）",
    };
    let names: Vec<String> = packs
        .iter()
        .map(|p| {
            let mark = if p.status == "draft" {
                draft
            } else if p.model {
                model
            } else {
                ""
            };
            format!("{} {}{mark}", p.name, p.version)
        })
        .collect();
    names.join(if lang == Lang::Zh { "、" } else { ", " })
}

/// The human report's first line (the Markdown and HTML reports' subtitle
/// is made of the same parts). `origin` says where the packs come from
/// (review B10: the bundled copy and an edited ./policies both said
/// "decree-745 1.0.0").
fn header_line(
    lang: Lang,
    as_of: jiff::civil::Date,
    packs: &[prepare::PackEntry],
    origin: &str,
) -> String {
    let names = pack_names(lang, packs);
    match lang {
        Lang::En => format!("tiaoli eval · as of {as_of} · {origin} · packs: {names}\n\n"),
        Lang::Zh => format!("tiaoli eval · 评估日期 {as_of} · {origin} · 规则包：{names}\n\n"),
    }
}

/// Where the outputs of pieces go, in input order.
struct Sink {
    format: Format,
    first_facility: bool,
    spool: Spool,
    /// Markdown and HTML: the facilities' summary rows and sections, held
    /// (bounded in memory: see `Spool`) until the totals are known.
    rows: Spool,
    sections: Spool,
    totals: Totals,
    /// The evaluation date and the packs' names, for the Markdown and HTML
    /// reports' subtitle.
    as_of: jiff::civil::Date,
    packs: String,
    human: Human,
}

/// The human report's choices: one facility's report, or an inventory's
/// summary (each report too with `--detail`).
struct Human {
    detail: bool,
    quiet: bool,
    /// The first facility's report, held until it is known to be the only
    /// one (then printed) or not (then dropped, for the summary).
    held: Option<String>,
    /// More than one facility was evaluated.
    inventory: bool,
    /// Records whose problems were written, and those left out (without
    /// `--detail`, at most [`PROBLEMS_SHOWN`]).
    problems_shown: usize,
    problems_hidden: usize,
}

/// Records whose problems the summary shows one by one.
const PROBLEMS_SHOWN: usize = 10;

impl Sink {
    fn write(&mut self, outputs: Vec<PieceOutput>) {
        let mut text = String::new();
        for output in outputs {
            self.totals.records += output.records;
            self.totals.failed += output.failed;
            for item in output.items {
                match item {
                    Item::Facility(report, tally) => {
                        self.totals.add(*tally);
                        match self.format {
                            Format::Json => {
                                if !self.first_facility {
                                    text.push_str(",\n");
                                }
                                text.push_str(&report);
                            }
                            Format::Jsonl => {
                                text.push_str(&report);
                                text.push('\n');
                            }
                            Format::Sarif => {
                                if report.is_empty() {
                                    continue;
                                }
                                if !self.first_facility {
                                    text.push_str(",\n");
                                }
                                text.push_str(&report);
                            }
                            Format::Markdown | Format::Html => {
                                self.hold(Hold::Section, &report);
                            }
                            Format::Human if !self.human.detail => {
                                let h = &mut self.human;
                                if !(h.quiet || h.inventory) {
                                    if self.first_facility {
                                        h.held = Some(report);
                                    } else {
                                        h.inventory = true;
                                        h.held = None;
                                    }
                                }
                            }
                            _ => text.push_str(&report),
                        }
                        self.first_facility = false;
                    }
                    Item::Row(row) => self.hold(Hold::Row, &row),
                    // GitHub, JUnit and SARIF: diagnostics are results of
                    // their own, in input order; iCalendar has no place for
                    // them: they go to stderr.
                    Item::Diagnostics(rendered) if rendered.is_empty() => {}
                    Item::Diagnostics(rendered)
                        if matches!(self.format, Format::Github | Format::Junit) =>
                    {
                        text.push_str(&rendered);
                    }
                    Item::Diagnostics(rendered) if self.format == Format::Sarif => {
                        if !self.first_facility {
                            text.push_str(",\n");
                        }
                        text.push_str(&rendered);
                        self.first_facility = false;
                    }
                    Item::Diagnostics(rendered) if self.format == Format::Ics => {
                        crate::output::to_stderr(rendered.trim_end());
                    }
                    // JSON lines: diagnostics are lines of their own, in
                    // input order; otherwise they come after the facilities.
                    Item::Diagnostics(rendered) if self.format == Format::Jsonl => {
                        text.push_str(&rendered);
                    }
                    Item::Diagnostics(rendered) => {
                        if rendered.is_empty() {
                            continue;
                        }
                        if self.format == Format::Human && !self.human.detail {
                            if self.human.problems_shown == PROBLEMS_SHOWN {
                                self.human.problems_hidden += 1;
                                continue;
                            }
                            self.human.problems_shown += 1;
                        }
                        let sep = if self.format == Format::Json { "," } else { "" };
                        if let Err(e) = self.spool.push(&rendered, sep) {
                            stderr!("error: cannot hold the diagnostics in a temporary file: {e}");
                            std::process::exit(2);
                        }
                    }
                }
            }
        }
        if !text.is_empty() {
            emit(&text);
        }
    }

    fn hold(&mut self, what: Hold, item: &str) {
        let spool = match what {
            Hold::Row => &mut self.rows,
            Hold::Section => &mut self.sections,
        };
        if let Err(e) = spool.push(item, "") {
            stderr!("error: cannot hold the report in a temporary file: {e}");
            std::process::exit(2);
        }
    }

    fn failed(&self) -> bool {
        self.totals.failed > 0
    }

    /// The report's end: the diagnostics, then the summary.
    fn finish(&mut self, lang: Lang, program: &tiaoli_eval::Program) {
        let spool = std::mem::take(&mut self.spool);
        let summary = self.totals.summary_json();
        match self.format {
            Format::Json => {
                emit("\n],\"diagnostics\":[");
                drain(spool);
                emit(&format!("],\"summary\":{summary}}}\n"));
            }
            Format::Jsonl => {
                emit(&format!("{}\n", eval_piece::with_type("summary", summary)));
            }
            Format::Sarif => emit(crate::formats::sarif::EVAL_TAIL),
            Format::Junit => emit(crate::formats::junit::EVAL_CLOSE),
            Format::Ics => emit(crate::formats::ics::TAIL),
            Format::Github => {}
            Format::Markdown | Format::Html => self.finish_document(lang, spool),
            Format::Human => {
                let h = &mut self.human;
                if let Some(report) = h.held.take() {
                    emit(&report);
                } else if h.inventory && !h.detail && !h.quiet {
                    emit(&crate::eval_summary::render(&self.totals, program, lang));
                }
                drain(spool);
                if self.human.problems_hidden > 0 {
                    emit(&match lang {
                        Lang::En => format!(
                            "… and {} more record(s) with problems, not shown (--detail shows them all)\n\n",
                            self.human.problems_hidden
                        ),
                        Lang::Zh => format!(
                            "……另有 {} 条记录存在问题，未逐一列出（--detail 可全部列出）\n\n",
                            self.human.problems_hidden
                        ),
                    });
                }
                let t = &self.totals;
                if t.records > 1 || t.failed > 0 || self.human.quiet {
                    emit(&t.line(lang));
                }
            }
        }
    }
}

/// What [`Sink::hold`] holds.
#[derive(Clone, Copy)]
enum Hold {
    Row,
    Section,
}

impl Sink {
    /// Markdown and HTML: the title, the summary (per operator, then the
    /// facilities' rows), each facility's section, the problems.
    fn finish_document(&mut self, lang: Lang, problems: Spool) {
        use crate::formats::{html, markdown};
        let labels = tiaoli_eval::human::view::labels(lang);
        let (as_of, packs) = (self.as_of.to_string(), self.packs.clone());
        let (as_of, packs) = (as_of.as_str(), packs.as_str());
        let html = self.format == Format::Html;
        let operators = self.totals.rows(lang);
        emit(&if html {
            html::head("tiaoli eval", as_of, packs, lang, &labels)
        } else {
            markdown::head("tiaoli eval", as_of, packs, &labels)
        });
        if self.totals.evaluated > 0 {
            emit(&if html {
                html::summary_open(&operators, &labels)
            } else {
                markdown::summary_open(&operators, &labels)
            });
            drain(std::mem::take(&mut self.rows));
            emit(if html { html::SUMMARY_CLOSE } else { "\n" });
        }
        drain(std::mem::take(&mut self.sections));
        if problems.count > 0 {
            emit(&if html {
                html::problems_open(&labels)
            } else {
                markdown::problems_open(&labels)
            });
            // Escaped (HTML) or indented as code (Markdown) chunk by chunk.
            let mut line_start = true;
            drain_into(problems, &mut |chunk| {
                emit(&if html {
                    html::escape(chunk)
                } else {
                    markdown::code_lines(chunk, &mut line_start)
                });
            });
            emit(if html { html::PROBLEMS_CLOSE } else { "\n" });
        }
        if html {
            emit(html::TAIL);
        }
    }
}

fn drain_into(spool: Spool, out: &mut dyn FnMut(&str)) {
    if let Err(e) = spool.drain(|s| out(s)) {
        stderr!("error: cannot read back the report from a temporary file: {e}");
        std::process::exit(2);
    }
}

fn drain(spool: Spool) {
    if let Err(e) = spool.drain(emit) {
        stderr!("error: cannot read back the diagnostics from a temporary file: {e}");
        std::process::exit(2);
    }
}
