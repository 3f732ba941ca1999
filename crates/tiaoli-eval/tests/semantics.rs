//! The evaluator's semantics, on small packs written inline: three-valued
//! logic and what it reports missing, arithmetic, money, dates, duty
//! statuses, exemptions, penalties and extension points. Every assertion is
//! an exact result.

#![expect(
    clippy::unwrap_used,
    clippy::panic,
    reason = "helpers that find rules and facts by name should fail loudly"
)]

mod common;

use std::sync::LazyLock;

use jiff::civil::{Date, date};
use rust_decimal::Decimal;
use serde_json::{Value as Json, json};
use tiaoli_eval::ir::Whose;
use tiaoli_eval::{
    Dur, Evaluation, Exposure, Facility, OutOfRange, Program, Reason, Status, Tri, Value, evaluate,
    facility_json, missing_names, money_max,
};

/// The regulation pack: a vocabulary, expressions as definitions, and a
/// handful of articles with duties, penalties, an exception and an
/// extension point.
const REG: &str = r#"
party operator { zh "运营者" en "operator" }
party person_in_charge of addressee { zh "直接负责的主管人员" en "the person directly in charge" }
measure warning { zh "警告" en "warning" }
measure fine { zh "罚款" en "fine" }

enum Sector {
  title zh "行业" en "Sector"
  energy { zh "能源" en "energy" }
  water { zh "水利" en "water" }
  finance { zh "金融" en "finance" }
}

record Purchase {
  title zh "采购" en "Purchase"
  field amount: money { zh "金额" en "amount" }
  field sensitive: bool { zh "敏感" en "sensitive" }
  field reviewed: bool { zh "已审查" en "reviewed" }
}

fact a: bool { zh "甲" en "a" }
fact b: bool { zh "乙" en "b" }
fact c: bool { zh "丙" en "c" }
fact esc: bool { zh "升级" en "escalate" }
fact i: int { zh "整数" en "i" }
fact j: int { zh "整数二" en "j" }
fact x: decimal { zh "小数" en "x" }
fact m: money { zh "金额" en "m" }
fact d: date { zh "日期" en "d" }
fact d2: date { zh "日期二" en "d2" }
fact opt: optional int { zh "可选" en "opt" }
fact sector: Sector { zh "行业" en "sector" }
fact buys: list<Purchase> { zh "采购" en "purchases" }

// Logic
define and_ab = facility.a and facility.b
define or_ab = facility.a or facility.b
define not_a = not facility.a
define three = facility.a and (facility.b or facility.c)

// Comparisons and arithmetic
define i_gt_3 = facility.i > 3
define i_plus_j = facility.i + facility.j
define i_plus_j_eq_5 = facility.i + facility.j == 5
define i_times_0 = facility.i * 0
define i_div_2 = facility.i / 2
define i_div_j = facility.i / facility.j
define i_plus_half = facility.i + 0.5
define i_eq_x = facility.i == facility.x
define i_lt_x = facility.i < facility.x
define x_times_i = facility.x * facility.i
define neg_i = -facility.i
define i_in = facility.i in [1, 2, 3]
define min_ij = min(facility.i, facility.j)
define max_ij = max(facility.i, facility.j)

// otherwise and known()
define opt_or_7 = facility.opt otherwise 7
define opt_or_i = facility.opt otherwise facility.i
define opt_absent = facility.opt is absent
define not_opt_absent = not facility.opt is absent
define opt_absent_or_a = facility.opt is absent or facility.a
define opt_known = known(facility.opt)
define opt_plus_1_known = known((facility.opt otherwise 0) + 1)
define i_known = known(facility.i)
define a_known = known(facility.a)

// if-then-else
define same_branches = if facility.a then 1 else 1
define branch_i = if facility.a then facility.i else 2

// Quantifiers
define any_sensitive = any(p in facility.buys: p.sensitive)
define all_reviewed = all(p in facility.buys: p.reviewed)
define any_unreviewed_sensitive = any(p in facility.buys where p.sensitive: not p.reviewed)
define all_sensitive_reviewed = all(p in facility.buys where p.sensitive: p.reviewed)
define count_sensitive = count(p in facility.buys where p.sensitive)
define sum_all = sum(p in facility.buys: p.amount)
define sum_unreviewed = sum(p in facility.buys where p.sensitive and not p.reviewed: p.amount)
define empty_sum_is_zero = sum(p in facility.buys where p.sensitive: p.amount) == 0 CNY
define empty_sum_below = sum(p in facility.buys where p.sensitive: p.amount) < 100 CNY
define sum_days = sum(p in facility.buys where p.sensitive: 2 days)
define sum_days_short = sum(p in facility.buys where p.sensitive: 2 days) < 3 days
define as_of_plus_sum = as_of + sum(p in facility.buys where p.sensitive: 1 month)

// Money
define tenth_plus_fifth = 0.1 CNY + 0.2 CNY
define money_exact = 0.1 CNY + 0.2 CNY == 0.3 CNY
define m_times_3 = facility.m * 3
define m_div_3 = facility.m / 3
define m_ratio = facility.m / 4 CNY
define m_over = facility.m > 1_000_000 CNY
define m_half = facility.m * 0.5
define m_neg_half = 0 CNY - facility.m * 0.5
define m_times_i = facility.m * facility.i
define m_third_sum = sum(p in facility.buys: p.amount) / 3

// A chain of definitions, deeper than explanations follow
define chain1 = facility.a
define chain2 = chain1
define chain3 = chain2
define chain4 = chain3
define chain5 = chain4

// Dates and durations
define d_plus_month = facility.d + 1 month
define d_plus_year = facility.d + 1 year
define d_minus_month = facility.d - 1 month
define d_plus_days = facility.d + 30 days
define d_plus_both = facility.d + 1 month + 1 day
define days = facility.d2 - facility.d
define within_30_days = facility.d2 - facility.d <= 30 days
define month_vs_30_days = facility.d + 1 month > facility.d + 30 days
define month_vs_28_days = facility.d + 1 month == facility.d + 28 days
define year_vs_365 = facility.d + 1 year > facility.d + 365 days
define weeks = 2 weeks == 14 days
define dur_times = 3 months * 4 == 1 year
define recent = facility.d > as_of - 1 year

article 1 {
  title zh "第一条" en "Article 1"
  text zh "第一条。" en "Article 1."

  obligation o1 {
    title zh "义务一" en "Duty one"
    bearer operator
    applies when facility.a
    requires facility.b
    due facility.d + 1 year
  }

  prohibition p1 {
    title zh "禁止一" en "Prohibition one"
    bearer operator
    applies when facility.a
    forbids facility.c
  }
}

article 2 {
  title zh "第二条" en "Article 2"
  text zh "第二条。" en "Article 2."

  obligation o2 {
    bearer operator
    requires facility.b
    unless facility.c cite art3
  }

  obligation o3 {
    bearer operator
    requires not any(p in facility.buys: p.sensitive and not p.reviewed)
  }

  obligation o4 {
    bearer operator
    requires sum_unreviewed < 1_000 CNY
  }
}

article 3 {
  title zh "第三条" en "Article 3"
  text zh "第三条。" en "Article 3."

  exception water_exempt {
    title zh "水利除外" en "Water is set aside"
    exempts pen1
    when facility.sector == .water
  }
}

article 4 {
  title zh "第四条" en "Article 4"
  para 1 {
    text zh "有下列情形之一的：" en "Any of the following:"
    item 1 {
      text zh "（一）违反义务一的；" en "(1) breaching duty one;"
    }
  }

  penalty pen1 {
    title zh "处罚一" en "Penalty one"
    addressee operator
    trigger o1 cite art4.1.1
    trigger p1
    measures warning, fine
    fine operator 10_000 CNY ..= 100_000 CNY
    fine person_in_charge 1_000 CNY ..= 10_000 CNY
    escalate when facility.esc {
      fine operator 100_000 CNY ..= 1_000_000 CNY
    }
  }

  penalty pen2 {
    title zh "处罚二" en "Penalty two"
    addressee operator
    trigger o3
    measures fine
    fine operator 1 ..= 10 times sum(p in facility.buys where p.sensitive and not p.reviewed: p.amount)
    fine person_in_charge 10_000 CNY ..= 100_000 CNY
  }

  penalty pen3 {
    title zh "处罚三" en "Penalty three"
    addressee operator
    trigger o2
    measures warning
    may fine operator 0.5 ..= 2 times facility.m
  }
}

