//! `tiaoli eval` on facility files whose text is hostile or slightly broken
//! (issue 9): control characters in facility values never reach the
//! terminal raw (D15), and a trailing comma after the last record of a JSON
//! array costs no record (D17).

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test that cannot write its input or parse the output should fail loudly"
)]

mod common;
use common::tiaoli;

use std::path::{Path, PathBuf};

fn write(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tiaoli-untrusted-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn eval(path: &Path, extra: &[&str]) -> (String, String, Option<i32>) {
    let mut args = vec!["eval", path.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = tiaoli(&args);
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code(),
    )
}

#[test]
fn control_characters_in_facility_values_are_written_out() {
    // The review's reproduction: an id that clears the screen, and a name
    // that forges a second line.
    let path = write(
        "ansi.jsonl",
        "{\"id\":\"x\\u001b[2Jcleared\",\"name\":\"a\\n  ✓ all duties satisfied\"}\n",
    );
    for extra in [&[][..], &["--explain"][..], &["--lang", "zh"][..]] {
        let (stdout, stderr, _) = eval(&path, extra);
        assert!(!stdout.contains('\u{1b}'), "{extra:?}: {stdout}");
        assert!(!stderr.contains('\u{1b}'), "{extra:?}: {stderr}");
        assert!(
            stdout.contains("x\\u{1b}[2Jcleared · a\\n  ✓ all duties satisfied"),
            "{extra:?}: {stdout}"
        );
        assert!(
            !stdout
                .lines()
                .any(|l| l.trim_start().starts_with("✓ all duties")),
            "a forged line: {stdout}"
        );
    }
}

#[test]
fn chinese_names_print_as_they_are() {
    let path = write(
        "zh.jsonl",
        "{\"id\":\"设施一\",\"name\":\"中文名称（试点）\"}\n",
    );
    let (stdout, _, _) = eval(&path, &[]);
    assert!(stdout.contains("━━ 设施一 · 中文名称（试点）"), "{stdout}");
}

#[test]
fn diagnostics_quoting_facility_text_write_controls_out() {
    // An unknown key with an escape sequence in it (quoted in the message),
    // and a raw ESC byte in the file (shown in the source snippet).
    let path = write(
        "keys.jsonl",
        "{\"id\":\"a\",\"bad\\u001b[31mkey\":1}\n{\"id\":\"b\u{1b}[2J\"}\n",
    );
    let (stdout, stderr, code) = eval(&path, &[]);
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    let all = format!("{stdout}{stderr}");
    assert!(!all.contains('\u{1b}'), "{all}");
    assert!(all.contains("bad\\u{1b}[31mkey"), "{all}");
    // JSON output escapes them its own way and stays valid JSON.
    let (json, _, _) = eval(&path, &["--format", "json"]);
    assert!(!json.contains('\u{1b}'));
    let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(
        parsed["diagnostics"].to_string().contains("\\u001b"),
        "{json}"
    );
}

#[test]
fn a_trailing_comma_after_the_last_record_loses_no_record() {
    let path = write("trailing.json", "[{\"id\":\"a\"},{\"id\":\"b\"},]");
    let (json, stderr, code) = eval(&path, &["--format", "json"]);
    assert_eq!(code, Some(1), "not valid JSON: {json}{stderr}");
    let out: serde_json::Value = serde_json::from_str(&json).unwrap();
    let ids: Vec<&str> = out["facilities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["a", "b"]);
    assert_eq!(out["summary"]["evaluated"], 2);
    let diags = out["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0]["code"], "F001");
    assert_eq!(diags[0]["message"], "a comma before the closing bracket");
    let label = &diags[0]["labels"][0];
    assert_eq!((&label["line"], &label["column"]), (&1.into(), &23.into()));
    assert_eq!((&label["start"], &label["end"]), (&22.into(), &23.into()));
}
