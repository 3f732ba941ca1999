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

use std::io::IsTerminal;

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
    if !args.pack.is_empty()
        && let Err(code) =
            crate::cmd_pack::check_trust(&ws, args.trust.as_deref(), args.require_signed)
    {
        return code;
    }
    let lang = crate::lang::get();
    let packs = prepare::pack_list(&ws);
    let texts = match args.format {
        Format::Human | Format::Json | Format::Jsonl | Format::Github | Format::Junit => Vec::new(),
        _ => crate::formats::provision_texts(&ws, &program, as_of),
    };
    emit(&header(args.format, lang, as_of, &packs, &program, &texts));
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
    let color = args.format == Format::Human
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none();
    let mut sink = Sink {
        format: args.format,
        first_facility: true,
        spool: Spool::default(),
        rows: Spool::default(),
        sections: Spool::default(),
        totals: Totals::default(),
        header: header_line(lang, as_of, &packs),
    };
    let opts = stream::Options {
        max_document: args.max_document_bytes,
    };
    let mut io_error = false;
    for path in &args.files {
        let file = match std::fs::File::open(path) {
            Ok(f) => f,
            Err(e) => {
                stderr!("error: cannot read `{}`: {e}", path.display());
                io_error = true;
                continue;
            }
        };
        let name = path.display().to_string();
        let stem = file_stem(path);
        let cx = Context {
            program: &program,
            as_of,
            format: args.format,
            diagnostics: args.format,
            lang,
            explain: args.explain,
            color,
            name: &name,
            stem: &stem,
            texts: &texts,
            undecided_fails: args.fail_on.contains(&crate::FailOn::Undecided),
        };
        let mut pieces = Pieces::new(file, &name, opts);
        let budget = RECORDS_PER_THREAD * jobs;
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
                        stderr!("error: cannot read `{name}`: {e}");
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
            drop(batch);
            sink.write(outputs);
            if ended {
                break;
            }
        }
    }
    sink.finish(lang);
    if io_error {
        return 2;
    }
    u8::from(sink.failed() || fails_on(&args.fail_on, &sink.totals))
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
    packs: &[prepare::PackEntry],
    program: &tiaoli_eval::Program,
    texts: &[Option<tiaoli_eval::ir::Text2>],
) -> String {
    let packs_json = || {
        packs
            .iter()
            .map(|p| json!({ "name": p.name, "version": p.version, "kind": p.kind, "model": p.model, "status": p.status, "citation": p.citation }))
            .collect::<Vec<_>>()
    };
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
        Format::Human => header_line(lang, as_of, packs),
    }
}

/// The human report's first line (also the Markdown and HTML reports').
fn header_line(lang: Lang, as_of: jiff::civil::Date, packs: &[prepare::PackEntry]) -> String {
    {
        {
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
                    format!(
                        "{} {}{}",
                        p.name,
                        p.version,
                        if p.status == "draft" {
                            draft
                        } else if p.model {
                            model
                        } else {
                            ""
                        }
                    )
                })
                .collect();
            match lang {
                Lang::En => format!(
                    "tiaoli eval · as of {as_of} · packs: {}\n\n",
                    names.join(", ")
                ),
                Lang::Zh => format!(
                    "tiaoli eval · 评估日期 {as_of} · 规则包：{}\n\n",
                    names.join("、")
                ),
            }
        }
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
    /// The human report's first line (Markdown and HTML's subtitle).
    header: String,
}

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
    fn finish(&mut self, lang: Lang) {
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
                drain(spool);
                let t = &self.totals;
                if t.records > 1 || t.failed > 0 {
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
        let title = self.header.lines().next().unwrap_or_default().to_owned();
        let (subtitle, packs) = title.split_once(" · packs: ").unwrap_or((&title, ""));
        let as_of = subtitle.rsplit(' ').next().unwrap_or_default();
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

fn file_stem(path: &std::path::Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}
