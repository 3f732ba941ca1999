//! Dates and durations at the edges (issue 9 D9; reliability review F28,
//! F52, F53): a date past the calendar is unknown with a reason about a
//! date; a duration that cannot be counted is unknown with a reason about
//! a duration; durations of days and of months, which have no order
//! without a date, compare as unknown — never `false`, and `!=` never
//! `true`.

#![expect(clippy::unwrap_used, reason = "tests")]

mod common;

use std::sync::LazyLock;

use jiff::civil::{Date, date};
use serde_json::{Value as Json, json};
use tiaoli_eval::{Evaluation, Program, Reason, Status, Tri, Value, evaluate};

const REG: &str = r#"
party operator { zh "运营者" en "operator" }

fact d: date { zh "日期" en "d" }
fact span: duration { zh "期间" en "span" }
fact n: int { zh "次数" en "n" }
fact done: optional date { zh "完成日期" en "done date" }
fact last: optional date { zh "上次日期" en "last date" }

define d_plus_year = facility.d + 1 year
define d_minus_span = facility.d - facility.span
define as_of_plus_span = as_of + facility.span
define span_deadline = as_of <= facility.d + facility.span
define span_gt_day = facility.span > 1 day
define span_ne_day = facility.span != 1 day
define span_eq_month = facility.span == 1 month
define span_in = facility.span in [30 days, 1 month]
define span_max = max(facility.span, 30 days)
define span_times_n = facility.span * facility.n
define span_plus_span = facility.span + facility.span
define neg_span = 0 days - facility.span

chapter 1 {
  title zh "总则" en "General"
  articles 1..=2
}

article 1 {
  title zh "期限" en "Deadline"
  text zh "期限内完成。" en "Done in time."
  obligation within_span {
    title zh "期限内完成" en "Done within the span"
    bearer operator
    requires facility.done within 1 year after facility.d
  }
}

article 2 {
  title zh "每年" en "Yearly"
  text zh "每年一次。" en "Once a year."
  obligation yearly {
    title zh "每年" en "Yearly"
    bearer operator
    requires every 1 year since facility.last
  }
}
"#;

static PROGRAM: LazyLock<Program> = LazyLock::new(|| common::compile_src(REG, None));

fn run(facts: Json, as_of: Date) -> Evaluation {
    let f = common::facility(&PROGRAM, facts);
    evaluate(&PROGRAM, &f, as_of)
}

fn value<'e>(e: &'e Evaluation, name: &str) -> &'e Tri {
    let i = PROGRAM
        .values
        .iter()
        .position(|v| v.meta.name == name)
        .unwrap();
    &e.values[i]
}

fn reason(e: &Evaluation, name: &str) -> Option<Reason> {
    value(e, name).missing().and_then(|m| m.cause())
}

fn duty_reason(e: &Evaluation, name: &str) -> (Status, Option<Reason>) {
    let i = PROGRAM
        .duties
        .iter()
        .position(|d| d.meta.name == name)
        .unwrap();
    (e.duties[i].status, e.duties[i].missing.cause())
}

const TODAY: Date = date(2026, 11, 21);

/// F28: 9999-12-31 + 1 year is unknown because a date left the calendar,
/// not because "an amount went out of range".
#[test]
fn a_date_past_the_calendar_is_unknown_with_a_date_reason() {
    let e = run(json!({ "d": "9999-12-31" }), TODAY);
    assert_eq!(reason(&e, "d_plus_year"), Some(Reason::DateOutOfRange));
    // And before its first day, -9999-01-01.
    let e = run(json!({ "d": "0000-01-01", "span": "10000 years" }), TODAY);
    assert_eq!(reason(&e, "d_minus_span"), Some(Reason::DateOutOfRange));
    // Within the calendar it is a date.
    let e = run(json!({ "d": "9998-12-31" }), TODAY);
    assert_eq!(
        value(&e, "d_plus_year"),
        &Tri::Known(Value::Date(date(9999, 12, 31)))
    );
}

