//! Readings (`reading zh "…" en "…" [cite …]`) on every kind of rule that
//! may carry one reach both reports: the text report (a `reading:` /
//! `解读：` line under the outcome) and JSON (`readings`, and
//! `determination_readings` for determinations).

mod common;

use jiff::civil::date;
use serde_json::json;
use tiaoli_eval::human::{Lang, render};
use tiaoli_eval::{evaluate, facility_json};

const REG: &str = r#"
party operator { zh "运营者" en "operator" }
measure warning { zh "警告" en "warning" }

fact a: bool { zh "甲" en "a" }
fact waived: bool { zh "豁免" en "waived" }

article 1 {
  title zh "义务" en "Duty"
  para 1 {
    text zh "运营者应当甲。" en "Operators shall do a."
  }
  para 2 {
    text zh "豁免的除外。" en "Unless waived."
  }

  obligation do_a {
    bearer operator
    requires facility.a
    reading zh "甲按每年一次理解" en "A is read as once a year" cite art1.1
  }

  determination a_done {
    title zh "已甲" en "A done"
    value facility.a
    reading zh "认定的解读" en "The determination's reading"
  }

  penalty warn {
    addressee operator
    trigger do_a
    measures warning
    reading zh "几项合并为一个幅度" en "Several items give one range"
  }

  exception waiver {
    title zh "豁免" en "Waiver"
    exempts warn
    when facility.waived
    reading zh "豁免的解读" en "The waiver's reading" cite art1.2
  }
}
"#;

#[test]
fn readings_reach_the_text_report_and_json() {
    let p = common::compile_src(REG, None);
    let f = common::facility(&p, json!({ "a": false, "waived": true }));
    let e = evaluate(&p, &f, date(2025, 6, 1));

    let en = render(&p, &f, &e, None, Lang::En, false);
    for line in [
        "      reading: A is read as once a year (reg art. 1(1))",
        "      reading: The determination's reading",
        "      reading: Several items give one range",
        "        reading: The waiver's reading (reg art. 1(2))",
    ] {
        assert!(en.lines().any(|l| l == line), "{line:?} not in\n{en}");
    }
    let zh = render(&p, &f, &e, None, Lang::Zh, false);
    assert!(
        zh.lines()
            .any(|l| l == "      解读：甲按每年一次理解（reg 第1条第1款）"),
        "{zh}"
    );

    let j = facility_json(&p, &f, &e, None);
    assert_eq!(
        j["outcomes"][0]["readings"],
        json!([{ "zh": "甲按每年一次理解", "en": "A is read as once a year", "cite": "art1.1" }])
    );
    assert_eq!(
        j["determination_readings"],
        json!({ "a_done": [{ "zh": "认定的解读", "en": "The determination's reading", "cite": null }] })
    );
    assert_eq!(
        j["penalties"][0]["readings"][0]["en"],
        "Several items give one range"
    );
    assert_eq!(
        j["penalties"][0]["exceptions"][0]["readings"],
        json!([{ "zh": "豁免的解读", "en": "The waiver's reading", "cite": "art1.2" }])
    );
}
