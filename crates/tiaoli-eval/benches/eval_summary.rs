//! The comparison table of the evaluation benchmark: facilities per second
//! and microseconds per facility for the engine and the hand-written
//! baseline, each rules only, end to end, and with its output written (the
//! engine's human report, `--format json` and `--format jsonl`; the
//! baseline's serde-derived JSON lines), and the ratios against the
//! targets: end to end at least half the baseline's throughput, with output
//! too; under 2 µs to evaluate one facility; JSON and JSON lines at least
//! half the human report's throughput.
//!
//! `cargo bench -p tiaoli-eval --bench eval_summary` (10,000 facilities,
//! 9 interleaved runs of each path, the median shown). Under `cargo test
//! --benches` it runs once on 500 facilities, as a smoke test.
//! `TIAOLI_BENCH_N` and `TIAOLI_BENCH_RUNS` override the sizes;
//! `TIAOLI_BENCH_ONLY="engine eval"` times one path alone (for profiling).

mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let n = env("TIAOLI_BENCH_N", if bench { common::N } else { 500 });
    let runs = env("TIAOLI_BENCH_RUNS", if bench { 9 } else { 1 }).max(1);
    let setup = common::Setup::new(n);
    // Each path, adding up its results (`true`, for the check) or not.
    use common::Output;
    let paths: [(&str, &dyn Fn(bool) -> common::Tally); 12] = [
        ("engine eval", &|full| {
            common::engine_eval(&setup.program, black_box(&setup.bound), full)
        }),
        ("engine eval, fresh", &|full| {
            common::engine_eval_fresh(&setup.program, black_box(&setup.bound), full)
        }),
        ("engine e2e", &|full| {
            common::engine_e2e(&setup.program, black_box(&setup.text), full)
        }),
        ("engine e2e, tree", &|full| {
            common::engine_e2e_tree(&setup.program, black_box(&setup.text), full)
        }),
        ("baseline eval", &|full| {
            common::baseline_eval(black_box(&setup.parsed), full)
        }),
        ("baseline e2e", &|full| {
            common::baseline_e2e(black_box(&setup.text), full)
        }),
        ("engine eval + human report", &|full| {
            common::engine_report(&setup.program, black_box(&setup.bound), Output::Human, full)
        }),
        ("engine eval + json", &|full| {
            common::engine_report(&setup.program, black_box(&setup.bound), Output::Json, full)
        }),
        ("engine eval + jsonl", &|full| {
            common::engine_report(
                &setup.program,
                black_box(&setup.bound),
                Output::JsonLines,
                full,
            )
        }),
        ("baseline eval + write", &|full| {
            common::baseline_eval_write(black_box(&setup.parsed), full)
        }),
        ("engine e2e + jsonl", &|full| {
            common::engine_e2e_report(
                &setup.program,
                black_box(&setup.text),
                Output::JsonLines,
                full,
            )
        }),
        ("baseline e2e + write", &|full| {
            common::baseline_e2e_write(black_box(&setup.text), full)
        }),
    ];
    if let Ok(only) = std::env::var("TIAOLI_BENCH_ONLY") {
        // Profiling one path: no agreement check, no table.
        for (name, f) in &paths {
            if *name == only {
                let start = Instant::now();
                for _ in 0..runs {
                    black_box(f(false));
                }
                let t = start.elapsed().as_secs_f64() / runs as f64;
                println!("{name}: {:.3} µs/facility", t * 1e6 / n as f64);
            }
        }
        return;
    }
    let cov = common::assert_agreement(&setup);
    println!(
        "{n} synthetic facilities ({} bytes of JSON lines), as of {}; \
         engine and baseline agree on all of them",
        setup.text.len(),
        common::AS_OF
    );
    println!(
        "  duty results: {} satisfied, {} violated, {} not applicable, {} unknown; \
         penalties triggered {} (undecided {}), with fines {}; facilities with exposure {}",
        cov.statuses[0],
        cov.statuses[1],
        cov.statuses[2],
        cov.statuses[3],
        cov.triggered,
        cov.trigger_unknown,
        cov.fined,
        cov.exposed
    );
    println!(
        "  identification (art. 9): {} candidates, {} not, {} undecided, {} sectors without rules",
        cov.candidate_true, cov.candidate_false, cov.candidate_unknown, cov.candidate_no_rules
    );

    // One warm-up run each; then the paths take turns, so that a burst of
    // load on the machine hits them alike.
    let tallies: Vec<common::Tally> = paths.iter().map(|(_, f)| f(true)).collect();
    assert!(
        tallies
            .iter()
            .all(|t| *t == tallies[0] && t.facilities == n),
        "the runs add up differently: {tallies:?}"
    );
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); paths.len()];
    for _ in 0..runs {
        for (k, (_, f)) in paths.iter().enumerate() {
            let start = Instant::now();
            black_box(f(false));
            times[k].push(start.elapsed());
        }
    }
    let median: Vec<f64> = times
        .iter_mut()
        .map(|t| {
            t.sort();
            t[t.len() / 2].as_secs_f64()
        })
        .collect();
    let per_sec = |k: usize| n as f64 / median[k];
    let micros = |k: usize| median[k] * 1e6 / n as f64;
    println!();
    println!("| path | facilities/s | µs/facility |");
    println!("|---|---:|---:|");
    for (k, (name, _)) in paths.iter().enumerate() {
        println!("| {name} | {:.0} | {:.3} |", per_sec(k), micros(k));
    }
    let at = |name: &str| paths.iter().position(|(p, _)| *p == name).unwrap_or(0);
    let (eval, fresh, e2e) = (
        at("engine eval"),
        at("engine eval, fresh"),
        at("engine e2e"),
    );
    let (base_eval, base_e2e) = (at("baseline eval"), at("baseline e2e"));
    let e2e_ratio = per_sec(e2e) / per_sec(base_e2e);
    let eval_ratio = per_sec(eval) / per_sec(base_eval);
    let human = at("engine eval + human report");
    let json_ratio = per_sec(at("engine eval + json")) / per_sec(human);
    let jsonl_ratio = per_sec(at("engine eval + jsonl")) / per_sec(human);
    let write_ratio = per_sec(at("engine e2e + jsonl")) / per_sec(at("baseline e2e + write"));
    println!();
    println!("engine e2e / baseline e2e throughput: {e2e_ratio:.2} (target ≥ 0.50)");
    println!("engine eval / baseline eval throughput: {eval_ratio:.2}");
    println!("json / human report throughput: {json_ratio:.2} (target ≥ 0.50)");
    println!("jsonl / human report throughput: {jsonl_ratio:.2} (target ≥ 0.50)");
    println!(
        "engine e2e + jsonl / baseline e2e + write throughput: {write_ratio:.2} (target ≥ 0.50)"
    );
    let size = |o| common::report_size(&setup.program, &setup.bound, o, 200);
    println!(
        "bytes per facility: human {}, json {}, jsonl {}",
        size(Output::Human),
        size(Output::Json),
        size(Output::JsonLines)
    );
    println!(
        "engine eval per facility: {:.3} µs (target < 2 µs); with a fresh evaluation each: {:.3} µs",
        micros(eval),
        micros(fresh)
    );
    let met = |ok: bool| if ok { "met" } else { "NOT met" };
    println!(
        "targets: end to end {}, evaluation {}, json {}, jsonl {}, end to end with output {}",
        met(e2e_ratio >= 0.5),
        met(micros(eval) < 2.0),
        met(json_ratio >= 0.5),
        met(jsonl_ratio >= 0.5),
        met(write_ratio >= 0.5)
    );
    println!("(median of {runs} runs of each path; {n} facilities per run)");
    if !bench {
        println!("(a smoke test, not a measurement: `cargo bench` for the figures)");
    }
}
