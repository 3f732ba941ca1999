//! `tiaoli test` and the editor's test lens (`tiaoli_ide::run_test`) run
//! pack tests through the same database: on the bundled packs and on a
//! scratch pack whose tests pass, fail, read a `given file` and cannot use
//! one, every test gets the same verdict from both.

#![expect(
    clippy::expect_used,
    reason = "a test that cannot run the binary or write its files should fail loudly"
)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tiaoli_db::Database;
use tiaoli_syntax::ast::Item;
use tiaoli_workspace::Disk;

mod common;
use common::{root, tiaoli};

const AS_OF: &str = "2025-06-01";

/// Each test's verdict, by `pack::name`, as `tiaoli test` prints it.
fn cli_verdicts(path: &Path) -> BTreeMap<String, bool> {
    // Every pack's tests, the dependencies' too, as the lens runs them.
    let out = tiaoli(&[
        "test",
        path.to_str().expect("UTF-8"),
        "--as-of",
        AS_OF,
        "--include-deps",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let verdicts: BTreeMap<String, bool> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("test "))
        .filter_map(|l| {
            let (name, verdict) = l.split_once(" ... ")?;
            Some((name.to_owned(), verdict == "ok"))
        })
        .collect();
    let failed = verdicts.values().filter(|ok| !**ok).count();
    assert_eq!(out.status.code(), Some(i32::from(failed > 0)), "{stdout}");
    verdicts
}

/// Each test's verdict as its lens gives it, run on the disk.
fn lens_verdicts(path: &Path) -> BTreeMap<String, bool> {
    let layout = tiaoli_workspace::discover(&Disk, &[path.to_path_buf()]).expect("discover");
    let db = Database::from_layout(layout);
    let as_of: jiff::civil::Date = AS_OF.parse().expect("date");
    let mut out = BTreeMap::new();
    for pack in db.packs() {
        for &file in &pack.files {
            let parse = db.parse(file).expect("not cancelled");
            for item in &parse.file.items {
                let Item::Test(t) = item else { continue };
                let run = tiaoli_ide::run_test(&db, &Disk, file, &t.name.value, as_of)
                    .expect("not cancelled")
                    .expect("the test");
                out.insert(format!("{}::{}", pack.ident, t.name.value), run.passed);
            }
        }
    }
    out
}

#[test]
fn the_bundled_packs_tests_get_the_same_verdicts() {
    let policies = root().join("policies");
    let cli = cli_verdicts(&policies);
    assert!(cli.len() > 100, "{cli:?}");
    assert_eq!(lens_verdicts(&policies), cli);
}

#[cfg(unix)]
#[test]
fn passing_failing_and_given_file_tests_get_the_same_verdicts() {
    let dir = scratch();
    let cli = cli_verdicts(&dir);
    let ours = |name: &str| cli.get(&format!("probe::{name}")).copied();
    assert_eq!(ours("inline passes"), Some(true));
    assert_eq!(ours("inline fails"), Some(false));
    assert_eq!(ours("file passes"), Some(true));
    assert_eq!(ours("file fails"), Some(false));
    assert_eq!(ours("file missing"), Some(false));
    assert_eq!(ours("file outside"), Some(false));
    assert_eq!(lens_verdicts(&dir), cli);
    let _ = std::fs::remove_dir_all(dir.parent().expect("top"));
}

/// A pack over the real Decree 745 (the hostile corpus's P28 probe
/// manifest, its `../decree-745` a link to the real pack) with tests of
/// each kind.
#[cfg(unix)]
fn scratch() -> PathBuf {
    let top = std::env::temp_dir().join(format!("tiaoli-lens-agree-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&top);
    let dir = top.join("probe");
    std::fs::create_dir_all(dir.join("facilities")).expect("temp dir");
    let decree = root().join("policies/decree-745");
    std::os::unix::fs::symlink(
        decree.canonicalize().expect("decree"),
        top.join("decree-745"),
    )
    .expect("link the decree");
    let manifest = root().join("tests/hostile/P28-given-file/probe/tiaoli.toml");
    std::fs::copy(manifest, dir.join("tiaoli.toml")).expect("copy manifest");
    let inline = |name: &str, expect: bool| {
        format!(
            "test \"{name}\" {{\n  as_of 2026-11-21\n  given {{\n    identified_cii = true\n  }}\n  expect decree_745::cii is {expect}\n}}\n\n"
        )
    };
    let file = |name: &str, path: &str, expect: bool| {
        format!(
            "test \"{name}\" {{\n  given file \"{path}\"\n  expect decree_745::cii is {expect}\n}}\n\n"
        )
    };
    let tests = [
        inline("inline passes", true),
        inline("inline fails", false),
        file("file passes", "facilities/cii.yaml", true),
        file("file fails", "facilities/cii.yaml", false),
        file("file missing", "facilities/nope.yaml", true),
        file("file outside", "../outside.yaml", true),
    ]
    .concat();
    std::fs::write(dir.join("tests.tiaoli"), tests).expect("write tests");
    let one = "identified_cii: true\nsector: energy\n";
    std::fs::write(dir.join("facilities/cii.yaml"), one).expect("write");
    std::fs::write(dir.join("../outside.yaml"), one).expect("write");
    dir
}
