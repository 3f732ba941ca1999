//! Fines and exposures past the money range, as a user meets them (issue 9
//! D1, D8; reliability review F24, F25, F26, P28): `eval` of one facility
//! and of an inventory whose total passes CNY 999,999,999,999,999.99 ends
//! as a normal run, with valid JSON that says `"out_of_range"` and a report
//! that says what the bound exceeds, and a pack test given such a file
//! reports a mismatch instead of crashing.

#![expect(
    clippy::expect_used,
    reason = "a test that cannot run the binary or write its files should fail loudly"
)]

use std::path::{Path, PathBuf};
use std::process::Output;

use rust_decimal::Decimal;
use serde_json::Value as Json;

mod common;
use common::{root, tiaoli};

/// The largest facility amount: ten times it is out of range.
const TOP: &str = "999999999999999.99";

/// One facility whose art. 41 fine (1 to 10 times the purchase) passes
/// the range: the review's `ov3.yaml`, with the largest amount facility
/// files accept, and a sector, so that the fine applies.
fn one_facility() -> String {
    format!(
        "sector: energy
identified_cii: true
identification_date: 2022-03-15
last_assessment_date: 2025-06-18
refused_correction: true
procurements:
  - amount_cny: \"{TOP}\"
    affects_national_security: true
    security_review_passed: false
"
    )
}

