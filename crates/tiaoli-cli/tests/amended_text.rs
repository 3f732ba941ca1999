//! Amended article text (`text from DATE`): `tiaoli explain` shows the
//! version in force on `--as-of` (today by default) and lists the others
//! with their days; the checker keeps versions in order (M011) and within
//! the article's and pack's days (M012). The fixture pack
//! `tests/fixtures/amended` is not a real regulation: Decree 745 has not
//! been amended (decree_text.rs keeps comparing its original text).

#![expect(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/amended")
}

fn tiaoli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tiaoli"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run tiaoli")
}

fn explain(article: &str, as_of: Option<&str>) -> String {
    let pack = fixture();
    let mut args = vec!["explain", article, "--pack", pack.to_str().unwrap()];
    if let Some(d) = as_of {
        args.extend(["--as-of", d]);
    }
    let out = tiaoli(&args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The text shown as in force: the two lines after the article's header.
fn shown(out: &str) -> (String, String) {
    let mut lines = out.lines().skip(3);
    (
        lines.next().unwrap_or("").trim().to_owned(),
        lines.next().unwrap_or("").trim().to_owned(),
    )
}

const ORIGINAL: &str = "运营者应当每年至少进行一次检测评估。";
const AMENDED: &str = "运营者应当每半年至少进行一次检测评估。";
const AMENDED_TWICE: &str = "运营者应当每季度至少进行一次检测评估。";

#[test]
fn before_the_amendment_the_original_text_is_shown() {
    let out = explain("art17", Some("2026-12-31"));
    assert_eq!(
        shown(&out),
        (
            ORIGINAL.to_owned(),
            "Operators test and assess at least once a year.".to_owned()
        ),
        "{out}"
    );
    assert!(
        out.contains("[in force on 2026-12-31: the text before 2027-01-01 (the original text)]"),
        "{out}"
    );
    // The other versions are listed with their days and source.
    assert!(out.contains("[other versions]"), "{out}");
    assert!(
        out.contains(
            "from 2027-01-01, before 2029-07-01, amended by 示例修订决定（2026年） · Example amending decision (2026):"
        ),
        "{out}"
    );
    assert!(
        out.contains(AMENDED) && out.contains(AMENDED_TWICE),
        "{out}"
    );
}

#[test]
fn on_and_after_the_amendment_the_new_text_is_shown() {
    for day in ["2027-01-01", "2029-06-30"] {
        let out = explain("art17", Some(day));
        assert_eq!(shown(&out).0, AMENDED, "{day}: {out}");
        assert!(
            out.contains(&format!(
                "[in force on {day}: the text from 2027-01-01, before 2029-07-01, amended by 示例修订决定（2026年） · Example amending decision (2026)]"
            )),
            "{out}"
        );
        assert!(
            out.contains("before 2027-01-01 (the original text):"),
            "{out}"
        );
    }
    let out = explain("art17", Some("2029-07-01"));
    assert_eq!(shown(&out).0, AMENDED_TWICE, "{out}");
    assert!(
        out.contains("[in force on 2029-07-01: the text from 2029-07-01]"),
        "{out}"
    );
    // The rules are listed whatever the date.
    assert!(out.contains("obligation annual_assessment"), "{out}");
}

#[test]
fn paragraphs_and_items_have_their_own_versions() {
    let out = explain("art18", Some("2027-06-01"));
    // Paragraph 1 was never amended: no version notes.
    assert!(
        out.contains("¶1  运营者应当报告检测评估结果。\n      Operators report the results.\n\n"),
        "{out}"
    );
    // Paragraph 2 from 2027-01-01, its item 1 only from 2028-01-01.
    assert!(out.contains("¶2  报告应当在十五日内提交。"), "{out}");
    assert!(out.contains("      （一）书面报告；\n"), "{out}");
    assert!(
        out.contains("[in force on 2027-06-01: the text before 2028-01-01 (the original text)]"),
        "{out}"
    );
    let out = explain("art18", Some("2026-06-01"));
    assert!(out.contains("¶2  报告应当在三十日内提交。"), "{out}");
    let out = explain("art18", Some("2028-01-01"));
    assert!(out.contains("      （一）书面或者电子报告；\n"), "{out}");
}

#[test]
fn the_default_date_is_today_in_china() {
    let china = jiff::tz::TimeZone::fixed(jiff::tz::offset(8));
    let today = jiff::Timestamp::now().to_zoned(china).date();
    let out = explain("art17", None);
    assert!(out.contains(&format!("[in force on {today}: ")), "{out}");
    let expected = if today < jiff::civil::date(2027, 1, 1) {
        ORIGINAL
    } else if today < jiff::civil::date(2029, 7, 1) {
        AMENDED
    } else {
        AMENDED_TWICE
    };
    assert_eq!(shown(&out).0, expected, "{out}");
}

#[test]
fn a_bad_as_of_is_refused() {
    let pack = fixture();
    let out = tiaoli(&[
        "explain",
        "art17",
        "--pack",
        pack.to_str().unwrap(),
        "--as-of",
        "2027-02-30",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`--as-of 2027-02-30` is not a date"));
}

#[test]
fn the_fixture_pack_is_clean() {
    let pack = fixture();
    let pack = pack.to_str().unwrap();
    let out = tiaoli(&["check", "--deny-warnings", pack]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = tiaoli(&["fmt", "--check", pack]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// The checker's view: versions out of order or on one day (M011), dated
/// outside the pack's days (M012), a date that does not exist (S004).
#[test]
fn versions_out_of_order_or_out_of_force_are_refused() {
    let dir = std::env::temp_dir().join(format!("tiaoli-amended-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(fixture().join("tiaoli.toml"), dir.join("tiaoli.toml")).unwrap();
    let article = |versions: &str| {
        format!(
            "article 1 {{\n  title zh \"标题\" en \"Title\"\n  text zh \"原文。\" en \"Original.\"\n{versions}}}\n"
        )
    };
    let v = |date: &str| format!("  text from {date} zh \"新文。\" en \"New.\"\n");
    for (versions, expected) in [
        (
            format!("{}{}", v("2027-01-01"), v("2026-01-01")),
            vec![(
                "M011",
                "`text from 2026-01-01` of article 1 is not after the previous version's date (2027-01-01)",
            )],
        ),
        (
            format!("{}{}", v("2027-01-01"), v("2027-01-01")),
            vec![(
                "M011",
                "`text from 2027-01-01` of article 1 is not after the previous version's date (2027-01-01)",
            )],
        ),
        (
            v("2021-09-01"),
            vec![(
                "M012",
                "`text from 2021-09-01` of article 1 is not after the first day of its pack's days in force (2021-09-01)",
            )],
        ),
        (
            v("2027-02-30"),
            vec![("S004", "`2027-02-30` is not a valid date")],
        ),
        (format!("{}{}", v("2026-01-01"), v("2027-01-01")), vec![]),
    ] {
        std::fs::write(dir.join("rules.tiaoli"), article(&versions)).unwrap();
        let out = tiaoli(&["check", "--format", "json", dir.to_str().unwrap()]);
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let got: Vec<(&str, &str)> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] != "S004" || expected.iter().any(|e| e.0 == "S004"))
            .map(|d| (d["code"].as_str().unwrap(), d["message"].as_str().unwrap()))
            .take(expected.len().max(1))
            .collect();
        if expected.is_empty() {
            assert!(got.is_empty(), "{versions}: {json}");
        } else {
            assert_eq!(got, expected, "{versions}");
        }
    }
    // In force until the article's own end: a version on that day is M012.
    std::fs::write(
        dir.join("rules.tiaoli"),
        "article 1 {\n  title zh \"标题\" en \"Title\"\n  text zh \"原文。\" en \"Original.\"\n  in force until 2028-01-01\n  text from 2028-01-01 zh \"新文。\" en \"New.\"\n}\n",
    )
    .unwrap();
    let out = tiaoli(&["check", "--format", "json", dir.to_str().unwrap()]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["diagnostics"][0]["code"], "M012", "{json}");
    assert_eq!(
        json["diagnostics"][0]["message"],
        "`text from 2028-01-01` of article 1 takes effect on or after the end of its article's days in force (2028-01-01)"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
