//! Shared by the evaluation benchmarks: the packs, the synthetic
//! facilities, the measured paths (engine and baseline, each end to end and
//! rules only, and with their output written), and the check that engine
//! and baseline agree.

#![allow(
    dead_code,
    reason = "each bench binary uses a part; `expect` would fail in the one that uses it all"
)]

pub mod baseline;
pub mod baseline_write;
pub mod generate;

use std::collections::HashMap;
use std::hint::black_box;
use std::path::Path;

use jiff::civil::Date;
use rust_decimal::Decimal;
use tiaoli_eval::human::{self, Lang};
use tiaoli_eval::{
    Evaluation, Facility, JsonOptions, Program, Reason, Status, Tri, Value, evaluate,
    evaluate_into, write_facility,
};
use tiaoli_input::Format;
use tiaoli_text::FileId;
use tiaoli_workspace::Disk;

/// The evaluation date of every run.
pub const AS_OF: Date = jiff::civil::date(2026, 11, 1);
/// Facilities per run.
pub const N: usize = 10_000;
pub const SEED: u64 = 745;

/// The rule set the hand-written baseline mirrors, compiled as `tiaoli
/// eval` loads packs: Decree 745 and the MPS 2020 guidance from
/// `policies/`, and the energy sector pack as it was at 0.1.0 (a frozen
/// copy in `benches/fixtures/`; the bundled energy pack's thresholds have
/// moved on since, and the other sector packs came later).
pub fn program() -> Program {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let paths = [
        root.join("../../policies/mps-2020-guidance"),
        root.join("benches/fixtures/energy-0.1"),
    ];
    let ws = tiaoli_workspace::load(&Disk, &paths);
    assert!(ws.is_ok(), "load: {:?}", ws.as_ref().err());
    let ws = ws.unwrap_or_default();
    assert_eq!(ws.packs.len(), 3, "decree-745, the guidance and energy 0.1");
    let checked = ws.check();
    let errors: Vec<_> = ws
        .all_diagnostics(&checked)
        .iter()
        .filter(|d| d.is_error() || d.code.as_str().starts_with('S'))
        .map(|d| d.message.clone())
        .collect();
    assert!(errors.is_empty(), "the packs have errors: {errors:?}");
    let program = tiaoli_eval::compile(&ws.packs, &checked.model, &|f| ws.sources.text(f));
    assert!(program.is_ok(), "compile: {:?}", program.err());
    program.unwrap_or_else(|_| unreachable!())
}

/// Reads and binds every line, asserting each binds cleanly.
pub fn bind_all(program: &Program, text: &str) -> Vec<Facility> {
    tiaoli_input::records(text, FileId(0), Format::JsonLines)
        .map(|record| {
            let node = match record.node {
                Ok(n) => n,
                Err(d) => {
                    let msgs: Vec<_> = d.iter().map(|d| d.message.clone()).collect();
                    unreachable!("record {}: {msgs:?}", record.index)
                }
            };
            let fallback = format!("bench#{}", record.index + 1);
            let (f, diags) = tiaoli_eval::bind::bind(&program.schema, FileId(0), &node, &fallback);
            assert!(
                diags.is_empty(),
                "record {}: {:?}",
                record.index,
                diags.iter().map(|d| &d.message).collect::<Vec<_>>()
            );
            f
        })
        .collect()
}

/// What a run adds up (so that nothing is optimised away, and so that
/// engine and baseline runs can be compared at a glance).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Whether to add up the results (else only count facilities).
    pub full: bool,
    pub facilities: usize,
    pub violated: usize,
    pub unknown: usize,
    pub min: Decimal,
    pub max: Decimal,
}

impl Tally {
    /// Adds up an evaluation, if `self.full`; else only counts it (the
    /// timed runs: the sums are checked in an untimed one).
    fn engine(&mut self, e: &Evaluation) {
        self.facilities += 1;
        if !self.full {
            black_box(e);
            return;
        }
        for d in &e.duties {
            match d.status {
                Status::Violated => self.violated += 1,
                Status::Unknown => self.unknown += 1,
                _ => {}
            }
        }
        let x = e.exposure();
        self.min += x.min;
        self.max += x.max;
    }

