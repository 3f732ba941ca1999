//! Binding facility records to the fact schema: every diagnostic code bind
//! emits (F002–F008) at the span of what is wrong, and how values map to
//! typed facts (null, money, enums, bounds, records).

#![expect(
    clippy::unwrap_used,
    clippy::panic,
    reason = "helpers that find rules and facts by name should fail loudly"
)]

mod common;

use std::sync::{Arc, LazyLock};

use jiff::civil::date;
use rust_decimal::Decimal;
use serde_json::json;
use tiaoli_diagnostics::{Code, Diagnostic, Severity};
use tiaoli_eval::bind::{RawKey, RawKind, RawNode, bind};
use tiaoli_eval::{Facility, Program, Value};
use tiaoli_text::{FileId, TextRange};

const PACK: &str = r#"
enum Sector {
  title zh "行业" en "Sector"
  energy { zh "能源" en "energy" }
  water { zh "水利" en "water resources" }
  finance { zh "金融" en "finance" }
}

record Purchase {
  title zh "采购" en "Purchase"
  field vendor: text { zh "供应商" en "vendor" }
  field amount: money { zh "金额" en "amount" }
  field sensitive: bool { zh "敏感" en "sensitive" }
  field grade: int in 1..=3 { zh "等级" en "grade" }
}

meta fact id: text { zh "标识" en "id" }
meta fact name: text { zh "名称" en "name" }
fact flag: bool { zh "标志" en "flag" }
fact level: int in 1..=5 { zh "级别" en "level" }
fact count: int { zh "数量" en "count" }
fact amount: money { zh "金额" en "amount" }
fact ratio: decimal { zh "比例" en "ratio" }
fact when: date { zh "日期" en "date" }
fact sector: Sector { zh "行业" en "sector" }
fact maybe: optional bool { zh "可选" en "optional flag" }
fact maybe_date: optional date { zh "可选日期" en "optional date" }
fact buys: list<Purchase> { zh "采购" en "purchases" }
"#;

static PROGRAM: LazyLock<Program> = LazyLock::new(|| common::compile_src(PACK, None));

const FILE: FileId = FileId(7);

fn p() -> &'static Program {
    &PROGRAM
}

// ─────────────────── raw nodes with spans we can point at ────────────────

fn span(at: usize) -> TextRange {
    TextRange::new(at, at + 3)
}

fn node(kind: RawKind, at: usize) -> RawNode {
    RawNode {
        kind,
        span: span(at),
    }
}

fn num(n: &str, at: usize) -> RawNode {
    node(RawKind::Number(n.into()), at)
}

fn s(v: &str, at: usize) -> RawNode {
    node(RawKind::Str(v.into()), at)
}

fn boolean(v: bool, at: usize) -> RawNode {
    node(RawKind::Bool(v), at)
}

fn null(at: usize) -> RawNode {
    node(RawKind::Null, at)
}

fn list(items: Vec<RawNode>, at: usize) -> RawNode {
    node(RawKind::List(items), at)
}

/// A mapping: (key, key position, value).
fn map(entries: Vec<(&str, usize, RawNode)>, at: usize) -> RawNode {
    node(
        RawKind::Map(
            entries
                .into_iter()
                .map(|(k, kat, v)| {
                    (
                        RawKey {
                            name: k.into(),
                            span: span(kat),
                        },
                        v,
                    )
                })
                .collect(),
        ),
        at,
    )
}

fn bind_raw(root: &RawNode) -> (Facility, Vec<Diagnostic>) {
    bind(&p().schema, FILE, root, "fallback#1")
}

fn fact<'f>(f: &'f Facility, name: &str) -> &'f Option<Value> {
    let slot = p()
        .schema
        .slot(name)
        .unwrap_or_else(|| panic!("no fact {name}"));
    &f.facts[slot as usize]
}

/// Binds JSON (spans all empty), expecting no diagnostics.
fn ok(v: serde_json::Value) -> Facility {
    common::facility(p(), v)
}

/// Binds JSON, expecting exactly one diagnostic, and returns it.
fn one(v: serde_json::Value) -> (Facility, Diagnostic) {
    let (f, mut d) = common::bind_json(p(), &v);
    assert_eq!(d.len(), 1, "{d:#?}");
    (f, d.remove(0))
}

