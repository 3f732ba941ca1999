//! `given file "…"` in pack tests, through `tiaoli test` on a scratch pack
//! (issue 9 item 2; reliability review P28): a file the test cannot use is
//! T010 at the path, saying why — missing, a folder, a pipe, too large,
//! binary, not UTF-8, outside the pack (`/dev/zero`, `/etc/passwd` through
//! a link, `../`), no record or several — and the run ends promptly with
//! exit 1, never a panic, never "its facts do not fit the schema".

#![expect(
    clippy::expect_used,
    clippy::panic,
    reason = "a test that cannot run the binary or write its files should fail loudly"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::{root, tiaoli};

/// A fresh advisory pack depending on the real Decree 745, with
/// `tests.tiaoli` holding `tests`.
fn pack(name: &str, tests: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tiaoli-given-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("facilities")).expect("temp dir");
    let decree = root()
        .join("policies/decree-745")
        .canonicalize()
        .expect("policies/decree-745");
    std::fs::write(
        dir.join("tiaoli.toml"),
        format!(
            "[pack]\nname = \"given-tests\"\nversion = \"0.1.0\"\nkind = \"advisory\"\n\
             effective = \"2021-09-01\"\n\n[pack.title]\nzh = \"测试\"\nen = \"Tests\"\n\n\
             [pack.issuer]\nzh = \"测试\"\nen = \"Tests\"\n\n[dependencies]\n\
             decree-745 = {{ version = \"^1.0\", path = \"{}\" }}\n",
            decree.display()
        ),
    )
    .expect("write manifest");
    std::fs::write(dir.join("tests.tiaoli"), tests).expect("write tests");
    dir
}

/// A test of `path` that would pass on a facility identified as CII.
fn test_of(name: &str, path: &str) -> String {
    format!(
        "test \"{name}\" {{\n  as_of 2026-11-21\n  given file \"{path}\"\n  expect decree_745::cii is true\n}}\n"
    )
}

/// `tiaoli test DIR`, killed (and the test failed) if it has not ended
/// within a minute: a read of a whole device would not end.
fn run_test(dir: &Path) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tiaoli"))
        .arg("test")
        .arg(dir)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run tiaoli test");
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("`tiaoli test` did not end within a minute");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

const ONE: &str = "identified_cii: true\nsector: energy\n";

#[test]
fn each_unusable_given_file_is_t010_saying_why() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "missing",
            "facilities/nope.yaml",
            "`given file` `facilities/nope.yaml` does not exist",
        ),
        (
            "folder",
            "facilities",
            "`given file` `facilities` is a folder, not a file",
        ),
        (
            "zero",
            "/dev/zero",
            "`given file` `/dev/zero` is outside the pack folder",
        ),
        (
            "passwd",
            "facilities/passwd.yaml",
            "`given file` `facilities/passwd.yaml` is outside the pack folder",
        ),
        (
            "up",
            "../elsewhere.yaml",
            "`given file` `../elsewhere.yaml` is outside the pack folder",
        ),
        (
            "big",
            "facilities/big.yaml",
            "`given file` `facilities/big.yaml` is larger than 1 MiB",
        ),
        (
            "binary",
            "facilities/bin.yaml",
            "`given file` `facilities/bin.yaml` is binary, not a facility file (a NUL byte at offset 3)",
        ),
        (
            "latin1",
            "facilities/latin1.yaml",
            "`given file` `facilities/latin1.yaml` is not UTF-8 text (an invalid byte at offset 6)",
        ),
        (
            "empty",
            "facilities/empty.yaml",
            "`given file` `facilities/empty.yaml` holds no facility",
        ),
        (
            "documents",
            "facilities/two.yaml",
            "`given file` `facilities/two.yaml` holds more than one facility",
        ),
        (
            "lines",
            "facilities/two.jsonl",
            "`given file` `facilities/two.jsonl` holds more than one facility",
        ),
        (
            "array",
            "facilities/two.json",
            "`given file` `facilities/two.json` holds more than one facility",
        ),
    ];
    let tests: String = cases.iter().map(|(n, p, _)| test_of(n, p)).collect();
    let dir = pack(
        "unusable",
        &format!("{tests}{}", test_of("one", "facilities/one.yaml")),
    );
    let f = dir.join("facilities");
    std::fs::write(f.join("one.yaml"), ONE).expect("write");
    // 2 MiB of a valid YAML value: only the cap refuses it.
    std::fs::write(
        f.join("big.yaml"),
        format!("name: {}\n", "a".repeat(2 << 20)),
    )
    .expect("write");
    std::fs::write(f.join("bin.yaml"), b"id:\0\x01\x02").expect("write");
    std::fs::write(f.join("latin1.yaml"), b"name: \xe9t\xe9\n").expect("write");
    std::fs::write(f.join("empty.yaml"), "").expect("write");
    std::fs::write(f.join("two.yaml"), format!("{ONE}---\n{ONE}")).expect("write");
    let line = "{\"identified_cii\":true}\n";
    std::fs::write(f.join("two.jsonl"), line.repeat(2)).expect("write");
    std::fs::write(
        f.join("two.json"),
        "[{\"identified_cii\":true},{\"identified_cii\":true}]",
    )
    .expect("write");
    std::fs::write(dir.join("../elsewhere.yaml"), ONE).expect("write");
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc/passwd", f.join("passwd.yaml")).expect("symlink");

    let out = run_test(&dir);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(!t.contains("panicked"), "{t}");
    for (name, _, message) in cases {
        if *name == "passwd" && !cfg!(unix) {
            continue;
        }
        assert!(
            t.contains(&format!(
                "test given_tests::{name} ... FAILED (its `given file` cannot be used: T010)\n"
            )),
            "{name}: {t}"
        );
        assert!(t.contains(message), "{name}: no `{message}` in\n{t}");
    }
    assert_eq!(t.matches("T010\n").count(), cases.len(), "{t}");
    assert!(!t.contains("do not fit the schema"), "{t}");
    // Nothing of /etc/passwd is echoed.
    assert!(!t.contains("root:"), "{t}");
    // The usable file still gives its facility.
    assert!(t.contains("test given_tests::one ... ok\n"), "{t}");
}

/// A facility file whose facts are wrong is still reported by its own
/// diagnostics (F-codes at their place in the file).
#[test]
fn a_given_file_with_a_bad_fact_keeps_its_facility_diagnostic() {
    let dir = pack("bad-fact", &test_of("bad", "facilities/bad.yaml"));
    std::fs::write(dir.join("facilities/bad.yaml"), "identified_cii: maybe\n").expect("write");
    let out = tiaoli(&["test", dir.to_str().expect("UTF-8 path")]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(
        t.contains("test given_tests::bad ... FAILED (its facts do not fit the schema)\n"),
        "{t}"
    );
    assert!(t.contains("F00"), "{t}");
    assert!(!t.contains("T010"), "{t}");
}
