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
