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

/// A scratch copy of `policies/decree-745` with one wrong expectation (the
/// overdue assessment of ch. 3 expected satisfied).
fn pack_with_a_failing_test(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("tiaoli-lang-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let to = dir.join("decree-745");
    copy_dir(&root().join("policies/decree-745"), &to);
    let file = to.join("ch3-operator-duties.tiaoli");
    let text = std::fs::read_to_string(&file).expect("read");
    let from = "  expect annual_assessment is violated\n  // 2025-03-01 is a Saturday";
    assert!(text.contains(from), "the test to break has moved");
    std::fs::write(
        &file,
        text.replacen(
            from,
            "  expect annual_assessment is satisfied\n  // 2025-03-01 is a Saturday",
            1,
        ),
    )
    .expect("write");
    to
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("make the copy's folder");
    for entry in std::fs::read_dir(from).expect("read the pack") {
        let path = entry.expect("an entry").path();
        let target = to.join(path.file_name().expect("a name"));
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, target).expect("copy a file");
        }
    }
}

#[test]
fn check_prints_chinese_diagnostics_and_summary() {
    let zh = text(&tiaoli(&["--lang", "zh", "check", BROKEN]));
    // The renderer's words and a did-you-mean, in Chinese.
    assert!(zh.contains("帮助：您是否想写 `year`？"), "{zh}");
    assert!(
        zh.contains("已检查 1 个规则包（1 个文件）：4 个错误"),
        "{zh}"
    );
    assert!(!zh.contains("help:"), "{zh}");
    assert!(!zh.contains("checked 1 pack"), "{zh}");
    let en = text(&tiaoli(&["check", BROKEN]));
    assert!(en.contains("help: did you mean `year`?"), "{en}");
    assert!(en.contains("checked 1 pack (1 file): 4 errors"), "{en}");
    assert!(!en.contains("帮助"), "{en}");
    // Lower packs' summary lines, too.
    let zh = text(&tiaoli(&["check", "--lang", "zh"]));
    assert!(
        zh.contains("energy（sector，示范规则）：为 .energy 实现 decree-745::identification_rules"),
        "{zh}"
    );
    let en = text(&tiaoli(&["check"]));
    assert!(
        en.contains(
            "energy (sector, model rules): implements decree-745::identification_rules for .energy"
        ),
        "{en}"
    );
}

#[test]
fn test_output_is_localised() {
    let pack = pack_with_a_failing_test("test");
    let pack = pack.to_str().expect("utf-8 path");
    let zh = tiaoli(&["test", pack, "--lang", "zh"]);
    assert_eq!(zh.status.code(), Some(1), "{}", text(&zh));
    let zh = text(&zh);
    assert!(
        zh.contains(
            "测试 decree_745::an overdue assessment triggers the article 39 penalty ... 失败\n"
        ),
        "{zh}"
    );
    assert!(
        zh.contains("    预期：satisfied\n    实际：violated\n"),
        "{zh}"
    );
    assert!(zh.contains(" ... 通过\n"), "{zh}");
    assert!(zh.contains(" 个通过，1 个失败\n"), "{zh}");
    assert!(
        !zh.contains(" ... ok\n") && !zh.contains(" failed\n"),
        "{zh}"
    );
    let en = tiaoli(&["test", pack]);
    assert_eq!(en.status.code(), Some(1), "{}", text(&en));
    let en = text(&en);
    assert!(
        en.contains(
            "test decree_745::an overdue assessment triggers the article 39 penalty ... FAILED\n"
        ),
        "{en}"
    );
    assert!(
        en.contains("    expected: satisfied\n    actual:   violated\n"),
        "{en}"
    );
    assert!(en.contains(" passed, 1 failed\n"), "{en}");
    assert!(!en.contains("通过"), "{en}");
    // JSON stays the stable, English contract.
    let json = tiaoli(&["test", pack, "--format", "json", "--lang", "zh"]);
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(doc["summary"]["failed"], 1);
}

