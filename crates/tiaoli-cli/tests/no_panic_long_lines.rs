//! No-panic properties of the real binary for long lines and control
//! characters (issue 9 item 5, D2, D15): facility files and pack sources
//! whose diagnostics sit tens of thousands of columns into a line, with
//! control characters in values, through `eval`, `check` and `fmt --check`,
//! in human and JSON output. Each case asserts no exit 101 or "panicked", a
//! documented exit status, JSON that parses, no raw escape character in
//! human output, and an end within a minute. `PROPTEST_CASES` overrides the
//! count.

#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "a property test that cannot set up its files or run the binary should fail loudly"
)]

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use serde_json::Value as Json;

mod common;
use common::{root, tiaoli};
#[path = "support/properties.rs"]
mod properties;
use properties::cases;

/// A fresh folder for one case.
fn scratch(what: &str) -> PathBuf {
    properties::scratch("long-lines", what)
}

/// `tiaoli ARGS`, failed if it has not ended within a minute. Output goes
/// to files, so a full pipe cannot stall it.
fn run(args: &[&str], dir: &std::path::Path) -> Output {
    let out_path = dir.join("stdout");
    let err_path = dir.join("stderr");
    let mut child = Command::new(env!("CARGO_BIN_EXE_tiaoli"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .stdout(Stdio::from(
            std::fs::File::create(&out_path).expect("stdout file"),
        ))
        .stderr(Stdio::from(
            std::fs::File::create(&err_path).expect("stderr file"),
        ))
        .spawn()
        .expect("run tiaoli");
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("`tiaoli {}` did not end within a minute", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Output {
        status,
        stdout: std::fs::read(&out_path).expect("read stdout"),
        stderr: std::fs::read(&err_path).expect("read stderr"),
    }
}

/// No panic, a status among `allowed`, and output of its `format`
/// (`"human"`, `"json"`, `"jsonl"`) that parses.
fn assert_sane(out: &Output, allowed: &[i32], format: &str, what: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    let code = out.status.code();
    assert_ne!(code, Some(101), "{what}: exit 101\n{stderr}");
    assert!(
        !stderr.contains("panicked"),
        "{what}: {}",
        stderr.chars().take(2000).collect::<String>()
    );
    assert!(
        code.is_some_and(|c| allowed.contains(&c)),
        "{what}: exit {code:?}, expected one of {allowed:?}"
    );
    if format == "json" {
        serde_json::from_slice::<Json>(&out.stdout)
            .unwrap_or_else(|e| panic!("{what}: not JSON ({e})"));
    } else if format == "jsonl" {
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            serde_json::from_str::<Json>(line)
                .unwrap_or_else(|e| panic!("{what}: a line is not JSON ({e})"));
        }
    } else {
        // Control characters from the input are written out, never raw.
        for stream in [&out.stdout, &out.stderr] {
            assert!(!stream.contains(&0x1b), "{what}: a raw ESC in human output");
        }
    }
}

/// Filler for a long line: ASCII, CJK, or control characters.
fn filler() -> impl Strategy<Value = String> {
    (
        10_000usize..100_000,
        prop::sample::select(vec!["a", "运营者", "\u{1b}[2J", "\t", "x\u{7f}\u{85}"]),
    )
        .prop_map(|(n, piece)| piece.repeat(n / piece.len().max(1)))
}

proptest! {
    #![proptest_config(cases(24))]

    /// A one-line JSON record whose error (a wrong sector, an unknown
    /// fact) sits after a long value.
    #[test]
    fn facility_diagnostics_far_into_a_line_never_panic(
        long in filler(),
        bad in prop::sample::select(vec![
            r#""sector":"nope""#,
            r#""identified_cii":"maybe""#,
            r#""no_such_fact":1"#,
            r#""procurements":[{"amount_cny":"1e400"}]"#,
        ]),
        format in prop::sample::select(vec!["human", "json", "jsonl"]),
    ) {
        let dir = scratch("facility");
        let record = format!("{{\"id\":\"w\",\"name\":{},{bad}}}\n", Json::from(long));
        let file = dir.join("wide.jsonl");
        std::fs::write(&file, record.repeat(2)).expect("write");
        let path = file.to_str().expect("UTF-8 path");
        let mut args = vec!["eval", path, "--as-of", "2026-11-21"];
        if format != "human" {
            args.extend(["--format", format]);
        }
        let out = run(&args, &dir);
        assert_sane(&out, &[0, 1], format, bad);
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A pack source with a long line and an error at its end.
    #[test]
    fn source_diagnostics_far_into_a_line_never_panic(
        long in filler(),
        json in any::<bool>(),
    ) {
        let dir = scratch("source");
        let text = format!(
            "define a: text = {}   define b: bool = facility.nope\n",
            Json::from(long)
        );
        let file = dir.join("wide.tiaoli");
        std::fs::write(&file, &text).expect("write");
        let path = file.to_str().expect("UTF-8 path");
        let mut args = vec!["check", path];
        if json {
            args.extend(["--format", "json"]);
        }
        let out = run(&args, &dir);
        assert_sane(&out, &[1], if json { "json" } else { "human" }, "check");
        let out = tiaoli(&["fmt", "--check", path]);
        assert_sane(&out, &[0, 1], "human", "fmt --check");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