article 9 {
  title zh "认定规则" en "Identification rules"
  text zh "第九条。" en "Article 9."

  extension rules {
    title zh "认定规则" en "Identification rules"
    key facility.sector
    returns bool
    factor importance { zh "重要程度" en "importance" }
  }

  determination candidate {
    title zh "应当认定" en "Candidate"
    value rules()
  }

  obligation o6 {
    bearer operator
    requires not violated(o1) and not triggered(pen1)
  }

  obligation o7 {
    bearer operator
    requires chain5
  }

  obligation o5 {
    bearer operator
    applies when rules()
    requires facility.esc
  }

  determination known_a {
    title zh "甲" en "a"
    value facility.a
  }
}
"#;

/// The sector pack: implementations for `energy` and `water`, none for
/// `finance`.
const SEC: &str = r#"
implement reg::rules for .energy {
  title zh "能源规则" en "Energy rules"
  source zh "示范" en "model"
  factor importance = facility.a
  decide importance
}

implement reg::rules for .water {
  title zh "水利规则" en "Water rules"
  source zh "示范" en "model"
  define big = facility.i >= 10
  factor importance = big and facility.b
  decide importance or facility.c
}
"#;

static PROGRAM: LazyLock<Program> = LazyLock::new(|| common::compile_src(REG, Some(SEC)));

const AS_OF: Date = date(2025, 6, 1);

struct Run {
    f: Facility,
    e: Evaluation,
}

fn run_at(facts: Json, as_of: Date) -> Run {
    let f = common::facility(&PROGRAM, facts);
    let e = evaluate(&PROGRAM, &f, as_of);
    Run { f, e }
}

fn run(facts: Json) -> Run {
    run_at(facts, AS_OF)
}

fn p() -> &'static Program {
    &PROGRAM
}

impl Run {
    fn value(&self, name: &str) -> &Tri {
        let i = p()
            .values
            .iter()
            .position(|v| v.meta.name == name)
            .unwrap_or_else(|| panic!("no definition {name}"));
        &self.e.values[i]
    }

    /// A value that must be known.
    fn known(&self, name: &str) -> &Value {
        match self.value(name) {
            Tri::Known(v) => v,
            other => panic!("{name} is {other:?}"),
        }
    }

    /// The facts an unknown value lists; panics on a known value.
    fn missing(&self, name: &str) -> Vec<&'static str> {
        match self.value(name) {
            Tri::Unknown(m) => missing_names(p(), m),
            other => panic!("{name} is known: {other:?}"),
        }
    }

    fn reason(&self, name: &str) -> Option<Reason> {
        self.value(name).missing().and_then(|m| m.cause())
    }

    fn duty(&self, name: &str) -> &tiaoli_eval::DutyOutcome {
        let i = p()
            .duties
            .iter()
            .position(|d| d.meta.name == name)
            .unwrap_or_else(|| panic!("no duty {name}"));
        &self.e.duties[i]
    }

    fn status(&self, name: &str) -> (Status, Vec<&'static str>) {
        let d = self.duty(name);
        (d.status, missing_names(p(), &d.missing))
    }

    fn penalty(&self, name: &str) -> &tiaoli_eval::PenaltyOutcome {
        let i = p()
            .penalties
            .iter()
            .position(|x| x.meta.name == name)
            .unwrap_or_else(|| panic!("no penalty {name}"));
        &self.e.penalties[i]
    }

    fn json(&self) -> Json {
        facility_json(p(), &self.f, &self.e, None)
    }

    fn penalty_json(&self, name: &str) -> Json {
        self.json()["penalties"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["rule"] == name)
            .cloned()
            .unwrap()
    }

    fn outcome_json(&self, name: &str) -> Json {
        self.json()["outcomes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["rule"] == name)
            .cloned()
            .unwrap()
    }
}

fn b(v: bool) -> Value {
    Value::Bool(v)
}

fn int(v: i64) -> Value {
    Value::Int(v)
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn money(s: &str) -> Value {
    Value::Money(dec(s))
}

fn days(n: i32) -> Value {
    Value::Duration(Dur { months: 0, days: n })
}

fn names(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

/// A JSON value for a three-valued boolean fact: `None` leaves it out.
fn put(facts: &mut serde_json::Map<String, Json>, name: &str, v: Option<bool>) {
    if let Some(v) = v {
        facts.insert(name.into(), json!(v));
    }
}

// ───────────────────────────── Kleene logic ─────────────────────────────

const TRI: [Option<bool>; 3] = [Some(true), Some(false), None];

fn kleene_and(a: Option<bool>, b: Option<bool>) -> Option<bool> {
    match (a, b) {
        (Some(false), _) | (_, Some(false)) => Some(false),
        (Some(true), Some(true)) => Some(true),
        _ => None,
    }
}

fn kleene_or(a: Option<bool>, b: Option<bool>) -> Option<bool> {
    match (a, b) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), Some(false)) => Some(false),
        _ => None,
    }
}

#[test]
fn and_or_not_follow_kleene_and_list_exactly_the_deciding_facts() {
    for a in TRI {
        for bv in TRI {
            let mut facts = serde_json::Map::new();
            put(&mut facts, "a", a);
            put(&mut facts, "b", bv);
            let r = run(Json::Object(facts));
            let ctx = format!("a = {a:?}, b = {bv:?}");

            // The facts that could decide an unknown result are exactly the
            // unknown operands (a known operand cannot change the answer).
            let unknown_operands: Vec<&str> = [("a", a), ("b", bv)]
                .iter()
                .filter(|(_, v)| v.is_none())
                .map(|(n, _)| *n)
                .collect();

            for (name, expected) in [("and_ab", kleene_and(a, bv)), ("or_ab", kleene_or(a, bv))] {
                match expected {
                    Some(v) => assert_eq!(r.value(name), &Tri::bool(v), "{name}, {ctx}"),
                    None => assert_eq!(r.missing(name), unknown_operands, "{name}, {ctx}"),
                }
            }
            match a {
                Some(v) => assert_eq!(r.value("not_a"), &Tri::bool(!v), "{ctx}"),
                None => assert_eq!(r.missing("not_a"), vec!["a"], "{ctx}"),
            }
        }
    }
}

#[test]
fn and_with_one_unknown_operand() {
    // a unknown, b true: unknown, decided by a alone.
    let r = run(json!({ "b": true }));
    assert_eq!(r.missing("and_ab"), vec!["a"]);
    // Both unknown: both.
    let r = run(json!({}));
    assert_eq!(r.missing("and_ab"), vec!["a", "b"]);
    // a false: false, whatever b is; nothing missing.
    let r = run(json!({ "a": false }));
    assert_eq!(r.value("and_ab"), &Tri::bool(false));
    // b false decides it too, even with a unknown (no short circuit needed).
    let r = run(json!({ "b": false }));
    assert_eq!(r.value("and_ab"), &Tri::bool(false));
    // true or unknown is true.
    let r = run(json!({ "a": true }));
    assert_eq!(r.value("or_ab"), &Tri::bool(true));
    let r = run(json!({ "b": true }));
    assert_eq!(r.value("or_ab"), &Tri::bool(true));
}

#[test]
fn nested_logic_reports_only_facts_that_could_still_matter() {
    // a and (b or c): with b true, c cannot matter.
    let r = run(json!({ "b": true }));
    assert_eq!(r.missing("three"), vec!["a"]);
    // a true, b false: only c.
    let r = run(json!({ "a": true, "b": false }));
    assert_eq!(r.missing("three"), vec!["c"]);
    // a true, b and c unknown.
    let r = run(json!({ "a": true }));
    assert_eq!(r.missing("three"), vec!["b", "c"]);
    // Everything unknown.
    let r = run(json!({}));
    assert_eq!(r.missing("three"), vec!["a", "b", "c"]);
    // a false decides.
    let r = run(json!({ "a": false }));
    assert_eq!(r.value("three"), &Tri::bool(false));
}

// ─────────────────────── comparisons and arithmetic ─────────────────────