    fn baseline(&mut self, o: &baseline::Outcome) {
        self.facilities += 1;
        if !self.full {
            black_box(o);
            return;
        }
        for d in &o.duties {
            match d.status {
                baseline::Status::Violated => self.violated += 1,
                baseline::Status::Unknown => self.unknown += 1,
                _ => {}
            }
        }
        let x = o.exposure();
        self.min += x.min;
        self.max += x.max;
    }
}

/// An evaluation to evaluate into (any will do).
fn scratch(program: &Program) -> Evaluation {
    evaluate(program, &Facility::default(), AS_OF)
}

/// Engine, rules only: facilities already bound, evaluated one after the
/// other into one reused [`Evaluation`] (`evaluate_into`).
pub fn engine_eval(program: &Program, facilities: &[Facility], full: bool) -> Tally {
    let mut t = Tally {
        full,
        ..Tally::default()
    };
    let mut e = scratch(program);
    for f in facilities {
        evaluate_into(program, f, AS_OF, &mut e);
        t.engine(&e);
    }
    t
}

/// Engine, rules only, a fresh [`Evaluation`] for each facility
/// (`evaluate`).
pub fn engine_eval_fresh(program: &Program, facilities: &[Facility], full: bool) -> Tally {
    let mut t = Tally {
        full,
        ..Tally::default()
    };
    for f in facilities {
        t.engine(&evaluate(program, f, AS_OF));
    }
    t
}

/// Engine, end to end: read and bind the JSON lines
/// (`tiaoli_input::bound_records`, what `tiaoli eval` does), evaluate.
pub fn engine_e2e(program: &Program, text: &str, full: bool) -> Tally {
    let mut t = Tally {
        full,
        ..Tally::default()
    };
    let mut e = scratch(program);
    let records = tiaoli_input::bound_records(
        text,
        FileId(0),
        Format::JsonLines,
        &program.schema,
        |index| format!("bench#{}", index + 1),
    );
    for record in records {
        let Ok((f, diags)) = record.result else {
            continue;
        };
        if diags.iter().any(|d| d.is_error()) {
            continue;
        }
        evaluate_into(program, &f, AS_OF, &mut e);
        t.engine(&e);
    }
    t
}

/// Engine, end to end the long way: `tiaoli_input::records` (a tree per
/// record), `bind::bind`, evaluate.
pub fn engine_e2e_tree(program: &Program, text: &str, full: bool) -> Tally {
    let mut t = Tally {
        full,
        ..Tally::default()
    };
    let mut e = scratch(program);
    for record in tiaoli_input::records(text, FileId(0), Format::JsonLines) {
        let Ok(node) = record.node else { continue };
        let fallback = format!("bench#{}", record.index + 1);
        let (f, diags) = tiaoli_eval::bind::bind(&program.schema, FileId(0), &node, &fallback);
        if diags.iter().any(|d| d.is_error()) {
            continue;
        }
        evaluate_into(program, &f, AS_OF, &mut e);
        t.engine(&e);
    }
    t
}

/// The facility's `name` fact, as `tiaoli eval` shows it.
fn display_name<'f>(program: &Program, f: &'f Facility) -> Option<&'f str> {
    let slot = program.schema.slot("name")?;
    match f.facts.get(slot as usize)? {
        Some(Value::Text(t)) => Some(t),
        _ => None,
    }
}

/// What a report path writes for each facility, as `tiaoli eval` does.
#[derive(Clone, Copy, Debug)]
pub enum Output {
    /// The human report (`tiaoli_eval::human::render`, English, no explain).
    Human,
    /// `--format json`: the facility's line and the `,` after it.
    Json,
    /// `--format jsonl`: `"type":"facility"` first, a newline after it.
    JsonLines,
}