/// The single diagnostic of `root`: its code, primary span and file.
fn diag_at(root: &RawNode) -> (Facility, Diagnostic) {
    let (f, mut d) = bind_raw(root);
    assert_eq!(d.len(), 1, "{d:#?}");
    let d = d.remove(0);
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(d.file(), Some(FILE));
    assert!(d.primary().unwrap().primary);
    (f, d)
}

fn range(d: &Diagnostic) -> TextRange {
    d.primary().unwrap().range
}

fn money(s: &str) -> Option<Value> {
    Some(Value::Money(s.parse::<Decimal>().unwrap()))
}

// ─────────────────────────────── F002 ───────────────────────────────────

#[test]
fn f002_a_record_that_is_not_a_mapping() {
    for (root, found) in [
        (list(vec![num("1", 5)], 0), "a list"),
        (s("energy", 0), "a string"),
        (num("3", 0), "a number"),
        (null(0), "null"),
        (boolean(true, 0), "a boolean"),
    ] {
        let (f, d) = diag_at(&root);
        assert_eq!(d.code, Code::F002);
        assert_eq!(range(&d), span(0));
        assert_eq!(
            d.message,
            format!("expected a mapping of fact names to values, found {found}")
        );
        assert!(d.help.is_some());
        // Nothing is known, and the fallback id names the facility.
        assert_eq!(f.id, "fallback#1");
        assert!(f.facts.iter().all(Option::is_none));
        assert_eq!(f.facts.len(), p().schema.facts.len());
    }
}

// ─────────────────────────────── F003 ───────────────────────────────────

#[test]
fn f003_an_unknown_fact_at_its_key_with_did_you_mean() {
    let root = map(
        vec![("flag", 10, boolean(true, 20)), ("levle", 30, num("3", 40))],
        0,
    );
    let (f, d) = diag_at(&root);
    assert_eq!(d.code, Code::F003);
    assert_eq!(d.message, "unknown fact `levle`");
    assert_eq!(range(&d), span(30));
    assert_eq!(d.help.as_deref(), Some("did you mean `level`?"));
    // The value is ignored; the other fact is bound.
    assert_eq!(fact(&f, "flag"), &Some(Value::Bool(true)));
    assert_eq!(fact(&f, "level"), &None);
}

#[test]
fn f003_without_a_close_name_has_no_suggestion() {
    let (_, d) = one(json!({ "completely_different": 1 }));
    assert_eq!(d.code, Code::F003);
    assert_eq!(d.help, None);
}

// ─────────────────────────────── F004 ───────────────────────────────────

#[test]
fn f004_a_value_of_the_wrong_type_at_the_value() {
    let root = map(vec![("flag", 10, s("yes", 20))], 0);
    let (f, d) = diag_at(&root);
    assert_eq!(d.code, Code::F004);
    assert_eq!(range(&d), span(20));
    assert_eq!(
        d.message,
        "`flag` must be `true` or `false`, found a string"
    );
    assert_eq!(fact(&f, "flag"), &None);
}

#[test]
fn f004_for_every_type() {
    for (facts, message) in [
        (
            json!({ "flag": 1 }),
            "`flag` must be `true` or `false`, found a number",
        ),
        (
            json!({ "count": "5" }),
            "`count` must be a whole number, found a string",
        ),
        (
            json!({ "count": 2.5 }),
            "`count` must be a whole number, found a number",
        ),
        (
            json!({ "count": true }),
            "`count` must be a whole number, found a boolean",
        ),
        (
            json!({ "amount": "3,200,000" }),
            "`amount` must be an amount in CNY (a number or a decimal string), found a string",
        ),
        (
            json!({ "amount": false }),
            "`amount` must be an amount in CNY (a number or a decimal string), found a boolean",
        ),
        (
            json!({ "ratio": "half" }),
            "`ratio` must be a decimal number, found a string",
        ),
        (
            json!({ "when": 20240101 }),
            "`when` must be a date (YYYY-MM-DD), found a number",
        ),
        (
            json!({ "name": true }),
            "`name` must be a string, found a boolean",
        ),
        (
            json!({ "sector": 1 }),
            "`sector` must be one of the enum's values, found a number",
        ),
        (
            json!({ "buys": {} }),
            "`buys` must be a list, found a mapping",
        ),
        (
            json!({ "buys": ["x"] }),
            "`buys` must be a mapping of field names to values, found a string",
        ),
        (
            json!({ "buys": [{ "amount": "lots" }] }),
            "`amount` must be an amount in CNY (a number or a decimal string), found a string",
        ),
        (
            json!({ "maybe": "no" }),
            "`maybe` must be `true` or `false`, found a string",
        ),
    ] {
        let (_, d) = one(facts.clone());
        assert_eq!(d.code, Code::F004, "{facts}");
        assert_eq!(d.message, message, "{facts}");
    }
}

