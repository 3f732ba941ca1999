//! Reading facility files: every format, spans, exact numbers, the errors
//! that make a record unreadable, and laziness.

#![expect(clippy::panic, reason = "test helpers")]

use tiaoli_diagnostics::{Code, Diagnostic};
use tiaoli_input::{Format, RawKey, RawKind, RawNode, Record, detect, records};
use tiaoli_text::FileId;

const FILE: FileId = FileId(7);

fn read(text: &str, format: Format) -> Vec<Record> {
    records(text, FILE, format).collect()
}

fn ok(record: &Record) -> &RawNode {
    match &record.node {
        Ok(node) => node,
        Err(d) => panic!("record {} is unreadable: {d:#?}", record.index),
    }
}

fn errors(record: &Record) -> &[Diagnostic] {
    match &record.node {
        Ok(node) => panic!("record {} was read: {node:#?}", record.index),
        Err(d) => d,
    }
}

fn codes(record: &Record) -> Vec<Code> {
    errors(record).iter().map(|d| d.code).collect()
}

fn entries(node: &RawNode) -> &[(RawKey, RawNode)] {
    match &node.kind {
        RawKind::Map(entries) => entries,
        other => panic!("not a mapping: {other:?}"),
    }
}

fn entry<'a>(node: &'a RawNode, key: &str) -> &'a (RawKey, RawNode) {
    entries(node)
        .iter()
        .find(|(k, _)| k.name == key)
        .unwrap_or_else(|| panic!("no key `{key}` in {node:#?}"))
}

fn get<'a>(node: &'a RawNode, key: &str) -> &'a RawNode {
    &entry(node, key).1
}

fn items(node: &RawNode) -> &[RawNode] {
    match &node.kind {
        RawKind::List(items) => items,
        other => panic!("not a list: {other:?}"),
    }
}

fn str_(s: &str) -> RawKind {
    RawKind::Str(s.to_owned())
}

fn num(s: &str) -> RawKind {
    RawKind::Number(s.to_owned())
}

/// The text a diagnostic's primary label points at.
fn primary<'a>(text: &'a str, d: &Diagnostic) -> &'a str {
    let label = d.primary().unwrap_or_else(|| panic!("no label: {d:#?}"));
    assert_eq!(label.file, FILE);
    &text[label.range.as_range()]
}

// ---------------------------------------------------------------- YAML

const FACILITY_YAML: &str = "\
id: grid-01
name: 华东电网调度系统
operator: 国网华东分部
sector: energy
mlps_level: 4
daily_transaction_cny: 1234567.89
identified_cii: true
major_change: False
identification_date: 2024-03-01
last_assessment_date: '2024-05-20'
stores_state_secrets: null
uses_cryptography: ~
reidentification_date:
procurements:
  - vendor: 某某科技有限公司
    amount_cny: 2500000
    security_review_passed: true
  - vendor: \"Example Ltd.\"
    amount_cny: \"99.50\"
";

#[test]
fn yaml_mapping_is_one_record() {
    let read = read(FACILITY_YAML, Format::Yaml);
    assert_eq!(read.len(), 1);
    assert_eq!(read[0].index, 0);
    let f = ok(&read[0]);
    assert_eq!(get(f, "id").kind, str_("grid-01"));
    assert_eq!(get(f, "sector").kind, str_("energy"));
    assert_eq!(get(f, "mlps_level").kind, num("4"));
    assert_eq!(get(f, "daily_transaction_cny").kind, num("1234567.89"));
    assert_eq!(get(f, "identified_cii").kind, RawKind::Bool(true));
    assert_eq!(get(f, "major_change").kind, RawKind::Bool(false));
    assert_eq!(get(f, "stores_state_secrets").kind, RawKind::Null);
    assert_eq!(get(f, "uses_cryptography").kind, RawKind::Null);
    assert_eq!(get(f, "reidentification_date").kind, RawKind::Null);
    // The record spans its first to its last entry.
    assert!(FACILITY_YAML[f.span.as_range()].starts_with("id: grid-01"));
    assert!(FACILITY_YAML[f.span.as_range()].ends_with("\"99.50\""));
    // Keys are kept in file order.
    let names: Vec<&str> = entries(f).iter().map(|(k, _)| k.name.as_str()).collect();
    assert_eq!(names.first(), Some(&"id"));
    assert_eq!(names.last(), Some(&"procurements"));
    assert_eq!(names.len(), 14);
}