/// One facility's report into `out` (cleared first: each is written out as
/// it is made, as the CLI does).
fn report(program: &Program, f: &Facility, e: &Evaluation, output: Output, out: &mut String) {
    out.clear();
    let name = display_name(program, f);
    match output {
        Output::Human => {
            out.push_str(&human::render(program, f, e, name, Lang::En, false));
            out.push('\n');
        }
        Output::Json | Output::JsonLines => {
            let opts = JsonOptions {
                explain: false,
                record_type: matches!(output, Output::JsonLines),
            };
            write_facility(out, program, f, e, name, opts);
            out.push_str(if opts.record_type { "\n" } else { ",\n" });
        }
    }
    black_box(&out);
}

/// Engine: evaluate each bound facility and write its report.
pub fn engine_report(
    program: &Program,
    facilities: &[Facility],
    output: Output,
    full: bool,
) -> Tally {
    let mut t = Tally {
        full,
        ..Tally::default()
    };
    let mut e = scratch(program);
    let mut out = String::new();
    for f in facilities {
        evaluate_into(program, f, AS_OF, &mut e);
        t.engine(&e);
        report(program, f, &e, output, &mut out);
    }
    t
}

/// Engine, end to end with output: read and bind the JSON lines, evaluate,
/// write the report (what `tiaoli eval --format jsonl` does, in memory).
pub fn engine_e2e_report(program: &Program, text: &str, output: Output, full: bool) -> Tally {
    let mut t = Tally {
        full,
        ..Tally::default()
    };
    let mut e = scratch(program);
    let mut out = String::new();
    let records = tiaoli_input::bound_records(
        text,
        FileId(0),
        Format::JsonLines,
        &program.schema,
        |index| format!("bench#{}", index + 1),
    );
    for record in records {
        let Ok((f, diags)) = record.result else {
            continue;
        };
        if diags.iter().any(|d| d.is_error()) {
            continue;
        }
        evaluate_into(program, &f, AS_OF, &mut e);
        t.engine(&e);
        report(program, &f, &e, output, &mut out);
    }
    t
}

/// Average bytes of one facility's report, over the first `k` facilities.
pub fn report_size(program: &Program, facilities: &[Facility], output: Output, k: usize) -> usize {
    let mut out = String::new();
    let mut total = 0;
    for f in facilities.iter().take(k) {
        report(program, f, &evaluate(program, f, AS_OF), output, &mut out);
        total += out.len();
    }
    total / k.clamp(1, facilities.len().max(1))
}

/// Baseline: evaluate and write each deserialized facility's results
/// (serde-derived JSON lines).
pub fn baseline_eval_write(facilities: &[baseline::Facility], full: bool) -> Tally {
    let mut t = Tally {
        full,
        ..Tally::default()
    };
    let mut out = Vec::new();
    for f in facilities {
        let o = baseline::evaluate(f, AS_OF);
        t.baseline(&o);
        out.clear();
        baseline_write::write(&mut out, f, &o);
        black_box(&out);
    }
    t
}

/// Baseline, end to end with output: serde_json per line, the rules, the
/// results written.
pub fn baseline_e2e_write(text: &str, full: bool) -> Tally {
    let mut t = Tally {
        full,
        ..Tally::default()
    };
    let mut out = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let Ok(f) = baseline::parse(line) else {
            continue;
        };
        let o = baseline::evaluate(&f, AS_OF);
        t.baseline(&o);
        out.clear();
        baseline_write::write(&mut out, &f, &o);
        black_box(&out);
    }
    t
}

/// Baseline, rules only: facilities already deserialized.
pub fn baseline_eval(facilities: &[baseline::Facility], full: bool) -> Tally {
    let mut t = Tally {
        full,
        ..Tally::default()
    };
    for f in facilities {
        t.baseline(&baseline::evaluate(f, AS_OF));
    }
    t
}

/// Baseline, end to end: serde_json per line, then the rules.
pub fn baseline_e2e(text: &str, full: bool) -> Tally {
    let mut t = Tally {
        full,
        ..Tally::default()
    };
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let Ok(f) = baseline::parse(line) else {
            continue;
        };
        t.baseline(&baseline::evaluate(&f, AS_OF));
    }
    t
}

pub fn baseline_parse_all(text: &str) -> Vec<baseline::Facility> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| match baseline::parse(l) {
            Ok(f) => f,
            Err(e) => unreachable!("baseline cannot read {l}: {e}"),
        })
        .collect()
}

