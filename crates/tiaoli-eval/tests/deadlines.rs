//! Deadlines (`within … after …`, `every … since …, first within … after
//! …`): the status and the due date they derive, for a done date that is
//! given, known absent (never done) and unknown; Civil Code periods with
//! the art. 203 holiday shift; and laws in force by date.

#![expect(clippy::unwrap_used, reason = "tests")]

mod common;

use std::sync::LazyLock;

use jiff::civil::{Date, date};
use serde_json::{Value as Json, json};
use tiaoli_eval::{
    Evaluation, Facility, PackInForce, Program, Status, Tri, Value, Window, evaluate, missing_names,
};

const REG: &str = r#"
party operator { zh "运营者" en "operator" }

fact reported: date { zh "报告日期" en "report date" }
fact done: optional date { zh "完成日期" en "done date" }
fact identified: date { zh "认定日期" en "identification date" }
fact last: optional date { zh "上次评估日期" en "last assessment date" }

chapter 1 {
  title zh "总则" en "General"
  articles 1..=2
}

article 1 {
  title zh "期限" en "Deadlines"
  text zh "收到报告之日起3个月内完成。" en "Done within three months of the report."
  obligation within_three_months {
    title zh "三个月内完成" en "Done within three months"
    bearer operator
    requires facility.done within 3 months after facility.reported
  }
}

article 2 {
  title zh "年度评估" en "Yearly assessment"
  text zh "每年至少评估一次。" en "Assessed at least once a year."
  obligation yearly {
    title zh "每年评估" en "Assess every year"
    bearer operator
    requires every 1 year since facility.last, first within 1 year after facility.identified
  }
  obligation yearly_no_grace {
    title zh "每年评估" en "Assess every year"
    bearer operator
    requires every 1 year since facility.last
  }
}
"#;

static PROGRAM: LazyLock<Program> = LazyLock::new(|| common::compile_src(REG, None));

fn duty(p: &Program, name: &str) -> usize {
    p.duties.iter().position(|d| d.meta.name == name).unwrap()
}

struct Run {
    e: Evaluation,
}

impl Run {
    fn status(&self, name: &str) -> Status {
        self.e.duties[duty(&PROGRAM, name)].status
    }

    fn missing(&self, name: &str) -> Vec<String> {
        let o = &self.e.duties[duty(&PROGRAM, name)];
        missing_names(&PROGRAM, &o.missing)
            .into_iter()
            .map(str::to_owned)
            .collect()
    }

    fn due(&self, name: &str) -> Option<Tri> {
        self.e.duties[duty(&PROGRAM, name)].due.clone()
    }
}

/// Evaluates `facts` as of `as_of`; the facts named in `absent` are known
/// absent (never done).
fn run(facts: Json, absent: &[&str], as_of: Date) -> Run {
    let mut f: Facility = common::facility(&PROGRAM, facts);
    for name in absent {
        let slot = PROGRAM.schema.slot(name).unwrap();
        f.facts[slot as usize] = Some(Value::Absent);
    }
    Run {
        e: evaluate(&PROGRAM, &f, as_of),
    }
}

fn on(d: Date) -> Option<Tri> {
    Some(Tri::Known(Value::Date(d)))
}

#[test]
fn within_with_a_done_date_is_in_time_up_to_the_last_day() {
    // 2025-07-01 + 3 months is 2025-10-01, in the National Day holiday
    // (1-8 October 2025): the last day is 2025-10-09 (Civil Code art. 203).
    let facts = |d: &str| json!({ "reported": "2025-07-01", "done": d });
    let r = run(facts("2025-10-09"), &[], date(2025, 12, 1));
    assert_eq!(r.status("within_three_months"), Status::Satisfied);
    assert_eq!(r.due("within_three_months"), on(date(2025, 10, 9)));
    let r = run(facts("2025-10-10"), &[], date(2025, 12, 1));
    assert_eq!(r.status("within_three_months"), Status::Violated);
}

#[test]
fn within_never_done_is_satisfied_until_the_deadline_passes() {
    let facts = json!({ "reported": "2025-07-01" });
    let r = run(facts.clone(), &["done"], date(2025, 10, 9));
    assert_eq!(r.status("within_three_months"), Status::Satisfied);
    let r = run(facts, &["done"], date(2025, 10, 10));
    assert_eq!(r.status("within_three_months"), Status::Violated);
    assert_eq!(r.due("within_three_months"), on(date(2025, 10, 9)));
}

