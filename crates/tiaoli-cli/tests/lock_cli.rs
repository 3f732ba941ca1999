//! `tiaoli lock` and the lockfile honoured, over the real binary, on a
//! scratch copy of decree-745 and the energy pack: locking, `--check`, a
//! dependency edited (check, eval and test refuse it, naming the file), a
//! new version, a dependency dropped, and locking again.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test that cannot run the binary should fail loudly"
)]

mod common;

use std::fs;
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

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            fs::copy(&path, &target).unwrap();
        }
    }
}

/// A scratch `policies/` with decree-745 and energy, energy's lockfile
/// removed (it is written by the test).
fn scratch() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let root = common::root();
    let policies = tmp.path().join("policies");
    copy_dir(
        &root.join("policies/decree-745"),
        &policies.join("decree-745"),
    );
    copy_dir(
        &root.join("policies/sectors/energy"),
        &policies.join("sectors/energy"),
    );
    fs::remove_file(policies.join("sectors/energy/tiaoli.lock")).unwrap();
    tmp
}

#[test]
fn a_locked_dependency_that_changes_is_refused_until_locked_again() {
    let tmp = scratch();
    let dir = tmp.path();
    let lock = dir.join("policies/sectors/energy/tiaoli.lock");

    // Missing: --check fails and writes nothing; lock writes it.
    let out = tiaoli_in(dir, &["lock", "--check"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("energy/tiaoli.lock: missing"),
        "{}",
        text(&out)
    );
    assert!(!lock.exists());
    let out = tiaoli_in(dir, &["lock"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let written = fs::read_to_string(&lock).unwrap();
    assert!(written.contains("name = \"decree-745\""), "{written}");
    // The same bytes as the bundled pack's lockfile: same dependency, same
    // contents.
    let bundled =
        fs::read_to_string(common::root().join("policies/sectors/energy/tiaoli.lock")).unwrap();
    assert_eq!(written, bundled);
    // Its archive digest is the one `tiaoli pack build` prints.
    let out = tiaoli_in(
        dir,
        &["pack", "build", "policies/decree-745", "--out", "dist"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let sha = fs::read_to_string(dir.join("dist/decree-745-1.0.0.tar.sha256")).unwrap();
    let sha = sha.split_whitespace().next().unwrap();
    assert!(
        written.contains(&format!("sha256 = \"{sha}\"")),
        "{written}"
    );
    let out = tiaoli_in(dir, &["lock", "--check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let out = tiaoli_in(dir, &["check", "--deny-warnings"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));

    // One word of the regulation changes: every command refuses energy.
    let duties = dir.join("policies/decree-745/ch3-operator-duties.tiaoli");
    let original = fs::read_to_string(&duties).unwrap();
    fs::write(&duties, original.replacen("同步", "同时", 1)).unwrap();
    let out = tiaoli_in(dir, &["check", "policies/sectors/energy"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let shown = text(&out);
    assert!(shown.contains("M015"), "{shown}");
    assert!(
        shown.contains(
            "`decree-745` 1.0.0 is not the one locked: changed: `ch3-operator-duties.tiaoli`"
        ),
        "{shown}"
    );
    let example = common::root().join("examples/grid-dispatch.yaml");
    let out = tiaoli_in(
        dir,
        &[
            "eval",
            example.to_str().unwrap(),
            "--pack",
            "policies/sectors/energy",
            "--as-of",
            "2026-11-21",
        ],
    );
    assert_ne!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("M015"), "{}", text(&out));
    let out = tiaoli_in(dir, &["test", "policies/sectors/energy"]);
    assert_ne!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("M015"), "{}", text(&out));
    // The regulation alone is not locked to anything: it still checks.
    let out = tiaoli_in(dir, &["check", "policies/decree-745"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));

    let out = tiaoli_in(dir, &["lock", "--check"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("out of date"), "{}", text(&out));
    let out = tiaoli_in(dir, &["lock"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let out = tiaoli_in(dir, &["check", "policies/sectors/energy"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));

    // A new version of the regulation: the version locked is named.
    let manifest = dir.join("policies/decree-745/tiaoli.toml");
    let m = fs::read_to_string(&manifest).unwrap();
    fs::write(
        &manifest,
        m.replacen("version = \"1.0.0\"", "version = \"1.0.1\"", 1),
    )
    .unwrap();
    let out = tiaoli_in(dir, &["check", "policies/sectors/energy"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("`decree-745` is locked at 1.0.0, but 1.0.1 is loaded"),
        "{}",
        text(&out)
    );
}

#[test]
fn a_damaged_lockfile_is_m016_and_a_needless_one_is_removed() {
    let tmp = scratch();
    let dir = tmp.path();
    let lock = dir.join("policies/sectors/energy/tiaoli.lock");
    fs::write(&lock, "format = 1\n[[pack]]\nname = \"decree-745\"\n").unwrap();
    let out = tiaoli_in(
        dir,
        &["check", "--format", "json", "policies/sectors/energy"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("\"M016\""), "{}", text(&out));
    // `tiaoli lock` mends it.
    let out = tiaoli_in(dir, &["lock"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let out = tiaoli_in(dir, &["check", "policies/sectors/energy"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));

    // The regulation given a lockfile although it depends on nothing: stale
    // (it locks a pack it does not depend on); `tiaoli lock` removes it.
    let needless = dir.join("policies/decree-745/tiaoli.lock");
    fs::copy(&lock, &needless).unwrap();
    let out = tiaoli_in(dir, &["check", "policies/decree-745"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out)
            .contains("the lockfile locks `decree-745`, which `decree-745` no longer depends on"),
        "{}",
        text(&out)
    );
    let out = tiaoli_in(dir, &["lock", "policies/decree-745"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(!needless.exists());
}

#[test]
fn the_bundled_packs_lockfiles_are_up_to_date() {
    let out = common::tiaoli(&["lock", "--check", "policies"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains("sectors/energy/tiaoli.lock: up to date"),
        "{}",
        text(&out)
    );
}