/// Everything a run needs, prepared outside the timing loops.
pub struct Setup {
    pub program: Program,
    pub text: String,
    pub bound: Vec<Facility>,
    pub parsed: Vec<baseline::Facility>,
}

impl Setup {
    pub fn new(n: usize) -> Self {
        let program = program();
        let text = generate::generate(n, AS_OF, SEED);
        if let Some(path) = std::env::var_os("TIAOLI_BENCH_DUMP") {
            // Inspect the facilities: TIAOLI_BENCH_DUMP=/tmp/facilities.jsonl
            let _ = std::fs::write(path, &text);
        }
        let bound = bind_all(&program, &text);
        let parsed = baseline_parse_all(&text);
        assert_eq!(bound.len(), n);
        // The one-pass reader binds every record as records + bind do.
        let quick: Vec<Facility> = tiaoli_input::bound_records(
            &text,
            FileId(0),
            Format::JsonLines,
            &program.schema,
            |index| format!("bench#{}", index + 1),
        )
        .map(|r| match r.result {
            Ok((f, d)) if d.is_empty() => f,
            _ => unreachable!("record {} does not bind", r.index),
        })
        .collect();
        assert_eq!(quick.len(), n);
        for (q, b) in quick.iter().zip(&bound) {
            assert!(
                q.id == b.id && q.facts == b.facts,
                "{} binds differently",
                b.id
            );
        }
        assert_eq!(parsed.len(), n);
        Setup {
            program,
            text,
            bound,
            parsed,
        }
    }
}

// ---------------------------------------------------------------- agreement

/// Maps the engine's fact slots to the baseline's fact bits.
struct Facts {
    to_baseline: Vec<Option<u128>>,
}

impl Facts {
    fn new(program: &Program) -> Self {
        let to_baseline = program
            .schema
            .facts
            .keys()
            .map(|name| {
                baseline::FACT_NAMES
                    .iter()
                    .position(|n| n == name)
                    .map(|i| 1u128 << i)
            })
            .collect();
        Facts { to_baseline }
    }

    fn mask(&self, m: &tiaoli_eval::Missing) -> u128 {
        m.facts
            .iter()
            .map(|s| {
                self.to_baseline
                    .get(s as usize)
                    .copied()
                    .flatten()
                    .unwrap_or(1 << 127)
            })
            .fold(0, |a, b| a | b)
    }

    fn tv(&self, t: &Tri) -> baseline::Tv {
        match t {
            Tri::Known(Value::Bool(b)) => baseline::Tv {
                value: Some(*b),
                missing: 0,
            },
            Tri::Known(_) => baseline::Tv {
                value: None,
                missing: 1 << 126,
            },
            Tri::Unknown(m) => baseline::Tv {
                value: None,
                missing: self.mask(m),
            },
        }
    }
}

fn status(s: Status) -> baseline::Status {
    match s {
        Status::Satisfied => baseline::Status::Satisfied,
        Status::Violated => baseline::Status::Violated,
        Status::NotApplicable => baseline::Status::NotApplicable,
        // The bench's program has no pack dates: no rule is out of force.
        Status::Unknown | Status::NotInForce => baseline::Status::Unknown,
    }
}

type FineView = (
    baseline::Whose,
    bool,
    baseline::FineStatus,
    Decimal,
    Decimal,
    Option<Decimal>,
);

fn fines(fs: &[tiaoli_eval::FineOutcome]) -> Vec<FineView> {
    use tiaoli_eval::FineStatus as S;
    use tiaoli_eval::ir::Whose as W;
    fs.iter()
        .map(|f| {
            (
                match f.whose {
                    W::Operator => baseline::Whose::Operator,
                    W::OperatorPersons => baseline::Whose::Persons,
                    // The benchmark loads no draft pack: no fine is a draft's.
                    W::ThirdParty | W::Draft => baseline::Whose::ThirdParty,
                },
                f.discretionary,
                match f.status {
                    S::Applies => baseline::FineStatus::Applies,
                    S::Possible => baseline::FineStatus::Possible,
                    S::IfEscalated => baseline::FineStatus::IfEscalated,
                },
                f.min.normalize(),
                f.max_known.normalize(),
                f.max.map(|d| d.normalize()),
            )
        })
        .collect()
}

