//! The run's language: `--lang` before or after the subcommand, else
//! `TIAOLI_LANG`, else English; an unknown `TIAOLI_LANG` is a usage error.

#![expect(
    clippy::expect_used,
    reason = "a test that cannot run the binary should fail loudly"
)]

use std::process::{Command, Output};

mod common;
use common::{root, tiaoli};

const BROKEN: &str = "crates/tiaoli-cli/tests/fixtures/broken.tiaoli";

/// `tiaoli ARGS` with `TIAOLI_LANG` set to `lang`.
fn tiaoli_env(lang: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tiaoli"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env("TIAOLI_LANG", lang)
        .output()
        .expect("run tiaoli")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

const ZH_SUMMARY: &str = "已检查 1 个规则包（1 个文件）";
const EN_SUMMARY: &str = "checked 1 pack (1 file)";

#[test]
fn lang_is_global_before_or_after_the_subcommand() {
    for args in [
        &["--lang", "zh", "check", BROKEN][..],
        &["check", BROKEN, "--lang", "zh"][..],
        &["check", "--lang=zh", BROKEN][..],
    ] {
        let out = tiaoli(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", text(&out));
        assert!(text(&out).contains(ZH_SUMMARY), "{args:?}: {}", text(&out));
    }
    let out = tiaoli(&["check", BROKEN]);
    assert!(text(&out).contains(EN_SUMMARY), "{}", text(&out));
}

#[test]
fn tiaoli_lang_sets_the_default_and_the_flag_wins() {
    let out = tiaoli_env("zh", &["check", BROKEN]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains(ZH_SUMMARY), "{}", text(&out));
    // Case and surrounding spaces do not matter.
    assert!(text(&tiaoli_env(" ZH ", &["check", BROKEN])).contains(ZH_SUMMARY));
    let out = tiaoli_env("zh", &["check", BROKEN, "--lang", "en"]);
    assert!(text(&out).contains(EN_SUMMARY), "{}", text(&out));
    // Set but empty: the default.
    assert!(text(&tiaoli_env("", &["check", BROKEN])).contains(EN_SUMMARY));
}

#[test]
fn an_unknown_tiaoli_lang_is_a_usage_error() {
    let out = tiaoli_env("fr", &["check", BROKEN]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(out.stdout.is_empty(), "{}", text(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("TIAOLI_LANG is `fr`; it must be `zh` or `en`"),
        "{err}"
    );
    // The flag settles the language: the variable is not read.
    let out = tiaoli_env("fr", &["check", BROKEN, "--lang", "en"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    // An unknown flag value is clap's usage error, also 2.
    assert_eq!(tiaoli(&["check", "--lang", "fr"]).status.code(), Some(2));
}
