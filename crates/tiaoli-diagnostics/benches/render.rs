//! Human and JSON rendering cost against the size of the file the
//! diagnostics are in.
//!
//! * `human/alone`: 1,000 diagnostics, one per line, in a file of just those
//!   1,000 lines.
//! * `human/end-of-20mb`: the same 1,000 lines at the end of a 20 MB file.
//!   Linear rendering costs about what `alone` costs; the old renderer
//!   scanned the file from its start for each diagnostic.
//! * `human/one-long-line`: 1,000 diagnostics on one 1 MB line.
//! * `json/…`: the same for `render_json`.
//!
//! Quick run: `cargo bench -p tiaoli-diagnostics --bench render -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use tiaoli_diagnostics::{Code, Diagnostic, HumanOptions, Msg, render_human, render_json};
use tiaoli_text::{Sources, TextRange};

const BAD: usize = 1000;

/// A file of `filler` bytes of comment lines, then `BAD` lines with a
/// mistake each; and a diagnostic per mistake.
fn case(filler: usize) -> (Sources, Vec<Diagnostic>) {
    let mut text = String::with_capacity(filler + BAD * 40);
    let mut i = 0;
    while text.len() < filler {
        text.push_str(&format!("// filler line {i} {}\n", "x".repeat(60)));
        i += 1;
    }
    let mut spans = Vec::with_capacity(BAD);
    for i in 0..BAD {
        let line = format!("define b{i}: bool = facility.nope{i}\n");
        let at = text.len() + line.find("nope").unwrap_or_default();
        spans.push(TextRange::new(at, at + 4));
        text.push_str(&line);
    }
    let mut sources = Sources::new();
    let file = sources.add("big.tiaoli", text);
    let diagnostics = spans
        .into_iter()
        .map(|r| {
            Diagnostic::new(Code::N001, Msg::verbatim("unknown fact")).with_primary(
                file,
                r,
                Msg::verbatim("no fact of this name"),
            )
        })
        .collect();
    (sources, diagnostics)
}

/// `BAD` diagnostics on one line of about 1 MB.
fn long_line() -> (Sources, Vec<Diagnostic>) {
    let unit = "facility.nope + ";
    let text = unit.repeat(65_000);
    let mut sources = Sources::new();
    let file = sources.add("line.tiaoli", text);
    let step = 65_000 / BAD * unit.len();
    let diagnostics = (0..BAD)
        .map(|i| {
            let at = i * step + "facility.".len();
            Diagnostic::new(Code::N001, Msg::verbatim("unknown fact")).with_primary(
                file,
                TextRange::new(at, at + 4),
                Msg::verbatim("no fact of this name"),
            )
        })
        .collect();
    (sources, diagnostics)
}

fn bench(c: &mut Criterion) {
    let cases = [
        ("alone", case(0)),
        ("end-of-20mb", case(20_000_000)),
        ("one-long-line", long_line()),
    ];
    let mut human = c.benchmark_group("human");
    human.sample_size(10);
    for (name, (sources, diagnostics)) in &cases {
        human.bench_function(*name, |b| {
            b.iter(|| render_human(black_box(diagnostics), sources, HumanOptions::default()))
        });
    }
    human.finish();
    let mut json = c.benchmark_group("json");
    json.sample_size(10);
    for (name, (sources, diagnostics)) in &cases {
        json.bench_function(*name, |b| {
            b.iter(|| render_json(black_box(diagnostics), sources))
        });
    }
    json.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