#[test]
fn comparisons_and_arithmetic_with_unknown_operands_are_unknown() {
    let r = run(json!({}));
    assert_eq!(r.missing("i_gt_3"), vec!["i"]);
    assert_eq!(r.missing("i_plus_j"), vec!["i", "j"]);
    assert_eq!(r.missing("i_plus_j_eq_5"), vec!["i", "j"]);
    // No shortcut for multiplication by zero: unknown × 0 is unknown.
    assert_eq!(r.missing("i_times_0"), vec!["i"]);
    assert_eq!(r.missing("neg_i"), vec!["i"]);
    assert_eq!(r.missing("i_in"), vec!["i"]);
    assert_eq!(r.missing("min_ij"), vec!["i", "j"]);

    let r = run(json!({ "i": 2 }));
    assert_eq!(r.known("i_gt_3"), &b(false));
    assert_eq!(r.missing("i_plus_j"), vec!["j"]);
    assert_eq!(r.missing("i_plus_j_eq_5"), vec!["j"]);
    assert_eq!(r.known("i_times_0"), &int(0));
    assert_eq!(r.known("neg_i"), &int(-2));
    assert_eq!(r.known("i_in"), &b(true));

    let r = run(json!({ "i": 2, "j": 3 }));
    assert_eq!(r.known("i_plus_j"), &int(5));
    assert_eq!(r.known("i_plus_j_eq_5"), &b(true));
    assert_eq!(r.known("min_ij"), &int(2));
    assert_eq!(r.known("max_ij"), &int(3));
}

#[test]
fn division_by_zero_and_overflow_are_unknown_with_a_reason() {
    let r = run(json!({ "i": 1, "j": 0 }));
    assert_eq!(r.missing("i_div_j"), Vec::<&str>::new());
    assert_eq!(r.reason("i_div_j"), Some(Reason::DivisionByZero));

    let r = run(json!({ "i": i64::MAX, "j": 1 }));
    assert_eq!(r.reason("i_plus_j"), Some(Reason::Overflow));
    // Overflow is not "missing facts": nothing the facility could add helps.
    assert_eq!(r.missing("i_plus_j"), Vec::<&str>::new());
    // ...and it propagates through a comparison.
    assert_eq!(r.reason("i_plus_j_eq_5"), Some(Reason::Overflow));

    let r = run(json!({ "i": i64::MIN }));
    assert_eq!(r.reason("neg_i"), Some(Reason::Overflow));
}

#[test]
fn ints_and_decimals_mix() {
    // int / int is exact, not truncating.
    let r = run(json!({ "i": 7, "j": 2, "x": "2.5" }));
    assert_eq!(r.known("i_div_2"), &Value::Decimal(dec("3.5")));
    assert_eq!(r.known("i_div_j"), &Value::Decimal(dec("3.5")));
    assert_eq!(r.known("i_plus_half"), &Value::Decimal(dec("7.5")));
    assert_eq!(r.known("x_times_i"), &Value::Decimal(dec("17.5")));
    assert_eq!(r.known("i_eq_x"), &b(false));
    assert_eq!(r.known("i_lt_x"), &b(false));

    let r = run(json!({ "i": 2, "x": "2.00" }));
    assert_eq!(r.known("i_eq_x"), &b(true));
    let r = run(json!({ "i": 2, "x": 2.01 }));
    assert_eq!(r.known("i_lt_x"), &b(true));
}

// ─────────────────────────── otherwise, known() ─────────────────────────

#[test]
fn otherwise_replaces_only_a_known_absent_value() {
    // null for an optional fact is "known absent": the fallback.
    let r = run(json!({ "opt": null }));
    assert_eq!(r.known("opt_or_7"), &int(7));
    // Not given: unknown, and it stays unknown, naming the fact (B5).
    let r = run(json!({}));
    assert_eq!(r.missing("opt_or_7"), vec!["opt"]);
    // ...even when the fallback is known.
    let r = run(json!({ "i": 4 }));
    assert_eq!(r.missing("opt_or_i"), vec!["opt"]);
    // A value is kept; the fallback is not read.
    let r = run(json!({ "opt": 3 }));
    assert_eq!(r.known("opt_or_7"), &int(3));
    assert_eq!(r.known("opt_or_i"), &int(3));
    // Absent with an unknown fallback: unknown, naming the fallback's fact.
    let r = run(json!({ "opt": null }));
    assert_eq!(r.missing("opt_or_i"), vec!["i"]);
    let r = run(json!({ "opt": null, "i": 4 }));
    assert_eq!(r.known("opt_or_i"), &int(4));
}

#[test]
fn is_absent_is_true_false_or_unknown_naming_the_fact() {
    let r = run(json!({ "opt": null }));
    assert_eq!(r.known("opt_absent"), &b(true));
    assert_eq!(r.known("not_opt_absent"), &b(false));
    assert_eq!(r.known("opt_absent_or_a"), &b(true));
    let r = run(json!({ "opt": 0 }));
    assert_eq!(r.known("opt_absent"), &b(false));
    assert_eq!(r.known("not_opt_absent"), &b(true));
    assert_eq!(r.missing("opt_absent_or_a"), vec!["a"]);
    // Not given: unknown, missing the fact itself.
    let r = run(json!({}));
    assert_eq!(r.missing("opt_absent"), vec!["opt"]);
    assert_eq!(r.missing("not_opt_absent"), vec!["opt"]);
    assert_eq!(r.missing("opt_absent_or_a"), vec!["a", "opt"]);
    let r = run(json!({ "a": true }));
    assert_eq!(r.known("opt_absent_or_a"), &b(true));
}

#[test]
fn known_is_whether_the_facility_told_us_and_never_unknown() {
    let r = run(json!({}));
    assert_eq!(r.known("opt_known"), &b(false));
    assert_eq!(r.known("i_known"), &b(false));
    assert_eq!(r.known("a_known"), &b(false));
    assert_eq!(r.known("opt_plus_1_known"), &b(false));
    // Known absent is known: the facility told us there is none.
    let r = run(json!({ "opt": null }));
    assert_eq!(r.known("opt_known"), &b(true));
    assert_eq!(r.known("opt_plus_1_known"), &b(true));
    let r = run(json!({ "opt": 0, "i": 0, "a": false }));
    assert_eq!(r.known("opt_known"), &b(true));
    assert_eq!(r.known("i_known"), &b(true));
    assert_eq!(r.known("a_known"), &b(true));
}

// ───────────────────────────── if-then-else ─────────────────────────────

#[test]
fn if_with_an_unknown_condition_is_known_when_both_branches_agree() {
    let r = run(json!({}));
    assert_eq!(r.known("same_branches"), &int(1));

    // Branches agree: i is 2, like the else branch.
    let r = run(json!({ "i": 2 }));
    assert_eq!(r.known("branch_i"), &int(2));
    // They differ: unknown, decided by the condition.
    let r = run(json!({ "i": 3 }));
    assert_eq!(r.missing("branch_i"), vec!["a"]);
    // A branch is unknown too: both.
    let r = run(json!({}));
    assert_eq!(r.missing("branch_i"), vec!["a", "i"]);
    // A known condition takes one branch, and only its facts matter.
    let r = run(json!({ "a": false }));
    assert_eq!(r.known("branch_i"), &int(2));
    let r = run(json!({ "a": true }));
    assert_eq!(r.missing("branch_i"), vec!["i"]);
}

// ───────────────────────────── quantifiers ──────────────────────────────

#[test]
fn quantifiers_over_records_with_unknown_fields_report_the_list() {
    // One element's `sensitive` is unknown (left out), the other is true.
    let r = run(json!({ "buys": [
        { "amount": 100, "reviewed": true },
        { "amount": 200, "sensitive": true, "reviewed": false },
    ]}));
    assert_eq!(r.known("any_sensitive"), &b(true));
    assert_eq!(r.known("all_reviewed"), &b(false));
    assert_eq!(r.known("any_unreviewed_sensitive"), &b(true));
    // The count is unknown: the first element might count. The list fact
    // is what is missing (a field of one of its records).
    assert_eq!(r.missing("count_sensitive"), vec!["buys"]);
    assert_eq!(r.known("sum_all"), &money("300"));

    // Unknown and false: any is unknown; all of reviewed true/unknown is unknown.
    let r = run(json!({ "buys": [
        { "amount": 100, "sensitive": false, "reviewed": true },
        { "amount": 200, "reviewed": true },
        { "reviewed": true, "sensitive": false },
    ]}));
    assert_eq!(r.missing("any_sensitive"), vec!["buys"]);
    assert_eq!(r.known("all_reviewed"), &b(true));
    // The third amount is unknown.
    assert_eq!(r.missing("sum_all"), vec!["buys"]);

    // An unknown list: every quantifier over it is unknown, decided by it.
    let r = run(json!({}));
    for q in [
        "any_sensitive",
        "all_reviewed",
        "count_sensitive",
        "sum_all",
        "any_unreviewed_sensitive",
    ] {
        assert_eq!(r.missing(q), vec!["buys"], "{q}");
    }
}