#[test]
fn unquoted_yaml_dates_are_strings() {
    let read = read(FACILITY_YAML, Format::Yaml);
    let f = ok(&read[0]);
    let date = get(f, "identification_date");
    assert_eq!(date.kind, str_("2024-03-01"));
    assert_eq!(&FACILITY_YAML[date.span.as_range()], "2024-03-01");
    let quoted = get(f, "last_assessment_date");
    assert_eq!(quoted.kind, str_("2024-05-20"));
    assert_eq!(&FACILITY_YAML[quoted.span.as_range()], "'2024-05-20'");
}

#[test]
fn yaml_booleans_follow_yaml_1_2() {
    let text =
        "a: true\nb: false\nc: True\nd: FALSE\ne: yes\nf: no\ng: on\nh: 'true'\ni: !!bool true\n";
    let f = ok(&read(text, Format::Yaml)[0]).clone();
    assert_eq!(get(&f, "a").kind, RawKind::Bool(true));
    assert_eq!(get(&f, "b").kind, RawKind::Bool(false));
    assert_eq!(get(&f, "c").kind, RawKind::Bool(true));
    assert_eq!(get(&f, "d").kind, RawKind::Bool(false));
    assert_eq!(get(&f, "e").kind, str_("yes"));
    assert_eq!(get(&f, "f").kind, str_("no"));
    assert_eq!(get(&f, "g").kind, str_("on"));
    assert_eq!(get(&f, "h").kind, str_("true"));
    assert_eq!(get(&f, "i").kind, RawKind::Bool(true));
}

#[test]
fn yaml_scalar_styles() {
    let text = "a: |\n  line one\n  line two\nb: >-\n  folded\n  text\nc: \"esc\\u00e9\"\nd: plain text here\ne: 0x1F\nf: .inf\ng: !!str 12\nh: !!int 12\n";
    let f = ok(&read(text, Format::Yaml)[0]).clone();
    assert_eq!(get(&f, "a").kind, str_("line one\nline two\n"));
    assert_eq!(get(&f, "b").kind, str_("folded text"));
    assert_eq!(get(&f, "c").kind, str_("escé"));
    assert_eq!(get(&f, "d").kind, str_("plain text here"));
    assert_eq!(get(&f, "e").kind, str_("0x1F"));
    assert_eq!(get(&f, "f").kind, str_(".inf"));
    assert_eq!(get(&f, "g").kind, str_("12"));
    assert_eq!(get(&f, "h").kind, num("12"));
}

#[test]
fn nested_procurement_records() {
    let read = read(FACILITY_YAML, Format::Yaml);
    let f = ok(&read[0]);
    let procurements = get(f, "procurements");
    let list = items(procurements);
    assert_eq!(list.len(), 2);
    assert_eq!(get(&list[0], "vendor").kind, str_("某某科技有限公司"));
    assert_eq!(get(&list[0], "amount_cny").kind, num("2500000"));
    assert_eq!(
        get(&list[0], "security_review_passed").kind,
        RawKind::Bool(true)
    );
    assert_eq!(get(&list[1], "vendor").kind, str_("Example Ltd."));
    // A decimal string stays a string (bind reads money from both).
    assert_eq!(get(&list[1], "amount_cny").kind, str_("99.50"));
    // Spans of the nested records and their entries.
    let first = &FACILITY_YAML[list[0].span.as_range()];
    assert!(first.starts_with("vendor: 某某科技有限公司"), "{first:?}");
    assert!(first.ends_with("security_review_passed: true"), "{first:?}");
    let (key, value) = entry(&list[1], "amount_cny");
    assert_eq!(&FACILITY_YAML[key.span.as_range()], "amount_cny");
    assert_eq!(&FACILITY_YAML[value.span.as_range()], "\"99.50\"");
    let whole = &FACILITY_YAML[procurements.span.as_range()];
    assert!(whole.starts_with("- vendor: 某某"), "{whole:?}");
    assert!(whole.ends_with("\"99.50\""), "{whole:?}");
}

