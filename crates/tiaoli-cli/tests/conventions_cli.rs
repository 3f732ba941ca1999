//! The command-line conventions users expect of a tool like ruff or cargo,
//! over the real binary: shell completions and a man page, a `--version`
//! that names the bundled packs, `-` for stdin, folders for `eval`,
//! `fmt --diff`, `--color` and NO_COLOR, the citation forms `explain`
//! accepts, and what `check` refuses.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test that cannot run the binary should fail loudly"
)]

mod common;
#[path = "support/copy_dir.rs"]
mod copy;
use copy::copy_dir;

use std::process::Output;

use common::tiaoli;

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn stdout(out: &Output) -> String {
    text(&out.stdout)
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("exit status")
}

// 1. Completions and the man page.

#[test]
fn bash_completion_names_the_subcommands_and_their_flags() {
    let out = tiaoli(&["completions", "bash"]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let script = stdout(&out);
    assert!(
        script.contains("complete -F"),
        "not a bash script:\n{script}"
    );
    assert!(script.contains("eval"), "no `eval` subcommand");
    assert!(script.contains("--format"), "no `--format` flag");
    assert!(script.contains("--as-of"), "no `--as-of` flag");
}

#[test]
fn every_shell_gets_a_script_and_an_unknown_shell_is_a_usage_error() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = tiaoli(&["completions", shell]);
        assert_eq!(code(&out), 0, "{shell}: {}", text(&out.stderr));
        assert!(stdout(&out).contains("tiaoli"), "{shell}: empty script");
    }
    let out = tiaoli(&["completions", "tcsh"]);
    assert_eq!(code(&out), 2);
}

