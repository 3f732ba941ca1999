//! A draft that never came into force (`status = "draft"`, policies/
//! draft-2017), as a user meets it through `tiaoli eval`: left out of the
//! default (bundled) evaluation; evaluated with `--pack`, every outcome of
//! its rules is marked as a draft's, its fines are reported as the draft's
//! and counted in no exposure, and a date before its publication says it
//! was not yet published, never that it was in force.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test that cannot run the binary or parse its output should fail loudly"
)]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value as Json;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn tiaoli(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_tiaoli"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .expect("run tiaoli");
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    (out.status.code().unwrap_or(-1), text)
}

/// A facility that breaches the draft's art. 23(3) and art. 47, with
/// refusal to correct: under the draft, fines on the operator.
fn facility() -> tempfile::NamedTempFile {
    let mut f = tempfile::Builder::new().suffix(".yaml").tempfile().unwrap();
    std::io::Write::write_all(
        &mut f,
        b"id: draft-probe\nidentified_cii: true\nstate_organ_operator: false\n\
          network_log_retention_months: 2\nunreviewed_procurement_amount_cny: 1000000\n\
          refused_correction: true\n",
    )
    .unwrap();
    f
}

/// `tiaoli eval --pack policies/draft-2017 FACILITY --as-of DATE …`.
fn draft_eval(f: &tempfile::NamedTempFile, as_of: &str, extra: &[&str]) -> String {
    let path = f.path().to_str().unwrap();
    let args = [
        "eval",
        "--pack",
        "policies/draft-2017",
        path,
        "--as-of",
        as_of,
    ];
    tiaoli(&[&args[..], extra].concat()).1
}

#[test]
fn the_default_evaluation_leaves_the_draft_out() {
    let f = facility();
    let (_, out) = tiaoli(&["eval", f.path().to_str().unwrap(), "--as-of", "2026-11-21"]);
    let header = out.lines().next().unwrap();
    assert!(header.contains("decree-745"), "{header}");
    assert!(!out.contains("draft-2017"), "{out}");
}

#[test]
fn every_outcome_of_the_draft_is_marked_and_its_fines_are_in_no_exposure() {
    let f = facility();
    let eval = |extra: &[&str]| draft_eval(&f, "2019-06-01", extra);
    let out = eval(&[]);
    assert!(
        out.lines()
            .next()
            .unwrap()
            .contains("draft-2017 0.1.0 (draft, never in force)"),
        "{out}"
    );
    let log = out
        .lines()
        .find(|l| l.contains("✗ log_retention"))
        .expect(&out);
    assert!(
        log.ends_with("draft-2017 art. 23(1)(3) (draft, never in force)"),
        "{log}"
    );
    // Every citation of the draft carries the mark.
    for line in out.lines().filter(|l| l.contains("draft-2017 art.")) {
        assert!(
            line.contains("draft-2017 art.") && line.contains("(draft, never in force)"),
            "{line}"
        );
    }
    assert!(
        out.contains("a draft's: never in force, counted in no exposure"),
        "{out}"
    );

    let zh = eval(&["--lang", "zh"]);
    assert!(zh.contains("（征求意见稿，未施行）"), "{zh}");

    let json = eval(&["--format", "json"]);
    let j: Json = serde_json::from_str(&json).expect(&json);
    let draft = j["packs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "draft-2017")
        .unwrap();
    assert_eq!(draft["status"], "draft");
    let fac = &j["facilities"][0];
    // Under the draft the operator would be fined (art. 45 escalated, art.
    // 47 on the price); none of it is exposure.
    assert_eq!(fac["exposure"]["min"], "0", "{fac}");
    assert_eq!(fac["exposure"]["max"], "0", "{fac}");
}

#[test]
fn before_its_publication_the_draft_is_not_said_to_have_been_in_force() {
    let f = facility();
    let eval = |extra: &[&str]| draft_eval(&f, "2016-06-01", extra);
    let out = eval(&[]);
    assert!(
        out.contains("draft-2017 is a draft published on 2017-07-10 that never came into force"),
        "{out}"
    );
    assert!(!out.contains("draft-2017 is not in force"), "{out}");
    let json = eval(&["--format", "json"]);
    let j: Json = serde_json::from_str(&json).expect(&json);
    let nif = j["facilities"][0]["not_in_force"].as_array().unwrap();
    let d = nif.iter().find(|p| p["pack"] == "draft-2017").unwrap();
    assert_eq!(d["effective"], Json::Null);
    assert_eq!(d["draft"], true);
    assert_eq!(d["published"], "2017-07-10");
}
