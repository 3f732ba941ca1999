//! Keystroke to diagnostics: what the language server does on each edit.
//! A one-character edit inside an article is applied to the database, then
//! `file_diagnostics` of that file is computed (what the server publishes).
//! Hundreds of keystrokes at positions spread over every article: a
//! character typed, then deleted again (two keystrokes), each timed.
//!
//! Two workspaces: `policies/` (three packs), and a generated pack of about
//! 10,000 lines (facts, 400 articles with definitions, duties and
//! penalties, pack tests), which checks clean.
//!
//! Run: `cargo bench -p tiaoli-db --bench keystroke` (prints p50, p95, max).

#![expect(clippy::expect_used, reason = "a benchmark")]

#[path = "../tests/common/mod.rs"]
#[expect(
    dead_code,
    reason = "the tests' loader; the bench needs only part of it"
)]
mod common;
#[path = "../tests/common/edits.rs"]
mod edits;
mod generated;

use std::time::{Duration, Instant};

use tiaoli_db::Database;
use tiaoli_text::FileId;

/// Keystroke pairs (type, then delete) per workspace.
const EDITS: usize = 300;

fn main() {
    // `cargo bench` passes `--bench`; anything else is a filter.
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let run = |name: &str| filter.as_deref().is_none_or(|f| name.contains(f));
    if run("policies") {
        let mut db = Database::new();
        common::policies(&mut db);
        report("policies", &mut db);
    }
    if run("generated") {
        let dir = generated::generated_pack();
        let mut db = Database::new();
        common::load(&mut db, std::slice::from_ref(&dir));
        let lines: usize = db
            .files()
            .into_iter()
            .filter_map(|f| db.text(f))
            .map(|t| t.lines().count())
            .sum();
        println!("generated pack: {lines} lines");
        report("generated-10k", &mut db);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

fn report(name: &str, db: &mut Database) {
    let diagnostics = db.diagnostics().expect("not cancelled");
    assert!(
        diagnostics.is_empty(),
        "{name} does not check clean: {diagnostics:#?}"
    );
    check_alone(name, db);
    let sites = sites(db);
    assert!(!sites.is_empty(), "{name}: no article to type into");
    let mut times = Vec::with_capacity(2 * EDITS);
    let mut phases = Vec::with_capacity(2 * EDITS);
    let mut rng = edits::Lcg(0x6b65_7973);
    for _ in 0..EDITS {
        let (file, lo, hi) = sites[rng.below(sites.len())];
        let text = db.text(file).expect("text").to_string();
        let at = edits::floor_boundary(&text, lo + rng.below(hi - lo));
        let typed = format!("{}x{}", &text[..at], &text[at..]);
        for text in [&typed, &text] {
            let (total, phase) = keystroke(db, file, text);
            times.push(total);
            phases.push(phase);
        }
    }
    times.sort();
    let median = |k: usize| {
        let mut xs: Vec<Duration> = phases.iter().map(|p: &[Duration; 2]| p[k]).collect();
        xs.sort();
        ms(xs[xs.len() / 2])
    };
    println!(
        "{name}: medians: check (the edited item, the scope, placing) {:.2} ms, the file's diagnostics {:.2} ms",
        median(0),
        median(1)
    );
    let pct = |p: usize| times[(times.len() * p / 100).min(times.len() - 1)];
    println!(
        "{name}: {} keystrokes: p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        times.len(),
        ms(pct(50)),
        ms(pct(95)),
        ms(times[times.len() - 1]),
    );
}

/// Sets the file's text and computes its diagnostics: the time it takes,
/// and the time of each phase (the check, then the file's diagnostics:
/// its items' syntax diagnostics and the check's, sorted).
fn keystroke(db: &mut Database, file: FileId, text: &str) -> (Duration, [Duration; 2]) {
    let start = Instant::now();
    db.set_file_text(file, text);
    std::hint::black_box(db.checked().expect("not cancelled"));
    let checked = start.elapsed();
    let diagnostics = db.file_diagnostics(file).expect("not cancelled");
    let elapsed = start.elapsed();
    std::hint::black_box(diagnostics);
    (elapsed, [checked, elapsed - checked])
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The coarse check's parts, outside the database: cloning every file's
/// tree into `CheckPack`s, and `tiaoli_check::check` itself (medians of 20).
fn check_alone(name: &str, db: &Database) {
    let mut clone = Vec::new();
    let mut check = Vec::new();
    for _ in 0..20 {
        let start = Instant::now();
        let packs: Vec<tiaoli_check::CheckPack> = db
            .packs()
            .iter()
            .map(|p| tiaoli_check::CheckPack {
                ident: p.ident.clone(),
                is_sector: p.is_sector,
                authority: p.authority,
                model: p.model,
                deps: p.deps.clone(),
                files: p
                    .files
                    .iter()
                    .map(|&f| (f, db.parse(f).expect("not cancelled").file.clone().into()))
                    .collect(),
                has_syntax_errors: false,
            })
            .collect();
        clone.push(start.elapsed());
        let start = Instant::now();
        std::hint::black_box(tiaoli_check::check(&packs));
        check.push(start.elapsed());
    }
    clone.sort();
    check.sort();
    println!(
        "{name}: outside the database: cloning the trees {:.2} ms, tiaoli_check::check {:.2} ms",
        ms(clone[10]),
        ms(check[10])
    );
}

/// Every article's body: (file, start, end) inside the braces.
fn sites(db: &Database) -> Vec<(FileId, usize, usize)> {
    let mut out = Vec::new();
    for pack in db.packs() {
        for &file in &pack.files {
            let parse = db.parse(file).expect("not cancelled");
            for item in &parse.file.items {
                if let tiaoli_syntax::ast::Item::Article(a) = item {
                    let body = a.number.span.end() + 3;
                    if a.span.end() > body + 1 {
                        out.push((file, body, a.span.end() - 1));
                    }
                }
            }
        }
    }
    out
}