#[test]
fn within_with_an_unknown_done_date() {
    let facts = json!({ "reported": "2025-07-01" });
    // Before the deadline nothing can be late yet, whatever the date.
    let r = run(facts.clone(), &[], date(2025, 9, 1));
    assert_eq!(r.status("within_three_months"), Status::Satisfied);
    // After it, the date decides.
    let r = run(facts, &[], date(2025, 10, 10));
    assert_eq!(r.status("within_three_months"), Status::Unknown);
    assert_eq!(r.missing("within_three_months"), ["done"]);
    assert_eq!(r.due("within_three_months"), on(date(2025, 10, 9)));
    // Without the start, neither the status nor the due date is known.
    let r = run(json!({ "done": "2025-08-01" }), &[], date(2025, 10, 10));
    assert_eq!(r.status("within_three_months"), Status::Unknown);
    assert_eq!(r.missing("within_three_months"), ["reported"]);
    assert!(matches!(
        r.due("within_three_months"),
        Some(Tri::Unknown(_))
    ));
}

#[test]
fn every_since_the_last_time_with_a_first_period() {
    let facts = |last: &str| json!({ "identified": "2022-03-01", "last": last });
    // 2024-10-01 + 1 year: the National Day holiday moves it to 2025-10-09.
    let r = run(facts("2024-10-01"), &[], date(2025, 10, 9));
    assert_eq!(r.status("yearly"), Status::Satisfied);
    assert_eq!(r.due("yearly"), on(date(2025, 10, 9)));
    let r = run(facts("2024-10-01"), &[], date(2025, 10, 10));
    assert_eq!(r.status("yearly"), Status::Violated);
    // An assessment before the identification does not shorten the first
    // year: due on the identification's anniversary (2023-03-01, a
    // Wednesday).
    let r = run(
        json!({ "identified": "2022-03-01", "last": "2021-05-01" }),
        &[],
        date(2023, 3, 1),
    );
    assert_eq!(r.status("yearly"), Status::Satisfied);
    assert_eq!(r.due("yearly"), on(date(2023, 3, 1)));
}

/// fidelity.md §2.5(c): a CII never assessed is due on its identification's
/// anniversary, not "unknown".
#[test]
fn never_done_is_due_at_the_end_of_the_first_period() {
    let facts = json!({ "identified": "2024-09-01" });
    let r = run(facts.clone(), &["last"], date(2025, 6, 1));
    assert_eq!(r.status("yearly"), Status::Satisfied);
    assert_eq!(r.due("yearly"), on(date(2025, 9, 1)));
    let r = run(facts, &["last"], date(2025, 9, 2));
    assert_eq!(r.status("yearly"), Status::Violated);
    assert_eq!(r.due("yearly"), on(date(2025, 9, 1)));
    // Never done, and no first period to wait for: overdue.
    let r = run(json!({}), &["last"], date(2025, 9, 2));
    assert_eq!(r.status("yearly_no_grace"), Status::Violated);
}

#[test]
fn every_with_an_unknown_last_date() {
    // Within the first year: in time whatever the last date, but the due
    // date is the later of two anniversaries, so unknown.
    let r = run(json!({ "identified": "2024-09-01" }), &[], date(2025, 6, 1));
    assert_eq!(r.status("yearly"), Status::Satisfied);
    assert!(matches!(r.due("yearly"), Some(Tri::Unknown(_))));
    // After it, the last date decides.
    let r = run(json!({ "identified": "2022-09-01" }), &[], date(2025, 6, 1));
    assert_eq!(r.status("yearly"), Status::Unknown);
    assert_eq!(r.missing("yearly"), ["last"]);
    // A recent assessment is in time whatever the identification date.
    let r = run(json!({ "last": "2025-05-01" }), &[], date(2025, 6, 1));
    assert_eq!(r.status("yearly"), Status::Satisfied);
    let r = run(json!({ "last": "2024-05-01" }), &[], date(2025, 6, 1));
    assert_eq!(r.status("yearly"), Status::Unknown);
    assert_eq!(r.missing("yearly"), ["identified"]);
}

