//! The hostile-input corpus (`tests/hostile/`, issue 9): each case of the
//! reliability review's table that can run in a test, as a folder holding
//! its input files and a `case.toml` with the commands to run, their
//! expected exit codes and diagnostic codes. Every case runs through the
//! real `tiaoli` binary, and every mismatch is reported at once.
//!
//! `HOSTILE_CASE=F31` runs the cases whose folder name contains `F31`;
//! `HOSTILE_PENDING=1` runs the pending ones too (their fix has not
//! landed; they are listed otherwise).

#![expect(
    clippy::expect_used,
    reason = "a corpus that cannot be listed should fail loudly"
)]

#[expect(
    dead_code,
    reason = "the runner runs the binary itself, with a deadline"
)]
mod common;

#[path = "hostile/check.rs"]
mod check;
#[path = "hostile/run.rs"]
mod run;
#[path = "hostile/spec.rs"]
mod spec;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use spec::Case;

fn corpus() -> Vec<PathBuf> {
    let dir = common::root().join("tests/hostile");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/hostile")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("case.toml").is_file())
        .collect();
    cases.sort();
    cases
}

/// What became of one case.
enum Verdict {
    Passed,
    Pending(String),
    Failed(Vec<String>),
}

fn run_case(dir: &Path, run_pending: bool) -> Verdict {
    let case = match Case::load(dir) {
        Ok(c) => c,
        Err(e) => return Verdict::Failed(vec![e]),
    };
    if let Some(why) = &case.pending
        && !run_pending
    {
        return Verdict::Pending(format!("{why} — {}", case.title));
    }
    let bin = Path::new(env!("CARGO_BIN_EXE_tiaoli"));
    let root = common::root().canonicalize().expect("repository root");
    let scratch = match run::scratch(dir, &root, &case) {
        Ok(s) => s,
        Err(e) => return Verdict::Failed(vec![e]),
    };
    let mut bad = Vec::new();
    let mut stdouts: Vec<String> = Vec::new();
    for (i, r) in case.run.iter().enumerate() {
        let before: Vec<Option<Vec<u8>>> = r
            .unchanged
            .iter()
            .map(|f| std::fs::read(scratch.join(f)).ok())
            .collect();
        let label = format!("run {} (`tiaoli {}`)", i + 1, r.args.join(" "));
        match run::run(bin, &root, &scratch, r) {
            Ok(out) => {
                for m in check::mismatches(r, &out) {
                    bad.push(format!("{label}: {m}"));
                }
                if let Some(n) = r.same_stdout_as
                    && stdouts.get(n.wrapping_sub(1)) != Some(&out.stdout)
                {
                    bad.push(format!("{label}: stdout differs from run {n}'s"));
                }
                stdouts.push(out.stdout);
            }
            Err(e) => {
                bad.push(format!("{label}: {e}"));
                stdouts.push(String::new());
            }
        }
        for (f, was) in r.unchanged.iter().zip(before) {
            if std::fs::read(scratch.join(f)).ok() != was {
                bad.push(format!("{label}: `{f}` was changed"));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    match (bad.is_empty(), &case.pending) {
        (true, _) => Verdict::Passed,
        (false, Some(why)) => Verdict::Pending(format!("{why} — still fails: {}", bad.join("; "))),
        (false, None) => Verdict::Failed(bad),
    }
}

#[test]
fn every_hostile_case_behaves() {
    let filter = std::env::var("HOSTILE_CASE").unwrap_or_default();
    let run_pending = std::env::var_os("HOSTILE_PENDING").is_some();
    let cases: Vec<PathBuf> = corpus()
        .into_iter()
        .filter(|c| c.to_string_lossy().contains(&filter))
        .collect();
    assert!(
        !cases.is_empty(),
        "no case in tests/hostile matches `{filter}`"
    );
    // Two at a time: the cases are processes, mostly waiting.
    let next = AtomicUsize::new(0);
    let verdicts: Mutex<Vec<(String, Verdict, Duration)>> = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                while let Some(dir) = cases.get(next.fetch_add(1, Ordering::SeqCst)) {
                    let name = dir.file_name().map(|n| n.to_string_lossy().into_owned());
                    let start = Instant::now();
                    let verdict = run_case(dir, run_pending);
                    let took = start.elapsed();
                    let entry = (name.unwrap_or_default(), verdict, took);
                    verdicts.lock().expect("lock").push(entry);
                }
            });
        }
    });
    let mut verdicts = verdicts.into_inner().expect("lock");
    let mut slowest: Vec<(Duration, String)> =
        verdicts.iter().map(|(n, _, t)| (*t, n.clone())).collect();
    slowest.sort_by(|a, b| b.cmp(a));
    let slowest: Vec<String> = slowest
        .iter()
        .take(5)
        .map(|(t, n)| format!("{n} {:.1} s", t.as_secs_f64()))
        .collect();
    eprintln!("slowest cases: {}", slowest.join(", "));
    verdicts.sort_by(|a, b| a.0.cmp(&b.0));
    let (mut passed, mut pending, mut failed) = (0, Vec::new(), Vec::new());
    for (name, v, _) in verdicts {
        match v {
            Verdict::Passed => passed += 1,
            Verdict::Pending(why) => pending.push(format!("  {name}: {why}")),
            Verdict::Failed(bad) => failed.push(format!("  {name}:\n    {}", bad.join("\n    "))),
        }
    }
    eprintln!(
        "hostile corpus: {passed} passed, {} pending, {} failed",
        pending.len(),
        failed.len()
    );
    if !pending.is_empty() {
        eprintln!(
            "pending (their fix has not landed):\n{}",
            pending.join("\n")
        );
    }
    if !failed.is_empty() {
        panic!(
            "{} hostile case(s) misbehave:\n{}",
            failed.len(),
            failed.join("\n")
        );
    }
}