#[test]
fn yaml_top_level_sequence_is_one_record_per_element() {
    let text = "- id: a\n  sector: energy\n- id: b\n  sector: finance\n- {id: c}\n";
    let read = read(text, Format::Yaml);
    assert_eq!(read.len(), 3);
    for (i, r) in read.iter().enumerate() {
        assert_eq!(r.index, i);
    }
    assert_eq!(get(ok(&read[1]), "sector").kind, str_("finance"));
    assert_eq!(
        &text[ok(&read[1]).span.as_range()],
        "id: b\n  sector: finance"
    );
    assert_eq!(&text[ok(&read[2]).span.as_range()], "{id: c}");
}

#[test]
fn yaml_documents_are_one_record_each() {
    let text = "---\nid: a\n---\n- id: b\n- id: c\n---\n# nothing here\n---\nid: d\n...\n";
    let read = read(text, Format::Yaml);
    let ids: Vec<RawKind> = read.iter().map(|r| get(ok(r), "id").kind.clone()).collect();
    assert_eq!(ids, [str_("a"), str_("b"), str_("c"), str_("d")]);
    let indices: Vec<usize> = read.iter().map(|r| r.index).collect();
    assert_eq!(indices, [0, 1, 2, 3]);
}

#[test]
fn empty_text_has_no_records() {
    for format in [Format::Yaml, Format::Json, Format::JsonLines] {
        assert!(read("", format).is_empty(), "{format:?}");
        assert!(read("\n  \n", format).is_empty(), "{format:?}");
    }
    assert!(read("# just a comment\n", Format::Yaml).is_empty());
}

#[test]
fn byte_order_mark_is_skipped() {
    let text = "\u{feff}运营者: 甲\n";
    let f = ok(&read(text, Format::Yaml)[0]).clone();
    let (key, value) = entry(&f, "运营者");
    assert_eq!(&text[key.span.as_range()], "运营者");
    assert_eq!(&text[value.span.as_range()], "甲");
    let jsonl = "\u{feff}{\"a\": 1}\n{\"a\": 2}\n";
    let read = read(jsonl, Format::JsonLines);
    assert_eq!(read.len(), 2);
    assert_eq!(&jsonl[get(ok(&read[0]), "a").span.as_range()], "1");
}

// ---------------------------------------------------------------- spans

#[test]
fn chinese_keys_and_values_have_byte_spans() {
    let yaml = "名称: 华东电网\n\"运营者\": '国网 华东'\n行业: {子行业: 电力}\n";
    let f = ok(&read(yaml, Format::Yaml)[0]).clone();
    let (k, v) = entry(&f, "名称");
    assert_eq!(&yaml[k.span.as_range()], "名称");
    assert_eq!(&yaml[v.span.as_range()], "华东电网");
    let (k, v) = entry(&f, "运营者");
    assert_eq!(&yaml[k.span.as_range()], "\"运营者\"");
    assert_eq!(v.kind, str_("国网 华东"));
    assert_eq!(&yaml[v.span.as_range()], "'国网 华东'");
    let (k, v) = entry(get(&f, "行业"), "子行业");
    assert_eq!(&yaml[k.span.as_range()], "子行业");
    assert_eq!(&yaml[v.span.as_range()], "电力");

    let json = "{\n  \"名称\": \"华东电网\",\n  \"规模\": [\"一\", \"二\"]\n}\n";
    let f = ok(&read(json, Format::Json)[0]).clone();
    let (k, v) = entry(&f, "名称");
    assert_eq!(&json[k.span.as_range()], "\"名称\"");
    assert_eq!(&json[v.span.as_range()], "\"华东电网\"");
    let list = get(&f, "规模");
    assert_eq!(&json[list.span.as_range()], "[\"一\", \"二\"]");
    assert_eq!(&json[items(list)[1].span.as_range()], "\"二\"");
    assert_eq!(&json[f.span.as_range()], json.trim_end());

    // In JSON lines, spans are offsets into the whole text.
    let jsonl = "{\"名称\": \"甲\"}\r\n\n{\"名称\": \"乙\", \"运营者\": \"丙\"}\n";
    let read = read(jsonl, Format::JsonLines);
    let (k, v) = entry(ok(&read[1]), "运营者");
    assert_eq!(&jsonl[k.span.as_range()], "\"运营者\"");
    assert_eq!(&jsonl[v.span.as_range()], "\"丙\"");
    assert_eq!(
        &jsonl[ok(&read[1]).span.as_range()],
        "{\"名称\": \"乙\", \"运营者\": \"丙\"}"
    );
}

// ---------------------------------------------------------------- numbers

