//! Issue 9, D2 and D3: a diagnostic is rendered at any column (miette's
//! layout panics past column 65,535, so tiaoli clips each snippet line to a
//! window around the label) and in time linear in the number of
//! diagnostics, whatever the size of the file they are in.

#![expect(
    clippy::expect_used,
    reason = "a test that cannot set up its files or run the binary should fail loudly"
)]

mod common;
use common::tiaoli;

use std::path::PathBuf;
use std::time::{Duration, Instant};

/// A fresh scratch folder for one test.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tiaoli-render-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch folder");
    dir
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `' ' * 70000 + '}'`: the review's P27.
fn wide_pack_file(test: &str) -> PathBuf {
    let file = scratch(test).join("wide.tiaoli");
    std::fs::write(&file, format!("{}}}\n", " ".repeat(70_000))).expect("write file");
    file
}

#[test]
fn check_reports_a_mistake_past_column_65535() {
    let file = wide_pack_file("check");
    let out = tiaoli(&["check", file.to_str().expect("utf-8 path")]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "stderr: {}", text(&out.stderr));
    assert!(stdout.contains("unexpected `}`"), "{stdout}");
    assert!(stdout.contains("wide.tiaoli:1:70001]"), "{stdout}");
    // The snippet is clipped (and says so) but still shows the brace.
    assert!(stdout.contains("│ …"), "{stdout}");
    assert!(stdout.contains("nothing is open here"), "{stdout}");
    assert!(stdout.lines().all(|l| l.chars().count() < 300), "{stdout}");
}

#[test]
fn fmt_reports_a_mistake_past_column_65535() {
    let file = wide_pack_file("fmt");
    let out = tiaoli(&["fmt", file.to_str().expect("utf-8 path")]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "stderr: {}", text(&out.stderr));
    assert!(
        stdout.contains("S003") && stdout.contains("wide.tiaoli:1:70001]"),
        "{stdout}"
    );
}

#[test]
fn eval_reports_a_bad_value_after_a_70000_character_name() {
    let file = scratch("eval").join("wide.jsonl");
    let line = format!(
        "{{\"id\":\"w\",\"name\":\"{}\",\"sector\":\"nope\"}}\n",
        "x".repeat(70_000)
    );
    std::fs::write(&file, line).expect("write file");
    let out = tiaoli(&["eval", file.to_str().expect("utf-8 path")]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "stderr: {}", text(&out.stderr));
    assert!(
        stdout.contains("`nope` is not a value of `Sector`"),
        "{stdout}"
    );
    assert!(stdout.contains("wide.jsonl:1:70030]"), "{stdout}");
    assert!(stdout.contains("\"sector\":\"nope\""), "{stdout}");
}

/// 1,000 mistakes at the end of a 5 MB pack file: rendering them used to
/// scan the file from its start for each one (about 5 GB of scanning in
/// all). The bound only catches that quadratic cost; the figures are in
/// `benches/render.rs`.
#[test]
fn mistakes_at_the_end_of_a_large_file_render_promptly() {
    let file = scratch("large").join("big.tiaoli");
    let mut text_ = String::with_capacity(6_000_000);
    for i in 0..60_000 {
        text_.push_str(&format!("// filler line {i} {}\n", "x".repeat(60)));
    }
    for i in 0..1000 {
        text_.push_str(&format!("define b{i}: bool = facility.nope{i}\n"));
    }
    std::fs::write(&file, text_).expect("write file");
    let started = Instant::now();
    let out = tiaoli(&["check", file.to_str().expect("utf-8 path")]);
    let took = started.elapsed();
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout.contains("1000 errors, 1000 warnings"),
        "{}",
        &stdout[stdout.len().saturating_sub(300)..]
    );
    assert!(
        stdout.contains("big.tiaoli:61000:30]"),
        "the last one is at its line"
    );
    assert!(took < Duration::from_secs(60), "took {took:?}");
}