#[test]
fn where_filters_skip_elements_and_unknown_filters_only_matter_if_the_body_could() {
    let r = run(json!({ "buys": [
        // Filtered out: its unknown amount does not matter.
        { "sensitive": false, "reviewed": false },
        { "amount": "1500.50", "sensitive": true, "reviewed": false },
        { "amount": 99, "sensitive": true, "reviewed": true },
    ]}));
    assert_eq!(r.known("count_sensitive"), &int(2));
    assert_eq!(r.known("sum_unreviewed"), &money("1500.50"));
    assert_eq!(r.known("all_sensitive_reviewed"), &b(false));
    assert_eq!(r.known("any_unreviewed_sensitive"), &b(true));

    // Unknown filter, body that cannot change the answer: any(… : false)
    // stays false, all(… : true) stays true.
    let r = run(json!({ "buys": [
        { "amount": 5, "reviewed": true },
    ]}));
    assert_eq!(r.known("any_unreviewed_sensitive"), &b(false));
    assert_eq!(r.known("all_sensitive_reviewed"), &b(true));
    // …but a body that could: unknown, decided by the list.
    let r = run(json!({ "buys": [
        { "amount": 5, "reviewed": false },
    ]}));
    assert_eq!(r.missing("any_unreviewed_sensitive"), vec!["buys"]);
    assert_eq!(r.missing("all_sensitive_reviewed"), vec!["buys"]);
    assert_eq!(r.missing("sum_unreviewed"), vec!["buys"]);
    assert_eq!(r.missing("count_sensitive"), vec!["buys"]);
}

#[test]
fn quantifiers_over_an_empty_list() {
    let r = run(json!({ "buys": [] }));
    assert_eq!(r.known("any_sensitive"), &b(false));
    assert_eq!(r.known("all_reviewed"), &b(true));
    assert_eq!(r.known("count_sensitive"), &int(0));
    // An empty sum compares as zero money.
    assert_eq!(r.known("empty_sum_is_zero"), &b(true));
    assert_eq!(r.known("empty_sum_below"), &b(true));
    // A sum where every element is filtered out, likewise.
    let r = run(json!({ "buys": [{ "amount": 7, "sensitive": false, "reviewed": true }] }));
    assert_eq!(r.known("empty_sum_is_zero"), &b(true));
    assert_eq!(r.known("empty_sum_below"), &b(true));
    // An empty sum of durations is no time at all.
    assert_eq!(r.known("sum_days_short"), &b(true));
    assert_eq!(r.known("as_of_plus_sum"), &Value::Date(AS_OF));
    // Non-empty: 2 + 2 days; as_of + 1 month.
    let r = run(json!({ "buys": [
        { "amount": 7, "sensitive": true, "reviewed": true },
        { "amount": 8, "sensitive": true, "reviewed": true },
    ]}));
    assert_eq!(r.known("sum_days"), &days(4));
    assert_eq!(r.known("sum_days_short"), &b(false));
    let r = run(json!({ "buys": [{ "sensitive": true }] }));
    assert_eq!(r.known("as_of_plus_sum"), &Value::Date(date(2025, 7, 1)));
}

// ──────────────────────────────── money ─────────────────────────────────

#[test]
fn money_is_exact() {
    let r = run(json!({ "m": "100.10" }));
    assert_eq!(r.known("tenth_plus_fifth"), &money("0.3"));
    assert_eq!(r.known("money_exact"), &b(true));
    assert_eq!(r.known("m_times_3"), &money("300.30"));
    // money / number is money, rounded to the fen; money / money is a
    // plain ratio, not rounded.
    assert_eq!(r.known("m_div_3"), &money("33.37"));
    assert_eq!(r.known("m_ratio"), &Value::Decimal(dec("25.025")));
    assert_eq!(r.known("m_over"), &b(false));
    // Decimal places beyond floats' reach stay exact.
    let r = run(json!({ "m": "0.1" }));
    assert_eq!(r.known("m_times_3"), &money("0.3"));
}

/// A fine as the JSON report gives it.
fn fine_j(
    on: &str,
    whose: &str,
    discretionary: bool,
    min: &str,
    max: Option<&str>,
    known: &str,
    missing: &[&str],
) -> Json {
    let party = match on {
        "operator" => json!({ "zh": "运营者", "en": "operator" }),
        _ => json!({ "zh": "直接负责的主管人员", "en": "the person directly in charge" }),
    };
    json!({
        "on": on, "party": party, "whose": whose, "discretionary": discretionary,
        "min": min, "max": max, "max_known": known, "missing": missing, "currency": "CNY",
    })
}

fn exposure_j(min: &str, max: &str, possible: Option<&str>) -> Json {
    json!({ "min": min, "max": max, "possible_max": possible, "out_of_range": false, "currency": "CNY" })
}

#[test]
fn money_results_are_rounded_to_the_fen_half_away_from_zero() {
    // 1000 / 3 is 333.33, never 333.333333333333333333333333.
    let r = run(json!({ "m": 1000 }));
    assert_eq!(r.known("m_div_3"), &money("333.33"));
    let r = run(json!({ "m": 2000 }));
    assert_eq!(r.known("m_div_3"), &money("666.67"));
    // Half a fen rounds away from zero, both ways (四舍五入).
    let r = run(json!({ "m": "0.01" }));
    assert_eq!(r.known("m_half"), &money("0.01"));
    assert_eq!(r.known("m_neg_half"), &money("-0.01"));
    let r = run(json!({ "m": "0.03" }));
    assert_eq!(r.known("m_half"), &money("0.02"));
    // A sum of amounts divided: `fine … times sum(…) / 3`-style.
    let r = run(json!({ "buys": [{ "amount": 1000 }, { "amount": "0.01" }] }));
    assert_eq!(r.known("m_third_sum"), &money("333.34"));
    assert_eq!(r.known("sum_all"), &money("1000.01"));
}

#[test]
fn money_out_of_range_is_unknown_with_a_reason_not_a_wrong_number() {
    // The largest amount, times a large int: out of range, unknown.
    let r = run(json!({ "m": "999999999999999.99", "i": 1_000_000 }));
    assert_eq!(r.reason("m_times_i"), Some(Reason::Overflow));
    assert_eq!(r.missing("m_times_i"), Vec::<&str>::new());
    // Within range it is exact.
    let r = run(json!({ "m": "999999999999999.99", "i": 1 }));
    assert_eq!(r.known("m_times_i"), &money("999999999999999.99"));
    // i64::MAX times an amount overflows the decimal itself: no panic.
    let r = run(json!({ "m": "999999999999999.99", "i": i64::MAX }));
    assert_eq!(r.reason("m_times_i"), Some(Reason::Overflow));
    // A sum out of range.
    let big = json!({ "amount": "999999999999999.99" });
    let r = run(json!({ "buys": [big.clone(), big] }));
    assert_eq!(r.reason("sum_all"), Some(Reason::Overflow));
}

#[test]
fn relative_fines_are_rounded_to_the_fen() {
    // pen3: 0.5 ..= 2 times m.
    let r = run(json!({ "b": false, "c": false, "m": "0.33" }));
    let pen = r.penalty("pen3");
    assert_eq!(pen.fines[0].min, dec("0.17"));
    assert_eq!(pen.fines[0].max_known, dec("0.66"));
    assert_eq!(pen.fines[0].max, Some(dec("0.66")));
    assert_eq!(r.penalty_json("pen3")["fines"][0]["min"], "0.17");
}

/// D1, D8 (issue 9): a bound beyond the money range is flagged out of
/// range and holds the end of the range, so the range stays ordered; it is
/// never "no upper bound", never 0, and JSON says `"out_of_range"`.
#[test]
fn relative_fines_beyond_the_money_range_are_out_of_range() {
    // pen3: 0.5 ..= 2 times m. The minimum fits, the maximum does not.
    let r = run(json!({ "b": false, "c": false, "m": "999999999999999.99" }));
    let f = &r.penalty("pen3").fines[0];
    assert_eq!(f.min, dec("500000000000000"));
    assert_eq!((f.max_known, f.max), (money_max(), Some(money_max())));
    assert_eq!(
        f.out_of_range,
        OutOfRange {
            min: false,
            max: true,
            possible_max: true
        }
    );
    assert_eq!(f.missing.cause(), None);
    let j = &r.penalty_json("pen3")["fines"][0];
    assert_eq!(
        (&j["min"], &j["max"], &j["max_known"]),
        (
            &json!("500000000000000"),
            &json!("out_of_range"),
            &json!("out_of_range")
        )
    );
    // Discretionary: nothing certain, and what is possible is out of range.
    let x = r.penalty("pen3").exposure();
    assert!(x.min <= x.max && !x.out_of_range.min && !x.out_of_range.max);
    assert!(x.out_of_range.possible_max);
    assert_eq!(
        r.penalty_json("pen3")["exposure"],
        json!({ "min": "0", "max": "0", "possible_max": "out_of_range", "out_of_range": true, "currency": "CNY" })
    );
}