/// F53: `as_of + duration` past 9999-12-31, and a comparison with it, are
/// unknown with the date reason, whatever the operator.
#[test]
fn a_comparison_with_a_date_past_the_calendar_is_unknown() {
    let e = run(json!({ "d": "2026-01-01", "span": "9000 years" }), TODAY);
    assert_eq!(reason(&e, "as_of_plus_span"), Some(Reason::DateOutOfRange));
    assert_eq!(reason(&e, "span_deadline"), Some(Reason::DateOutOfRange));
    let e = run(
        json!({ "d": "2026-01-01", "span": "1 month" }),
        date(9999, 12, 31),
    );
    assert_eq!(reason(&e, "as_of_plus_span"), Some(Reason::DateOutOfRange));
}

/// D9, F53: a duration of months and one of days have no order: `>`,
/// `!=`, `==`, `in` and `max` are unknown, never false or true; of the
/// same unit they are decided.
#[test]
fn durations_of_months_and_of_days_compare_as_unknown() {
    for span in ["1 month", "9000 years"] {
        let e = run(json!({ "span": span }), TODAY);
        for name in ["span_gt_day", "span_ne_day", "span_max"] {
            assert_eq!(
                reason(&e, name),
                Some(Reason::DurationsWithoutOrder),
                "{name} with {span}: {:?}",
                value(&e, name)
            );
        }
    }
    let e = run(json!({ "span": "30 days" }), TODAY);
    assert_eq!(
        reason(&e, "span_eq_month"),
        Some(Reason::DurationsWithoutOrder)
    );
    // `in`: equal to one item decides it; otherwise no order with another
    // item leaves it unknown.
    let e = run(json!({ "span": "1 month" }), TODAY);
    assert_eq!(value(&e, "span_in"), &Tri::bool(true));
    let e = run(json!({ "span": "2 months" }), TODAY);
    assert_eq!(reason(&e, "span_in"), Some(Reason::DurationsWithoutOrder));
    // Of one unit, decided.
    let e = run(json!({ "span": "2 days" }), TODAY);
    assert_eq!(value(&e, "span_gt_day"), &Tri::bool(true));
    assert_eq!(value(&e, "span_ne_day"), &Tri::bool(true));
    // Not 30 days, and no order with 1 month: still unknown.
    assert_eq!(reason(&e, "span_in"), Some(Reason::DurationsWithoutOrder));
    let e = run(json!({ "span": "1 day" }), TODAY);
    assert_eq!(value(&e, "span_ne_day"), &Tri::bool(false));
}

/// F52: duration arithmetic past what can be counted is unknown (it used
/// to saturate, a wrong duration), with a reason about a duration.
#[test]
fn duration_arithmetic_out_of_range_is_unknown() {
    let e = run(json!({ "span": "9000 years", "n": 1_000_000 }), TODAY);
    assert_eq!(reason(&e, "span_times_n"), Some(Reason::DurationOutOfRange));
    let e = run(json!({ "span": "1 day", "n": i64::MAX }), TODAY);
    assert_eq!(reason(&e, "span_times_n"), Some(Reason::DurationOutOfRange));
    let e = run(json!({ "span": "2147483647 days" }), TODAY);
    assert_eq!(
        reason(&e, "span_plus_span"),
        Some(Reason::DurationOutOfRange)
    );
    let e = run(json!({ "span": "-2147483648 days" }), TODAY);
    assert_eq!(reason(&e, "neg_span"), Some(Reason::DurationOutOfRange));
    // In range: exact.
    let e = run(json!({ "span": "3 months", "n": 4 }), TODAY);
    assert_eq!(
        value(&e, "span_times_n"),
        &Tri::Known(Value::Duration(tiaoli_eval::Dur {
            months: 12,
            days: 0
        }))
    );
}

/// A deadline whose period ends past the calendar is undecided because of
/// the date, not for want of facts.
#[test]
fn a_deadline_past_the_calendar_is_unknown_with_a_date_reason() {
    let e = run(json!({ "d": "9999-06-01" }), date(9999, 12, 31));
    assert_eq!(
        duty_reason(&e, "within_span"),
        (Status::Unknown, Some(Reason::DateOutOfRange))
    );
    let e = run(json!({ "last": "9999-06-01" }), date(9999, 12, 31));
    assert_eq!(
        duty_reason(&e, "yearly"),
        (Status::Unknown, Some(Reason::DateOutOfRange))
    );
}
