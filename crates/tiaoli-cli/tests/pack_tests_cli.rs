//! Issue 12 part 7: `tiaoli test` picks tests by name, shows every
//! expectation on request, and tests the packs asked for, not their
//! dependencies.

#![expect(
    clippy::expect_used,
    reason = "a test that cannot run the binary should fail loudly"
)]

mod common;
use common::tiaoli;

fn json(args: &[&str]) -> serde_json::Value {
    let out = tiaoli(args);
    serde_json::from_slice(&out.stdout).expect("one JSON document")
}

fn packs_of(doc: &serde_json::Value) -> Vec<String> {
    let mut packs: Vec<String> = doc["tests"]
        .as_array()
        .expect("tests")
        .iter()
        .map(|t| t["pack"].as_str().expect("pack").to_owned())
        .collect();
    packs.dedup();
    packs
}

#[test]
fn a_sector_pack_is_tested_without_its_dependencys_tests_unless_asked() {
    let base = [
        "test",
        "policies/sectors/energy",
        "--as-of",
        "2026-11-21",
        "--format",
        "json",
    ];
    let alone = json(&base);
    assert_eq!(packs_of(&alone), ["energy"], "{alone:#}");
    let with: Vec<&str> = base.iter().copied().chain(["--include-deps"]).collect();
    let with = json(&with);
    let packs = packs_of(&with);
    assert!(packs.contains(&"decree_745".to_owned()), "{packs:?}");
    assert!(packs.contains(&"energy".to_owned()), "{packs:?}");
    let count = |d: &serde_json::Value| d["tests"].as_array().map_or(0, Vec::len);
    assert!(count(&with) > count(&alone));
}

#[test]
fn a_filter_runs_only_the_tests_whose_name_contains_it() {
    let all = json(&[
        "test",
        "policies/sectors/energy",
        "--as-of",
        "2026-11-21",
        "--format",
        "json",
    ]);
    let picked = json(&[
        "test",
        "policies/sectors/energy",
        "--as-of",
        "2026-11-21",
        "--format",
        "json",
        "--filter",
        "medium importance",
    ]);
    let names: Vec<&str> = picked["tests"]
        .as_array()
        .expect("tests")
        .iter()
        .map(|t| t["test"].as_str().expect("name"))
        .collect();
    assert!(!names.is_empty());
    assert!(
        names.iter().all(|n| n.contains("medium importance")),
        "{names:?}"
    );
    let total = all["tests"].as_array().map_or(0, Vec::len);
    assert_eq!(
        picked["summary"]["filtered_out"].as_u64(),
        Some((total - names.len()) as u64)
    );
    let human = tiaoli(&[
        "test",
        "policies/sectors/energy",
        "--as-of",
        "2026-11-21",
        "--filter",
        "no test is called this",
    ]);
    let out = String::from_utf8_lossy(&human.stdout);
    assert!(
        out.contains(&format!("0 passed, 0 failed, {total} filtered out")),
        "{out}"
    );
    assert!(String::from_utf8_lossy(&human.stderr).contains("no test name contains"));
}

#[test]
fn verbose_lists_every_expectation_with_its_value() {
    let quiet = tiaoli(&["test", "policies/sectors/energy", "--as-of", "2026-11-21"]);
    let verbose = tiaoli(&[
        "test",
        "policies/sectors/energy",
        "--as-of",
        "2026-11-21",
        "-v",
    ]);
    let (quiet, verbose) = (
        String::from_utf8_lossy(&quiet.stdout).into_owned(),
        String::from_utf8_lossy(&verbose.stdout).into_owned(),
    );
    assert!(!quiet.contains("tests.tiaoli:"), "{quiet}");
    let lines: Vec<&str> = verbose
        .lines()
        .filter(|l| l.contains("tests.tiaoli:"))
        .collect();
    assert!(
        lines.len() >= 35,
        "at least one expectation per test: {verbose}"
    );
    assert!(
        lines.iter().all(|l| l.trim_start().starts_with("ok")),
        "{verbose}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.ends_with(" true") || l.ends_with(" false") || l.contains("unknown")),
        "each line shows the value: {verbose}"
    );
}