#[test]
fn numbers_are_kept_exact() {
    let big = "12345678901234567.89";
    let yaml =
        format!("a: {big}\nb: -0.000000000000000001\nc: 1e400\nd: 99999999999999999999999\n");
    let f = ok(&read(&yaml, Format::Yaml)[0]).clone();
    assert_eq!(get(&f, "a").kind, num(big));
    assert_eq!(get(&f, "b").kind, num("-0.000000000000000001"));
    assert_eq!(get(&f, "c").kind, num("1e400"));
    assert_eq!(get(&f, "d").kind, num("99999999999999999999999"));
    assert_eq!(&yaml[get(&f, "a").span.as_range()], big);

    let json = format!("[{{\"a\": {big}}}, {{\"a\": 1.10}}]");
    let read_json = read(&json, Format::Json);
    assert_eq!(get(ok(&read_json[0]), "a").kind, num(big));
    assert_eq!(get(ok(&read_json[1]), "a").kind, num("1.10"));

    let jsonl = format!("{{\"a\": 0}}\n{{\"a\": {big}}}\n");
    let read_lines = read(&jsonl, Format::JsonLines);
    let a = get(ok(&read_lines[1]), "a");
    assert_eq!(a.kind, num(big));
    assert_eq!(&jsonl[a.span.as_range()], big);
}

// ---------------------------------------------------------------- JSON

#[test]
fn json_object_is_one_record() {
    let text = r#"{"id": "x", "mlps_level": 3, "identified_cii": false, "operator": null,
      "procurements": [{"vendor": "v", "amount_cny": "1000.00"}]}"#;
    let read = read(text, Format::Json);
    assert_eq!(read.len(), 1);
    let f = ok(&read[0]);
    assert_eq!(get(f, "mlps_level").kind, num("3"));
    assert_eq!(get(f, "identified_cii").kind, RawKind::Bool(false));
    assert_eq!(get(f, "operator").kind, RawKind::Null);
    let p = items(get(f, "procurements"));
    assert_eq!(get(&p[0], "amount_cny").kind, str_("1000.00"));
}

#[test]
fn json_array_is_one_record_per_element() {
    let text = "[\n  {\"id\": \"a\"},\n  {\"id\": \"b\"},\n  42,\n  {\"id\": \"d\"}\n]\n";
    let read = read(text, Format::Json);
    assert_eq!(read.len(), 4);
    assert_eq!(get(ok(&read[1]), "id").kind, str_("b"));
    assert_eq!(&text[ok(&read[1]).span.as_range()], "{\"id\": \"b\"}");
    // A number in the array is not a facility; the others are read.
    assert_eq!(codes(&read[2]), [Code::F002]);
    assert_eq!(primary(text, &errors(&read[2])[0]), "42");
    assert_eq!(get(ok(&read[3]), "id").kind, str_("d"));
    assert_eq!(read[3].index, 3);
}

#[test]
fn a_trailing_comma_after_the_last_record_keeps_the_records() {
    // Every element before the comma is complete: all are read, and the
    // comma is its own F001 after them (issue 9, D17).
    let text = "[{\"id\":\"a\"},{\"id\":\"b\"},]";
    let read = read(text, Format::Json);
    assert_eq!(read.len(), 3, "{read:#?}");
    assert_eq!(get(ok(&read[0]), "id").kind, str_("a"));
    assert_eq!(get(ok(&read[1]), "id").kind, str_("b"));
    let d = errors(&read[2]);
    assert_eq!(codes(&read[2]), [Code::F001]);
    assert_eq!(d[0].message, "a comma before the closing bracket");
    let at = d[0].labels[0].range;
    assert_eq!((at.start(), at.end()), (22, 23));
}

