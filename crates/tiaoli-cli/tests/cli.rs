//! The `tiaoli` binary as a user runs it: exit statuses, the bundled packs,
//! and the rendering of diagnostics (human and JSON) with Chinese text.

#![expect(
    clippy::expect_used,
    reason = "a test that cannot run the binary should fail loudly"
)]

use std::process::Output;

mod common;
use common::{root, tiaoli};

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

const BROKEN: &str = "crates/tiaoli-cli/tests/fixtures/broken.tiaoli";
const CLEAN: &str = "crates/tiaoli-cli/tests/fixtures/clean.tiaoli";

#[test]
fn the_bundled_packs_check_clean() {
    let out = tiaoli(&["check", "--deny-warnings"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("no problems"), "{text}");
}

#[test]
fn the_bundled_packs_are_formatted() {
    let out = tiaoli(&["fmt", "--check", "policies"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn exit_status_says_what_happened() {
    assert_eq!(tiaoli(&["check", CLEAN]).status.code(), Some(0));
    assert_eq!(tiaoli(&["check", BROKEN]).status.code(), Some(1));
    assert_eq!(tiaoli(&["check", "no/such/path"]).status.code(), Some(2));
    assert_eq!(
        tiaoli(&["check", "--format", "yaml"]).status.code(),
        Some(2)
    );
    assert_eq!(tiaoli(&["explain", "N001"]).status.code(), Some(0));
    assert_eq!(tiaoli(&["explain", "X999"]).status.code(), Some(2));
}

#[test]
fn warnings_fail_only_when_denied() {
    let dir = std::env::temp_dir().join(format!("tiaoli-warn-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("warn.tiaoli");
    std::fs::write(&file, "fact unused: bool { zh \"未使用\" en \"unused\" }\n").unwrap();
    let f = file.to_str().unwrap();
    assert_eq!(tiaoli(&["check", f]).status.code(), Some(0));
    assert_eq!(
        tiaoli(&["check", "--deny-warnings", f]).status.code(),
        Some(1)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_broken_file_shows_several_coded_labelled_diagnostics() {
    let out = tiaoli(&["check", "--color", "never", BROKEN]);
    insta::assert_snapshot!("broken_human", stdout(&out));
}

#[test]
fn json_output_has_codes_severities_and_positions() {
    let out = tiaoli(&["check", "--format", "json", BROKEN]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let diags = json["diagnostics"].as_array().expect("a diagnostics array");
    assert!(diags.len() >= 4, "{json:#}");
    for d in diags {
        for key in ["code", "severity", "message", "file", "labels"] {
            assert!(!d[key].is_null(), "missing `{key}` in {d}");
        }
        for l in d["labels"].as_array().unwrap() {
            for key in ["line", "column", "start", "end"] {
                assert!(l[key].is_u64(), "label without `{key}`: {l}");
            }
        }
    }
    insta::assert_json_snapshot!("broken_json", json);
}

#[test]
fn columns_count_chinese_characters_not_bytes() {
    let out = tiaoli(&["check", "--format", "json", BROKEN]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = std::fs::read_to_string(root().join(BROKEN)).unwrap();
    let unknown = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("最近评估日`"))
        .expect("the unknown fact is reported");
    let label = &unknown["labels"][0];
    let start = label["start"].as_u64().unwrap() as usize;
    assert_eq!(
        &text[start..label["end"].as_u64().unwrap() as usize],
        "最近评估日"
    );
    let line = text
        .lines()
        .nth(label["line"].as_u64().unwrap() as usize - 1)
        .unwrap();
    let col = label["column"].as_u64().unwrap() as usize;
    assert_eq!(
        line.chars().skip(col - 1).take(5).collect::<String>(),
        "最近评估日"
    );
}

#[test]
fn explain_shows_an_article_in_both_languages_with_its_rules() {
    let out = tiaoli(&["explain", "art17"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.contains("第17条"), "{text}");
    assert!(
        text.contains("运营者应当自行或者委托网络安全服务机构"),
        "the official text: {text}"
    );
    assert!(text.contains("decree-745 art. 17"), "{text}");
    assert!(
        text.contains("obligation annual_assessment"),
        "its rules: {text}"
    );
    assert!(
        text.contains("facility.last_assessment_date"),
        "what a rule reads: {text}"
    );
    assert!(
        text.contains("general_noncompliance"),
        "what reads it (art. 39): {text}"
    );
}

#[test]
fn explain_shows_a_rule_and_a_text_only_article() {
    let rule = stdout(&tiaoli(&["explain", "procurement_review_penalty"]));
    assert!(
        rule.contains("penalty `procurement_review_penalty`"),
        "{rule}"
    );
    assert!(rule.contains("times sum("), "its definition: {rule}");
    let text_only = stdout(&tiaoli(&["explain", "art1"]));
    assert!(
        text_only.contains("imposes nothing checkable"),
        "{text_only}"
    );
    assert_eq!(tiaoli(&["explain", "no_such_rule"]).status.code(), Some(2));
}

#[test]
fn check_fix_writes_the_suggested_names_and_checks_again() {
    // cli-ux.md §2 "Autofix": the did-you-mean replacements are written.
    let dir = tempfile::tempdir().expect("scratch folder");
    let file = dir.path().join("rules.tiaoli");
    let text = "fact last_assessment_date: date { zh \"上次检测评估日期\" en \"date of the last assessment\" }\n\
                define overdue: bool = as_of > facility.last_assesment_date + 1 year\n\
                define again: bool = overdue and facility.last_assesment_date < as_of\n";
    std::fs::write(&file, text).expect("write pack");
    let path = file.to_string_lossy().into_owned();
    let before = tiaoli(&["check", path.as_str()]);
    assert_eq!(before.status.code(), Some(1), "{}", stdout(&before));
    let out = tiaoli(&["check", "--fix", path.as_str()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("replace with `last_assessment_date`"), "{err}");
    assert!(err.contains("2 fix(es) written"), "{err}");
    let fixed = std::fs::read_to_string(&file).expect("read pack");
    assert_eq!(
        fixed,
        text.replace("last_assesment_date", "last_assessment_date")
    );
    assert!(
        !stdout(&out).contains("N001"),
        "checked again: {}",
        stdout(&out)
    );
}