#[test]
fn f004_in_a_list_points_at_the_element() {
    let root = map(
        vec![(
            "buys",
            10,
            list(
                vec![
                    map(vec![("amount", 30, num("5", 40))], 20),
                    map(vec![("sensitive", 60, s("maybe", 70))], 50),
                ],
                15,
            ),
        )],
        0,
    );
    let (f, d) = diag_at(&root);
    assert_eq!(d.code, Code::F004);
    assert_eq!(range(&d), span(70));
    // A list with a bad element is not known as a whole.
    assert_eq!(fact(&f, "buys"), &None);
}

// ─────────────────────────────── F005 ───────────────────────────────────

#[test]
fn f005_an_invalid_date_at_the_value() {
    let root = map(vec![("when", 10, s("2024-13-01", 20))], 0);
    let (f, d) = diag_at(&root);
    assert_eq!(d.code, Code::F005);
    assert_eq!(range(&d), span(20));
    assert_eq!(d.message, "`2024-13-01` is not a valid date for `when`");
    // Why, in words, at the value (B6 of the CLI review): not the date
    // library's message.
    let label = &d.primary().unwrap().message;
    assert_eq!(label.en(), "there is no month 13: months run from 01 to 12");
    assert_eq!(label.zh(), "不存在 13 月：月份为 01 至 12");
    assert!(d.notes.is_empty(), "{:?}", d.notes);
    assert_eq!(fact(&f, "when"), &None);
}

#[test]
fn f005_dates_that_do_not_exist_or_are_not_yyyy_mm_dd() {
    for bad in [
        "2023-02-29",
        "2024-04-31",
        "2024-1-5",
        "2024/01/05",
        "yesterday",
        "",
    ] {
        let (f, d) = one(json!({ "when": bad }));
        assert_eq!(d.code, Code::F005, "{bad}");
        assert_eq!(fact(&f, "when"), &None);
    }
    // Not zero-padded: the note says how to write it.
    let (_, d) = one(json!({ "when": "2024-1-5" }));
    assert_eq!(d.notes, vec!["dates are written YYYY-MM-DD".to_owned()]);
    // Well formed but no such day: the label says why.
    let (_, d) = one(json!({ "when": "2025-06-31" }));
    assert_eq!(d.primary().unwrap().message, "June 2025 has 30 days");
    let (_, d) = one(json!({ "when": "2023-02-29" }));
    assert_eq!(
        d.primary().unwrap().message.zh(),
        "2023年2月只有 28 天（2023年不是闰年）"
    );
    // Leap days exist in leap years.
    let f = ok(json!({ "when": "2024-02-29" }));
    assert_eq!(fact(&f, "when"), &Some(Value::Date(date(2024, 2, 29))));
    // In a record list and in an optional, the same check.
    let (_, d) = one(json!({ "maybe_date": "2024-02-30" }));
    assert_eq!(d.code, Code::F005);
}

// ─────────────────────────────── F006 ───────────────────────────────────

#[test]
fn f006_an_unknown_enum_value_at_the_value_with_did_you_mean() {
    let root = map(vec![("sector", 10, s("enrgy", 20))], 0);
    let (f, d) = diag_at(&root);
    assert_eq!(d.code, Code::F006);
    assert_eq!(range(&d), span(20));
    assert_eq!(d.message, "`enrgy` is not a value of `Sector`");
    assert_eq!(d.help.as_deref(), Some("did you mean `energy`?"));
    assert_eq!(fact(&f, "sector"), &None);
}