fn base_fines(fs: &[Option<baseline::Fine>]) -> Vec<FineView> {
    fs.iter()
        .flatten()
        .map(|f| {
            (
                f.whose,
                f.discretionary,
                f.status,
                f.min.normalize(),
                f.max_known.normalize(),
                f.max.map(|d| d.normalize()),
            )
        })
        .collect()
}

fn exposure_view(x: &tiaoli_eval::Exposure) -> baseline::Exposure {
    baseline::Exposure {
        min: x.min.normalize(),
        max: x.max.normalize(),
        possible_max: x.possible_max.map(|d| d.normalize()),
    }
}

fn base_exposure(x: baseline::Exposure) -> baseline::Exposure {
    baseline::Exposure {
        min: x.min.normalize(),
        max: x.max.normalize(),
        possible_max: x.possible_max.map(|d| d.normalize()),
    }
}

/// Compares the engine's evaluation with the baseline's outcome for every
/// facility: every duty's status, missing facts and due date, every
/// penalty's trigger, exemption, escalation and fines, the determinations
/// and the exposure. Returns the disagreements (at most `limit`), and
/// counts of what was compared.
pub fn agreement(setup: &Setup, limit: usize) -> (Vec<String>, Coverage) {
    let p = &setup.program;
    let facts = Facts::new(p);
    let duty_index: Vec<usize> = baseline::DUTY_NAMES
        .iter()
        .map(|n| {
            p.duties
                .iter()
                .position(|d| d.meta.name == *n)
                .unwrap_or(usize::MAX)
        })
        .collect();
    let penalty_index: Vec<usize> = baseline::PENALTY_NAMES
        .iter()
        .map(|n| {
            p.penalties
                .iter()
                .position(|d| d.meta.name == *n)
                .unwrap_or(usize::MAX)
        })
        .collect();
    let value_index: HashMap<&str, usize> = p
        .values
        .iter()
        .enumerate()
        .map(|(i, v)| (v.meta.name.as_str(), i))
        .collect();
    let mut problems = Vec::new();
    let mut cov = Coverage::default();
    assert_eq!(p.duties.len(), baseline::DUTY_NAMES.len(), "duty count");
    assert_eq!(
        p.penalties.len(),
        baseline::PENALTY_NAMES.len(),
        "penalty count"
    );
    assert!(duty_index.iter().all(|&i| i != usize::MAX), "duty names");
    assert!(
        penalty_index.iter().all(|&i| i != usize::MAX),
        "penalty names"
    );
    for (k, (f, b)) in setup.bound.iter().zip(&setup.parsed).enumerate() {
        let e = evaluate(p, f, AS_OF);
        let o = baseline::evaluate(b, AS_OF);
        let mut diff = |what: String| {
            if problems.len() < limit {
                problems.push(format!("facility {k} ({}): {what}", f.id));
            }
        };
        for (name, base) in [
            ("cii", o.cii),
            ("candidate", o.candidate),
            ("national_escalation_due", o.national_escalation_due),
            ("secrecy_law_applies", o.secrecy_law_applies),
            ("cryptography_law_applies", o.cryptography_law_applies),
        ] {
            let Some(&i) = value_index.get(name) else {
                diff(format!("no value {name}"));
                continue;
            };
            let t = &e.values[i];
            let eng = facts.tv(t);
            if eng != base {
                diff(format!("{name}: engine {t:?}, baseline {base:?}"));
            }
            if name == "candidate" {
                let no_rules = matches!(t, Tri::Unknown(m) if matches!(m.cause(), Some(Reason::NoImplementation(..))));
                if no_rules != o.no_rules {
                    diff(format!(
                        "candidate: engine {t:?}, baseline no_rules {}",
                        o.no_rules
                    ));
                }
                match base.value {
                    Some(true) => cov.candidate_true += 1,
                    Some(false) => cov.candidate_false += 1,
                    None if o.no_rules => cov.candidate_no_rules += 1,
                    None => cov.candidate_unknown += 1,
                }
            }
        }
        for (d, &i) in duty_index.iter().enumerate() {
            let (eng, base) = (&e.duties[i], &o.duties[d]);
            let name = baseline::DUTY_NAMES[d];
            if status(eng.status) != base.status || facts.mask(&eng.missing) != base.missing {
                diff(format!(
                    "duty {name}: engine {:?} missing {:?}, baseline {:?} missing {:#x}",
                    eng.status,
                    tiaoli_eval::missing_names(p, &eng.missing),
                    base.status,
                    base.missing
                ));
            }
            let eng_due = eng.due.as_ref().map(|t| match t {
                Tri::Known(Value::Date(d)) => Ok(*d),
                Tri::Known(_) => Err(1 << 126),
                Tri::Unknown(m) => Err(facts.mask(m)),
            });
            if eng_due != base.due {
                diff(format!(
                    "due {name}: engine {:?}, baseline {:?}",
                    eng.due, base.due
                ));
            }
            cov.statuses[base.status as usize] += 1;
        }
        for (k2, &i) in penalty_index.iter().enumerate() {
            let (eng, base) = (&e.penalties[i], &o.penalties[k2]);
            let name = baseline::PENALTY_NAMES[k2];
            let trig = facts.tv(&eng.triggered);
            if trig != base.triggered {
                diff(format!(
                    "penalty {name} triggered: engine {:?}, baseline {:?}",
                    eng.triggered, base.triggered
                ));
            }
            let eng_ex = match eng.exempted.as_slice() {
                [] => None,
                [(x, _)] if x.certain => Some(baseline::Tv {
                    value: Some(true),
                    missing: 0,
                }),
                [(_, m)] => Some(baseline::Tv {
                    value: None,
                    missing: facts.mask(m),
                }),
                _ => Some(baseline::Tv {
                    value: None,
                    missing: 1 << 125,
                }),
            };
            if eng_ex != base.exempted {
                diff(format!(
                    "penalty {name} exempted: engine {:?}, baseline {:?}",
                    eng.exempted, base.exempted
                ));
            }
            let eng_esc = match &eng.escalation {
                Tri::Unknown(m) if *m == tiaoli_eval::Missing::default() => None,
                t => Some(facts.tv(t)),
            };
            if eng_esc != base.escalation {
                diff(format!(
                    "penalty {name} escalation: engine {:?}, baseline {:?}",
                    eng.escalation, base.escalation
                ));
            }
            if fines(&eng.fines) != base_fines(&base.fines) {
                diff(format!(
                    "penalty {name} fines: engine {:?}, baseline {:?}",
                    fines(&eng.fines),
                    base_fines(&base.fines),
                ));
            }
            match base.triggered.value {
                Some(true) => cov.triggered += 1,
                None => cov.trigger_unknown += 1,
                Some(false) => {}
            }
            if base
                .fines
                .iter()
                .flatten()
                .any(|f| f.status == baseline::FineStatus::Applies)
            {
                cov.fined += 1;
            }
        }
        if exposure_view(&e.exposure()) != base_exposure(o.exposure()) {
            diff(format!(
                "exposure: engine {:?}, baseline {:?}",
                e.exposure(),
                o.exposure()
            ));
        }
        if o.exposure().max > Decimal::ZERO {
            cov.exposed += 1;
        }
    }
    (problems, cov)
}

/// What the synthetic facilities exercise (so that agreement means
/// something).
#[derive(Clone, Debug, Default)]
pub struct Coverage {
    /// Duty results by status: satisfied, violated, not applicable, unknown.
    pub statuses: [usize; 4],
    pub triggered: usize,
    pub trigger_unknown: usize,
    pub fined: usize,
    pub exposed: usize,
    pub candidate_true: usize,
    pub candidate_false: usize,
    pub candidate_unknown: usize,
    pub candidate_no_rules: usize,
}

/// Runs the agreement check and panics with the first disagreements.
pub fn assert_agreement(setup: &Setup) -> Coverage {
    let (problems, cov) = agreement(setup, 20);
    assert!(
        problems.is_empty(),
        "engine and baseline disagree:\n{}",
        problems.join("\n")
    );
    cov
}
