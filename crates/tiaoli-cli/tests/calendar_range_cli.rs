//! Dates and durations past the calendar, through `tiaoli eval` with a
//! pack of its own (issue 9 D9; reliability review F28, F53): a duration
//! fact of months compared with `1 day` (`>` and `!=`), and a date past
//! 9999-12-31, are undecided with the reason in JSON and in the report —
//! never `false`, never `true`, never "an amount went out of range".

#![expect(
    clippy::expect_used,
    reason = "a test that cannot run the binary or write its files should fail loudly"
)]

use serde_json::Value as Json;

mod common;
use common::{root, tiaoli};

const PACK: &str = "crates/tiaoli-cli/tests/fixtures/calendar-edge";

fn eval(facility: &str, as_of: &str, extra: &[&str]) -> std::process::Output {
    let dir = std::env::temp_dir().join(format!("tiaoli-calendar-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join(format!("{as_of}-{}.yaml", extra.len()));
    std::fs::write(&file, facility).expect("write facility");
    let pack = root().join(PACK);
    let mut args = vec![
        "eval",
        file.to_str().expect("UTF-8 path"),
        "--pack",
        pack.to_str().expect("UTF-8 path"),
        "--as-of",
        as_of,
    ];
    args.extend_from_slice(extra);
    let out = tiaoli(&args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn outcomes(facility: &str, as_of: &str) -> Vec<(String, String, Json)> {
    let out = eval(facility, as_of, &["--format", "json"]);
    let json: Json = serde_json::from_slice(&out.stdout).expect("valid JSON");
    json["facilities"][0]["outcomes"]
        .as_array()
        .expect("outcomes")
        .iter()
        .map(|o| {
            (
                o["rule"].as_str().unwrap_or_default().to_owned(),
                o["status"].as_str().unwrap_or_default().to_owned(),
                o["reason"].clone(),
            )
        })
        .collect()
}

const NO_ORDER: &str = "a duration of months and one of days have no order without a date";
const PAST: &str = "a date went out of range (the calendar runs from -9999-01-01 to 9999-12-31)";

#[test]
fn durations_without_order_and_dates_past_the_calendar_are_undecided_with_their_reason() {
    let facility = "span: 1 month\nd: 9999-12-31\n";
    let got = outcomes(facility, "9999-12-31");
    let want = [
        ("span_longer_than_a_day", NO_ORDER),
        ("span_not_a_day", NO_ORDER),
        ("within_a_year_of_d", PAST),
    ];
    for (rule, reason) in want {
        let (_, status, r) = got
            .iter()
            .find(|(name, ..)| name == rule)
            .expect("the rule's outcome");
        assert_eq!(
            (status.as_str(), r),
            ("unknown", &Json::from(reason)),
            "{rule}"
        );
    }
    let human = eval(facility, "9999-12-31", &[]);
    let t = String::from_utf8_lossy(&human.stdout);
    assert!(t.contains(&format!("unknown: {NO_ORDER}")), "{t}");
    assert!(t.contains(&format!("unknown: {PAST}")), "{t}");
    let zh = eval(facility, "9999-12-31", &["--lang", "zh"]);
    let t = String::from_utf8_lossy(&zh.stdout);
    assert!(t.contains("无法判定：日期超出日历范围"), "{t}");

    // Of one unit, and inside the calendar, they are decided.
    let got = outcomes("span: 2 days\nd: 2026-01-01\n", "2026-06-01");
    for (rule, status, _) in &got {
        assert_eq!(status, "satisfied", "{rule}");
    }
}