#[test]
fn f006_lists_the_values_when_nothing_is_close() {
    let (_, d) = one(json!({ "sector": "agriculture" }));
    assert_eq!(d.code, Code::F006);
    assert_eq!(
        d.help.as_deref(),
        Some("the values are: energy, water, finance")
    );
    // The English label is not a value (only the name and the Chinese label).
    let (_, d) = one(json!({ "sector": "water resources" }));
    assert_eq!(d.code, Code::F006);
}

#[test]
fn enums_bind_by_name_and_by_chinese_label() {
    let f = ok(json!({ "sector": "water" }));
    assert_eq!(fact(&f, "sector"), &Some(Value::Enum(1)));
    let f = ok(json!({ "sector": "能源" }));
    assert_eq!(fact(&f, "sector"), &Some(Value::Enum(0)));
    let f = ok(json!({ "sector": "金融" }));
    assert_eq!(fact(&f, "sector"), &Some(Value::Enum(2)));
}

// ─────────────────────────────── F007 ───────────────────────────────────

#[test]
fn f007_an_int_outside_its_bounds_at_the_value() {
    let root = map(vec![("level", 10, num("6", 20))], 0);
    let (f, d) = diag_at(&root);
    assert_eq!(d.code, Code::F007);
    assert_eq!(range(&d), span(20));
    assert_eq!(d.message, "`level` is 6, outside 1..=5");
    assert_eq!(fact(&f, "level"), &None);

    let (_, d) = one(json!({ "level": 0 }));
    assert_eq!(d.code, Code::F007);
    assert_eq!(d.message, "`level` is 0, outside 1..=5");
    let (_, d) = one(json!({ "level": -1 }));
    assert_eq!(d.code, Code::F007);
    // The bounds are inclusive.
    assert_eq!(
        fact(&ok(json!({ "level": 1 })), "level"),
        &Some(Value::Int(1))
    );
    assert_eq!(
        fact(&ok(json!({ "level": 5 })), "level"),
        &Some(Value::Int(5))
    );
    // An unbounded int takes any i64.
    let f = ok(json!({ "count": i64::MIN }));
    assert_eq!(fact(&f, "count"), &Some(Value::Int(i64::MIN)));
    // Beyond i64: not a whole number we can hold.
    let (_, d) = one(json!({ "count": 18446744073709551615u64 }));
    assert_eq!(d.code, Code::F004);
}

#[test]
fn f007_bounds_of_a_record_field() {
    let (f, d) = one(json!({ "buys": [{ "grade": 4 }] }));
    assert_eq!(d.code, Code::F007);
    assert_eq!(d.message, "`grade` is 4, outside 1..=3");
    assert_eq!(fact(&f, "buys"), &None);
}

// ─────────────────────────────── F008 ───────────────────────────────────

#[test]
fn f008_an_unknown_record_field_at_its_key() {
    let root = map(
        vec![
            (
                "buys",
                10,
                list(
                    vec![map(
                        vec![
                            ("amont", 30, num("5", 40)),
                            ("sensitive", 50, boolean(true, 60)),
                        ],
                        20,
                    )],
                    15,
                ),
            ),
            ("flag", 80, boolean(false, 90)),
        ],
        0,
    );
    let (f, d) = diag_at(&root);
    assert_eq!(d.code, Code::F008);
    assert_eq!(range(&d), span(30));
    assert_eq!(d.message, "`Purchase` has no field `amont`");
    assert_eq!(d.help.as_deref(), Some("did you mean `amount`?"));
    // The record (so the list) is not known; other facts are.
    assert_eq!(fact(&f, "buys"), &None);
    assert_eq!(fact(&f, "flag"), &Some(Value::Bool(false)));
}

// ─────────────────────────────── values ─────────────────────────────────