/// Sums of exposures are checked: past the money range the sum is out of
/// range (at the end of the range), never a panic or a wrapped number;
/// `max_with` keeps the flag of the larger.
#[test]
fn exposure_sums_are_checked() {
    let big = |min: &str, max: &str| Exposure {
        min: dec(min),
        max: dec(max),
        possible_max: Some(dec(max)),
        out_of_range: OutOfRange::default(),
    };
    let mut total = Exposure::zero();
    for _ in 0..3 {
        total.merge(&big("400000000000000", "900000000000000"));
    }
    assert_eq!((total.min, total.max), (money_max(), money_max()));
    assert_eq!(
        total.out_of_range,
        OutOfRange {
            min: true,
            max: true,
            possible_max: true
        }
    );
    // Adding more, or Decimal's own limit, keeps it there.
    let huge = Exposure {
        min: Decimal::MAX,
        max: Decimal::MAX,
        possible_max: Some(Decimal::MAX),
        out_of_range: OutOfRange::default(),
    };
    total.merge(&huge);
    assert_eq!(total.max, money_max());
    // No upper bound wins over out of range.
    let mut unbounded = big("1", "2");
    unbounded.possible_max = None;
    let mut t = total;
    t.merge(&unbounded);
    assert_eq!(t.possible_max, None);
    assert!(!t.out_of_range.possible_max);
    // The larger of an in-range and an out-of-range exposure.
    let mut m = big("1", "2");
    m.max_with(&total);
    assert_eq!(m, total);
    let mut m = total;
    m.max_with(&big("1", "2"));
    assert_eq!(m, total);
    // Two in range whose sum is not.
    let mut two = big("0", "600000000000000");
    two.merge(&big("0", "600000000000000"));
    assert_eq!(two.min, dec("0"));
    assert!(!two.out_of_range.min && two.out_of_range.max);
}

#[test]
fn relative_fines_multiply_their_basis_exactly() {
    // pen3: may fine 0.5 ..= 2 times m, triggered by o2 (b false, c false).
    let r = run(json!({ "b": false, "c": false, "m": "0.3", "sector": "energy" }));
    let pen = r.penalty("pen3");
    assert_eq!(pen.triggered, Tri::bool(true));
    assert_eq!(pen.fines.len(), 1);
    assert_eq!(pen.fines[0].min, dec("0.15"));
    assert_eq!(pen.fines[0].max, Some(dec("0.6")));
    let j = r.penalty_json("pen3");
    assert_eq!(
        j["fines"],
        json!([fine_j(
            "operator",
            "operator",
            true,
            "0.15",
            Some("0.6"),
            "0.6",
            &[]
        )])
    );
    // Discretionary: nothing certain, its maximum possible.
    assert_eq!(j["exposure"], exposure_j("0", "0", Some("0.6")));

    // pen2: 1 ..= 10 times the sum of unreviewed sensitive purchases.
    let r = run(json!({ "sector": "energy", "buys": [
        { "amount": "0.1", "sensitive": true, "reviewed": false },
        { "amount": "0.2", "sensitive": true, "reviewed": false },
    ]}));
    let pen = r.penalty("pen2");
    assert_eq!(pen.triggered, Tri::bool(true));
    assert_eq!(pen.fines[0].whose, Whose::Operator);
    assert_eq!(pen.fines[0].min, dec("0.3"));
    assert_eq!(pen.fines[0].max, Some(dec("3.0")));
    assert_eq!(
        r.penalty_json("pen2")["fines"][0],
        fine_j("operator", "operator", false, "0.3", Some("3"), "3", &[])
    );
    // The person fine is the person's, not in the operator's exposure.
    assert_eq!(pen.fines[1].whose, Whose::OperatorPersons);
    let x = pen.exposure();
    assert_eq!(
        (x.min, x.max, x.possible_max),
        (dec("0.3"), dec("3.0"), Some(dec("3.0")))
    );
    assert_eq!(
        r.penalty_json("pen2")["exposure"],
        exposure_j("0.3", "3", Some("3"))
    );
}

#[test]
fn a_partly_known_basis_gives_an_interval() {
    // One purchase certainly counted, one whose review is unknown.
    let r = run(json!({ "sector": "energy", "buys": [
        { "amount": 200, "sensitive": true, "reviewed": false },
        { "amount": 100, "sensitive": true },
    ]}));
    let pen = r.penalty("pen2");
    assert_eq!(pen.triggered, Tri::bool(true));
    assert_eq!(pen.fines[0].min, dec("200"));
    assert_eq!(pen.fines[0].max_known, dec("2000"));
    assert_eq!(pen.fines[0].max, Some(dec("3000")));
    assert_eq!(missing_names(p(), &pen.fines[0].missing), vec!["buys"]);
    let x = pen.exposure();
    assert_eq!(
        (x.min, x.max, x.possible_max),
        (dec("200"), dec("2000"), Some(dec("3000")))
    );
}

#[test]
fn a_relative_fine_with_an_unknown_basis_has_no_upper_bound() {
    // pen3 triggered (o2 violated), m unknown.
    let r = run(json!({ "b": false, "c": false, "sector": "energy" }));
    let pen = r.penalty("pen3");
    assert_eq!(pen.triggered, Tri::bool(true));
    assert_eq!(pen.fines[0].min, Decimal::ZERO);
    assert_eq!(pen.fines[0].max, None);
    assert_eq!(missing_names(p(), &pen.fines[0].missing), vec!["m"]);
    let j = r.penalty_json("pen3");
    assert_eq!(
        j["fines"],
        json!([fine_j("operator", "operator", true, "0", None, "0", &["m"])])
    );
    // Nothing certain; no upper bound to what is possible.
    assert_eq!(j["exposure"], exposure_j("0", "0", None));
}

// ─────────────────────────── dates and durations ───────────────────────

#[test]
fn adding_months_clamps_to_the_end_of_the_month() {
    let r = run(json!({ "d": "2021-01-31" }));
    assert_eq!(r.known("d_plus_month"), &Value::Date(date(2021, 2, 28)));
    assert_eq!(r.known("d_plus_year"), &Value::Date(date(2022, 1, 31)));
    assert_eq!(r.known("d_minus_month"), &Value::Date(date(2020, 12, 31)));
    assert_eq!(r.known("d_plus_days"), &Value::Date(date(2021, 3, 2)));
    // Months first, then days: 2021-02-28 + 1 day.
    assert_eq!(r.known("d_plus_both"), &Value::Date(date(2021, 3, 1)));

    let r = run(json!({ "d": "2024-02-29" }));
    assert_eq!(r.known("d_plus_year"), &Value::Date(date(2025, 2, 28)));
    assert_eq!(r.known("d_plus_month"), &Value::Date(date(2024, 3, 29)));
    assert_eq!(r.known("d_minus_month"), &Value::Date(date(2024, 1, 29)));

    let r = run(json!({ "d": "2024-03-31" }));
    assert_eq!(r.known("d_minus_month"), &Value::Date(date(2024, 2, 29)));

    let r = run(json!({}));
    assert_eq!(r.missing("d_plus_month"), vec!["d"]);
}

#[test]
fn date_minus_date_is_days() {
    let r = run(json!({ "d": "2024-02-01", "d2": "2024-03-02" }));
    assert_eq!(r.known("days"), &days(30));
    assert_eq!(r.known("within_30_days"), &b(true));
    let r = run(json!({ "d": "2024-02-01", "d2": "2024-03-03" }));
    assert_eq!(r.known("days"), &days(31));
    assert_eq!(r.known("within_30_days"), &b(false));
    // Negative when the second date is earlier.
    let r = run(json!({ "d": "2024-03-01", "d2": "2023-03-01" }));
    assert_eq!(r.known("days"), &days(-366));
    assert_eq!(r.known("within_30_days"), &b(true));
    let r = run(json!({ "d": "2024-03-01" }));
    assert_eq!(r.missing("within_30_days"), vec!["d2"]);
}