#[test]
fn json_rejects_what_is_only_yaml() {
    let cases: &[(&str, &str)] = &[
        ("{\"a\": energy}", "energy"),
        ("{\"a\": 'x'}", "'x'"),
        ("{a: 1}", "a"),
        ("{\"a\": 1,}", ","),
        ("{\"a\": [1, 2,]}", ","),
        ("{\"a\": 007}", "007"),
        ("{\"a\": ~}", "~"),
        ("{\"a\": !!str 1}", "!!str"),
        ("{\"a\": &x 1, \"b\": *x}", "1"),
    ];
    for (text, at) in cases {
        let read = read(text, Format::Json);
        assert_eq!(read.len(), 1, "{text}: {read:#?}");
        let d = errors(&read[0]);
        assert!(d.iter().all(|d| d.code == Code::F001), "{text}: {d:#?}");
        assert_eq!(primary(text, &d[0]), *at, "{text}: {d:#?}");
    }
    // YAML in a .json file: one diagnostic, not one per line.
    let yaml = "id: a\nsector: energy\nprocurements:\n  - vendor: v\n";
    let read = read(yaml, Format::Json);
    let d = errors(&read[0]);
    assert_eq!(d[0].message, "this is YAML, not JSON");
    assert_eq!(
        d.iter()
            .filter(|d| d.message == "this is YAML, not JSON")
            .count(),
        1,
        "{d:#?}"
    );
    // `---` documents.
    let read = read_docs();
    assert!(read.iter().any(|r| r.node.is_err()));
}

fn read_docs() -> Vec<Record> {
    read("---\n{\"a\": 1}\n", Format::Json)
}

#[test]
fn json_syntax_error_is_one_unreadable_record() {
    let text = "{\n  \"id\": \"a\",\n  \"sector\" \"energy\"\n}\n";
    let read = read(text, Format::Json);
    assert_eq!(read.len(), 1);
    assert_eq!(read[0].index, 0);
    let d = errors(&read[0]);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].code, Code::F001);
    assert!(
        d[0].message.starts_with("invalid JSON: "),
        "{}",
        d[0].message
    );
    let at = d[0].primary().map(|l| l.range.start()).unwrap_or_default();
    assert!((14..text.len()).contains(&at), "{at}: {d:#?}");
}

#[test]
fn concatenated_json_objects_are_not_one_json_value() {
    let text = "{\"a\": 1} {\"a\": 2}";
    let read = read(text, Format::Json);
    // The first object was read before the parser found the second.
    assert!(read[0].node.is_ok());
    assert_eq!(codes(&read[1]), [Code::F001]);
    assert_eq!(read.len(), 2);
}

// ---------------------------------------------------------------- JSON lines

#[test]
fn json_lines_are_one_record_per_non_blank_line() {
    let text = "{\"id\": \"a\"}\n\n   \n{\"id\": \"b\"}\r\n{\"id\": \"c\"}";
    let read = read(text, Format::JsonLines);
    let ids: Vec<RawKind> = read.iter().map(|r| get(ok(r), "id").kind.clone()).collect();
    assert_eq!(ids, [str_("a"), str_("b"), str_("c")]);
    assert_eq!(read[2].index, 2);
    assert_eq!(&text[get(ok(&read[2]), "id").span.as_range()], "\"c\"");
}

#[test]
fn a_bad_json_line_only_spoils_its_record() {
    let text = concat!(
        "{\"id\": \"a\", \"sector\": \"energy\"}\n",
        "{\"id\": \"b\", \"sector\": }\n",
        "{\"id\": \"c\", \"sector\": \"finance\"\n",
        "{\"id\": \"d\", \"id\": \"e\"}\n",
        "[{\"id\": \"f\"}]\n",
        "\"g\"\n",
        "{\"id\": \"h\"} {\"id\": \"i\"}\n",
        "{\"id\": \"j\"}\n",
    );
    let read = read(text, Format::JsonLines);
    assert_eq!(read.len(), 8);
    assert_eq!(get(ok(&read[0]), "id").kind, str_("a"));
    // A missing value.
    assert_eq!(codes(&read[1]), [Code::F001]);
    let line2 = text.find("{\"id\": \"b\"").unwrap_or_default();
    let at = errors(&read[1])[0].primary().map(|l| l.range.start());
    assert!(at.is_some_and(|at| at > line2 && at < line2 + 30), "{at:?}");
    // An object that is not closed: a syntax error on its own line.
    assert_eq!(codes(&read[2]), [Code::F001]);
    assert!(
        errors(&read[2])[0]
            .message
            .starts_with("invalid JSON lines: ")
    );
    let line3 = text.find("{\"id\": \"c\"").unwrap_or_default();
    let line4 = text.find("{\"id\": \"d\"").unwrap_or_default();
    let at = errors(&read[2])[0].primary().map(|l| l.range.start());
    assert!(at.is_some_and(|at| (line3..line4).contains(&at)), "{at:?}");
    // A duplicate key.
    assert_eq!(codes(&read[3]), [Code::F001]);
    // An array and a string are not facilities.
    assert_eq!(codes(&read[4]), [Code::F002]);
    assert_eq!(codes(&read[5]), [Code::F002]);
    // Two objects on one line.
    assert!(codes(&read[6]).contains(&Code::F001));
    // And the reading goes on.
    assert_eq!(get(ok(&read[7]), "id").kind, str_("j"));
    assert_eq!(read[7].index, 7);
}