/// Facilities each fined at least CNY 900 trillion: two of them pass the
/// range in total (the review's `two.jsonl`).
fn inventory(operator: Option<&str>) -> String {
    ["a", "b"]
        .iter()
        .map(|id| {
            let op = operator.map_or_else(String::new, |o| format!(",\"operator\":\"{o}\""));
            format!(
                "{{\"id\":\"{id}\"{op},\"sector\":\"energy\",\"identified_cii\":true,\
                 \"procurements\":[{{\"amount_cny\":\"900000000000000\",\
                 \"affects_national_security\":true,\"security_review_passed\":false}}]}}\n"
            )
        })
        .collect()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tiaoli-money-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// `tiaoli ARGS`, the file or folder given by its absolute path in `dir`.
fn run(dir: &Path, args: &[&str]) -> Output {
    let path = dir.join(args[1]);
    let mut args = args.to_vec();
    args[1] = path.to_str().expect("UTF-8 temp path");
    tiaoli(&args)
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Not a crash: no exit 101, no panic message.
fn assert_no_panic(o: &Output) {
    let t = text(o);
    assert_ne!(o.status.code(), Some(101), "{t}");
    assert!(!t.contains("panicked"), "{t}");
}

fn eval(dir: &Path, file: &str, extra: &[&str]) -> Output {
    let mut args = vec!["eval", file, "--as-of", "2026-11-21"];
    args.extend_from_slice(extra);
    let out = run(dir, &args);
    assert_no_panic(&out);
    out
}

fn eval_json(dir: &Path, file: &str) -> Json {
    let out = eval(dir, file, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

fn amount(v: &Json) -> Option<Decimal> {
    v.as_str().and_then(|s| s.parse().ok())
}

/// D8: every bound is an amount or `"out_of_range"`, never "no bound" for
/// what overflowed, and where both are amounts `min <= max <= possible`.
fn assert_ordered(what: &str, x: &Json, max_key: &str, possible_key: &str) {
    for key in ["min", max_key] {
        assert!(
            amount(&x[key]).is_some() || x[key] == "out_of_range",
            "{what}.{key}: {x}"
        );
    }
    let (min, max, possible) = (amount(&x["min"]), amount(&x[max_key]), &x[possible_key]);
    if let (Some(a), Some(b)) = (min, max) {
        assert!(a <= b, "{what}: min above max: {x}");
    }
    if x["min"] == "out_of_range" {
        assert_eq!(x[max_key], "out_of_range", "{what}: {x}");
    }
    if let (Some(b), Some(p)) = (max, amount(possible)) {
        assert!(b <= p, "{what}: max above the possible maximum: {x}");
    }
}

fn assert_exposure_ordered(what: &str, x: &Json) {
    assert_ordered(what, x, "max", "possible_max");
    let any = ["min", "max", "possible_max"]
        .iter()
        .any(|k| x[*k] == "out_of_range");
    assert_eq!(x["out_of_range"], any, "{what}: {x}");
}

#[test]
fn a_fine_past_the_range_is_out_of_range_not_unbounded_nor_zero() {
    let dir = scratch("one");
    std::fs::write(dir.join("ov3.yaml"), one_facility()).expect("write");
    let json = eval_json(&dir, "ov3.yaml");
    let f = &json["facilities"][0];
    let pen = f["penalties"]
        .as_array()
        .expect("penalties")
        .iter()
        .find(|p| p["rule"] == "procurement_review_penalty")
        .expect("art. 41 penalty");
    let fine = pen["fines"]
        .as_array()
        .expect("fines")
        .iter()
        .find(|x| x["on"] == "operator")
        .expect("the operator's fine");
    // 1 times the purchase fits; 10 times does not, and says so.
    assert_eq!(fine["min"], TOP, "{fine}");
    assert_eq!(fine["max"], "out_of_range", "{fine}");
    assert_eq!(fine["max_known"], "out_of_range", "{fine}");
    assert_exposure_ordered("art. 41", &pen["exposure"]);
    assert_eq!(pen["exposure"]["min"], TOP);
    assert_eq!(pen["exposure"]["max"], "out_of_range");
    // With art. 39's fine on top, even the certain minimum passes it.
    assert_exposure_ordered("facility", &f["exposure"]);
    assert_eq!(f["exposure"]["min"], "out_of_range", "{}", f["exposure"]);
    assert_eq!(f["exposure"]["out_of_range"], true);
    for p in f["penalties"].as_array().expect("penalties") {
        for x in p["fines"].as_array().expect("fines") {
            assert_ordered("fine", x, "max_known", "max");
        }
    }

    let human = eval(&dir, "ov3.yaml", &[]);
    let t = text(&human);
    assert_eq!(human.status.code(), Some(0), "{t}");
    assert!(
        t.contains("operator CNY 999,999,999,999,999.99 – exceeds CNY 999,999,999,999,999.99"),
        "{t}"
    );
    assert!(
        t.contains(
            "Exposure (the operator's own fines): certain exceeds CNY 999,999,999,999,999.99 – exceeds CNY 999,999,999,999,999.99; possible: exceeds CNY 999,999,999,999,999.99"
        ),
        "{t}"
    );
    assert!(!t.contains("no upper bound"), "{t}");
    let zh = eval(&dir, "ov3.yaml", &["--lang", "zh"]);
    let t = text(&zh);
    assert!(
        t.contains(
            "运营者999,999,999,999,999.99元至超出可精确表示的范围（999,999,999,999,999.99元）"
        ),
        "{t}"
    );
    assert!(t.contains("可能：超出可精确表示的范围"), "{t}");
}

#[test]
fn an_inventory_total_past_the_range_is_out_of_range_in_json_and_in_the_totals_line() {
    let dir = scratch("two");
    std::fs::write(dir.join("two.jsonl"), inventory(None)).expect("write");
    let json = eval_json(&dir, "two.jsonl");
    for f in json["facilities"].as_array().expect("facilities") {
        // Each alone: CNY 900 trillion certain, ten times that out of range.
        assert_eq!(f["exposure"]["min"], "900000000000000", "{}", f["exposure"]);
        assert_eq!(f["exposure"]["max"], "out_of_range");
    }
    let total = &json["summary"]["exposure"];
    assert_exposure_ordered("summary", total);
    assert_eq!(total["min"], "out_of_range", "{total}");
    assert_eq!(total["out_of_range"], true);

    // JSON lines: the summary line says the same.
    let lines = eval(&dir, "two.jsonl", &["--format", "jsonl"]);
    assert_eq!(lines.status.code(), Some(0), "{}", text(&lines));
    let last = String::from_utf8_lossy(&lines.stdout)
        .lines()
        .last()
        .map(str::to_owned)
        .expect("a summary line");
    let summary: Json = serde_json::from_str(&last).expect("a JSON line");
    assert_eq!(summary["type"], "summary", "{summary}");
    assert_eq!(summary["exposure"], *total);

    let human = eval(&dir, "two.jsonl", &[]);
    let t = text(&human);
    assert_eq!(human.status.code(), Some(0), "{t}");
    assert!(
        t.contains("exposure certain exceeds CNY 999,999,999,999,999.99; possible: exceeds CNY 999,999,999,999,999.99"),
        "{t}"
    );
    let zh = eval(&dir, "two.jsonl", &["--lang", "zh"]);
    assert!(
        text(&zh).contains("罚款风险确定 超出可精确表示的范围（999,999,999,999,999.99元）"),
        "{}",
        text(&zh)
    );
}

/// Per operator, each penalty counts once at its highest: two facilities of
/// one operator stay at CNY 900 trillion certain, with the maximum out of
/// range, in the operator's and in the summary's exposure.
#[test]
fn an_operators_exposure_keeps_the_highest_and_its_out_of_range_bounds() {
    let dir = scratch("operator");
    std::fs::write(dir.join("two.jsonl"), inventory(Some("某运营者"))).expect("write");
    let json = eval_json(&dir, "two.jsonl");
    let op = &json["summary"]["operators"][0];
    assert_eq!(op["facilities"], 2, "{op}");
    let x = &op["exposure"];
    assert_exposure_ordered("operator", x);
    assert_eq!(x["min"], "900000000000000", "{x}");
    assert_eq!(x["max"], "out_of_range", "{x}");
    assert_eq!(json["summary"]["exposure"], *x);
}

/// P28, D1: a pack test given the overflow file fails its expectation,
/// saying what the exposure exceeds; `tiaoli test` does not crash.
#[test]
fn a_pack_test_given_the_overflow_file_reports_a_mismatch() {
    let dir = scratch("pack-test");
    let decree = root()
        .join("policies/decree-745")
        .canonicalize()
        .expect("policies/decree-745");
    std::fs::write(
        dir.join("tiaoli.toml"),
        format!(
            "[pack]\nname = \"overflow-tests\"\nversion = \"0.1.0\"\nkind = \"advisory\"\n\
             effective = \"2021-09-01\"\n\n[pack.title]\nzh = \"测试\"\nen = \"Tests\"\n\n\
             [pack.issuer]\nzh = \"测试\"\nen = \"Tests\"\n\n[dependencies]\n\
             decree-745 = {{ version = \"^1.0\", path = \"{}\" }}\n",
            decree.display()
        ),
    )
    .expect("write manifest");
    std::fs::write(dir.join("ov3.yaml"), one_facility()).expect("write facility");
    std::fs::write(
        dir.join("tests.tiaoli"),
        "test \"the overflow file\" {\n  as_of 2026-11-21\n  given file \"ov3.yaml\"\n  \
         expect exposure certain 0 CNY ..= 0 CNY possible 0 CNY\n}\n",
    )
    .expect("write tests");
    let out = run(&dir, &["test", "."]);
    assert_no_panic(&out);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(
        t.contains("test overflow_tests::the overflow file ... FAILED\n"),
        "{t}"
    );
    assert!(
        t.contains(
            "actual:   exposure exceeds CNY 999,999,999,999,999.99 ..= exceeds CNY 999,999,999,999,999.99 possible exceeds CNY 999,999,999,999,999.99"
        ),
        "{t}"
    );
}