#[test]
fn durations_of_days_and_months_compare_only_anchored_to_a_date() {
    // `1 month < 30 days` alone is a type error (T009); from a date, the
    // calendar decides. From 2023-02-01 a month is 28 days.
    let r = run(json!({ "d": "2023-02-01" }));
    assert_eq!(r.known("month_vs_30_days"), &b(false));
    assert_eq!(r.known("month_vs_28_days"), &b(true));
    assert_eq!(r.known("year_vs_365"), &b(false));
    // From 2023-03-01 it is 31, whatever the evaluation date.
    let r = run(json!({ "d": "2023-03-01" }));
    assert_eq!(r.known("month_vs_30_days"), &b(true));
    assert_eq!(r.known("month_vs_28_days"), &b(false));
    // From 2024-01-01 a year is 366 days.
    let r = run(json!({ "d": "2024-01-01" }));
    assert_eq!(r.known("year_vs_365"), &b(true));
    // Durations of one kind compare without a date.
    assert_eq!(r.known("weeks"), &b(true));
    assert_eq!(r.known("dur_times"), &b(true));
}

#[test]
fn as_of_is_the_evaluation_date() {
    let facts = json!({ "d": "2024-06-01" });
    // d > as_of - 1 year
    assert_eq!(
        run_at(facts.clone(), date(2025, 5, 31)).known("recent"),
        &b(true)
    );
    assert_eq!(
        run_at(facts.clone(), date(2025, 6, 1)).known("recent"),
        &b(false)
    );
    assert_eq!(run_at(facts, date(2025, 6, 2)).known("recent"), &b(false));
}

// ─────────────────────────────── duties ─────────────────────────────────

#[test]
fn obligation_statuses_combine_applies_and_requires() {
    use Status::*;
    let none: Vec<&str> = vec![];
    // applies when a, requires b
    let cases: [(Json, Status, Vec<&str>); 9] = [
        // Not applicable, whatever requires is.
        (json!({ "a": false }), NotApplicable, none.clone()),
        (
            json!({ "a": false, "b": false }),
            NotApplicable,
            none.clone(),
        ),
        (json!({ "a": true, "b": true }), Satisfied, none.clone()),
        (json!({ "a": true, "b": false }), Violated, none.clone()),
        (json!({ "a": true }), Unknown, vec!["b"]),
        // applies unknown, requires false: violated if it applies.
        (json!({ "b": false }), Unknown, vec!["a"]),
        // applies unknown, requires true: satisfied or not applicable —
        // still reported unknown, decided by `a`.
        (json!({ "b": true }), Unknown, vec!["a"]),
        (json!({}), Unknown, vec!["a", "b"]),
        (
            json!({ "a": false, "b": true }),
            NotApplicable,
            none.clone(),
        ),
    ];
    for (facts, status, missing) in cases {
        let r = run(facts.clone());
        assert_eq!(r.status("o1"), (status, missing), "{facts}");
    }
}

#[test]
fn a_due_date_is_given_unless_not_applicable() {
    let r = run(json!({ "a": true, "b": false, "d": "2024-02-29" }));
    assert_eq!(
        r.duty("o1").due,
        Some(Tri::Known(Value::Date(date(2025, 2, 28))))
    );
    assert_eq!(r.outcome_json("o1")["due"], json!("2025-02-28"));
    let r = run(json!({ "a": false, "d": "2024-02-29" }));
    assert_eq!(r.duty("o1").due, None);
    assert_eq!(r.outcome_json("o1")["due"], Json::Null);
    // Unknown date: unknown due.
    let r = run(json!({ "a": true, "b": true }));
    assert_eq!(r.outcome_json("o1")["due"], json!("unknown"));
}

#[test]
fn prohibition_statuses() {
    use Status::*;
    let r = run(json!({ "a": true, "c": true }));
    assert_eq!(r.status("p1"), (Violated, vec![]));
    let r = run(json!({ "a": true, "c": false }));
    assert_eq!(r.status("p1"), (Satisfied, vec![]));
    let r = run(json!({ "a": false, "c": true }));
    assert_eq!(r.status("p1"), (NotApplicable, vec![]));
    let r = run(json!({ "a": true }));
    assert_eq!(r.status("p1"), (Unknown, vec!["c"]));
    // applies unknown and nothing forbidden happened: still unknown.
    let r = run(json!({ "c": false }));
    assert_eq!(r.status("p1"), (Unknown, vec!["a"]));
    let j = r.outcome_json("p1");
    assert_eq!(j["kind"], "prohibition");
    assert_eq!(j["missing"], json!(["a"]));
}

#[test]
fn inline_exemptions() {
    use Status::*;
    // requires b unless c cite art3.
    let r = run(json!({ "b": false, "c": true }));
    assert_eq!(r.status("o2"), (NotApplicable, vec![]));
    let j = r.outcome_json("o2");
    assert_eq!(j["status"], "not_applicable");
    assert_eq!(
        j["exempted_by"],
        json!({ "condition": "facility.c", "pack": "reg", "article": 3, "cite": "art3", "applies": true })
    );
    // Exempt even when the duty itself is undecided.
    let r = run(json!({ "c": true }));
    assert_eq!(r.status("o2"), (NotApplicable, vec![]));
    // A violated duty with an unknown exemption is unknown, decided by it.
    let r = run(json!({ "b": false }));
    assert_eq!(r.status("o2"), (Unknown, vec!["c"]));
    assert_eq!(r.outcome_json("o2")["exempted_by"]["applies"], "unknown");
    // Undecided duty, undecided exemption: both.
    let r = run(json!({}));
    assert_eq!(r.status("o2"), (Unknown, vec!["b", "c"]));
    // A satisfied duty stays satisfied whatever the exemption.
    let r = run(json!({ "b": true }));
    assert_eq!(r.status("o2"), (Satisfied, vec![]));
    assert_eq!(r.outcome_json("o2")["exempted_by"], Json::Null);
    // The exemption does not hold: the duty's own status.
    let r = run(json!({ "b": false, "c": false }));
    assert_eq!(r.status("o2"), (Violated, vec![]));
}

// ────────────────────────────── penalties ───────────────────────────────

#[test]
fn a_penalty_is_triggered_by_any_of_its_triggers() {
    // o1 violated (a, not b); p1 satisfied.
    let r = run(json!({ "a": true, "b": false, "c": false, "esc": false, "sector": "energy" }));
    let pen = r.penalty("pen1");
    assert_eq!(pen.triggered, Tri::bool(true));
    let j = r.penalty_json("pen1");
    assert_eq!(j["triggered"], true);
    assert_eq!(
        j["triggered_by"],
        json!([{ "rule": "o1", "pack": "reg", "cite": "art4.1.1" }])
    );
    assert_eq!(j["missing"], json!([]));
    assert_eq!(j["measures"], json!(["warning", "fine"]));
    // Only p1 violated.
    let r = run(json!({ "a": true, "b": true, "c": true, "esc": false }));
    let j = r.penalty_json("pen1");
    assert_eq!(
        j["triggered_by"],
        json!([{ "rule": "p1", "pack": null, "cite": null }])
    );
    // Both.
    let r = run(json!({ "a": true, "b": false, "c": true, "esc": false }));
    let j = r.penalty_json("pen1");
    assert_eq!(
        j["triggered_by"],
        json!([{ "rule": "o1", "pack": "reg", "cite": "art4.1.1" }, { "rule": "p1", "pack": null, "cite": null }])
    );
    // Neither.
    let r = run(json!({ "a": true, "b": true, "c": false }));
    assert_eq!(r.penalty("pen1").triggered, Tri::bool(false));
    let j = r.penalty_json("pen1");
    assert_eq!(j["triggered"], false);
    assert_eq!(j["fines"], json!([]));
    assert_eq!(j["conditional_fines"], json!([]));
}