#[test]
fn a_due_date_in_a_year_without_a_holiday_notice_is_not_shifted() {
    // 2031-02-01 is a Saturday; no notice covers 2031.
    let r = run(json!({ "last": "2030-02-01" }), &[], date(2031, 1, 1));
    assert_eq!(r.due("yearly_no_grace"), on(date(2031, 2, 1)));
    let p = &*PROGRAM;
    let f = common::facility(p, json!({ "last": "2030-02-01" }));
    let j = tiaoli_eval::facility_json(p, &f, &r.e, None);
    let o = j["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["rule"] == "yearly_no_grace")
        .unwrap();
    assert_eq!(o["calendar"], "not covered: 2031");
    let r = run(json!({ "last": "2024-10-01" }), &[], date(2025, 1, 1));
    let j = tiaoli_eval::facility_json(p, &f, &r.e, None);
    let o = j["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["rule"] == "yearly_no_grace")
        .unwrap();
    assert_eq!(o["calendar"], "covered");
    let human = tiaoli_eval::human::render(
        p,
        &f,
        &run(json!({ "last": "2030-02-01" }), &[], date(2031, 3, 1)).e,
        None,
        tiaoli_eval::human::Lang::En,
        false,
    );
    assert!(
        human.contains("due 2031-02-01 (holiday calendar not covered: 2031"),
        "{human}"
    );
}

#[test]
fn a_pack_out_of_force_decides_nothing() {
    let mut p = PROGRAM.clone();
    p.set_packs_in_force(vec![PackInForce {
        ident: "reg".into(),
        name: "reg".into(),
        window: Window {
            from: Some(date(2021, 9, 1)),
            until: Some(date(2030, 1, 1)),
        },
    }]);
    let f = common::facility(&p, json!({ "reported": "2025-07-01" }));
    for as_of in [date(2021, 8, 31), date(2030, 1, 1)] {
        let e = evaluate(&p, &f, as_of);
        assert!(e.duties.iter().all(|d| d.status == Status::NotInForce));
        assert!(e.duties.iter().all(|d| d.due.is_none()));
        assert_eq!(p.packs_not_in_force(as_of).count(), 1);
    }
    for as_of in [date(2021, 9, 1), date(2029, 12, 31)] {
        let e = evaluate(&p, &f, as_of);
        assert!(e.duties.iter().all(|d| d.status != Status::NotInForce));
        assert_eq!(p.packs_not_in_force(as_of).count(), 0);
    }
}

/// An amendment's new text from a date: the old rule until 2027-01-01, the
/// new one from then, in one pack.
const AMENDED: &str = r#"
party operator { zh "运营者" en "operator" }
fact plan: bool { zh "计划" en "plan" }
fact drilled: bool { zh "演练" en "drilled" }

chapter 1 {
  title zh "总则" en "General"
  articles 1..=2
}

article 1 {
  title zh "计划" en "Plan"
  text zh "运营者应当制定计划。" en "Operators keep a plan."
  in force until 2027-01-01
  obligation old_plan {
    title zh "原条文" en "The old text"
    bearer operator
    requires facility.plan
  }
}

article 2 {
  title zh "演练" en "Drills"
  text zh "运营者应当开展演练。" en "Operators hold drills."
  obligation new_drill {
    title zh "新条文" en "The new text"
    in force from 2027-01-01
    bearer operator
    requires facility.drilled
  }
  determination drilled_under_new_text {
    title zh "按新条文演练" en "Drilled under the new text"
    in force from 2027-01-01
    value facility.drilled
  }
}
"#;

#[test]
fn articles_and_rules_carry_their_own_days_in_force() {
    let p = common::compile_src(AMENDED, None);
    let f = common::facility(&p, json!({ "plan": false, "drilled": false }));
    let status = |e: &Evaluation, name: &str| e.duties[duty(&p, name)].status;
    let before = evaluate(&p, &f, date(2026, 12, 31));
    assert_eq!(status(&before, "old_plan"), Status::Violated);
    assert_eq!(status(&before, "new_drill"), Status::NotInForce);
    let after = evaluate(&p, &f, date(2027, 1, 1));
    assert_eq!(status(&after, "old_plan"), Status::NotInForce);
    assert_eq!(status(&after, "new_drill"), Status::Violated);
    // The determination is not asserted before its day.
    let j = tiaoli_eval::facility_json(&p, &f, &before, None);
    assert_eq!(
        j["determinations"]["drilled_under_new_text"],
        "not_in_force"
    );
    let j = tiaoli_eval::facility_json(&p, &f, &after, None);
    assert_eq!(j["determinations"]["drilled_under_new_text"], false);
    // The report lists the rules not in force, with their days.
    let text =
        tiaoli_eval::human::render(&p, &f, &before, None, tiaoli_eval::human::Lang::En, false);
    assert!(text.contains("Not in force (1)"), "{text}");
    assert!(text.contains("new_drill  The new text"), "{text}");
    assert!(text.contains("in force from 2027-01-01"), "{text}");
    let text =
        tiaoli_eval::human::render(&p, &f, &after, None, tiaoli_eval::human::Lang::Zh, false);
    assert!(text.contains("未施行 (1)"), "{text}");
    assert!(text.contains("2027-01-01起失效"), "{text}");
    // Within the pack's days as well: before the pack, nothing is.
    let mut q = p.clone();
    q.set_packs_in_force(vec![PackInForce {
        ident: "reg".into(),
        name: "reg".into(),
        window: Window {
            from: Some(date(2021, 9, 1)),
            until: None,
        },
    }]);
    let e = evaluate(&q, &f, date(2021, 1, 1));
    assert_eq!(status(&e, "old_plan"), Status::NotInForce);
    let e = evaluate(&q, &f, date(2026, 1, 1));
    assert_eq!(status(&e, "old_plan"), Status::Violated);
}