#[test]
fn null_is_absent_for_optional_facts() {
    let f = ok(json!({ "maybe": null, "maybe_date": null }));
    assert_eq!(fact(&f, "maybe"), &Some(Value::Absent));
    assert_eq!(fact(&f, "maybe_date"), &Some(Value::Absent));
    // An optional fact with a value has that value.
    let f = ok(json!({ "maybe": true, "maybe_date": "2025-01-01" }));
    assert_eq!(fact(&f, "maybe"), &Some(Value::Bool(true)));
    assert_eq!(fact(&f, "maybe_date"), &Some(Value::Date(date(2025, 1, 1))));
    // Left out: unknown, even for an optional fact.
    let f = ok(json!({}));
    assert_eq!(fact(&f, "maybe"), &None);
    assert_eq!(fact(&f, "maybe_date"), &None);
}

#[test]
fn f009_null_for_a_fact_that_is_not_optional_at_the_value() {
    for name in ["flag", "count", "when", "sector", "buys", "amount"] {
        let root = map(vec![(name, 10, null(20)), ("maybe", 30, null(40))], 0);
        let (f, mut d) = bind_raw(&root);
        assert_eq!(d.len(), 1, "{d:#?}");
        let d = d.remove(0);
        // A warning: the record is still evaluated.
        assert_eq!(d.severity, Severity::Warning);
        assert_eq!(d.code, Code::F009, "{name}");
        assert_eq!(range(&d), span(20), "{name}");
        assert_eq!(
            d.message,
            format!("`{name}` is null, but it is not an optional fact")
        );
        // The fact is unknown; the rest of the record is bound.
        assert_eq!(fact(&f, name), &None, "{name}");
        assert_eq!(fact(&f, "maybe"), &Some(Value::Absent), "{name}");
    }
    // In a record of a list: the field is unknown, the record is kept.
    let (f, d) = one(json!({ "buys": [{ "amount": 7, "sensitive": null }] }));
    assert_eq!(d.code, Code::F009);
    assert_eq!(
        d.message,
        "`sensitive` is null, but it is not an optional fact"
    );
    let Some(Value::List(items)) = fact(&f, "buys") else {
        panic!("buys not bound");
    };
    assert_eq!(
        items[0],
        Value::Record(Arc::from(vec![None, money("7"), None, None]))
    );
}

#[test]
fn f010_an_amount_finer_than_the_fen_at_the_value() {
    for text in ["1000.005", "0.001", "12.345"] {
        for root in [
            map(
                vec![("amount", 10, s(text, 20)), ("flag", 30, boolean(true, 40))],
                0,
            ),
            map(
                vec![
                    ("amount", 10, num(text, 20)),
                    ("flag", 30, boolean(true, 40)),
                ],
                0,
            ),
        ] {
            let (f, d) = diag_at(&root);
            assert_eq!(d.code, Code::F010, "{text}");
            assert_eq!(range(&d), span(20));
            assert_eq!(d.message, format!("`amount` is {text}, finer than the fen"));
            assert_eq!(fact(&f, "amount"), &None);
            assert_eq!(fact(&f, "flag"), &Some(Value::Bool(true)));
        }
    }
    // Trailing zeros are still whole fen.
    assert_eq!(
        fact(&ok(json!({ "amount": "12.500" })), "amount"),
        &money("12.5")
    );
}

#[test]
fn f011_a_negative_or_too_large_amount_at_the_value() {
    for text in [
        "-1",
        "-0.01",
        "1000000000000000",
        "100000000000000000000000000000",
        "99999999999999999999999999999999999",
    ] {
        let root = map(vec![("amount", 10, num(text, 20))], 0);
        let (f, d) = diag_at(&root);
        assert_eq!(d.code, Code::F011, "{text}");
        assert_eq!(range(&d), span(20));
        assert_eq!(
            d.message,
            format!("`amount` is {text}, outside the range of amounts")
        );
        assert_eq!(fact(&f, "amount"), &None);
    }
    // In a record field too.
    let (_, d) = one(json!({ "buys": [{ "amount": "-5" }] }));
    assert_eq!(d.code, Code::F011);
    // The largest amount and zero are in range.
    assert_eq!(
        fact(&ok(json!({ "amount": "999999999999999.99" })), "amount"),
        &money("999999999999999.99")
    );
    assert_eq!(fact(&ok(json!({ "amount": 0 })), "amount"), &money("0"));
}

