//! Issue 9, D10, D12, D16 and P03: what a pack file's text can get wrong
//! gets a located diagnostic, and costs only that file or item: a file that
//! is not UTF-8 (S009), full-width punctuation typed for ASCII (S010),
//! nesting too deep for the parser (S008, at the same place every run),
//! control characters (shown escaped).

#![expect(
    clippy::expect_used,
    reason = "a test that cannot set up its files or run the binary should fail loudly"
)]

mod common;
use common::{root, tiaoli};

use std::path::{Path, PathBuf};

/// A fresh scratch folder for one test.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tiaoli-slips-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch folder");
    dir
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// `check --format json`: the exit status and the diagnostics.
fn check_json(target: &Path) -> (Option<i32>, Vec<serde_json::Value>) {
    let out = tiaoli(&["check", "--format", "json", path(target)]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let diagnostics = json["diagnostics"].as_array().expect("diagnostics").clone();
    (out.status.code(), diagnostics)
}

fn codes(diagnostics: &[serde_json::Value]) -> Vec<&str> {
    diagnostics
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect()
}

#[test]
fn a_file_that_is_not_utf8_is_located_and_the_rest_is_still_checked() {
    let dir = scratch("utf8");
    // A valid manifest: the bundled regulation's, which has no dependencies.
    let manifest = std::fs::read_to_string(root().join("policies/decree-745/tiaoli.toml"))
        .expect("read manifest");
    std::fs::write(dir.join("tiaoli.toml"), manifest).expect("write manifest");
    std::fs::write(dir.join("a.tiaoli"), b"define b: text = \"\xff\"\n").expect("write a");
    std::fs::write(dir.join("b.tiaoli"), "define c: bool = facility.nope\n").expect("write b");
    let (status, diagnostics) = check_json(&dir);
    assert_eq!(status, Some(1));
    assert_eq!(codes(&diagnostics), ["S009", "N001"], "{diagnostics:?}");
    let label = &diagnostics[0]["labels"][0];
    assert_eq!(
        (
            &label["line"],
            &label["column"],
            &label["start"],
            &label["end"]
        ),
        (&1.into(), &19.into(), &18.into(), &19.into())
    );
    assert!(
        diagnostics[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("byte 18 is 0xFF")),
        "{diagnostics:?}"
    );
}

#[test]
fn fmt_reports_a_file_that_is_not_utf8_and_formats_the_others() {
    let dir = scratch("fmt");
    std::fs::write(dir.join("a.tiaoli"), "define a:bool=true\n").expect("write a");
    std::fs::write(dir.join("b.tiaoli"), b"define b: text = \"\xff\"\n").expect("write b");
    std::fs::write(dir.join("c.tiaoli"), "define c:bool=true\n").expect("write c");
    let out = tiaoli(&["fmt", "--check", path(&dir)]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout.contains("a.tiaoli\n") && stdout.contains("c.tiaoli\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("S009") && stdout.contains("b.tiaoli:1:19]"),
        "{stdout}"
    );
    let out = tiaoli(&["fmt", path(&dir)]);
    assert_eq!(out.status.code(), Some(1));
    let c = std::fs::read_to_string(dir.join("c.tiaoli")).expect("read c");
    assert_eq!(
        c, "define c: bool = true\n",
        "the file after the bad one is formatted"
    );
}

#[test]
fn full_width_punctuation_is_named_where_it_is() {
    let dir = scratch("cjk");
    let text = "define a，b: bool = true\n\ndefine 运营者：bool = true\n\ndefine x: bool = f（y）\n\ndefine t: text = “abc”\n\ndefine ok: text = \"“引用”，好\"  // 注释，\n";
    let file = dir.join("cjk.tiaoli");
    std::fs::write(&file, text).expect("write file");
    let (status, diagnostics) = check_json(&file);
    assert_eq!(status, Some(1));
    assert_eq!(codes(&diagnostics), ["S010"; 6], "{diagnostics:?}");
    let first = &diagnostics[0];
    assert_eq!(
        first["message"],
        "found the full-width comma '，' (U+FF0C); use ','"
    );
    let label = &first["labels"][0];
    assert_eq!((&label["line"], &label["column"]), (&1.into(), &9.into()));
    assert_eq!(label["start"], text.find('，').expect("comma"));
    let colon = &diagnostics[1];
    assert_eq!(
        colon["message"],
        "found the full-width colon '：' (U+FF1A); use ':'"
    );
    assert_eq!(
        (&colon["labels"][0]["line"], &colon["labels"][0]["column"]),
        (&3.into(), &11.into())
    );
    assert!(
        diagnostics.iter().all(|d| !d["message"]
            .as_str()
            .is_some_and(|m| m.contains("found `define`"))),
        "{diagnostics:?}"
    );
}

#[test]
fn deep_nesting_is_s008_at_the_same_place_every_run() {
    let dir = scratch("deep");
    let cases = [
        (
            "paren",
            format!(
                "define d: bool = {}true{}\n",
                "(".repeat(100_000),
                ")".repeat(100_000)
            ),
        ),
        (
            "paren30k",
            format!(
                "define d: bool = {}true{}\n",
                "(".repeat(30_000),
                ")".repeat(30_000)
            ),
        ),
        (
            "list",
            format!(
                "define d: bool = {}{}\n",
                "[".repeat(100_000),
                "]".repeat(100_000)
            ),
        ),
        (
            "if",
            format!(
                "define d: bool = {}true{}\n",
                "if true then ".repeat(100_000),
                " else false".repeat(100_000)
            ),
        ),
        (
            "known",
            format!(
                "define d: bool = {}facility.x{}\n",
                "known(".repeat(100_000),
                ")".repeat(100_000)
            ),
        ),
    ];
    for (name, text) in cases {
        let file = dir.join(format!("{name}.tiaoli"));
        std::fs::write(&file, text).expect("write file");
        let first = check_json(&file);
        assert_eq!(first.0, Some(1), "{name}");
        assert_eq!(codes(&first.1), ["S008"], "{name}: {:?}", first.1);
        assert_eq!(first.1[0]["message"], "expression is too large", "{name}");
        let again = check_json(&file);
        assert_eq!(first.1, again.1, "{name}: the same diagnostic on every run");
        // The human report of it renders too (its column may pass 65,535).
        let out = tiaoli(&["check", path(&file)]);
        assert_eq!(out.status.code(), Some(1), "{name}");
    }
}

#[test]
fn a_nul_in_a_pack_file_is_shown_escaped() {
    let file = scratch("nul").join("nul.tiaoli");
    std::fs::write(&file, "define a: bool = \0true\n").expect("write file");
    let out = tiaoli(&["check", path(&file)]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    assert!(!stdout.contains('\0'), "{stdout:?}");
    assert!(stdout.contains("\\u{0}"), "{stdout}");
}