#[test]
fn the_man_page_is_roff_and_names_every_subcommand() {
    let out = tiaoli(&["man"]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let page = stdout(&out);
    assert!(
        page.starts_with(".TH"),
        "not roff:\n{}",
        &page[..page.len().min(200)]
    );
    for sub in [
        "check",
        "fmt",
        "eval",
        "test",
        "explain",
        "lsp",
        "diff",
        "pack",
        "coverage",
        "new",
        "lock",
        "completions",
        "man",
    ] {
        assert!(
            page.contains(&format!("tiaoli\\-{sub}(1)")),
            "the man page does not name `{sub}`"
        );
    }
}

// 2. `--version` names the bundled packs.

/// The lines `  NAME VERSION sha256:HEX` of `tiaoli --version`.
fn bundled_lines(version: &str) -> Vec<(String, String, String)> {
    version
        .lines()
        .filter_map(|l| {
            let mut w = l.split_whitespace();
            let (name, ver, digest) = (w.next()?, w.next()?, w.next()?);
            let hex = digest.strip_prefix("sha256:")?;
            Some((name.to_owned(), ver.to_owned(), hex.to_owned()))
        })
        .collect()
}

#[test]
fn version_lists_the_bundled_packs_with_the_digest_pack_build_prints() {
    let out = tiaoli(&["--version"]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let version = stdout(&out);
    assert_eq!(
        version.lines().next(),
        Some(format!("tiaoli {}", env!("CARGO_PKG_VERSION")).as_str()),
        "{version}"
    );
    let packs = bundled_lines(&version);
    let names: Vec<&str> = packs.iter().map(|(n, _, _)| n.as_str()).collect();
    for name in ["decree-745", "energy", "finance"] {
        assert!(names.contains(&name), "`{name}` missing:\n{version}");
    }
    for (name, _, hex) in &packs {
        assert!(
            hex.len() == 64 && hex.chars().all(|c| c.is_ascii_hexdigit()),
            "{name}: `{hex}` is not a SHA-256"
        );
    }
    let (_, ver, hex) = packs.iter().find(|(n, _, _)| n == "decree-745").unwrap();
    assert_eq!(ver, "1.0.0");

    // The same digest as the archive `tiaoli pack build` makes of the pack.
    let dist = tempfile::tempdir().unwrap();
    let built = tiaoli(&[
        "pack",
        "build",
        "policies/decree-745",
        "--out",
        dist.path().to_str().unwrap(),
    ]);
    assert_eq!(code(&built), 0, "{}", text(&built.stderr));
    assert!(
        stdout(&built).contains(&format!("sha256 {hex}")),
        "--version says {hex}, pack build says:\n{}",
        stdout(&built)
    );

    // `-V` stays the one line; a subcommand's `--version` is the long one.
    let short = stdout(&tiaoli(&["-V"]));
    assert_eq!(
        short.trim(),
        format!("tiaoli {}", env!("CARGO_PKG_VERSION"))
    );
    assert!(stdout(&tiaoli(&["eval", "--version"])).contains("decree-745 1.0.0 sha256:"));
}

// 3. `-` reads stdin.

/// Runs `tiaoli ARGS` in the repository root with `input` on stdin.
fn tiaoli_stdin(args: &[&str], input: &str) -> Output {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_tiaoli"))
        .args(args)
        .current_dir(common::root())
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run tiaoli");
    let mut stdin = child.stdin.take().unwrap();
    // A command that stops reading early closes the pipe: not a failure here.
    let _ = stdin.write_all(input.as_bytes());
    drop(stdin);
    child.wait_with_output().expect("wait for tiaoli")
}

fn read(path: &str) -> String {
    std::fs::read_to_string(common::root().join(path)).unwrap()
}

#[test]
fn eval_dash_reads_the_facility_from_stdin_and_detects_its_format() {
    let args = ["--as-of", "2026-11-21"];
    let from_file = tiaoli(&[&["eval", "examples/grid-dispatch.yaml"][..], &args].concat());
    let piped = tiaoli_stdin(
        &[&["eval", "-"][..], &args].concat(),
        &read("examples/grid-dispatch.yaml"),
    );
    assert_eq!(code(&piped), 0, "{}", text(&piped.stderr));
    assert!(stdout(&piped).contains("grid-dispatch-01"));
    assert_eq!(stdout(&piped), stdout(&from_file));

    // JSON lines, told by the content (no name) or by --stdin-filename.
    let two: String = read("examples/inventory.jsonl")
        .lines()
        .take(2)
        .map(|l| format!("{l}\n"))
        .collect();
    for extra in [&[][..], &["--stdin-filename", "inventory.jsonl"][..]] {
        let out = tiaoli_stdin(
            &[&["eval", "-", "--format", "jsonl"][..], &args, extra].concat(),
            &two,
        );
        assert_eq!(code(&out), 0, "{}", text(&out.stderr));
        let facilities = stdout(&out)
            .lines()
            .filter(|l| l.starts_with(r#"{"type":"facility""#))
            .count();
        assert_eq!(facilities, 2, "{}", stdout(&out));
    }
}

#[test]
fn a_bad_record_on_stdin_is_reported_under_its_name() {
    let bad = r#"{"id":"x","name":"X","bogus":1}"#;
    let out = tiaoli_stdin(&["eval", "-", "--as-of", "2026-11-21"], bad);
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).contains("<stdin>:1:"), "{}", stdout(&out));
    let out = tiaoli_stdin(
        &[
            "eval",
            "-",
            "--as-of",
            "2026-11-21",
            "--stdin-filename",
            "exports/cmdb.json",
        ],
        bad,
    );
    assert_eq!(code(&out), 1);
    assert!(
        stdout(&out).contains("exports/cmdb.json:1:"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn check_dash_checks_stdin_alone_or_in_place_of_a_pack_file() {
    let out = tiaoli_stdin(
        &["check", "-"],
        &read("crates/tiaoli-cli/tests/fixtures/broken.tiaoli"),
    );
    assert_eq!(code(&out), 1, "{}", text(&out.stderr));
    assert!(stdout(&out).contains("[<stdin>:"), "{}", stdout(&out));

    // As a file of decree-745: the pack is checked with this text instead.
    let file = "policies/decree-745/ch1-general.tiaoli";
    let out = tiaoli_stdin(&["check", "-", "--stdin-filename", file], &read(file));
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert!(
        stdout(&out).contains("checked 1 pack (12 files): no problems"),
        "{}",
        stdout(&out)
    );
    let edited = format!("{}\nrule broken = facility.no_such_fact\n", read(file));
    let out = tiaoli_stdin(&["check", "-", "--stdin-filename", file], &edited);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    assert!(
        stdout(&out).contains(&format!("[{file}:")),
        "{}",
        stdout(&out)
    );

    let out = tiaoli_stdin(&["check", "-", "policies"], "");
    assert_eq!(code(&out), 2);
}

#[test]
fn fmt_dash_writes_the_formatted_text_to_stdout() {
    let messy = "party operator {zh \"运营者\"   en \"operator\"}\n";
    let out = tiaoli_stdin(&["fmt", "-"], messy);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    assert_eq!(
        stdout(&out),
        "party operator { zh \"运营者\" en \"operator\" }\n"
    );

    // The text `tiaoli fmt FILE` would write.
    let fixture = read("crates/tiaoli-cli/tests/fixtures/clean.tiaoli");
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("clean.tiaoli");
    std::fs::write(&copy, &fixture).unwrap();
    assert_eq!(code(&tiaoli(&["fmt", copy.to_str().unwrap()])), 0);
    let written = std::fs::read_to_string(&copy).unwrap();
    assert_ne!(written, fixture, "the fixture is already formatted");
    assert_eq!(stdout(&tiaoli_stdin(&["fmt", "-"], &fixture)), written);

    // Formatted text comes back as it went in.
    let clean = read("policies/decree-745/ch1-general.tiaoli");
    assert_eq!(stdout(&tiaoli_stdin(&["fmt", "-"], &clean)), clean);

    let out = tiaoli_stdin(&["fmt", "--check", "-"], messy);
    assert_eq!(code(&out), 1);
    assert!(out.stdout.is_empty());
    assert!(text(&out.stderr).contains("`<stdin>` would be reformatted"));
    assert_eq!(code(&tiaoli_stdin(&["fmt", "--check", "-"], &clean)), 0);

    // A syntax error: reported on stderr under its name, nothing on stdout.
    let out = tiaoli_stdin(
        &["fmt", "-", "--stdin-filename", "draft.tiaoli"],
        "party operator {\n",
    );
    assert_eq!(code(&out), 1);
    assert!(out.stdout.is_empty(), "{}", stdout(&out));
    assert!(
        text(&out.stderr).contains("draft.tiaoli"),
        "{}",
        text(&out.stderr)
    );
}

// 4. `tiaoli eval DIR`.

#[test]
fn eval_of_a_folder_evaluates_its_facility_files_sorted_and_recursively() {
    let dir = tempfile::tempdir().unwrap();
    let put = |rel: &str, from: &str| {
        let to = dir.path().join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(to, read(from)).unwrap();
    };
    put("zz-bank.json", "examples/bank-core.json");
    put("b/grid.yaml", "examples/grid-dispatch.yaml");
    put("a/deeper/water.yml", "examples/county-waterworks.yaml");
    put("b/hospital.YAML", "examples/hospital-his.yaml");
    // Skipped: not a facility file, and hidden.
    put("notes.txt", "examples/grid-dispatch.yaml");
    put(".git/x.yaml", "examples/defense-plant.yaml");
    let ids = |out: &Output| -> Vec<String> {
        stdout(out)
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|v| v["type"] == "facility")
            .map(|v| v["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let args = ["--as-of", "2026-11-21", "--format", "jsonl"];
    let folder = dir.path().to_str().unwrap();
    let out = tiaoli(&[&["eval", folder][..], &args].concat());
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    assert_eq!(
        ids(&out),
        [
            "county-waterworks-01",
            "grid-dispatch-01",
            "hospital-his-01",
            "bank-core-01"
        ],
        "not in path order (a/deeper/water.yml, b/grid.yaml, b/hospital.YAML, zz-bank.json)"
    );
    // The same report as the files named one by one.
    let named: Vec<String> = [
        "a/deeper/water.yml",
        "b/grid.yaml",
        "b/hospital.YAML",
        "zz-bank.json",
    ]
    .iter()
    .map(|f| dir.path().join(f).to_str().unwrap().to_owned())
    .collect();
    let named: Vec<&str> = named.iter().map(String::as_str).collect();
    let one_by_one = tiaoli(&[&["eval"][..], &named, &args].concat());
    assert_eq!(stdout(&out), stdout(&one_by_one));

    // A folder with no facility file: said, and nothing evaluated.
    let empty = tempfile::tempdir().unwrap();
    let out = tiaoli(&[
        "eval",
        empty.path().to_str().unwrap(),
        "--as-of",
        "2026-11-21",
    ]);
    assert!(
        text(&out.stderr).contains("holds no facility file"),
        "{}",
        text(&out.stderr)
    );
    assert!(!text(&out.stderr).contains("Is a directory"));
}

// 5. `tiaoli fmt --diff`.

#[test]
fn fmt_diff_prints_what_would_change_writes_nothing_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let messy = read("crates/tiaoli-cli/tests/fixtures/clean.tiaoli");
    let tidy = read("policies/decree-745/ch1-general.tiaoli");
    let (a, b) = (dir.path().join("a.tiaoli"), dir.path().join("b.tiaoli"));
    std::fs::write(&a, &messy).unwrap();
    std::fs::write(&b, &tidy).unwrap();
    let folder = dir.path().to_str().unwrap();

    let out = tiaoli(&["fmt", "--diff", folder]);
    assert_eq!(code(&out), 1, "{}", text(&out.stderr));
    let diff = stdout(&out);
    let name = a.display().to_string();
    assert!(
        diff.starts_with(&format!("--- {name}\n+++ {name}\n@@ ")),
        "{diff}"
    );
    assert!(
        diff.contains("\n-       en \"Assess at least once a year.\"\n"),
        "{diff}"
    );
    assert!(diff.contains("\n+  text zh \""), "{diff}");
    assert!(
        !diff.contains("b.tiaoli"),
        "an unchanged file in the diff:\n{diff}"
    );
    assert_eq!(std::fs::read_to_string(&a).unwrap(), messy, "--diff wrote");

    // Once formatted, there is nothing to show.
    assert_eq!(code(&tiaoli(&["fmt", folder])), 0);
    let out = tiaoli(&["fmt", "--diff", folder]);
    assert_eq!(code(&out), 0);
    assert!(out.stdout.is_empty(), "{}", stdout(&out));

    // From stdin.
    let out = tiaoli_stdin(&["fmt", "--diff", "-"], &messy);
    assert_eq!(code(&out), 1);
    assert!(
        stdout(&out).starts_with("--- <stdin>\n+++ <stdin>\n"),
        "{}",
        stdout(&out)
    );
}

// 6. `--color` on every command, and NO_COLOR.

/// Runs `tiaoli ARGS` with NO_COLOR set to `no_color` (None: unset).
fn tiaoli_env(args: &[&str], no_color: Option<&str>, input: Option<&str>) -> Output {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tiaoli"));
    cmd.args(args)
        .current_dir(common::root())
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(v) = no_color {
        cmd.env("NO_COLOR", v);
    }
    let mut child = cmd.spawn().expect("run tiaoli");
    let mut stdin = child.stdin.take().unwrap();
    let _ = stdin.write_all(input.unwrap_or("").as_bytes());
    drop(stdin);
    child.wait_with_output().expect("wait for tiaoli")
}

fn coloured(out: &Output) -> bool {
    out.stdout.windows(2).any(|w| w == b"\x1b[")
}

const BROKEN: &str = "crates/tiaoli-cli/tests/fixtures/broken.tiaoli";
const BAD_RECORD: &str = r#"{"id":"x","name":"X","bogus":1}"#;

#[test]
fn color_is_a_global_flag_that_always_and_never_obey() {
    // (arguments, stdin): each prints diagnostics in the human form.
    let runs: [(Vec<&str>, Option<&str>); 4] = [
        (vec!["check", BROKEN], None),
        (vec!["eval", "-", "--as-of", "2026-11-21"], Some(BAD_RECORD)),
        (vec!["fmt", "--check", BROKEN], None),
        (vec!["test", BROKEN], None),
    ];
    for (args, input) in &runs {
        for (flag, before) in [
            (&["--color", "always"][..], false),
            (&["--color=always"][..], true),
        ] {
            // Before the subcommand or after it: a global flag.
            let argv: Vec<&str> = if before {
                [flag, &args[..]].concat()
            } else {
                [&args[..], flag].concat()
            };
            // --color always wins over NO_COLOR, as an explicit flag should.
            let out = tiaoli_env(&argv, Some("1"), *input);
            assert!(coloured(&out), "{argv:?}: no colour:\n{}", stdout(&out));
        }
        let never = tiaoli_env(&[&args[..], &["--color", "never"]].concat(), None, *input);
        assert!(!coloured(&never), "{args:?} --color never: colour");
        assert!(!never.stdout.is_empty(), "{args:?}: no output to judge");
    }
    for other in [
        &["explain", "N001", "--color", "never"][..],
        &["coverage", "--color", "auto"][..],
        &["--color", "never", "lock", "--check"][..],
    ] {
        let out = tiaoli(other);
        assert_ne!(code(&out), 2, "{other:?}: {}", text(&out.stderr));
    }
    assert_eq!(code(&tiaoli(&["check", "--color", "sometimes"])), 2);
}

#[test]
fn auto_colours_no_pipe_whatever_no_color_says() {
    // Off a terminal `auto` never colours; NO_COLOR="" is no reason to
    // differ from NO_COLOR unset (the colour.rs unit test covers a terminal,
    // where an empty NO_COLOR keeps colour and a non-empty one drops it).
    for no_color in [None, Some(""), Some("1")] {
        let out = tiaoli_env(&["check", BROKEN, "--color", "auto"], no_color, None);
        assert_eq!(code(&out), 1);
        assert!(!coloured(&out), "NO_COLOR={no_color:?}: colour on a pipe");
    }
}

/// On a terminal (a pseudo-terminal from util-linux `script`): `auto`
/// colours with NO_COLOR unset or empty, and not with NO_COLOR=1. Where
/// `script` is missing, colour.rs's unit test is what checks this.
#[test]
fn on_a_terminal_only_a_non_empty_no_color_turns_colour_off() {
    use std::process::Command;
    let available = Command::new("script")
        .args(["-qec", "true", "/dev/null"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        eprintln!("`script` is not installed: no pseudo-terminal to test on");
        return;
    }
    let run = |no_color: Option<&str>| -> bool {
        let line = format!(
            "{} check {BROKEN} --color auto",
            env!("CARGO_BIN_EXE_tiaoli")
        );
        let mut cmd = Command::new("script");
        cmd.args(["-qec", &line, "/dev/null"])
            .current_dir(common::root())
            .env_remove("NO_COLOR");
        if let Some(v) = no_color {
            cmd.env("NO_COLOR", v);
        }
        coloured(&cmd.output().expect("run script"))
    };
    assert!(run(None), "no colour on a terminal");
    assert!(run(Some("")), "NO_COLOR=\"\" turned colour off");
    assert!(!run(Some("1")), "NO_COLOR=1 left colour on");
}

// 7. `tiaoli explain` takes the citations the tool prints (review B3, B3b).

#[test]
fn explain_accepts_every_citation_form_the_reports_and_the_law_use() {
    let explain = |c: &str| tiaoli(&["explain", c, "--as-of", "2026-11-21"]);
    let art17 = stdout(&explain("art17"));
    assert!(
        art17.starts_with("decree-745 第17条 年度检测评估"),
        "{art17}"
    );
    for form in [
        "art. 17",
        "Art17",
        "Art. 17",
        "第十七条",
        "第17条",
        "decree-745::art. 17",
    ] {
        let out = explain(form);
        assert_eq!(code(&out), 0, "{form}: {}", text(&out.stderr));
        assert_eq!(stdout(&out), art17, "{form} explains something else");
    }
    let item = stdout(&explain("art39.1.8"));
    assert!(item.contains("▶ cited: art. 39(1)(8)"), "{item}");
    for form in [
        "art. 39(1)(8)",
        "第39条第1款第8项",
        "第三十九条第一款第八项",
    ] {
        let out = explain(form);
        assert_eq!(code(&out), 0, "{form}: {}", text(&out.stderr));
        assert_eq!(stdout(&out), item, "{form} explains something else");
    }
}

#[test]
fn explain_rejects_a_citation_that_does_not_exist() {
    for (form, says) in [
        ("art17.9", "paragraph 9 of article 17 does not exist"),
        ("第十七条第九款", "paragraph 9 of article 17 does not exist"),
        (
            "art. 39(1)(99)",
            "item 99 of paragraph 1 of article 39 does not exist",
        ),
        ("art999", "no loaded pack has article 999"),
        ("第十七", "is not a citation"),
    ] {
        let out = tiaoli(&["explain", form]);
        assert_eq!(code(&out), 2, "{form} accepted:\n{}", stdout(&out));
        assert!(out.stdout.is_empty());
        assert!(
            text(&out.stderr).contains(says),
            "{form}: {}",
            text(&out.stderr)
        );
    }
}

#[test]
fn did_you_mean_counts_characters_not_bytes() {
    // 8 characters (24 bytes) share nothing with `cii`: no suggestion.
    let out = tiaoli(&["explain", "关键信息基础设施"]);
    assert_eq!(code(&out), 2);
    assert!(
        !text(&out.stderr).contains("did you mean"),
        "{}",
        text(&out.stderr)
    );
    // A near miss still gets one.
    let out = tiaoli(&["explain", "annual_assesment"]);
    assert!(
        text(&out.stderr).contains("did you mean `annual_assessment`?"),
        "{}",
        text(&out.stderr)
    );
}

// 8. What `check` and `test` refuse (review B13); where eval's packs come
// from (B10).

#[test]
fn check_refuses_a_file_that_is_not_tiaoli() {
    let out = tiaoli(&["check", "README.md"]);
    assert_eq!(code(&out), 2);
    assert!(out.stdout.is_empty(), "{}", stdout(&out));
    assert!(
        text(&out.stderr).contains("`README.md` is not a .tiaoli file"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(code(&tiaoli(&["test", "README.md"])), 2);
    // A pack's own files still mean the pack.
    for file in [
        "policies/decree-745/tiaoli.toml",
        "policies/decree-745/ch1-general.tiaoli",
    ] {
        let out = tiaoli(&["check", file]);
        assert_eq!(code(&out), 0, "{file}: {}", stdout(&out));
    }
}

#[test]
fn check_and_test_fail_when_no_pack_is_found() {
    // A folder of facility files (B13 was `check examples`, which now also
    // holds the README's broken pack).
    let facilities = tempfile::tempdir().unwrap();
    std::fs::copy(
        common::root().join("examples/grid-dispatch.yaml"),
        facilities.path().join("grid-dispatch.yaml"),
    )
    .unwrap();
    let dir = facilities.path().to_str().unwrap();
    for cmd in ["check", "test"] {
        let out = tiaoli(&[cmd, dir]);
        assert_eq!(code(&out), 1, "{cmd}: {}", stdout(&out));
        assert!(
            text(&out.stderr).contains(&format!("no pack found under `{dir}`")),
            "{cmd}: {}",
            text(&out.stderr)
        );
        assert!(!stdout(&out).contains("no problems"), "{}", stdout(&out));
        assert!(!stdout(&out).contains("0 passed"), "{}", stdout(&out));
    }
    let empty = tempfile::tempdir().unwrap();
    let out = tiaoli(&["check", empty.path().to_str().unwrap()]);
    assert_eq!(code(&out), 1);
    // A machine format still gets its document, with nothing in it.
    let out = tiaoli(&["check", dir, "--format", "json"]);
    assert_eq!(code(&out), 1);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("a JSON document");
    assert_eq!(doc["diagnostics"], serde_json::json!([]), "{doc}");
}

#[test]
fn the_eval_header_says_where_the_packs_come_from() {
    let first = |args: &[&str]| {
        let out = tiaoli(
            &[
                &[
                    "eval",
                    "examples/grid-dispatch.yaml",
                    "--as-of",
                    "2026-11-21",
                ][..],
                args,
            ]
            .concat(),
        );
        assert_eq!(code(&out), 0, "{}", text(&out.stderr));
        stdout(&out).lines().next().unwrap().to_owned()
    };
    // In the repository: its ./policies, as `check` and `test` take it (B10).
    let local = first(&[]);
    assert!(
        local.starts_with(
            "tiaoli eval · as of 2026-11-21 · from ./policies · packs: decree-745 1.0.0"
        ),
        "{local}"
    );
    // Elsewhere: the bundled packs; and a ./policies of one's own is used.
    let run_in = |dir: &std::path::Path| {
        let facility = common::root().join("examples/grid-dispatch.yaml");
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_tiaoli"))
            .args(["eval", facility.to_str().unwrap(), "--as-of", "2026-11-21"])
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .env_remove("TIAOLI_LANG")
            .output()
            .unwrap();
        stdout(&out).lines().next().unwrap_or_default().to_owned()
    };
    let elsewhere = tempfile::tempdir().unwrap();
    let bundled = run_in(elsewhere.path());
    assert!(
        bundled.starts_with(&format!(
            "tiaoli eval · as of 2026-11-21 · bundled in tiaoli {} · packs: decree-745 1.0.0",
            env!("CARGO_PKG_VERSION")
        )),
        "{bundled}"
    );
    copy_dir(
        &common::root().join("policies/decree-745"),
        &elsewhere.path().join("policies/decree-745"),
    );
    let own = run_in(elsewhere.path());
    assert!(
        own.ends_with("from ./policies · packs: decree-745 1.0.0"),
        "only the packs of ./policies: {own}"
    );
    let given = first(&[
        "--pack",
        "policies/decree-745",
        "--pack",
        "policies/sectors/energy",
    ]);
    assert!(
        given.starts_with(
            "tiaoli eval · as of 2026-11-21 · from policies/decree-745, policies/sectors/energy · packs: decree-745 1.0.0"
        ),
        "{given}"
    );
}
