//! Issue 12 part 4: an inventory's human report is a summary (counts by
//! obligation and status, the largest exposures, the failed records), each
//! facility's report on request (`--detail`, `-v`), `-q` for the totals
//! only; one facility still gets its full report. A progress bar goes to
//! stderr only when it is a terminal.

#![expect(
    clippy::expect_used,
    reason = "a test that cannot run the binary should fail loudly"
)]

mod common;
use common::{root, tiaoli};

fn human(args: &[&str]) -> (String, String) {
    let out = tiaoli(args);
    (
        String::from_utf8(out.stdout).expect("UTF-8"),
        String::from_utf8(out.stderr).expect("UTF-8"),
    )
}

const INVENTORY: &[&str] = &["eval", "examples/inventory.jsonl", "--as-of", "2026-11-21"];

fn with(extra: &[&'static str]) -> Vec<&'static str> {
    INVENTORY.iter().chain(extra).copied().collect()
}

/// A facility's own report starts with `━━ ID`.
fn reports(text: &str) -> usize {
    text.lines().filter(|l| l.starts_with("━━ ")).count()
}

#[test]
fn an_inventory_prints_its_summary_not_every_report() {
    let (out, _) = human(INVENTORY);
    assert_eq!(reports(&out), 0, "{out}");
    assert!(out.contains("Obligations across the facilities"), "{out}");
    assert!(out.contains("violated  undecided  satisfied"), "{out}");
    assert!(
        out.contains("annual_assessment"),
        "rows name the obligations: {out}"
    );
    assert!(out.contains("Largest exposures"), "{out}");
    assert!(
        out.contains("inv-0"),
        "the largest exposures name facilities: {out}"
    );
    assert!(
        out.contains("F003"),
        "the failed records' problems are shown: {out}"
    );
    assert!(
        out.contains("48 evaluated, 2 failed") || out.contains("record(s):"),
        "{out}"
    );
    // The counts add up: every row's statuses sum to the evaluated records.
    let evaluated = 48;
    let row = out
        .lines()
        .find(|l| l.contains("annual_assessment"))
        .expect("a row for annual_assessment");
    let counts: usize = row
        .split_whitespace()
        .take(4)
        .map(|n| n.parse::<usize>().expect("a count"))
        .sum();
    assert!(counts <= evaluated, "{row}");
}

#[test]
fn detail_and_verbose_print_every_report_then_the_totals() {
    let (detail, _) = human(&with(&["--detail"]));
    let (verbose, _) = human(&with(&["-v"]));
    assert_eq!(reports(&detail), 48, "every evaluated facility: {detail}");
    assert_eq!(detail, verbose, "-v is --detail");
    assert!(!detail.contains("Obligations across the facilities"));
    assert!(detail.contains("record(s):"), "the totals line");
    let (explained, _) = human(&with(&["-vv"]));
    assert!(explained.len() > detail.len(), "-vv adds the explanations");
}

#[test]
fn quiet_prints_the_problems_and_the_totals_only() {
    let (out, _) = human(&with(&["-q"]));
    assert_eq!(reports(&out), 0);
    assert!(!out.contains("Obligations across"), "{out}");
    assert!(out.contains("F003"), "problems still shown: {out}");
    assert!(out.contains("record(s):"), "{out}");
    let one = human(&[
        "eval",
        "examples/grid-dispatch.yaml",
        "--as-of",
        "2026-11-21",
        "-q",
    ])
    .0;
    assert_eq!(reports(&one), 0);
    assert!(one.contains("1 record(s): 1 evaluated, 0 failed"), "{one}");
}

#[test]
fn one_facility_still_gets_its_full_report() {
    let (out, _) = human(&[
        "eval",
        "examples/grid-dispatch.yaml",
        "--as-of",
        "2026-11-21",
    ]);
    assert_eq!(reports(&out), 1, "{out}");
    assert!(!out.contains("Obligations across"), "{out}");
}

#[test]
fn the_summary_is_in_chinese_with_lang_zh() {
    let (out, _) = human(&with(&["--lang", "zh"]));
    assert!(out.contains("各项义务（按设施计）"), "{out}");
    assert!(out.contains("违反"), "{out}");
    assert!(out.contains("罚款风险最高的设施"), "{out}");
}

#[test]
fn the_progress_bar_is_drawn_on_a_terminal_only() {
    // Not a terminal: nothing but the report's own warnings on stderr.
    let (_, err) = human(&with(&["--format", "jsonl"]));
    assert!(!err.contains("records ·"), "{err}");
    assert!(
        !err.contains('\u{1b}'),
        "no escape codes off a terminal: {err:?}"
    );
    // A terminal (`script` gives the run one), the bar drawn at once.
    let bin = env!("CARGO_BIN_EXE_tiaoli");
    let command = format!(
        "{bin} eval examples/inventory.jsonl --as-of 2026-11-21 --format jsonl > /dev/null"
    );
    let out = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(root())
        .env("TIAOLI_PROGRESS", "always")
        .output()
        .expect("run `script` (util-linux), which gives the run a terminal");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("records ·"),
        "the bar, on the terminal: {text:?}"
    );
}
