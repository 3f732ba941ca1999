//! The evaluator reads `any`/`all` two ways: as a value (a definition) and
//! as a test (a duty's condition, which needs only true, false or unknown
//! and what would decide it). The two must agree: checked here on every
//! list of up to two purchases whose fields are each true, false or not
//! given, with a top-level fact in the filter true, false or not given.

mod common;

use std::sync::LazyLock;

use jiff::civil::date;
use serde_json::{Map, Value as Json, json};
use tiaoli_eval::{Program, evaluate};

/// Each quantifier twice: `v_NAME` as a definition, `o_NAME` as the
/// condition of an obligation.
const QUANTIFIERS: &[(&str, &str)] = &[
    ("any", "any(p in facility.buys: p.sensitive)"),
    ("all", "all(p in facility.buys: p.reviewed)"),
    (
        "any_where",
        "any(p in facility.buys where p.sensitive: not p.reviewed)",
    ),
    (
        "all_where",
        "all(p in facility.buys where p.sensitive or facility.a: p.reviewed)",
    ),
    (
        "any_both",
        "any(p in facility.buys where p.reviewed and facility.a: p.sensitive)",
    ),
    (
        "nested",
        "any(p in facility.buys: all(q in facility.buys where q.sensitive: q.reviewed or p.reviewed))",
    ),
    (
        "known_and_unknown",
        "all(p in facility.buys: p.reviewed or facility.a)",
    ),
];

static PROGRAM: LazyLock<Program> = LazyLock::new(|| {
    let mut src = String::from(
        r#"
party operator { zh "运营者" en "operator" }

record Purchase {
  title zh "采购" en "Purchase"
  field sensitive: bool { zh "敏感" en "sensitive" }
  field reviewed: bool { zh "已审查" en "reviewed" }
}

fact a: bool { zh "甲" en "a" }
fact buys: list<Purchase> { zh "采购" en "purchases" }
"#,
    );
    for (name, q) in QUANTIFIERS {
        src.push_str(&format!("define v_{name} = {q}\n"));
    }
    src.push_str(
        "article 1 {\n  title zh \"第一条\" en \"Article 1\"\n  text zh \"第一条。\" en \"Article 1.\"\n",
    );
    for (name, q) in QUANTIFIERS {
        src.push_str(&format!(
            "  obligation o_{name} {{\n    bearer operator\n    requires {q}\n  }}\n"
        ));
    }
    src.push_str("}\n");
    common::compile_src(&src, None)
});

/// Every purchase: each field true, false or not given.
fn purchases() -> Vec<Json> {
    let choices = [Some(true), Some(false), None];
    let mut out = Vec::new();
    for sensitive in choices {
        for reviewed in choices {
            let mut p = Map::new();
            if let Some(s) = sensitive {
                p.insert("sensitive".into(), json!(s));
            }
            if let Some(r) = reviewed {
                p.insert("reviewed".into(), json!(r));
            }
            out.push(Json::Object(p));
        }
    }
    out
}

#[test]
fn any_and_all_read_as_tests_agree_with_their_values() {
    let program = &*PROGRAM;
    let items = purchases();
    let mut lists: Vec<Option<Vec<Json>>> = vec![None, Some(vec![])];
    for x in &items {
        lists.push(Some(vec![x.clone()]));
        for y in &items {
            lists.push(Some(vec![x.clone(), y.clone()]));
        }
    }
    let mut seen = [0usize; 3];
    for list in &lists {
        for a in [Some(true), Some(false), None] {
            let mut facts = Map::new();
            if let Some(list) = list {
                facts.insert("buys".into(), Json::Array(list.clone()));
            }
            if let Some(a) = a {
                facts.insert("a".into(), json!(a));
            }
            let f = common::facility(program, Json::Object(facts.clone()));
            let e = evaluate(program, &f, date(2025, 6, 1));
            for (name, _) in QUANTIFIERS {
                let context = format!("{name} on {facts:?}");
                if let Some((m, duty_missing)) =
                    common::readings_agree(program, &e, name, &context, &mut seen)
                {
                    assert_eq!(m.cause(), duty_missing.cause(), "{context}");
                }
            }
        }
    }
    // Every outcome occurs many times over, so the agreement means something.
    assert!(seen.iter().all(|n| *n > 100), "{seen:?}");
}
