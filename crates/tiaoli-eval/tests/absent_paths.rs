//! `known(x)`, `x is absent` and `x otherwise y` are read two ways, as a
//! value (a definition) and as a test (a duty's condition): the two must
//! agree, on an optional fact, an optional field of a record and a
//! quantifier's variable, each given, known absent (`null`) or not given.

mod common;

use std::sync::LazyLock;

use jiff::civil::date;
use serde_json::{Map, Value as Json, json};
use tiaoli_eval::{Program, evaluate};

const CLAUSES: &[(&str, &str)] = &[
    ("known", "known(facility.opt)"),
    ("absent", "facility.opt is absent"),
    ("not_absent", "not facility.opt is absent"),
    ("otherwise", "facility.opt otherwise facility.b"),
    ("field_known", "known(facility.rec.maybe)"),
    ("field_absent", "facility.rec.maybe is absent"),
    ("field_otherwise", "facility.rec.maybe otherwise false"),
    ("local_absent", "any(p in facility.recs: p.maybe is absent)"),
    ("local_known", "all(p in facility.recs: known(p.maybe))"),
    ("absent_or_b", "facility.opt is absent or facility.b"),
];

static PROGRAM: LazyLock<Program> = LazyLock::new(|| {
    let mut src = String::from(
        r#"
party operator { zh "运营者" en "operator" }

record R {
  title zh "记录" en "Record"
  field maybe: optional bool { zh "可选" en "maybe" }
}

fact opt: optional bool { zh "可选" en "optional" }
fact b: bool { zh "乙" en "b" }
fact rec: R { zh "记录" en "record" }
fact recs: list<R> { zh "记录表" en "records" }
"#,
    );
    for (name, c) in CLAUSES {
        src.push_str(&format!("define v_{name} = {c}\n"));
    }
    src.push_str(
        "article 1 {\n  title zh \"第一条\" en \"Article 1\"\n  text zh \"第一条。\" en \"Article 1.\"\n",
    );
    for (name, c) in CLAUSES {
        src.push_str(&format!(
            "  obligation o_{name} {{\n    bearer operator\n    requires {c}\n  }}\n"
        ));
    }
    src.push_str("}\n");
    common::compile_src(&src, None)
});

/// Not given, known absent, true, false.
fn states() -> [Option<Json>; 4] {
    [
        None,
        Some(Json::Null),
        Some(json!(true)),
        Some(json!(false)),
    ]
}

#[test]
fn known_is_absent_and_otherwise_read_as_tests_agree_with_their_values() {
    let program = &*PROGRAM;
    let mut seen = [0usize; 3];
    for opt in states() {
        for b in [None, Some(json!(true)), Some(json!(false))] {
            for maybe in states() {
                let mut facts = Map::new();
                let mut put = |k: &str, v: &Option<Json>| {
                    if let Some(v) = v {
                        facts.insert(k.into(), v.clone());
                    }
                };
                put("opt", &opt);
                put("b", &b);
                let mut rec = Map::new();
                if let Some(m) = &maybe {
                    rec.insert("maybe".into(), m.clone());
                }
                facts.insert("rec".into(), Json::Object(rec.clone()));
                facts.insert("recs".into(), json!([Json::Object(rec)]));
                let f = common::facility(program, Json::Object(facts.clone()));
                let e = evaluate(program, &f, date(2025, 6, 1));
                for (name, _) in CLAUSES {
                    let context = format!("{name} on {facts:?}");
                    if let Some((m, _)) =
                        common::readings_agree(program, &e, name, &context, &mut seen)
                    {
                        assert!(!m.facts.is_empty(), "{context}: unknown names no fact");
                    }
                }
            }
        }
    }
    assert!(seen.iter().all(|n| *n > 0), "{seen:?}");
}