#[test]
fn a_decimal_too_large_to_hold_is_out_of_range() {
    for text in [
        "100000000000000000000000000000",
        "-99999999999999999999999999999999",
        "1e30",
    ] {
        let root = map(vec![("ratio", 10, num(text, 20))], 0);
        let (f, d) = diag_at(&root);
        assert_eq!(d.code, Code::F014, "{text}");
        assert_eq!(range(&d), span(20));
        assert_eq!(
            d.message,
            format!("`ratio` is {text}, outside the range of decimal numbers")
        );
        assert_eq!(fact(&f, "ratio"), &None);
    }
    // A numeral in a string is out of range too; a word is not a number.
    let (_, d) = one(json!({ "ratio": "100000000000000000000000000000" }));
    assert_eq!(d.code, Code::F014);
    let (_, d) = one(json!({ "ratio": "a lot" }));
    assert_eq!(d.code, Code::F004);
    // In range, exact, scientific included.
    let root = map(vec![("ratio", 10, num("1.5e3", 20))], 0);
    let (f, d) = bind_raw(&root);
    assert!(d.is_empty(), "{d:#?}");
    assert_eq!(
        fact(&f, "ratio"),
        &Some(Value::Decimal(Decimal::from(1500)))
    );
    let root = map(
        vec![("ratio", 10, num("79228162514264337593543950335", 20))],
        0,
    );
    assert!(bind_raw(&root).1.is_empty());
}

#[test]
fn money_from_a_number_or_a_decimal_string_is_exact() {
    assert_eq!(
        fact(&ok(json!({ "amount": 3200000 })), "amount"),
        &money("3200000")
    );
    assert_eq!(
        fact(&ok(json!({ "amount": "3200000.00" })), "amount"),
        &money("3200000.00")
    );
    assert_eq!(
        fact(&ok(json!({ "amount": " 12.5 " })), "amount"),
        &money("12.5")
    );
    // A number as written, not through a float: 0.1 stays 0.1.
    let root = map(vec![("amount", 10, num("0.1", 20))], 0);
    let (f, d) = bind_raw(&root);
    assert!(d.is_empty());
    assert_eq!(fact(&f, "amount"), &money("0.1"));
    let root = map(vec![("amount", 10, num("123456789012345.67", 20))], 0);
    let (f, _) = bind_raw(&root);
    assert_eq!(fact(&f, "amount"), &money("123456789012345.67"));
    // Decimals the same way.
    assert_eq!(
        fact(&ok(json!({ "ratio": "0.25" })), "ratio"),
        &Some(Value::Decimal("0.25".parse().unwrap()))
    );
    assert_eq!(
        fact(&ok(json!({ "ratio": 3 })), "ratio"),
        &Some(Value::Decimal(Decimal::from(3)))
    );
}

#[test]
fn text_facts_take_strings_and_numbers_as_written() {
    let f = ok(json!({ "name": "某设施" }));
    assert_eq!(fact(&f, "name"), &Some(Value::Text(Arc::from("某设施"))));
    let root = map(vec![("name", 10, num("007", 20))], 0);
    let (f, d) = bind_raw(&root);
    assert!(d.is_empty());
    assert_eq!(fact(&f, "name"), &Some(Value::Text(Arc::from("007"))));
}

#[test]
fn the_id_fact_names_the_facility() {
    let f = ok(json!({ "id": "grid-1" }));
    assert_eq!(f.id, "grid-1");
    let f = ok(json!({ "flag": true }));
    // Without one, the caller's fallback.
    assert_eq!(f.id, "test");
}