// ---------------------------------------------------------------- errors

#[test]
fn duplicate_keys_are_rejected() {
    let text = "id: a\nsector: energy\nname: x\nsector: finance\n";
    let read = read(text, Format::Yaml);
    assert_eq!(read.len(), 1);
    let d = errors(&read[0]);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].code, Code::F001);
    assert_eq!(d[0].message, "duplicate key `sector`");
    let duplicate = text.rfind("sector").unwrap_or_default();
    assert_eq!(d[0].labels[0].range.start(), duplicate);
    assert_eq!(primary(text, &d[0]), "sector");
    assert!(d[0].labels[0].primary);
    // The first one is a secondary label.
    assert!(!d[0].labels[1].primary);
    assert_eq!(
        d[0].labels[1].range.start(),
        text.find("sector").unwrap_or_default()
    );

    // In a nested record, in JSON, in JSON lines.
    let nested = "procurements:\n  - vendor: a\n    vendor: b\n";
    assert_eq!(codes(&read_yaml(nested)[0]), [Code::F001]);
    let json = "[{\"a\": 1, \"b\": 2, \"a\": 3}]";
    let r = read_json(json);
    assert_eq!(codes(&r[0]), [Code::F001]);
    assert_eq!(errors(&r[0])[0].labels[0].range.start(), 18);
    // The same key in two records is fine.
    let two = "- a: 1\n- a: 2\n";
    assert!(read_yaml(two).iter().all(|r| r.node.is_ok()));
    // Keys that differ only in quoting are the same key.
    assert_eq!(codes(&read_yaml("a: 1\n'a': 2\n")[0]), [Code::F001]);
}

fn read_yaml(text: &str) -> Vec<Record> {
    read(text, Format::Yaml)
}

fn read_json(text: &str) -> Vec<Record> {
    read(text, Format::Json)
}

#[test]
fn top_level_scalar_is_not_a_facility() {
    for (text, format) in [
        ("hello\n", Format::Yaml),
        ("42\n", Format::Yaml),
        ("\"hello\"", Format::Json),
        ("null", Format::Json),
        ("---\n~\n", Format::Yaml),
    ] {
        let read = read(text, format);
        assert_eq!(read.len(), 1, "{text}");
        assert_eq!(codes(&read[0]), [Code::F002], "{text}");
        assert!(
            errors(&read[0])[0]
                .message
                .starts_with("expected a mapping of fact names to values, found "),
            "{text}"
        );
    }
    // A list inside the top-level list.
    let read = read("- [a, b]\n- id: x\n", Format::Yaml);
    assert_eq!(codes(&read[0]), [Code::F002]);
    assert!(read[1].node.is_ok());
}

#[test]
fn yaml_syntax_error_makes_the_file_one_unreadable_record() {
    let text = "id: a\nsector: energy\n  name: x\n";
    let read = read(text, Format::Yaml);
    assert_eq!(read.len(), 1);
    let d = errors(&read[0]);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].code, Code::F001);
    assert!(
        d[0].message.starts_with("invalid YAML: "),
        "{}",
        d[0].message
    );
    let label = d[0].primary().map(|l| l.range);
    assert!(
        label.is_some_and(|r| r.start() >= text.find("  name").unwrap_or_default()),
        "{d:#?}"
    );
}

#[test]
fn a_syntax_error_in_a_yaml_list_stops_after_the_records_before_it() {
    let text = "- id: a\n- id: b\n- id: [c\n- id: d\n";
    let read = read(text, Format::Yaml);
    assert_eq!(read.len(), 3, "{read:#?}");
    assert!(read[0].node.is_ok());
    assert!(read[1].node.is_ok());
    assert_eq!(codes(&read[2]), [Code::F001]);
    assert_eq!(read[2].index, 2);
}

