//! Issue 9, D11 and D16: pack files are read as they are on disk. In a
//! CRLF file every `start`/`end` of `check --format json` is a byte offset
//! into the file, and `fmt` keeps the file's line ending; a leading UTF-8
//! byte-order mark is skipped (offsets still count it).

#![expect(
    clippy::expect_used,
    reason = "a test that cannot set up its files or run the binary should fail loudly"
)]

mod common;
use common::{root, tiaoli};

use std::path::{Path, PathBuf};

/// A fresh scratch folder for one test.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tiaoli-crlf-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch folder");
    dir
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn json_offsets_in_a_crlf_file_are_offsets_into_the_file() {
    let source = "define x: bool = facility.nope\r\ndefine y: bool = facility.nope2\r\n";
    let file = scratch("offsets").join("crlf.tiaoli");
    std::fs::write(&file, source).expect("write file");
    let out = tiaoli(&["check", "--format", "json", path(&file)]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let nope2 = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["message"].as_str().is_some_and(|m| m.contains("nope2")))
        .expect("the diagnostic of nope2");
    let label = &nope2["labels"][0];
    let start = source.find("nope2").expect("nope2");
    assert_eq!(label["start"], start);
    assert_eq!(label["end"], start + 5);
    assert_eq!(
        (label["line"].clone(), label["column"].clone()),
        (2.into(), 27.into())
    );
    assert_eq!(&source[start..start + 5], "nope2");
}

#[test]
fn fmt_keeps_a_crlf_file_crlf_and_check_then_finds_nothing() {
    let file = scratch("fmt").join("defs.tiaoli");
    std::fs::write(
        &file,
        "define a:bool=true // why\r\n\r\n\r\ndefine b: text = \"\"\"one\r\ntwo\"\"\"\r\n",
    )
    .expect("write file");
    let out = tiaoli(&["fmt", path(&file)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let formatted = std::fs::read_to_string(&file).expect("read back");
    assert_eq!(
        formatted,
        "define a: bool = true  // why\r\n\r\ndefine b: text = \"\"\"one\r\ntwo\"\"\"\r\n"
    );
    let out = tiaoli(&["fmt", "--check", path(&file)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
}

/// Every file of a copy of `policies/`, manifests included, with CRLF.
fn crlf_policies(dir: &Path) -> PathBuf {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).expect("create folder");
        for entry in std::fs::read_dir(from).expect("read folder") {
            let entry = entry.expect("entry").path();
            let target = to.join(entry.file_name().expect("name"));
            if entry.is_dir() {
                copy(&entry, &target);
            } else if entry
                .extension()
                .is_some_and(|e| e == "tiaoli" || e == "toml")
            {
                let lf = std::fs::read_to_string(&entry).expect("read file");
                std::fs::write(&target, lf.replace('\n', "\r\n")).expect("write file");
            } else {
                std::fs::copy(&entry, &target).expect("copy file");
            }
        }
    }
    let to = dir.join("policies");
    copy(&root().join("policies"), &to);
    to
}

#[test]
fn the_bundled_packs_in_crlf_check_test_and_format_clean() {
    let policies = crlf_policies(&scratch("policies"));
    // Other bytes than the ones locked: every lockfile is stale (M015)
    // until locked again (`.gitattributes` keeps Git from doing this).
    let out = tiaoli(&["check", "--format", "json", path(&policies)]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    assert!(
        text(&out.stdout).contains("\"M015\""),
        "{}",
        text(&out.stdout)
    );
    let out = tiaoli(&["lock", path(&policies)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = tiaoli(&["check", "--deny-warnings", path(&policies)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    let out = tiaoli(&["fmt", "--check", path(&policies)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    let out = tiaoli(&["test", path(&policies)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
}

#[test]
fn a_byte_order_mark_is_skipped_and_kept_by_fmt() {
    let file = scratch("bom").join("b.tiaoli");
    std::fs::write(&file, "\u{feff}define x: bool = true\n").expect("write file");
    let out = tiaoli(&["check", "--format", "json", path(&file)]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let codes: Vec<&str> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert_eq!(codes, ["W002"], "only the unused definition: {json}");
    let label = &json["diagnostics"][0]["labels"][0];
    // `x` is byte 10 (after the three bytes of the mark), column 8.
    assert_eq!(
        (label["start"].clone(), label["column"].clone()),
        (10.into(), 8.into())
    );
    let out = tiaoli(&["fmt", "--check", path(&file)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    std::fs::write(&file, "\u{feff}define x:bool=true\n").expect("write file");
    let out = tiaoli(&["fmt", path(&file)]);
    assert_eq!(out.status.code(), Some(0));
    let formatted = std::fs::read_to_string(&file).expect("read back");
    assert_eq!(formatted, "\u{feff}define x: bool = true\n");
}