#[test]
fn records_bind_field_by_field() {
    let f = ok(json!({ "buys": [
        { "vendor": "某公司", "amount": "100.50", "sensitive": true, "grade": 2 },
        // Fields left out are unknown; the record is still known.
        { "amount": 7 },
    ]}));
    let Some(Value::List(items)) = fact(&f, "buys") else {
        panic!("buys not bound");
    };
    assert_eq!(items.len(), 2);
    assert_eq!(
        items[0],
        Value::Record(Arc::from(vec![
            Some(Value::Text(Arc::from("某公司"))),
            money("100.50"),
            Some(Value::Bool(true)),
            Some(Value::Int(2)),
        ]))
    );
    assert_eq!(
        items[1],
        Value::Record(Arc::from(vec![None, money("7"), None, None]))
    );
    let f = ok(json!({ "buys": [] }));
    assert_eq!(fact(&f, "buys"), &Some(Value::List(Arc::from(vec![]))));
}

#[test]
fn a_record_with_bad_facts_still_binds_the_good_ones() {
    let (f, d) = common::bind_json(
        p(),
        &json!({
            "id": "inv-017",
            "flag": true,
            "when": "2024-13-01",
            "level": 9,
            "sector": "能源",
            "amount": "2400000.00",
            "levl": 3,
            "count": 12,
            "maybe": null,
            "buys": [{ "amount": 1, "grade": 1 }],
        }),
    );
    let codes: Vec<Code> = d.iter().map(|d| d.code).collect();
    assert_eq!(codes, vec![Code::F005, Code::F007, Code::F003]);
    assert!(d.iter().all(Diagnostic::is_error));
    assert_eq!(f.id, "inv-017");
    assert_eq!(fact(&f, "flag"), &Some(Value::Bool(true)));
    assert_eq!(fact(&f, "sector"), &Some(Value::Enum(0)));
    assert_eq!(fact(&f, "amount"), &money("2400000.00"));
    assert_eq!(fact(&f, "count"), &Some(Value::Int(12)));
    assert_eq!(fact(&f, "maybe"), &Some(Value::Absent));
    assert!(matches!(fact(&f, "buys"), Some(Value::List(l)) if l.len() == 1));
    // The bad ones are unknown.
    assert_eq!(fact(&f, "when"), &None);
    assert_eq!(fact(&f, "level"), &None);
}

#[test]
fn diagnostics_come_in_the_order_of_the_record() {
    let root = map(
        vec![
            ("sector", 10, s("x", 20)),
            ("nope", 30, null(40)),
            ("when", 50, s("1.1.2020", 60)),
            ("flag", 70, num("1", 80)),
        ],
        0,
    );
    let (_, d) = bind_raw(&root);
    let got: Vec<(Code, TextRange)> = d.iter().map(|d| (d.code, range(d))).collect();
    assert_eq!(
        got,
        vec![
            (Code::F006, span(20)),
            (Code::F003, span(30)),
            (Code::F005, span(60)),
            (Code::F004, span(80)),
        ]
    );
}

/// Every binding diagnostic reads in Chinese too (`--lang zh`): message,
/// labels, help and notes (jiff's reason for an impossible date aside).
#[test]
fn binding_diagnostics_read_in_chinese() {
    let cjk = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let records = [
        json!({"level": "high"}),
        json!({"levle": 1}),
        json!({"level": 9}),
        json!({"amount": "1.234"}),
        json!({"amount": -5}),
        json!({"ratio": "1e40"}),
        json!({"when": "1 May"}),
        json!({"sector": "enrgy"}),
        json!({"flag": null}),
        json!({"buys": [{"vendr": "x"}]}),
        json!({"count": 1.5}),
    ];
    for v in records {
        let (_, d) = one(v.clone());
        let texts = std::iter::once(&d.message)
            .chain(d.labels.iter().map(|l| &l.message))
            .chain(&d.help)
            .chain(&d.notes);
        for m in texts {
            assert!(m.zh() != m.en() && cjk(m.zh()), "no Chinese for {v}: {m:?}");
        }
    }
    let (_, d) = one(json!({"level": "high"}));
    assert_eq!(d.code, Code::F004);
    assert_eq!(
        d.message.en(),
        "`level` must be a whole number, found a string"
    );
    assert_eq!(d.message.zh(), "`level` 必须是整数，实际为字符串");
    let (_, d) = one(json!({"flag": "yes"}));
    assert_eq!(
        d.message.zh(),
        "`flag` 必须是 `true` 或 `false`，实际为字符串"
    );
}