#[test]
fn a_syntax_error_in_one_yaml_document_spares_the_others() {
    let text = "id: a\n---\nid: b\n  sector: x\n---\nid: c\n---\n- id: d\n- id: [e\n---\nid: f\n";
    let read = read(text, Format::Yaml);
    let summary: Vec<Result<RawKind, Vec<Code>>> = read
        .iter()
        .map(|r| match &r.node {
            Ok(n) => Ok(get(n, "id").kind.clone()),
            Err(d) => Err(d.iter().map(|d| d.code).collect()),
        })
        .collect();
    assert_eq!(
        summary,
        [
            Ok(str_("a")),
            Err(vec![Code::F001]),
            Ok(str_("c")),
            Ok(str_("d")),
            Err(vec![Code::F001]),
            Ok(str_("f")),
        ]
    );
    let indices: Vec<usize> = read.iter().map(|r| r.index).collect();
    assert_eq!(indices, [0, 1, 2, 3, 4, 5]);
}

#[test]
fn anchors_and_aliases_are_copies() {
    let text = "\
procurements:
  - &standard
    vendor: 某某科技
    security_review_passed: true
  - *standard
name: &n 华东
operator: *n
";
    let f = ok(&read(text, Format::Yaml)[0]).clone();
    let p = items(get(&f, "procurements"));
    assert_eq!(p.len(), 2);
    assert_eq!(p[0].kind, p[1].kind);
    // The copy points at the alias, what is inside at the definition.
    assert_eq!(&text[p[1].span.as_range()], "*standard");
    assert_eq!(&text[get(&p[1], "vendor").span.as_range()], "某某科技");
    assert_eq!(get(&f, "operator").kind, str_("华东"));
    assert_eq!(&text[get(&f, "operator").span.as_range()], "*n");
}

#[test]
fn alias_bombs_are_stopped() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let prev = i - 1;
        text.push_str(&format!(
            "a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
        ));
    }
    let read = read(&text, Format::Yaml);
    assert_eq!(read.len(), 1);
    let d = errors(&read[0]);
    assert!(
        d.iter()
            .any(|d| d.message == "aliases expand to too many values"),
        "{d:#?}"
    );
}

#[test]
fn unsupported_yaml_constructs_are_f001() {
    let cases: &[(&str, &str)] = &[
        ("base: &b {a: 1}\nother:\n  <<: *b\n", "<<"),
        ("? [a, b]\n: x\n", "[a, b]"),
        ("a: !custom x\n", "!custom"),
        ("a: !!int abc\n", "abc"),
        ("a: !!timestamp 2024-01-01\n", "!!timestamp"),
        (": no key\n", ""),
    ];
    for (text, at) in cases {
        let read = read(text, Format::Yaml);
        assert_eq!(read.len(), 1, "{text}: {read:#?}");
        let d = errors(&read[0]);
        assert_eq!(d[0].code, Code::F001, "{text}: {d:#?}");
        assert_eq!(primary(text, &d[0]), *at, "{text}: {d:#?}");
    }
}

// ---------------------------------------------------------------- laziness

#[test]
fn json_lines_are_read_lazily() {
    let line = "{\"id\": \"x\", \"sector\": \"energy\", \"mlps_level\": 3}\n";
    let text = line.repeat(100_000);
    let mut records = records(&text, FILE, Format::JsonLines);
    assert_eq!(records.offset(), 0);
    let first: Vec<Record> = records.by_ref().take(3).collect();
    assert_eq!(first.len(), 3);
    assert!(first.iter().all(|r| r.node.is_ok()));
    // Three lines were read, not 100,000.
    assert_eq!(records.offset(), 3 * line.len());
    assert_eq!(records.next().map(|r| r.index), Some(3));
    assert_eq!(records.offset(), 4 * line.len());
}

#[test]
fn yaml_lists_and_json_arrays_are_read_lazily() {
    let yaml = "- id: x\n  sector: energy\n".repeat(100_000);
    let mut r = records(&yaml, FILE, Format::Yaml);
    assert_eq!(r.by_ref().take(3).filter(|r| r.node.is_ok()).count(), 3);
    assert!(r.offset() < 200, "read up to {}", r.offset());

    let json = format!(
        "[{}{{\"id\": \"x\"}}]",
        "{\"id\": \"x\"},\n".repeat(100_000)
    );
    let mut r = records(&json, FILE, Format::Json);
    assert_eq!(r.by_ref().take(3).filter(|r| r.node.is_ok()).count(), 3);
    assert!(r.offset() < 200, "read up to {}", r.offset());
    // And the whole file is there when all of it is read.
    assert_eq!(r.count(), 100_001 - 3);
}