#[test]
fn an_unknown_trigger_leaves_the_penalty_unknown_unless_another_fires() {
    // o1 unknown (b), p1 satisfied: unknown, decided by b.
    let r = run(json!({ "a": true, "c": false }));
    let pen = r.penalty("pen1");
    assert_eq!(
        pen.triggered.missing().map(|m| missing_names(p(), m)),
        Some(vec!["b"])
    );
    let j = r.penalty_json("pen1");
    assert_eq!(j["triggered"], "unknown");
    assert_eq!(j["missing"], json!(["b"]));
    // No fines certainly apply while not known to be triggered; they may.
    assert_eq!(j["fines"], json!([]));
    assert_eq!(j["conditional_fines"][0]["status"], "possible");
    // o1 unknown but p1 violated: triggered.
    let r = run(json!({ "a": true, "c": true, "esc": false, "sector": "energy" }));
    assert_eq!(r.penalty("pen1").triggered, Tri::bool(true));
    // Both unknown: both triggers' facts.
    let r = run(json!({ "a": true }));
    assert_eq!(r.penalty_json("pen1")["missing"], json!(["b", "c"]));
}

#[test]
fn escalation_true_replaces_the_direct_fine_on_the_same_target() {
    let r = run(json!({ "a": true, "b": false, "c": false, "esc": true, "sector": "energy" }));
    let pen = r.penalty("pen1");
    assert_eq!(pen.escalation, Tri::bool(true));
    let j = r.penalty_json("pen1");
    // The person fine is kept, the operator's escalated.
    assert_eq!(
        j["fines"],
        json!([
            fine_j(
                "person_in_charge",
                "operator_persons",
                false,
                "1000",
                Some("10000"),
                "10000",
                &[]
            ),
            fine_j(
                "operator",
                "operator",
                false,
                "100000",
                Some("1000000"),
                "1000000",
                &[]
            ),
        ])
    );
    assert_eq!(j["conditional_fines"], json!([]));
    assert_eq!(
        j["exposure"],
        exposure_j("100000", "1000000", Some("1000000"))
    );
    let x = r.e.exposure();
    assert_eq!((x.min, x.max), (dec("100000"), dec("1000000")));
}

#[test]
fn escalation_false_lists_the_escalated_fines_as_if_escalated() {
    let r = run(json!({ "a": true, "b": false, "c": false, "esc": false, "sector": "energy" }));
    let j = r.penalty_json("pen1");
    assert_eq!(
        j["fines"],
        json!([
            fine_j(
                "operator",
                "operator",
                false,
                "10000",
                Some("100000"),
                "100000",
                &[]
            ),
            fine_j(
                "person_in_charge",
                "operator_persons",
                false,
                "1000",
                Some("10000"),
                "10000",
                &[]
            ),
        ])
    );
    let mut c = fine_j(
        "operator",
        "operator",
        false,
        "100000",
        Some("1000000"),
        "1000000",
        &[],
    );
    c["status"] = json!("if_escalated");
    c["condition"] = json!("facility.esc");
    c["condition_value"] = json!(false);
    assert_eq!(j["conditional_fines"], json!([c]));
    assert_eq!(j["exposure"], exposure_j("10000", "100000", Some("100000")));
}

