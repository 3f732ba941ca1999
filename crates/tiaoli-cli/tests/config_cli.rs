//! Issue 12 part 5: the project configuration (`.tiaoli.toml`, or `[tool]`
//! in a `tiaoli.toml`) sets the defaults a flag would: language, packs, the
//! zone of "today", `eval`'s format; a flag and `TIAOLI_LANG` win, and a
//! configuration with an error stops the run (M017).

#![expect(
    clippy::expect_used,
    reason = "a test that cannot set up its files or run the binary should fail loudly"
)]

use std::path::Path;
use std::process::{Command, Output};

const PACK: &str = "fact 有预案: bool { zh \"是否有应急预案\" en \"whether there is a plan\" }\n\
                    determination ready { title zh \"就绪\" en \"ready\" value facility.有预案 }\n";

const MANIFEST: &str = "[pack]\nname = \"p\"\nversion = \"1.0.0\"\nkind = \"regulation\"\neffective = \"2021-09-01\"\n\
                        [pack.title]\nzh = \"规则\"\nen = \"rules\"\n[pack.issuer]\nzh = \"某部门\"\nen = \"a department\"\n";

/// `tiaoli ARGS` run in `dir`, without colour and without `TIAOLI_LANG`.
fn run(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_tiaoli"));
    c.args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("TIAOLI_LANG");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("run tiaoli")
}

fn text(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr)
}

/// A project: `.tiaoli.toml` with `config`, a pack in `rules/`, a facility.
fn project(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("scratch folder");
    std::fs::write(dir.path().join(".tiaoli.toml"), config).expect("config");
    std::fs::create_dir(dir.path().join("rules")).expect("rules folder");
    std::fs::write(dir.path().join("rules/rules.tiaoli"), PACK).expect("pack");
    std::fs::write(dir.path().join("rules/tiaoli.toml"), MANIFEST).expect("manifest");
    std::fs::write(dir.path().join("f.yaml"), "有预案: true\n").expect("facility");
    dir
}

#[test]
fn packs_lang_and_format_come_from_the_configuration() {
    let dir = project("lang = \"zh\"\npacks = [\"rules\"]\nformat = \"json\"\n");
    // `check` with no path checks the configured packs.
    let check = run(dir.path(), &["check"], &[]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check));
    assert!(
        text(&check).contains("已检查 1 个规则包"),
        "{}",
        text(&check)
    );
    // `eval` evaluates against them, in JSON.
    let eval = run(
        dir.path(),
        &["eval", "f.yaml", "--as-of", "2026-11-21"],
        &[],
    );
    let doc: serde_json::Value =
        serde_json::from_slice(&eval.stdout).expect("JSON, from the configuration");
    assert_eq!(
        doc["facilities"][0]["determinations"]["ready"], true,
        "{doc:#}"
    );
    // A flag wins over the configuration.
    let human = run(
        dir.path(),
        &[
            "eval",
            "f.yaml",
            "--as-of",
            "2026-11-21",
            "--format",
            "human",
        ],
        &[],
    );
    assert!(
        String::from_utf8_lossy(&human.stdout).contains("━━ "),
        "{}",
        text(&human)
    );
}

#[test]
fn a_flag_and_tiaoli_lang_win_over_the_configured_language() {
    let dir = project("lang = \"zh\"\npacks = [\"rules\"]\n");
    let zh = text(&run(dir.path(), &["check"], &[]));
    assert!(zh.contains("已检查"), "{zh}");
    let flag = text(&run(dir.path(), &["--lang", "en", "check"], &[]));
    assert!(flag.contains("checked 1 pack"), "{flag}");
    let env = text(&run(dir.path(), &["check"], &[("TIAOLI_LANG", "en")]));
    assert!(env.contains("checked 1 pack"), "{env}");
}

#[test]
fn the_tool_table_of_a_manifest_is_a_configuration_too() {
    let dir = tempfile::tempdir().expect("scratch folder");
    let manifest = format!("{MANIFEST}[tool]\nlang = \"zh\"\npacks = [\".\"]\n");
    std::fs::write(dir.path().join("tiaoli.toml"), manifest).expect("manifest");
    std::fs::write(dir.path().join("rules.tiaoli"), PACK).expect("pack");
    let out = run(dir.path(), &["check"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("已检查 1 个规则包"), "{}", text(&out));
}

#[test]
fn a_configuration_with_an_error_is_not_used_and_says_so() {
    let dir = project("lnag = \"zh\"\nformat = \"pdf\"\n");
    let eval = run(
        dir.path(),
        &["eval", "f.yaml", "--as-of", "2026-11-21"],
        &[],
    );
    assert_eq!(eval.status.code(), Some(2), "{}", text(&eval));
    let err = String::from_utf8_lossy(&eval.stderr);
    assert!(
        err.contains("M017") && err.contains("did you mean `lang`?"),
        "{err}"
    );
    assert!(err.contains(".tiaoli.toml"), "{err}");
    let check = run(dir.path(), &["check", "rules", "--format", "json"], &[]);
    assert_eq!(check.status.code(), Some(1), "{}", text(&check));
    let doc: serde_json::Value = serde_json::from_slice(&check.stdout).expect("JSON");
    let codes: Vec<&str> = doc["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert_eq!(codes, ["M017", "M017"], "{doc:#}");
}

#[test]
fn today_is_read_in_the_configured_zone() {
    // UTC+14 and UTC-12 are 26 hours apart: their dates always differ.
    let date = |zone: &str| {
        let dir = project(&format!(
            "packs = [\"rules\"]\nas_of_zone = \"{zone}\"\nformat = \"json\"\n"
        ));
        let out = run(dir.path(), &["eval", "f.yaml"], &[]);
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        doc["as_of"].as_str().expect("as_of").to_owned()
    };
    assert_ne!(date("+14:00"), date("-12:00"));
}