// ---------------------------------------------------------------- detect

#[test]
fn detect_by_extension_then_content() {
    assert_eq!(detect("f.yaml", "{}"), Format::Yaml);
    assert_eq!(detect("dir.json/f.YML", ""), Format::Yaml);
    assert_eq!(detect("f.json", "{\"a\": 1}"), Format::Json);
    assert_eq!(detect("f.json", "[{\"a\": 1}]"), Format::Json);
    assert_eq!(detect("f.jsonl", "{}"), Format::JsonLines);
    assert_eq!(detect("f.NDJSON", "{}"), Format::JsonLines);
    assert_eq!(
        detect("C:\\data\\f.json", "{\n  \"a\": 1\n}\n"),
        Format::Json
    );
    // Several objects on their own lines in a .json file: JSON lines.
    assert_eq!(
        detect("f.json", "{\"a\": 1}\n{\"a\": 2}\n"),
        Format::JsonLines
    );
    // No extension: by content.
    assert_eq!(detect("-", "a: 1\n"), Format::Yaml);
    assert_eq!(detect("-", "  [1]"), Format::Json);
    assert_eq!(detect("facility", "\u{feff}{\"a\": 1}"), Format::Json);
    assert_eq!(
        detect("inventory.txt", "{\"a\": 1}\n\n{\"a\": 2}"),
        Format::JsonLines
    );
}

#[test]
fn json_edge_cases() {
    let long = "长".repeat(5_000);
    let text = format!(
        "{{\"a\":\"x: y # not a comment\",\"b\":\t[],\"c\":{{}},\"d\":\"\\ud83d\\ude00\\n\\\"\",\"e\":\"{long}\",\"f\":-0.5e-3}}"
    );
    let read = read(&text, Format::Json);
    let f = ok(&read[0]);
    assert_eq!(get(f, "a").kind, str_("x: y # not a comment"));
    assert_eq!(get(f, "b").kind, RawKind::List(vec![]));
    assert_eq!(get(f, "c").kind, RawKind::Map(vec![]));
    assert_eq!(get(f, "d").kind, str_("😀\n\""));
    assert_eq!(get(f, "e").kind, str_(&long));
    assert_eq!(get(f, "f").kind, num("-0.5e-3"));
}

#[test]
fn crlf_yaml_has_the_same_spans() {
    let text = "id: a\r\nname: 华东\r\nprocurements:\r\n  - vendor: 甲\r\n";
    let f = ok(&read(text, Format::Yaml)[0]).clone();
    assert_eq!(&text[get(&f, "name").span.as_range()], "华东");
    let p = items(get(&f, "procurements"));
    assert_eq!(&text[get(&p[0], "vendor").span.as_range()], "甲");
    assert_eq!(get(&p[0], "vendor").kind, str_("甲"));
}

/// Every message, label and help of a reading error reads in Chinese too
/// (`--lang zh`), except the YAML parser's own words, passed on.
#[test]
fn reading_errors_read_in_chinese() {
    let cjk = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let cases = [
        ("sector: energy\nsector: water\n", Format::Yaml),
        ("- [1, 2]\n", Format::Yaml),
        ("a: !!bool maybe\n", Format::Yaml),
        ("{sector: \"energy\",}\n", Format::Json),
        ("sector: energy\n", Format::Json),
        ("{\"a\": 1} 2\n", Format::JsonLines),
        ("a: [1, 2\n", Format::Yaml),
    ];
    for (text, format) in cases {
        let recs = read(text, format);
        let ds: Vec<&Diagnostic> = recs
            .iter()
            .filter_map(|r| r.node.as_ref().err())
            .flatten()
            .collect();
        assert!(!ds.is_empty(), "no diagnostic for {text:?}");
        for d in ds {
            let texts = std::iter::once(&d.message)
                .chain(d.labels.iter().map(|l| &l.message))
                .chain(&d.help)
                .chain(&d.notes);
            for m in texts {
                assert!(
                    m.zh() != m.en() && cjk(m.zh()),
                    "no Chinese for {text:?}: {:?}",
                    m
                );
            }
        }
    }
    let recs = read("sector: energy\nsector: water\n", Format::Yaml);
    let d = &errors(&recs[0])[0];
    assert_eq!(d.message.en(), "duplicate key `sector`");
    assert_eq!(d.message.zh(), "重复的键 `sector`");
}