#[test]
fn the_eval_header_is_localised() {
    let args = [
        "eval",
        "examples/grid-dispatch.yaml",
        "--as-of",
        "2026-11-21",
    ];
    let first = |o: &Output| {
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .next()
            .unwrap_or_default()
            .to_owned()
    };
    let zh = first(&tiaoli(&[&args[..], &["--lang", "zh"]].concat()));
    assert!(
        zh.starts_with(
            "tiaoli eval · 评估日期 2026-11-21 · 来自 policies（当前文件夹） · 规则包：decree-745 1.0.0、"
        ),
        "{zh}"
    );
    let en = first(&tiaoli(&args));
    assert!(
        en.starts_with(
            "tiaoli eval · as of 2026-11-21 · from ./policies · packs: decree-745 1.0.0, "
        ),
        "{en}"
    );
}

#[test]
fn eval_diagnostics_of_the_cli_are_localised() {
    // Dates after `--as-of`: F013, written by the CLI.
    let args = [
        "eval",
        "examples/grid-dispatch.yaml",
        "--as-of",
        "2021-06-01",
    ];
    let zh = text(&tiaoli(&[&args[..], &["--lang", "zh"]].concat()));
    assert!(
        zh.contains("`identification_date` 的日期为 2022-03-15，晚于评估日期 2021-06-01"),
        "{zh}"
    );
    assert!(zh.contains("晚于 `--as-of`"), "{zh}");
    let en = text(&tiaoli(&args));
    assert!(
        en.contains(
            "`identification_date` is dated 2022-03-15, after the evaluation date 2021-06-01"
        ),
        "{en}"
    );
    // JSON: the English message stays, the Chinese one is beside it.
    let json = tiaoli(&[&args[..], &["--format", "json", "--lang", "zh"]].concat());
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    let f013 = doc["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["code"] == "F013")
        .expect("an F013");
    assert!(
        f013["message"]
            .as_str()
            .is_some_and(|m| m.contains("after the evaluation date")),
        "{f013}"
    );
    assert!(
        f013["message_zh"]
            .as_str()
            .is_some_and(|m| m.contains("晚于评估日期")),
        "{f013}"
    );
}

#[test]
fn explain_headings_are_localised() {
    let zh = text(&tiaoli(&["explain", "art17", "--lang", "zh"]));
    assert!(
        zh.starts_with("decree-745 第17条 年度检测评估   （regulation，第三章）\n"),
        "{zh}"
    );
    assert!(zh.contains("\n规则：\n"), "{zh}");
    assert!(zh.contains("      读取："), "{zh}");
    assert!(zh.contains("      被读取："), "{zh}");
    assert!(!zh.contains("Rules:") && !zh.contains("read by:"), "{zh}");
    let zh = text(&tiaoli(&["explain", "art39.1.8", "--lang", "zh"]));
    assert!(zh.contains("  ▶ 所引：第39条第1款第8项\n"), "{zh}");
    let en = text(&tiaoli(&["explain", "art17"]));
    assert!(en.contains("(regulation, chapter 3)\n"), "{en}");
    assert!(en.contains("\nRules:\n"), "{en}");
    assert!(en.contains("      read by: "), "{en}");
    let en = text(&tiaoli(&["explain", "art39.1.8"]));
    assert!(en.contains("  ▶ cited: art. 39(1)(8)\n"), "{en}");
    // A Chinese name that is no rule: a Chinese error, no far-fetched guess.
    let out = tiaoli(&["explain", "年度评估", "--lang", "zh"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("错误：`年度评估` 既不是诊断代码"), "{err}");
    assert!(!err.contains("cii"), "{err}");
}

/// B6 of the CLI review: a well-formed date that does not exist says why in
/// words, in both languages, without the date library's message.
#[test]
fn an_impossible_date_says_why_in_words() {
    let yaml = std::fs::read_to_string(root().join("examples/grid-dispatch.yaml")).expect("read");
    let from = "last_assessment_date: 2025-06-18";
    assert!(yaml.contains(from), "the example's date has moved");
    let file = std::env::temp_dir().join(format!("tiaoli-b6-{}.yaml", std::process::id()));
    std::fs::write(
        &file,
        yaml.replacen(from, "last_assessment_date: 2025-06-31", 1),
    )
    .expect("write");
    let file = file.to_str().expect("utf-8 path");
    let args = ["eval", file, "--as-of", "2026-11-21"];
    let en = text(&tiaoli(&args));
    assert!(en.contains("F005"), "{en}");
    assert!(en.contains("╰── June 2025 has 30 days"), "{en}");
    assert!(
        !en.contains("parameter 'day'") && !en.contains("must be in range"),
        "{en}"
    );
    let zh = text(&tiaoli(&[&args[..], &["--lang", "zh"]].concat()));
    assert!(zh.contains("╰── 2025年6月只有 30 天"), "{zh}");
    let _ = std::fs::remove_file(file);
}

#[test]
fn the_cli_s_own_errors_and_warnings_are_localised() {
    // An impossible --as-of: why, in words.
    let en = tiaoli(&[
        "eval",
        "examples/grid-dispatch.yaml",
        "--as-of",
        "2025-06-31",
    ]);
    assert_eq!(en.status.code(), Some(2));
    assert!(
        text(&en).contains("`--as-of 2025-06-31` is not a date: June 2025 has 30 days"),
        "{}",
        text(&en)
    );
    let zh = tiaoli(&[
        "eval",
        "examples/grid-dispatch.yaml",
        "--as-of",
        "2025-06-31",
        "--lang",
        "zh",
    ]);
    assert_eq!(zh.status.code(), Some(2));
    assert!(
        text(&zh).contains("`--as-of 2025-06-31` 不是有效日期：2025年6月只有 30 天"),
        "{}",
        text(&zh)
    );
    // Packs with errors refuse to run their tests.
    let zh = tiaoli(&["test", BROKEN, "--lang", "zh"]);
    assert_eq!(zh.status.code(), Some(1));
    assert!(
        text(&zh).contains("错误：规则包有上述错误；未进行任何评估"),
        "{}",
        text(&zh)
    );
    let en = tiaoli(&["test", BROKEN]);
    assert!(
        text(&en).contains("error: the rule packs have the errors above; nothing was evaluated"),
        "{}",
        text(&en)
    );
    // No records.
    let empty =
        std::env::temp_dir().join(format!("tiaoli-lang-empty-{}.jsonl", std::process::id()));
    std::fs::write(&empty, "").expect("write");
    let empty = empty.to_str().expect("utf-8 path");
    let zh = tiaoli(&["eval", empty, "--as-of", "2026-11-21", "--lang", "zh"]);
    assert!(
        text(&zh).contains("警告：没有记录：输入中没有可评估的设施"),
        "{}",
        text(&zh)
    );
    let en = tiaoli(&["eval", empty, "--as-of", "2026-11-21"]);
    assert!(
        text(&en).contains("warning: no records: the input holds no facility to evaluate"),
        "{}",
        text(&en)
    );
    let _ = std::fs::remove_file(empty);
    // fmt --check on an unformatted file.
    let dir = std::env::temp_dir().join(format!("tiaoli-lang-fmt-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("mkdir");
    let file = dir.join("messy.tiaoli");
    std::fs::write(&file, "fact   unused:bool{zh \"未使用\" en \"unused\"}\n").expect("write");
    let file = file.to_str().expect("utf-8 path");
    let zh = tiaoli(&["fmt", "--check", file, "--lang", "zh"]);
    assert_eq!(zh.status.code(), Some(1), "{}", text(&zh));
    assert!(
        text(&zh).contains("1 个文件需要重新格式化；请运行 `tiaoli fmt`"),
        "{}",
        text(&zh)
    );
    let en = tiaoli(&["fmt", "--check", file]);
    assert!(
        text(&en).contains("1 file would be reformatted; run `tiaoli fmt`"),
        "{}",
        text(&en)
    );
    let _ = std::fs::remove_dir_all(dir);
}
