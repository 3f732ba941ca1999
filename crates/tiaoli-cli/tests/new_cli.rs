//! `tiaoli new sector-pack` over the real binary: the scaffold checks with
//! --deny-warnings, tests and formats clean, its tests decide both ways;
//! a used folder, a bad name and an unknown sector are refused (exit 2).

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test that cannot run the binary should fail loudly"
)]

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn tiaoli_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tiaoli"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run tiaoli")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A scratch `policies/` holding a copy of decree-745, as a project has.
fn project() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let from = common::root().join("policies/decree-745");
    let to = tmp.path().join("policies/decree-745");
    std::fs::create_dir_all(&to).unwrap();
    for entry in std::fs::read_dir(&from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
    tmp
}

#[test]
fn a_new_sector_pack_checks_and_tests_clean() {
    let tmp = project();
    let dir = tmp.path();
    let out = tiaoli_in(
        dir,
        &[
            "new",
            "sector-pack",
            "water",
            "--dir",
            "policies/sectors/water",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("created sector pack `water`"));
    let pack = dir.join("policies/sectors/water");
    let manifest = std::fs::read_to_string(pack.join("tiaoli.toml")).unwrap();
    assert!(manifest.contains("kind = \"sector\""));
    assert!(manifest.contains("model = true"));
    // Found above the new folder, and named by a path relative to it.
    assert!(
        manifest.contains("decree-745 = { version = \"^1.0\", path = \"../../decree-745\" }"),
        "{manifest}"
    );
    let rules = std::fs::read_to_string(pack.join("identification.tiaoli")).unwrap();
    assert!(rules.contains("implement decree_745::identification_rules for .water {"));
    for factor in ["core_business", "harm", "cross_sector"] {
        assert!(rules.contains(&format!("factor {factor} = ")), "{factor}");
    }
    let readme = std::fs::read_to_string(pack.join("README.md")).unwrap();
    assert!(readme.contains("Art. 9 para. 2"));
    assert!(readme.contains("tiaoli check policies/sectors/water --deny-warnings"));
    assert!(!readme.contains("{{") && !rules.contains("{{") && !manifest.contains("{{"));

    let check = tiaoli_in(dir, &["check", "policies/sectors/water", "--deny-warnings"]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stdout));
    let fmt = tiaoli_in(dir, &["fmt", "--check", "policies/sectors/water"]);
    assert_eq!(fmt.status.code(), Some(0), "{}", text(&fmt.stdout));
    let test = tiaoli_in(dir, &["test", "policies/sectors/water"]);
    let shown = text(&test.stdout);
    assert_eq!(test.status.code(), Some(0), "{shown}");
    assert!(
        shown.contains("test water::key core business with serious harm is a candidate ... ok")
    );
    assert!(shown.contains("test water::medium importance is not key core business ... ok"));
    // Both sides of the decision: `candidate` true and false among the
    // scaffold's tests.
    let tests = std::fs::read_to_string(pack.join("tests.tiaoli")).unwrap();
    assert!(tests.contains("expect candidate is true"));
    assert!(tests.contains("expect candidate is false"));
    // With the whole folder, as `tiaoli check` finds packs by default.
    let all = tiaoli_in(dir, &["check", "--deny-warnings"]);
    assert_eq!(all.status.code(), Some(0), "{}", text(&all.stdout));
    // Coverage sees the new rules tested by the new tests.
    let cov = tiaoli_in(
        dir,
        &["coverage", "policies/sectors/water", "--format", "json"],
    );
    let doc: serde_json::Value = serde_json::from_slice(&cov.stdout).unwrap();
    let water = doc["packs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "water")
        .unwrap();
    assert_eq!(water["totals"]["rules_tested"], 1);
    assert_eq!(water["totals"]["tests_passed"], 5);
}

#[test]
fn the_sector_and_the_regulation_can_be_named() {
    let tmp = project();
    let dir = tmp.path();
    let out = tiaoli_in(
        dir,
        &[
            "new",
            "sector-pack",
            "grid-rules",
            "--sector",
            "energy",
            "--regulation",
            "policies/decree-745",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let manifest = std::fs::read_to_string(dir.join("grid-rules/tiaoli.toml")).unwrap();
    assert!(
        manifest.contains("path = \"../policies/decree-745\""),
        "{manifest}"
    );
    let check = tiaoli_in(dir, &["check", "grid-rules", "--deny-warnings"]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stdout));
    let test = tiaoli_in(dir, &["test", "grid-rules"]);
    assert_eq!(test.status.code(), Some(0), "{}", text(&test.stdout));
}

#[test]
fn refusals_exit_2_with_a_clear_error() {
    let tmp = project();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("used")).unwrap();
    std::fs::write(dir.join("used/notes.txt"), "mine").unwrap();
    let cases: [(&[&str], &str); 5] = [
        (
            &["new", "sector-pack", "water", "--dir", "used"],
            "used exists and is not empty",
        ),
        (
            &["new", "sector-pack", "Water_Rules"],
            "invalid pack name `Water_Rules`",
        ),
        (
            &["new", "sector-pack", "rules", "--sector", "watr"],
            "`watr` is not a sector of decree-745; did you mean `water`?",
        ),
        (
            &["new", "sector-pack", "rules"],
            "`rules` is not a sector of decree-745: name one with --sector",
        ),
        (
            &["new", "sector-pack", "water", "--regulation", "nowhere"],
            "cannot read the regulation pack nowhere",
        ),
    ];
    for (args, message) in cases {
        let out = tiaoli_in(dir, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = text(&out.stderr);
        assert!(err.contains(message), "{args:?}: {err}");
    }
    // The pack name's help says what to write.
    let out = tiaoli_in(dir, &["new", "sector-pack", "Water_Rules"]);
    assert!(text(&out.stderr).contains("write `water-rules`"));
    // Nothing was written by a refusal.
    assert_eq!(std::fs::read_dir(dir.join("used")).unwrap().count(), 1);
    for made in ["water", "rules", "Water_Rules"] {
        assert!(!dir.join(made).exists(), "{made}");
    }
    // Without a regulation anywhere above: say how to give one.
    let bare = tempfile::tempdir().unwrap();
    let out = tiaoli_in(bare.path(), &["new", "sector-pack", "water"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("give it with --regulation"));
    assert!(!bare.path().join("water").exists());
}

#[test]
fn help_shows_examples() {
    let out = common::tiaoli(&["new", "sector-pack", "--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = text(&out.stdout);
    assert!(help.contains("Examples:"));
    assert!(help.contains("tiaoli new sector-pack water --dir policies/sectors/water"));
    let out = common::tiaoli(&["coverage", "--help"]);
    assert!(text(&out.stdout).contains("tiaoli coverage --format json"));
}
