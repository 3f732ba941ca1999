//! Issue 12 part 8 (cli-ux.md B9, B12, B15): one error is reported once,
//! every file given is accounted for, and a failed run keeps the shape of
//! the document it promises.

#![expect(
    clippy::expect_used,
    reason = "a test that cannot set up its files or run the binary should fail loudly"
)]

mod common;
#[path = "support/copy_dir.rs"]
mod copy;
use common::{root, tiaoli};
use copy::copy_dir;

fn json(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).expect("stdout is one JSON document")
}

#[test]
fn a_missing_dependency_is_one_error_not_a_cascade_of_unknown_names() {
    // B9: a sector pack copied without decree-745 gave 1 M002 and 126 N001.
    let dir = tempfile::tempdir().expect("scratch folder");
    let energy = dir.path().join("energy");
    copy_dir(&root().join("policies/sectors/energy"), &energy);
    let energy = energy.to_string_lossy().into_owned();
    let out = tiaoli(&["check", energy.as_str(), "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a missing dependency fails the check"
    );
    let doc = json(&out);
    let codes: Vec<&str> = doc["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["code"].as_str().expect("code"))
        .collect();
    assert!(codes.contains(&"M002"), "{codes:?}");
    assert!(
        codes.iter().all(|c| c.starts_with('M')),
        "only the manifest's errors, no follow-on names: {codes:?}"
    );
    let human = tiaoli(&["check", energy.as_str()]);
    let text = String::from_utf8_lossy(&human.stderr).into_owned()
        + &String::from_utf8_lossy(&human.stdout);
    assert!(
        text.contains("is not checked until it is found"),
        "the M002 says why nothing else is reported: {text}"
    );
}

#[test]
fn a_file_that_cannot_be_read_is_a_failed_record_in_the_json() {
    // B15: `eval a.yaml nope.yaml --format json` left nope.yaml out.
    let out = tiaoli(&[
        "eval",
        "examples/grid-dispatch.yaml",
        "examples/does-not-exist.yaml",
        "--as-of",
        "2026-11-21",
        "--format",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unreadable input is an error"
    );
    let doc = json(&out);
    assert_eq!(doc["summary"]["failed"], 1, "{doc:#}");
    assert_eq!(doc["facilities"].as_array().map(Vec::len), Some(1));
    let text = doc.to_string();
    assert!(text.contains("does-not-exist.yaml"), "{doc:#}");
    assert!(
        text.contains("\"F0"),
        "an F-diagnostic names the file: {doc:#}"
    );
    // In the words `check` uses for a missing path (B14).
    assert!(text.contains("no such file or folder"), "{doc:#}");
}

#[test]
fn a_broken_pack_keeps_the_documented_json_shape() {
    // B12: with a broken `--pack`, `--format json` printed `{"diagnostics"}`
    // alone.
    let dir = tempfile::tempdir().expect("scratch folder");
    let pack = dir.path().join("broken.tiaoli");
    std::fs::write(&pack, "define x: bool = \n").expect("write pack");
    let pack = pack.to_string_lossy().into_owned();
    let out = tiaoli(&[
        "eval",
        "examples/grid-dispatch.yaml",
        "--pack",
        pack.as_str(),
        "--as-of",
        "2026-11-21",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1), "the packs have errors");
    let ok = tiaoli(&[
        "eval",
        "examples/grid-dispatch.yaml",
        "--as-of",
        "2026-11-21",
        "--format",
        "json",
    ]);
    let keys = |v: &serde_json::Value| -> Vec<String> {
        let mut k: Vec<String> = v.as_object().expect("object").keys().cloned().collect();
        k.sort();
        k
    };
    let (broken, good) = (json(&out), json(&ok));
    assert_eq!(keys(&broken), keys(&good), "{broken:#}");
    assert_eq!(broken["facilities"], serde_json::json!([]));
    assert!(
        !broken["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .is_empty(),
        "{broken:#}"
    );
}

#[test]
fn a_facility_id_given_twice_is_warned_about() {
    // B14: duplicate ids were accepted silently.
    let dir = tempfile::tempdir().expect("scratch folder");
    let file = dir.path().join("inventory.jsonl");
    std::fs::write(
        &file,
        "{\"id\":\"a\",\"sector\":\"energy\"}\n{\"id\":\"b\",\"sector\":\"energy\"}\n{\"id\":\"a\",\"sector\":\"water\"}\n",
    )
    .expect("write inventory");
    let path = file.to_string_lossy().into_owned();
    let out = tiaoli(&[
        "eval",
        path.as_str(),
        "--as-of",
        "2026-11-21",
        "--format",
        "jsonl",
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("warning: 1 record(s) repeat a facility id given before (a)"),
        "{err}"
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "a warning, not a failure: {err}"
    );
    let once = tiaoli(&[
        "eval",
        "examples/inventory.jsonl",
        "--as-of",
        "2026-11-21",
        "--format",
        "jsonl",
    ]);
    assert!(!String::from_utf8_lossy(&once.stderr).contains("repeat a facility id"));
}
