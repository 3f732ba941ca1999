//! Running a pack test that reads `given file "…"` from its lens: the file
//! is read through the host the caller passes (the language server passes
//! the editor's open documents over the disk), with `tiaoli test`'s bounds.

#![expect(clippy::expect_used, reason = "tests")]

mod support;

use support::fixture;
use tiaoli_ide::{TestRun, run_test};
use tiaoli_workspace::{Memory, Overlay};

/// A pack whose rule holds when the facility is identified, and a test of
/// it that reads its facility from `facilities/<file>`.
fn pack(file: &str) -> support::Fixture {
    fixture(&format!(
        r#"//- facts.tiaoli
party operator {{ zh "运营者" en "operator" }}

fact identified: bool {{ zh "认定" en "identified" }}
//- rules.tiaoli
article 3 {{
  title zh "认定" en "Identified"
  text zh "运营者应当认定。" en "Operators identify."
  obligation keep {{
    bearer operator
    requires facility.identified
  }}
}}

test "从文件读取" {{
  as_of 2025-06-01
  given file "facilities/{file}"
  expect keep is satisfied
}}
"#
    ))
}

fn run(fx: &support::Fixture, host: &dyn tiaoli_workspace::Host) -> TestRun {
    let rules = fx.file_named("rules.tiaoli");
    let date = jiff::civil::date(2025, 6, 1);
    run_test(&fx.db, host, rules, "从文件读取", date)
        .expect("not cancelled")
        .expect("the test")
}

#[test]
fn a_given_file_test_runs_on_the_file_the_host_reads() {
    let fx = pack("one.yaml");
    let diags = fx.db.diagnostics().expect("not cancelled");
    assert!(!diags.iter().any(|d| d.is_error()), "{diags:#?}");
    let disk = Memory::new().with("/fixture/facilities/one.yaml", "identified: true\n");
    let passed = run(&fx, &disk);
    assert!(passed.passed, "{}", passed.message);
    assert_eq!(passed.message, "ok");

    let disk = Memory::new().with("/fixture/facilities/one.yaml", "identified: false\n");
    let failed = run(&fx, &disk);
    assert!(!failed.passed);
    assert_eq!(failed.message, "expected satisfied, actual violated");
    let text = fx.text(fx.file_named("rules.tiaoli"));
    let (span, _) = &failed.failures[0];
    assert_eq!(&text[span.start()..span.end()], "expect keep is satisfied");
}

/// The editor's unsaved buffer of the facility file, not the disk's text,
/// is what the test runs on; closed, the disk's text is read again.
#[test]
fn an_unsaved_buffer_of_the_given_file_is_what_the_test_reads() {
    let fx = pack("one.json");
    let disk = Memory::new().with("/fixture/facilities/one.json", "{\"identified\": true}\r\n");
    assert!(run(&fx, &disk).passed);
    let mut editor = Overlay::new(&disk);
    editor.open(
        std::path::Path::new("/fixture/facilities/one.json"),
        "{\"identified\": false}",
    );
    let failed = run(&fx, &editor);
    assert_eq!(failed.message, "expected satisfied, actual violated");
    // A buffer of a file not saved yet is read too.
    let fx = pack("new.yaml");
    let mut editor = Overlay::new(&disk);
    editor.open(
        std::path::Path::new("/fixture/facilities/new.yaml"),
        "identified: true\n",
    );
    let passed = run(&fx, &editor);
    assert!(passed.passed, "{}", passed.message);
    editor.close(std::path::Path::new("/fixture/facilities/new.yaml"));
    assert_eq!(
        run(&fx, &editor).message,
        "not run: its `given file` cannot be used: \
         `given file` `facilities/new.yaml` does not exist"
    );
}

/// The bounds of `tiaoli test` hold in the editor: a file outside the pack,
/// over 1 MiB, binary, holding no facility or several, or whose facts do
/// not fit, is not run, saying why.
#[test]
fn a_given_file_the_test_cannot_use_is_not_run_saying_why() {
    let big = format!("name: {}\n", "a".repeat(1 << 20));
    let cases: &[(&str, &[u8], &str)] = &[
        (
            "big.yaml",
            big.as_bytes(),
            "not run: its `given file` cannot be used: \
             `given file` `facilities/big.yaml` is larger than 1 MiB",
        ),
        (
            "bin.yaml",
            b"id:\0",
            "not run: its `given file` cannot be used: `given file` `facilities/bin.yaml` \
             is binary, not a facility file (a NUL byte at offset 3)",
        ),
        (
            "two.yaml",
            b"identified: true\n---\nidentified: true\n",
            "not run: its `given file` cannot be used: \
             `given file` `facilities/two.yaml` holds more than one facility",
        ),
        (
            "empty.yaml",
            b"",
            "not run: its `given file` cannot be used: \
             `given file` `facilities/empty.yaml` holds no facility",
        ),
    ];
    for (name, bytes, message) in cases {
        let fx = pack(name);
        let disk = Memory::new().with(format!("/fixture/facilities/{name}"), *bytes);
        assert_eq!(run(&fx, &disk).message, *message, "{name}");
    }
    let fx = pack("out.yaml");
    let mut disk = Memory::new().with("/elsewhere/secret.yaml", "identified: true\n");
    disk.link("/fixture/facilities/out.yaml", "/elsewhere/secret.yaml");
    assert_eq!(
        run(&fx, &disk).message,
        "not run: its `given file` cannot be used: \
         `given file` `facilities/out.yaml` is outside the pack folder `/fixture`"
    );
    let fx = pack("bad.yaml");
    let disk = Memory::new().with("/fixture/facilities/bad.yaml", "identified: maybe\n");
    let unfit = run(&fx, &disk).message;
    assert!(
        unfit.starts_with("not run: its facts do not fit the schema: "),
        "{unfit}"
    );
}