#[test]
fn an_unknown_escalation_makes_the_fines_it_decides_possible() {
    let r = run(json!({ "a": true, "b": false, "c": false, "sector": "energy" }));
    let j = r.penalty_json("pen1");
    // The person fine is not escalated: it applies.
    assert_eq!(
        j["fines"],
        json!([fine_j(
            "person_in_charge",
            "operator_persons",
            false,
            "1000",
            Some("10000"),
            "10000",
            &[]
        )])
    );
    let statuses: Vec<&str> = j["conditional_fines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, vec!["possible", "possible"]);
    assert_eq!(j["conditional_fines"][1]["missing"], json!(["esc"]));
    assert_eq!(j["missing"], json!(["esc"]));
    // Either the direct or the escalated fine: nothing certain, at most both.
    assert_eq!(j["exposure"], exposure_j("0", "0", Some("1100000")));
}

#[test]
fn an_exception_sets_a_penalty_aside() {
    // Triggered, but the sector is water: no fines at all.
    let r = run(json!({ "a": true, "b": false, "c": false, "esc": true, "sector": "water" }));
    let pen = r.penalty("pen1");
    assert_eq!(pen.triggered, Tri::bool(true));
    assert!(pen.fines.is_empty());
    let j = r.penalty_json("pen1");
    assert_eq!(j["triggered"], true);
    assert_eq!(
        j["exceptions"],
        json!([{
            "exception": "water_exempt",
            "title": { "zh": "水利除外", "en": "Water is set aside" },
            "pack": "reg", "article": 3, "cite": "art3", "applies": true, "readings": [], "instead": null,
        }])
    );
    assert_eq!(j["exposure"], exposure_j("0", "0", Some("0")));
    // The duties themselves are unaffected.
    assert_eq!(r.status("o1").0, Status::Violated);

    // The exception may apply (sector unknown): undecided, listing the
    // sector, and every fine only possible.
    let r = run(json!({ "a": true, "b": false, "c": false, "esc": false }));
    let j = r.penalty_json("pen1");
    assert_eq!(j["exceptions"][0]["applies"], "unknown");
    assert_eq!(j["triggered"], "unknown");
    assert_eq!(j["missing"], json!(["sector"]));
    assert_eq!(j["fines"], json!([]));
    assert_eq!(j["conditional_fines"][0]["status"], "possible");
    assert_eq!(j["conditional_fines"][0]["missing"], json!(["sector"]));
    assert_eq!(j["exposure"], exposure_j("0", "0", Some("100000")));

    // It does not apply: not listed.
    let r = run(json!({ "a": true, "b": false, "c": false, "esc": false, "sector": "finance" }));
    assert_eq!(r.penalty_json("pen1")["exceptions"], json!([]));
}

#[test]
fn facility_exposure_sums_the_operators_fines_over_penalties() {
    // pen1 (operator 10k..100k, not escalated), pen2 (1..10 × 1000), pen3 (o2
    // exempt by c, so not triggered).
    let r = run(json!({
        "a": true, "b": false, "c": true, "esc": false, "sector": "energy", "m": 50,
        "buys": [{ "amount": 1000, "sensitive": true, "reviewed": false }],
    }));
    assert_eq!(r.status("o2").0, Status::NotApplicable);
    assert_eq!(r.penalty("pen3").triggered, Tri::bool(false));
    let x = r.e.exposure();
    assert_eq!((x.min, x.max), (dec("11000"), dec("110000")));
    let j = r.json()["exposure"].clone();
    assert_eq!(j["min"], "11000");
    assert_eq!(j["max"], "110000");
    assert_eq!(j["possible_max"], "110000");
    // The persons' fines: pen1's and pen2's.
    assert_eq!(j["persons"], exposure_j("11000", "110000", Some("110000")));
}

// ─────────────────────────── extension points ───────────────────────────

#[test]
fn extension_points_dispatch_by_key() {
    let r = run(json!({ "sector": "energy", "a": true }));
    assert_eq!(r.known("candidate"), &b(true));
    let r = run(json!({ "sector": "energy", "a": false, "c": true }));
    assert_eq!(r.known("candidate"), &b(false));
    // The water rules, with a local definition: (i >= 10 and b) or c.
    let r = run(json!({ "sector": "water", "i": 12, "b": true }));
    assert_eq!(r.known("candidate"), &b(true));
    let r = run(json!({ "sector": "water", "i": 9, "b": true, "c": false }));
    assert_eq!(r.known("candidate"), &b(false));
    // Unknown facts inside the implementation are reported as usual.
    let r = run(json!({ "sector": "water", "i": 12, "c": false }));
    assert_eq!(r.missing("candidate"), vec!["b"]);
    let r = run(json!({ "sector": "energy" }));
    assert_eq!(r.missing("candidate"), vec!["a"]);
}

#[test]
fn an_unknown_key_leaves_the_extension_unknown_with_the_key_missing() {
    let r = run(json!({ "a": true }));
    assert_eq!(r.missing("candidate"), vec!["sector"]);
    assert_eq!(r.reason("candidate"), None);
    assert_eq!(r.json()["determinations"]["candidate"], "unknown");
}

#[test]
fn a_key_without_an_implementation_is_unknown_with_a_reason() {
    let r = run(json!({ "sector": "finance", "a": true }));
    assert_eq!(r.missing("candidate"), Vec::<&str>::new());
    assert!(matches!(
        r.reason("candidate"),
        Some(Reason::NoImplementation(_, 2))
    ));
}

#[test]
fn extension_explanations_show_the_implementation_steps() {
    let r = run(json!({ "sector": "water", "i": 12, "b": true, "esc": true }));
    assert_eq!(r.json()["determinations"]["candidate"], true);
    let j = r.outcome_json("o5");
    assert_eq!(j["status"], "satisfied");
    assert_eq!(
        j["explanation"]["clauses"][0],
        json!({
            "clause": "applies when", "text": "rules()", "value": true,
            "reads": [{
                "extension": "rules", "pack": "reg", "cite": "art9", "value": true,
                "implementation": {
                    "pack": "sec",
                    "model": true,
                    "title": { "zh": "水利规则", "en": "Water rules" },
                    "source": { "zh": "示范", "en": "model" },
                    "decide": "importance or facility.c",
                    "steps": [
                        { "definition": "big", "text": "facility.i >= 10", "value": true,
                          "reads": [{ "fact": "i", "value": 12, "pack": null, "cite": null }] },
                        { "factor": "importance", "text": "big and facility.b", "value": true,
                          "reads": [{ "fact": "b", "value": true, "pack": null, "cite": null }] },
                    ],
                },
            }],
        })
    );
}

#[test]
fn an_extension_without_an_implementation_explains_why() {
    let r = run(json!({ "sector": "finance", "esc": true }));
    let j = r.outcome_json("o5");
    assert_eq!(j["status"], "unknown");
    assert_eq!(j["missing"], json!([]));
    assert_eq!(
        j["reason"],
        "no loaded pack implements `rules` for `finance`"
    );
    assert_eq!(
        j["explanation"]["clauses"][0]["reads"][0],
        json!({
            "extension": "rules", "pack": "reg", "cite": "art9", "value": "unknown",
            "reason": "no loaded pack implements `rules` for `finance`",
            "missing": [],
        })
    );
    // An unknown key: the key fact is missing, no reason.
    let r = run(json!({ "esc": true }));
    let j = r.outcome_json("o5");
    assert_eq!(j["missing"], json!(["sector"]));
    assert_eq!(j["reason"], Json::Null);
    assert_eq!(
        j["explanation"]["clauses"][0]["reads"][0]["missing"],
        json!(["sector"])
    );
}

// ──────────────────────────── determinations ────────────────────────────

#[test]
fn determinations_are_reported_three_valued() {
    let r = run(json!({ "a": true, "sector": "energy" }));
    let j = r.json();
    assert_eq!(
        j["determinations"],
        json!({ "candidate": true, "known_a": true })
    );
    let r = run(json!({ "a": false, "sector": "energy" }));
    assert_eq!(
        r.json()["determinations"],
        json!({ "candidate": false, "known_a": false })
    );
    let r = run(json!({}));
    assert_eq!(
        r.json()["determinations"],
        json!({ "candidate": "unknown", "known_a": "unknown" })
    );
}

// ───────────────────────── explanations in JSON ─────────────────────────

#[test]
fn an_outcome_explains_its_clauses_with_the_facts_they_read() {
    let r = run(json!({ "a": true, "b": false, "d": "2024-01-31" }));
    let j = r.outcome_json("o1");
    assert_eq!(j["rule"], "o1");
    assert_eq!(j["kind"], "obligation");
    assert_eq!(j["title"], json!({ "zh": "义务一", "en": "Duty one" }));
    assert_eq!(j["article"], 1);
    assert_eq!(j["paragraph"], Json::Null);
    assert_eq!(j["item"], Json::Null);
    assert_eq!(j["status"], "violated");
    assert_eq!(j["bearer"], "operator");
    assert_eq!(j["due"], "2025-01-31");
    assert_eq!(j["missing"], json!([]));
    assert_eq!(j["reason"], Json::Null);
    assert_eq!(
        j["explanation"],
        json!({
            "rule": "o1", "kind": "obligation", "pack": "reg", "cite": "art1", "status": "violated",
            "clauses": [
                { "clause": "applies when", "text": "facility.a", "value": true,
                  "reads": [{ "fact": "a", "value": true, "pack": null, "cite": null }] },
                { "clause": "requires", "text": "facility.b", "value": false,
                  "reads": [{ "fact": "b", "value": false, "pack": null, "cite": null }] },
                { "clause": "due", "text": "facility.d + 1 year", "value": "2025-01-31",
                  "reads": [{ "fact": "d", "value": "2024-01-31", "pack": null, "cite": null }] },
            ],
        })
    );
}

#[test]
fn unknown_values_are_the_string_unknown_in_json() {
    let r = run(json!({ "a": true }));
    let j = r.outcome_json("o1");
    assert_eq!(j["status"], "unknown");
    assert_eq!(j["missing"], json!(["b"]));
    assert_eq!(j["explanation"]["clauses"][1]["value"], "unknown");
    assert_eq!(
        j["explanation"]["clauses"][1]["reads"][0]["value"],
        "unknown"
    );
}

#[test]
fn pack_local_names_resolve_in_the_sector_pack() {
    // Sanity: the program has both implementations and the schema has every fact.
    assert_eq!(p().extensions.len(), 1);
    assert_eq!(p().extensions[0].impls.len(), 2);
    assert_eq!(
        names(
            &p().schema
                .facts
                .keys()
                .map(String::as_str)
                .collect::<Vec<_>>()
        ),
        names(&[
            "a", "b", "c", "esc", "i", "j", "x", "m", "d", "d2", "opt", "sector", "buys"
        ])
    );
}

#[test]
fn an_empty_sum_reads_as_zero_money_in_explanations() {
    let r = run(json!({ "buys": [] }));
    assert_eq!(r.status("o4"), (Status::Satisfied, vec![]));
    let j = r.outcome_json("o4");
    let read = &j["explanation"]["clauses"][0]["reads"][0];
    assert_eq!(read["definition"], "sum_unreviewed");
    assert_eq!(read["value"], "0");
    assert_eq!(
        read["reads"],
        json!([{ "fact": "buys", "value": [], "pack": null, "cite": null }])
    );
}

#[test]
fn explanations_show_duties_and_penalties_read_with_their_status() {
    let r = run(json!({ "a": true, "b": false, "c": false, "esc": false, "sector": "energy" }));
    let j = r.outcome_json("o6");
    assert_eq!(j["status"], "violated");
    assert_eq!(
        j["explanation"]["clauses"][0]["reads"],
        json!([
            { "obligation": "o1", "pack": "reg", "cite": "art1", "status": "violated" },
            { "penalty": "pen1", "pack": "reg", "cite": "art4", "triggered": true },
        ])
    );
}

#[test]
fn explanations_follow_definitions_four_levels_deep() {
    let r = run(json!({ "a": true }));
    let j = r.outcome_json("o7");
    let mut node = &j["explanation"]["clauses"][0]["reads"][0];
    for name in ["chain5", "chain4", "chain3", "chain2"] {
        assert_eq!(node["definition"], name);
        // Top-level definitions belong to no article.
        assert_eq!(node["cite"], Json::Null);
        assert_eq!(node["value"], true);
        node = &node["reads"][0];
    }
    // chain1, the fifth level, is shown without what it reads.
    assert_eq!(node["definition"], "chain1");
    assert_eq!(node["text"], "facility.a");
    assert_eq!(node.get("reads"), None);
}

#[test]
fn a_penalty_explains_its_triggers_and_its_escalation_even_untriggered() {
    // Neither o1 nor p1 violated: not triggered; the explanation still
    // evaluates the escalation.
    let r = run(json!({ "a": true, "b": true, "c": false, "esc": false }));
    let j = r.penalty_json("pen1");
    assert_eq!(j["triggered"], false);
    assert_eq!(
        j["explanation"],
        json!({
            "rule": "pen1", "pack": "reg", "cite": "art4", "triggered": false,
            "triggers": [
                { "obligation": "o1", "pack": "reg", "cite": "art1", "status": "satisfied", "listed_in": "art4.1.1" },
                { "prohibition": "p1", "pack": "reg", "cite": "art1", "status": "satisfied", "listed_in": null },
            ],
            "clauses": [{
                "clause": "escalate when", "text": "facility.esc", "value": false,
                "reads": [{ "fact": "esc", "value": false, "pack": null, "cite": null }],
            }],
        })
    );
    // Set aside by the exception: no fines, and the explanation still
    // shows the escalation's value.
    let r = run(json!({ "a": true, "b": false, "esc": true, "sector": "water" }));
    assert!(r.penalty("pen1").fines.is_empty());
    // A penalty without escalation has no clauses.
    let r = run(json!({ "b": false, "c": false }));
    assert_eq!(r.penalty_json("pen3")["explanation"]["clauses"], json!([]));
}
