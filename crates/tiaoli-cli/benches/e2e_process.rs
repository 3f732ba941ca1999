//! Whole process, as a user runs it: `tiaoli eval FILE --format jsonl` on a
//! generated JSON-lines inventory (100,000 facilities), wall time from
//! start to exit with stdout to /dev/null, median of 5 runs; against the
//! hand-written baseline (tiaoli-eval's benches/common/baseline.rs) reading
//! the same file, evaluating every facility and writing its results as JSON
//! lines to /dev/null, in this process. With `--jobs`, also `-j1` and `-j2`.
//!
//! `cargo bench -p tiaoli-cli --bench e2e_process` (cargo builds the
//! `tiaoli` binary with the bench profile, i.e. release settings, first).
//! Under `cargo test --benches` it runs once on 300 facilities with the
//! test build, as a smoke test. `TIAOLI_BENCH_N` and `TIAOLI_BENCH_RUNS`
//! override the sizes.

#[expect(dead_code, reason = "only parsing and evaluation are used here")]
#[path = "../../tiaoli-eval/benches/common/baseline.rs"]
mod baseline;
#[path = "../../tiaoli-eval/benches/common/baseline_write.rs"]
mod baseline_write;
#[path = "../../tiaoli-eval/benches/common/generate.rs"]
mod generate;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The facilities are generated as of 2026-11-01 (tiaoli-eval's benches),
/// with dates up to 30 days after it; evaluated a month later, no fact is
/// in the future (none is withheld with an F013 warning), for both.
const GENERATED: jiff::civil::Date = jiff::civil::date(2026, 11, 1);
const AS_OF: jiff::civil::Date = jiff::civil::date(2026, 12, 2);

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn tiaoli() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tiaoli"))
}

/// `tiaoli eval --help`.
fn help() -> String {
    tiaoli()
        .args(["eval", "--help"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default()
}

fn dev_null() -> File {
    File::create("/dev/null").unwrap_or_else(|e| unreachable!("/dev/null: {e}"))
}

/// One run of `tiaoli eval PATH ARGS…`, stdout to `out`; its wall time.
fn run_tiaoli(path: &Path, args: &[&str], out: File) -> Duration {
    let start = Instant::now();
    let status = tiaoli()
        .arg("eval")
        .arg(path)
        .args(["--as-of", &AS_OF.to_string()])
        .args(args)
        .stdout(Stdio::from(out))
        .stderr(Stdio::inherit())
        .status();
    let elapsed = start.elapsed();
    assert!(
        status.as_ref().is_ok_and(|s| s.success()),
        "tiaoli eval {args:?}: {status:?}"
    );
    elapsed
}

/// The baseline, whole: read the file, parse and evaluate each line, write
/// each result as a JSON line to /dev/null. Returns the wall time and the
/// lines written.
fn run_baseline(path: &Path) -> (Duration, usize) {
    let start = Instant::now();
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| unreachable!("{e}"));
    let mut sink = BufWriter::new(dev_null());
    let mut line_out = Vec::new();
    let mut n = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let Ok(f) = baseline::parse(line) else {
            continue;
        };
        let o = baseline::evaluate(&f, AS_OF);
        line_out.clear();
        baseline_write::write(&mut line_out, &f, &o);
        let _ = sink.write_all(&line_out);
        n += 1;
    }
    let _ = sink.flush();
    (start.elapsed(), n)
}

fn median(mut t: Vec<Duration>) -> Duration {
    t.sort();
    t[t.len() / 2]
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let n = env("TIAOLI_BENCH_N", if bench { 100_000 } else { 300 });
    let runs = env("TIAOLI_BENCH_RUNS", if bench { 5 } else { 1 }).max(1);
    let text = generate::generate(n, GENERATED, 745);
    let path = std::env::temp_dir().join(format!("tiaoli-e2e-{}.jsonl", std::process::id()));
    std::fs::write(&path, &text).unwrap_or_else(|e| unreachable!("{}: {e}", path.display()));
    // `--format jsonl` and `--jobs` where this build has them.
    let help = help();
    // clap lists the values one per line: `- jsonl: JSON lines…`.
    let jsonl = help.lines().any(|l| l.trim_start().starts_with("- jsonl"));
    let format = if jsonl { "jsonl" } else { "json" };
    let jobs = help.contains("--jobs");

    // Untimed: the output has one line per facility.
    let check = std::env::temp_dir().join(format!("tiaoli-e2e-{}.out", std::process::id()));
    let out = File::create(&check).unwrap_or_else(|e| unreachable!("{e}"));
    run_tiaoli(&path, &["--format", format], out);
    let written = std::fs::read_to_string(&check).unwrap_or_default();
    let _ = std::fs::remove_file(&check);
    let lines = written
        .lines()
        .filter(|l| l.starts_with("{\"type\":\"facility\"") || l.starts_with("{\"id\":"))
        .count();
    assert_eq!(lines, n, "tiaoli wrote {lines} facility lines for {n}");
    let (_, base_lines) = run_baseline(&path);
    assert_eq!(base_lines, n);

    let mut rows: Vec<(String, Vec<&str>)> = vec![(
        format!("tiaoli eval --format {format}"),
        vec!["--format", format],
    )];
    if jobs {
        for j in ["1", "2"] {
            rows.push((
                format!("tiaoli eval --format {format} -j{j}"),
                vec!["--format", format, "--jobs", j],
            ));
        }
    }
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); rows.len() + 1];
    for _ in 0..runs {
        // Taking turns, so that load on the machine hits them alike.
        for (k, (_, args)) in rows.iter().enumerate() {
            times[k].push(run_tiaoli(&path, args, dev_null()));
        }
        times[rows.len()].push(run_baseline(&path).0);
    }
    let _ = std::fs::remove_file(&path);
    let medians: Vec<Duration> = times.into_iter().map(median).collect();
    let base = medians[rows.len()].as_secs_f64();

    println!(
        "{n} facilities ({} MB of JSON lines), as of {AS_OF}; median of {runs} runs, wall time",
        text.len() / 1_000_000
    );
    println!();
    println!("| whole process | s | facilities/s | vs baseline |");
    println!("|---|---:|---:|---:|");
    for (k, (name, _)) in rows.iter().enumerate() {
        let t = medians[k].as_secs_f64();
        println!(
            "| {name} | {t:.2} | {:.0} | {:.2}× |",
            n as f64 / t,
            base / t
        );
    }
    println!(
        "| baseline: read + evaluate + write | {base:.2} | {:.0} | 1.00× |",
        n as f64 / base
    );
    let ratio = base / medians[0].as_secs_f64();
    println!();
    println!(
        "tiaoli / baseline throughput: {ratio:.2} (target ≥ 0.50): {}",
        if ratio >= 0.5 { "met" } else { "NOT met" }
    );
    if !bench {
        println!(
            "(a smoke test with the test build, not a measurement: `cargo bench` for the figures)"
        );
    }
}
