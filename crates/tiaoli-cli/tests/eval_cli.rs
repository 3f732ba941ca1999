//! `tiaoli eval` as a user runs it, on the files in `examples/`: the JSON
//! output against the schema documented in docs/output.md, exit statuses,
//! the inventory's two bad records, the human report in both languages,
//! explanations, the default date, and the bundled packs.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test that cannot run the binary or parse its output should fail loudly"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::str::FromStr;

use serde_json::Value as Json;

const AS_OF: &str = "2026-11-21";
const EXAMPLES: [&str; 4] = [
    "examples/grid-dispatch.yaml",
    "examples/bank-core.json",
    "examples/e-gov-platform.yaml",
    "examples/inventory.jsonl",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the repository root")
}

fn tiaoli_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tiaoli"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run tiaoli")
}

fn tiaoli(args: &[&str]) -> Output {
    tiaoli_in(&root(), args)
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `tiaoli eval FILE --as-of 2026-11-21 --format json`, parsed.
fn eval_json(file: &str) -> (Option<i32>, Json) {
    eval_json_with(file, &[])
}

/// The same with `--explain`: with explanation trees.
fn eval_json_explained(file: &str) -> (Option<i32>, Json) {
    eval_json_with(file, &["--explain"])
}

fn eval_json_with(file: &str, more: &[&str]) -> (Option<i32>, Json) {
    let args = ["eval", file, "--as-of", AS_OF, "--format", "json"];
    let out = tiaoli(&[&args[..], more].concat());
    let json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{file}: not JSON ({e}):\n{}", stdout(&out)));
    (out.status.code(), json)
}

// ──────────────────────── the documented schema ─────────────────────────
//
// A small structural checker: every documented key present with the right
// JSON type, and no key the documentation does not mention.

enum S {
    Any,
    Str,
    Int,
    Bool,
    /// A bound of a fine or an exposure: a decimal string, e.g. "3200000",
    /// or "out_of_range".
    Bound,
    /// An ISO date string, YYYY-MM-DD.
    Date,
    /// `true`, `false` or "unknown".
    Tri,
    /// One of these strings.
    Lit(&'static [&'static str]),
    /// null or the schema.
    Opt(Box<S>),
    Arr(Box<S>),
    /// Any keys, every value of the schema.
    Map(Box<S>),
    /// An object with exactly these keys (optional ones may be left out).
    Obj(Vec<(&'static str, S, bool)>),
    /// The first schema that fits.
    Either(Vec<S>),
    /// An explanation read node, told apart by its kind key.
    Read,
}

fn obj(fields: Vec<(&'static str, S)>) -> S {
    S::Obj(fields.into_iter().map(|(k, s)| (k, s, true)).collect())
}

fn opt(s: S) -> S {
    S::Opt(Box::new(s))
}

fn arr(s: S) -> S {
    S::Arr(Box::new(s))
}

fn bilingual() -> S {
    obj(vec![("zh", S::Str), ("en", S::Str)])
}

fn bound() -> S {
    S::Bound
}

fn exposure() -> S {
    obj(vec![
        ("min", bound()),
        ("max", bound()),
        ("possible_max", opt(bound())),
        ("out_of_range", S::Bool),
        ("currency", S::Lit(&["CNY"])),
    ])
}

fn facility_exposure() -> S {
    obj(vec![
        ("min", bound()),
        ("max", bound()),
        ("possible_max", opt(bound())),
        ("out_of_range", S::Bool),
        ("currency", S::Lit(&["CNY"])),
        ("missing", arr(S::Str)),
        ("persons", exposure()),
    ])
}

fn fine_fields() -> Vec<(&'static str, S)> {
    vec![
        ("on", S::Str),
        ("party", opt(bilingual())),
        (
            "whose",
            S::Lit(&["operator", "operator_persons", "third_party", "draft"]),
        ),
        ("discretionary", S::Bool),
        ("min", bound()),
        ("max", opt(bound())),
        ("max_known", bound()),
        ("missing", arr(S::Str)),
        ("currency", S::Lit(&["CNY"])),
    ]
}

fn fine() -> S {
    obj(fine_fields())
}

fn conditional_fine() -> S {
    let mut fields = fine_fields();
    fields.push(("status", S::Lit(&["possible", "if_escalated"])));
    fields.push(("condition", opt(S::Str)));
    fields.push(("condition_value", opt(S::Tri)));
    obj(fields)
}

/// An exemption: inline `unless … cite …`, or a named exception.
fn exemption() -> S {
    S::Either(vec![
        obj(vec![
            ("condition", S::Str),
            ("pack", S::Str),
            ("article", S::Int),
            ("cite", S::Str),
            ("applies", S::Tri),
        ]),
        obj(vec![
            ("exception", S::Str),
            ("title", opt(bilingual())),
            ("pack", S::Str),
            ("article", S::Int),
            ("cite", S::Str),
            ("applies", S::Tri),
            ("readings", readings()),
            ("instead", opt(bilingual())),
        ]),
    ])
}

/// The readings a rule names (`reading …`).
fn readings() -> S {
    arr(obj(vec![
        ("zh", S::Str),
        ("en", S::Str),
        ("cite", opt(S::Str)),
    ]))
}

fn clause() -> S {
    obj(vec![
        (
            "clause",
            S::Lit(&[
                "applies when",
                "requires",
                "forbids",
                "due",
                "escalate when",
            ]),
        ),
        ("text", S::Str),
        ("value", S::Any),
        ("reads", arr(S::Read)),
    ])
}

fn explanation() -> S {
    obj(vec![
        ("rule", S::Str),
        ("kind", S::Lit(&["obligation", "prohibition"])),
        ("pack", S::Str),
        ("cite", S::Str),
        (
            "status",
            S::Lit(&[
                "satisfied",
                "violated",
                "not_applicable",
                "unknown",
                "not_in_force",
            ]),
        ),
        ("clauses", arr(clause())),
    ])
}

/// The schema of a read node, by the key that names its kind.
fn read_schema(node: &Json) -> Option<S> {
    let has = |k: &str| node.get(k).is_some();
    let reads = || ("reads", arr(S::Read), false);
    Some(if has("fact") {
        obj(vec![
            ("fact", S::Str),
            ("value", S::Any),
            ("pack", opt(S::Str)),
            ("cite", opt(S::Str)),
        ])
    } else if has("definition") || has("determination") {
        let kind = if has("definition") {
            "definition"
        } else {
            "determination"
        };
        S::Obj(vec![
            (kind, S::Str, true),
            ("pack", S::Str, true),
            ("cite", opt(S::Str), true),
            ("text", S::Str, true),
            ("value", S::Any, true),
            reads(),
        ])
    } else if has("obligation") || has("prohibition") {
        let kind = if has("obligation") {
            "obligation"
        } else {
            "prohibition"
        };
        obj(vec![
            (kind, S::Str),
            ("pack", S::Str),
            ("cite", S::Str),
            (
                "status",
                S::Lit(&[
                    "satisfied",
                    "violated",
                    "not_applicable",
                    "unknown",
                    "not_in_force",
                ]),
            ),
        ])
    } else if has("penalty") {
        obj(vec![
            ("penalty", S::Str),
            ("pack", S::Str),
            ("cite", S::Str),
            ("triggered", triggered()),
        ])
    } else if has("extension") {
        let step = |kind| {
            S::Obj(vec![
                (kind, S::Str, true),
                ("text", S::Str, true),
                ("value", S::Any, true),
                reads(),
            ])
        };
        S::Obj(vec![
            ("extension", S::Str, true),
            ("pack", S::Str, true),
            ("cite", S::Str, true),
            ("value", S::Any, true),
            ("reason", opt(S::Str), false),
            ("missing", arr(S::Str), false),
            ("default", S::Str, false),
            (
                "implementation",
                obj(vec![
                    ("pack", S::Str),
                    ("model", S::Bool),
                    ("title", opt(bilingual())),
                    ("source", opt(bilingual())),
                    ("decide", S::Str),
                    (
                        "steps",
                        arr(S::Either(vec![step("definition"), step("factor")])),
                    ),
                ]),
                false,
            ),
        ])
    } else {
        return None;
    })
}

/// A penalty's explanation: its triggers' duties, and the escalation.
fn penalty_explanation() -> S {
    let trigger = |kind| {
        obj(vec![
            (kind, S::Str),
            ("pack", S::Str),
            ("cite", S::Str),
            (
                "status",
                S::Lit(&[
                    "satisfied",
                    "violated",
                    "not_applicable",
                    "unknown",
                    "not_in_force",
                ]),
            ),
            ("listed_in", opt(S::Str)),
        ])
    };
    obj(vec![
        ("rule", S::Str),
        ("pack", S::Str),
        ("cite", S::Str),
        ("triggered", triggered()),
        (
            "triggers",
            arr(S::Either(vec![
                trigger("obligation"),
                trigger("prohibition"),
            ])),
        ),
        ("clauses", arr(clause())),
    ])
}

/// An outcome; its `explanation` only with `--explain`.
fn outcome(explain: bool) -> S {
    let mut fields = vec![
        ("rule", S::Str),
        ("kind", S::Lit(&["obligation", "prohibition"])),
        ("title", opt(bilingual())),
        ("pack", S::Str),
        ("article", S::Int),
        ("paragraph", opt(S::Int)),
        ("item", opt(S::Int)),
        (
            "status",
            S::Lit(&[
                "satisfied",
                "violated",
                "not_applicable",
                "unknown",
                "not_in_force",
            ]),
        ),
        ("bearer", opt(S::Str)),
        ("due", opt(S::Either(vec![S::Date, S::Lit(&["unknown"])]))),
        ("calendar", opt(S::Str)),
        ("missing", arr(S::Str)),
        ("reason", opt(S::Str)),
        ("exempted_by", opt(exemption())),
        ("readings", readings()),
    ];
    if explain {
        fields.push(("explanation", explanation()));
    }
    obj(fields)
}

/// A penalty; its `explanation` only with `--explain`.
fn penalty(explain: bool) -> S {
    let mut fields = vec![
        ("rule", S::Str),
        ("title", opt(bilingual())),
        ("pack", S::Str),
        ("article", S::Int),
        ("addressee", S::Str),
        ("triggered", triggered()),
        (
            "triggered_by",
            arr(obj(vec![
                ("rule", S::Str),
                ("pack", opt(S::Str)),
                ("cite", opt(S::Str)),
            ])),
        ),
        ("gave_way", arr(obj(vec![("rule", S::Str), ("to", S::Str)]))),
        ("missing", arr(S::Str)),
        ("measures", arr(S::Str)),
        ("fines", arr(fine())),
        ("conditional_fines", arr(conditional_fine())),
        ("exceptions", arr(exemption())),
        ("exposure", exposure()),
        ("readings", readings()),
    ];
    if explain {
        fields.push(("explanation", penalty_explanation()));
    }
    obj(fields)
}

/// A penalty's `triggered`: a tri, or `"not_in_force"`.
fn triggered() -> S {
    S::Either(vec![S::Tri, S::Lit(&["not_in_force"])])
}

fn facility(explain: bool) -> S {
    obj(vec![
        ("id", S::Str),
        ("name", opt(S::Str)),
        (
            "not_in_force",
            arr(obj(vec![
                ("pack", S::Str),
                ("effective", opt(S::Date)),
                ("expires", opt(S::Date)),
            ])),
        ),
        ("determinations", S::Map(Box::new(triggered()))),
        (
            "decided_by",
            S::Map(Box::new(arr(obj(vec![
                ("pack", S::Str),
                ("model", S::Bool),
            ])))),
        ),
        ("determination_readings", S::Map(Box::new(readings()))),
        ("outcomes", arr(outcome(explain))),
        ("penalties", arr(penalty(explain))),
        ("exposure", facility_exposure()),
    ])
}

fn diagnostic() -> S {
    obj(vec![
        ("code", S::Str),
        ("severity", S::Lit(&["error", "warning", "note"])),
        ("message", S::Str),
        ("file", opt(S::Str)),
        (
            "labels",
            arr(obj(vec![
                ("file", S::Str),
                ("message", S::Str),
                ("primary", S::Bool),
                ("line", S::Int),
                ("column", S::Int),
                ("end_line", S::Int),
                ("end_column", S::Int),
                ("start", S::Int),
                ("end", S::Int),
            ])),
        ),
        ("help", opt(S::Str)),
        ("notes", arr(S::Str)),
    ])
}

/// The document of `--format json`, with or without `--explain`.
fn document(explain: bool) -> S {
    obj(vec![
        ("as_of", S::Date),
        (
            "packs",
            arr(obj(vec![
                ("name", S::Str),
                ("version", S::Str),
                (
                    "kind",
                    S::Lit(&["regulation", "guidance", "sector", "advisory"]),
                ),
                ("model", S::Bool),
                ("status", S::Lit(&["issued", "draft"])),
                ("citation", S::Lit(&["articles", "parts"])),
            ])),
        ),
        ("facilities", arr(facility(explain))),
        ("diagnostics", arr(diagnostic())),
        (
            "summary",
            obj(vec![
                ("records", S::Int),
                ("evaluated", S::Int),
                ("failed", S::Int),
                ("cii", S::Int),
                ("violated_obligations", S::Int),
                ("undecided_obligations", S::Int),
                ("exposure", exposure()),
                (
                    "operators",
                    arr(obj(vec![
                        ("operator", S::Str),
                        ("facilities", S::Int),
                        ("exposure", exposure()),
                    ])),
                ),
                ("without_operator", S::Int),
            ]),
        ),
    ])
}

/// Checks `v` against `s`, collecting every mismatch with its path.
fn check(v: &Json, s: &S, path: &str, errors: &mut Vec<String>) {
    let mut bad = |what: &str| errors.push(format!("{path}: expected {what}, found {v}"));
    match s {
        S::Any => {}
        S::Str => {
            if !v.is_string() {
                bad("a string");
            }
        }
        S::Int => {
            if !(v.is_i64() || v.is_u64()) {
                bad("an integer");
            }
        }
        S::Bool => {
            if !v.is_boolean() {
                bad("a boolean");
            }
        }
        S::Bound => match v.as_str() {
            Some(t) if t == "out_of_range" || rust_decimal::Decimal::from_str(t).is_ok() => {}
            _ => bad("a decimal string or \"out_of_range\""),
        },
        S::Date => match v.as_str() {
            Some(t) if t.len() == 10 && jiff::civil::Date::from_str(t).is_ok() => {}
            _ => bad("an ISO date string"),
        },
        S::Tri => {
            if !(v.is_boolean() || v == "unknown") {
                bad("true, false or \"unknown\"");
            }
        }
        S::Lit(values) => match v.as_str() {
            Some(t) if values.contains(&t) => {}
            _ => bad(&format!("one of {values:?}")),
        },
        S::Opt(inner) => {
            if !v.is_null() {
                check(v, inner, path, errors);
            }
        }
        S::Arr(inner) => match v.as_array() {
            Some(items) => {
                for (i, item) in items.iter().enumerate() {
                    check(item, inner, &format!("{path}[{i}]"), errors);
                }
            }
            None => bad("an array"),
        },
        S::Map(inner) => match v.as_object() {
            Some(map) => {
                for (k, item) in map {
                    check(item, inner, &format!("{path}.{k}"), errors);
                }
            }
            None => bad("an object"),
        },
        S::Obj(fields) => match v.as_object() {
            Some(map) => {
                for (key, schema, required) in fields {
                    match map.get(*key) {
                        Some(item) => check(item, schema, &format!("{path}.{key}"), errors),
                        None if *required => errors.push(format!("{path}: no `{key}` in {v}")),
                        None => {}
                    }
                }
                for key in map.keys() {
                    if !fields.iter().any(|(k, _, _)| k == key) {
                        errors.push(format!("{path}: undocumented key `{key}`"));
                    }
                }
            }
            None => bad("an object"),
        },
        S::Either(options) => {
            let fits = options.iter().any(|o| {
                let mut e = Vec::new();
                check(v, o, path, &mut e);
                e.is_empty()
            });
            if !fits {
                bad("one of the documented shapes");
            }
        }
        S::Read => match read_schema(v) {
            Some(schema) => check(v, &schema, path, errors),
            None => bad(
                "an explanation node (fact, definition, determination, obligation, prohibition, penalty or extension)",
            ),
        },
    }
}

/// The document as `--format json` writes it: with explanation trees
/// exactly when `explain`.
fn assert_schema(file: &str, json: &Json, explain: bool) {
    let mut errors = Vec::new();
    check(json, &document(explain), "$", &mut errors);
    assert!(
        errors.is_empty(),
        "{file}: {} mismatches, e.g.\n{}",
        errors.len(),
        errors[..errors.len().min(20)].join("\n")
    );
}

/// An amount as docs/output.md describes it: a decimal string, a whole
/// number of fen (at most two decimal places), no trailing zeros.
fn money(v: &Json) -> rust_decimal::Decimal {
    let text = v.as_str().unwrap();
    let d = rust_decimal::Decimal::from_str(text).unwrap();
    assert!(d.scale() <= 2, "{text} has more than two decimal places");
    assert_eq!(d.normalize().to_string(), text, "{text} is not normalised");
    d
}

/// What the documentation says the values mean, beyond their types (the
/// explanation trees' part only where they are shown).
fn assert_consistent(file: &str, json: &Json) {
    let facilities = json["facilities"].as_array().unwrap();
    let (mut min, mut max) = (rust_decimal::Decimal::ZERO, rust_decimal::Decimal::ZERO);
    for f in facilities {
        let id = &f["id"];
        for o in f["outcomes"].as_array().unwrap() {
            let ctx = format!("{file} {id} {}", o["rule"]);
            if let Some(tree) = o.get("explanation") {
                assert_eq!(o["status"], tree["status"], "{ctx}");
                assert_eq!(o["rule"], tree["rule"], "{ctx}");
            }
            if o["status"] != "unknown" {
                assert_eq!(o["missing"], Json::Array(vec![]), "{ctx}");
                assert!(o["reason"].is_null(), "{ctx}");
            } else {
                assert!(
                    !o["missing"].as_array().unwrap().is_empty() || o["reason"].is_string(),
                    "{ctx}: unknown, but neither missing facts nor a reason"
                );
            }
            if o["status"] == "not_applicable" {
                assert!(o["due"].is_null(), "{ctx}");
            }
        }
        let (mut fmin, mut fmax) = (rust_decimal::Decimal::ZERO, rust_decimal::Decimal::ZERO);
        let mut fpossible = Some(rust_decimal::Decimal::ZERO);
        for p in f["penalties"].as_array().unwrap() {
            let ctx = format!("{file} {id} {}", p["rule"]);
            if p["triggered"] != true {
                assert_eq!(p["fines"], Json::Array(vec![]), "{ctx}");
            }
            if p["triggered"] == false {
                assert_eq!(p["triggered_by"], Json::Array(vec![]), "{ctx}");
                assert_eq!(p["missing"], Json::Array(vec![]), "{ctx}");
                assert_eq!(p["conditional_fines"], Json::Array(vec![]), "{ctx}");
            }
            if p["triggered"] == "unknown" {
                assert!(
                    !p["missing"].as_array().unwrap().is_empty(),
                    "{ctx}: unknown, but no missing facts"
                );
            }
            if let Some(tree) = p.get("explanation") {
                assert_eq!(p["triggered"], tree["triggered"], "{ctx}");
                assert_eq!(p["rule"], tree["rule"], "{ctx}");
                // Every violated trigger triggered it, or gave way to another.
                let violated = tree["triggers"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|t| t["status"] == "violated")
                    .count();
                assert_eq!(
                    violated,
                    p["triggered_by"].as_array().unwrap().len()
                        + p["gave_way"].as_array().unwrap().len(),
                    "{ctx}"
                );
            }
            // The exposure: the operator's own mandatory fines that apply
            // are certain; discretionary and possible fines add to the
            // upper bound only.
            let (mut pmin, mut pmax) = (rust_decimal::Decimal::ZERO, rust_decimal::Decimal::ZERO);
            let mut ppossible = Some(rust_decimal::Decimal::ZERO);
            let mut add = |fine: &Json| {
                let max = (!fine["max"].is_null()).then(|| money(&fine["max"]));
                ppossible = ppossible.zip(max).map(|(a, b)| a + b);
            };
            for fine in p["fines"].as_array().unwrap() {
                if fine["whose"] != "operator" {
                    continue;
                }
                if fine["discretionary"] == false {
                    pmin += money(&fine["min"]);
                    pmax += money(&fine["max_known"]);
                }
                add(fine);
            }
            for fine in p["conditional_fines"].as_array().unwrap() {
                if fine["whose"] == "operator" && fine["status"] == "possible" {
                    add(fine);
                }
            }
            assert_eq!(money(&p["exposure"]["min"]), pmin, "{ctx}");
            assert_eq!(money(&p["exposure"]["max"]), pmax, "{ctx}");
            let shown = (!p["exposure"]["possible_max"].is_null())
                .then(|| money(&p["exposure"]["possible_max"]));
            assert_eq!(shown, ppossible, "{ctx}");
            fmin += pmin;
            fmax += pmax;
            fpossible = fpossible.zip(ppossible).map(|(a, b)| a + b);
        }
        assert_eq!(money(&f["exposure"]["min"]), fmin, "{file} {id}");
        assert_eq!(money(&f["exposure"]["max"]), fmax, "{file} {id}");
        let shown = (!f["exposure"]["possible_max"].is_null())
            .then(|| money(&f["exposure"]["possible_max"]));
        assert_eq!(shown, fpossible, "{file} {id}");
        min += fmin;
        max += fmax;
    }
    let summary = &json["summary"];
    assert_eq!(summary["evaluated"], facilities.len(), "{file}");
    assert_eq!(
        summary["records"].as_u64().unwrap(),
        summary["evaluated"].as_u64().unwrap() + summary["failed"].as_u64().unwrap(),
        "{file}"
    );
    // Per operator, each penalty counts once: the sum of the facilities
    // where no operator has two of them, at most that otherwise.
    let shared = summary["operators"]
        .as_array()
        .unwrap()
        .iter()
        .any(|o| o["facilities"].as_u64() > Some(1));
    let (smin, smax) = (
        money(&summary["exposure"]["min"]),
        money(&summary["exposure"]["max"]),
    );
    if shared {
        assert!(smin <= min && smax <= max, "{file}");
    } else {
        assert_eq!((smin, smax), (min, max), "{file}");
    }
}

// ─────────────────────────────── the tests ──────────────────────────────

#[test]
fn json_output_of_every_example_follows_the_documented_schema() {
    for file in EXAMPLES {
        let (_, json) = eval_json(file);
        assert_schema(file, &json, false);
        assert_consistent(file, &json);
        // `--explain` adds the trees, and changes nothing else.
        let (_, mut explained) = eval_json_explained(file);
        assert_schema(file, &explained, true);
        assert_consistent(file, &explained);
        for f in explained["facilities"].as_array_mut().unwrap() {
            for list in ["outcomes", "penalties"] {
                for item in f[list].as_array_mut().unwrap() {
                    item.as_object_mut().unwrap().shift_remove("explanation");
                }
            }
        }
        assert_eq!(explained, json, "{file}");
        assert_eq!(json["as_of"], AS_OF);
        let packs: Vec<&str> = json["packs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert!(packs.contains(&"decree-745"), "{packs:?}");
    }
}

#[test]
fn the_schema_checker_catches_mismatches() {
    let (_, mut json) = eval_json_explained("examples/grid-dispatch.yaml");
    let f = &mut json["facilities"][0];
    f["outcomes"][0]["status"] = Json::from("broken");
    f["penalties"][0]["fines"] = serde_json::json!([{ "on": "operator", "min": 1, "max": "2" }]);
    f["exposure"]["extra"] = Json::from(1);
    f["outcomes"][1]["explanation"]["clauses"][0]["reads"] = serde_json::json!([{ "what": 1 }]);
    let mut errors = Vec::new();
    check(&json, &document(true), "$", &mut errors);
    let text = errors.join("\n");
    assert!(text.contains("outcomes[0].status"), "{text}");
    assert!(
        text.contains("fines[0].min: expected a decimal string"),
        "{text}"
    );
    assert!(text.contains("fines[0]: no `currency`"), "{text}");
    assert!(text.contains("undocumented key `extra`"), "{text}");
    assert!(
        text.contains("reads[0]: expected an explanation node"),
        "{text}"
    );
}

#[test]
fn facilities_are_streamed_one_per_line() {
    let out = tiaoli(&[
        "eval",
        "examples/inventory.jsonl",
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("{\"as_of\":\"2026-11-21\","),
        "{}",
        lines[0]
    );
    assert!(lines[0].ends_with("\"facilities\":["), "{}", lines[0]);
    let facility_lines = lines.iter().filter(|l| l.starts_with("{\"id\":")).count();
    assert_eq!(facility_lines, 48);
    // Each facility line is a JSON object by itself (without its comma).
    for line in lines.iter().filter(|l| l.starts_with("{\"id\":")) {
        let one: Json = serde_json::from_str(line.trim_end_matches(',')).unwrap();
        assert!(one["outcomes"].is_array());
    }
}

#[test]
fn exit_statuses() {
    for file in &EXAMPLES[..3] {
        let (code, _) = eval_json(file);
        assert_eq!(code, Some(0), "{file}");
        let out = tiaoli(&["eval", file, "--as-of", AS_OF]);
        assert_eq!(out.status.code(), Some(0), "{file}: {}", stderr(&out));
    }
    // The inventory has two bad records.
    let (code, _) = eval_json("examples/inventory.jsonl");
    assert_eq!(code, Some(1));
    let out = tiaoli(&["eval", "examples/inventory.jsonl", "--as-of", AS_OF]);
    assert_eq!(out.status.code(), Some(1));
    // A file that does not exist.
    let out = tiaoli(&["eval", "examples/no-such-file.yaml", "--as-of", AS_OF]);
    assert_eq!(out.status.code(), Some(2));
    // In the report, as an F001 (review B15).
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.contains("no-such-file.yaml") && report.contains("F001"),
        "{report}"
    );
    // A bad --as-of.
    for bad in ["2026-13-01", "2026-02-30", "tomorrow", "21/11/2026"] {
        let out = tiaoli(&["eval", "examples/grid-dispatch.yaml", "--as-of", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(stderr(&out).contains("--as-of"), "{}", stderr(&out));
    }
    // No file at all is a usage error.
    assert_eq!(tiaoli(&["eval"]).status.code(), Some(2));
}

#[test]
fn the_inventory_reports_its_two_bad_records_and_evaluates_the_rest() {
    let (_, json) = eval_json("examples/inventory.jsonl");
    let summary = &json["summary"];
    assert_eq!(summary["records"], 50);
    assert_eq!(summary["evaluated"], 48);
    assert_eq!(summary["failed"], 2);
    let ids: Vec<&str> = json["facilities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 48);
    assert!(!ids.contains(&"inv-017") && !ids.contains(&"inv-033"));
    assert_eq!(ids[0], "inv-001");
    assert_eq!(ids[47], "inv-050");

    let diags = json["diagnostics"].as_array().unwrap();
    let found: Vec<(&str, u64)> = diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap(),
                d["labels"][0]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(found, vec![("F005", 17), ("F003", 33)]);
    for d in diags {
        assert_eq!(d["severity"], "error");
        assert_eq!(d["file"], "examples/inventory.jsonl");
        assert_eq!(d["labels"][0]["primary"], true);
    }
    assert_eq!(
        diags[0]["message"],
        "`2024-13-01` is not a valid date for `last_assessment_date`"
    );
    assert_eq!(diags[1]["help"], "did you mean `last_assessment_date`?");
    // The label covers what is wrong: the date string, the misspelt key.
    let text = std::fs::read_to_string(root().join("examples/inventory.jsonl")).unwrap();
    let slice = |d: &Json| {
        let l = &d["labels"][0];
        &text[l["start"].as_u64().unwrap() as usize..l["end"].as_u64().unwrap() as usize]
    };
    assert!(
        slice(&diags[0]).contains("2024-13-01"),
        "{}",
        slice(&diags[0])
    );
    assert!(
        slice(&diags[1]).contains("last_assesment_date"),
        "{}",
        slice(&diags[1])
    );

    // The human report says the same, with a totals line.
    let out = tiaoli(&["eval", "examples/inventory.jsonl", "--as-of", AS_OF]);
    let text = stdout(&out) + &stderr(&out);
    assert!(text.contains("F005"), "{text}");
    assert!(text.contains("F003"), "{text}");
    assert!(
        text.contains("50 record(s): 48 evaluated, 2 failed"),
        "{text}"
    );
}

#[test]
fn the_human_report_in_chinese_has_chinese_headings() {
    let out = tiaoli(&[
        "eval",
        "examples/grid-dispatch.yaml",
        "--as-of",
        AS_OF,
        "--lang",
        "zh",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    for heading in ["评估日期", "认定", "违反", "期限", "法律责任", "罚款风险"] {
        assert!(text.contains(heading), "no {heading}:\n{text}");
    }
    assert!(!text.contains("Violated"), "{text}");
    // The English report, for contrast.
    let out = tiaoli(&["eval", "examples/grid-dispatch.yaml", "--as-of", AS_OF]);
    let text = stdout(&out);
    for heading in ["Determinations", "Violated", "Penalty exposure"] {
        assert!(text.contains(heading), "no {heading}:\n{text}");
    }
}

#[test]
fn explain_prints_the_facts_behind_each_outcome() {
    let args = ["eval", "examples/grid-dispatch.yaml", "--as-of", AS_OF];
    let plain = stdout(&tiaoli(&args));
    let out = tiaoli(&[&args[..], &["--explain"]].concat());
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.contains("facility.last_assessment_date = 2025-06-18"),
        "{text}"
    );
    assert!(
        !plain.contains("facility.last_assessment_date ="),
        "{plain}"
    );
    assert!(text.lines().count() > plain.lines().count());
}

#[test]
fn without_as_of_the_date_used_is_today_in_china_and_printed() {
    let out = tiaoli(&["eval", "examples/grid-dispatch.yaml", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: Json = serde_json::from_slice(&out.stdout).unwrap();
    let used = jiff::civil::Date::from_str(json["as_of"].as_str().unwrap()).unwrap();
    let china = jiff::tz::TimeZone::fixed(jiff::tz::offset(8));
    let today = jiff::Timestamp::now().to_zoned(china).date();
    // Allow for the run crossing midnight.
    assert!(
        used == today || used == today.yesterday().unwrap(),
        "{used} vs {today}"
    );
    // The human report's header says which date it used.
    let out = tiaoli(&["eval", "examples/grid-dispatch.yaml"]);
    let text = stdout(&out);
    let first = text.lines().next().unwrap();
    assert!(first.starts_with("tiaoli eval · as of 20"), "{first}");
    let printed = first
        .trim_start_matches("tiaoli eval · as of ")
        .split(' ')
        .next()
        .unwrap();
    assert!(jiff::civil::Date::from_str(printed).is_ok(), "{first}");
}

#[test]
fn the_packs_are_bundled_so_eval_works_from_any_directory() {
    let example = root().join("examples/grid-dispatch.yaml");
    let example = example.to_str().unwrap();
    let args = ["eval", example, "--as-of", AS_OF, "--format", "json"];
    let elsewhere = tiaoli_in(&std::env::temp_dir(), &args);
    assert_eq!(elsewhere.status.code(), Some(0), "{}", stderr(&elsewhere));
    let here = tiaoli(&args);
    let a: Json = serde_json::from_slice(&elsewhere.stdout).unwrap();
    let b: Json = serde_json::from_slice(&here.stdout).unwrap();
    assert_eq!(a, b);
    assert_eq!(a["facilities"][0]["id"], "grid-dispatch-01");
    assert!(
        a["packs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["name"] == "decree-745")
    );
}

fn output_doc() -> String {
    std::fs::read_to_string(root().join("docs/output.md")).expect("docs/output.md")
}

/// Every key of a schema, read nodes included (visited once: they nest).
fn keys(s: &S, out: &mut std::collections::BTreeSet<&'static str>, read_seen: &mut bool) {
    match s {
        S::Opt(inner) | S::Arr(inner) | S::Map(inner) => keys(inner, out, read_seen),
        S::Obj(fields) => {
            for (k, s, _) in fields {
                out.insert(k);
                keys(s, out, read_seen);
            }
        }
        S::Either(options) => options.iter().for_each(|o| keys(o, out, read_seen)),
        S::Read if !*read_seen => {
            *read_seen = true;
            for kind in [
                "fact",
                "definition",
                "determination",
                "obligation",
                "prohibition",
                "penalty",
                "extension",
            ] {
                let mut node = serde_json::Map::new();
                node.insert(kind.into(), Json::Null);
                keys(&read_schema(&Json::Object(node)).unwrap(), out, read_seen);
            }
        }
        _ => {}
    }
}

#[test]
fn the_documentation_names_every_key_the_checker_knows() {
    let doc = output_doc();
    let mut all = std::collections::BTreeSet::new();
    keys(&document(true), &mut all, &mut false);
    let undocumented: Vec<_> = all
        .iter()
        .filter(|k| !doc.contains(&format!("`{k}`")))
        .collect();
    assert!(
        undocumented.is_empty(),
        "not in docs/output.md: {undocumented:?}"
    );
}

#[test]
fn the_documented_example_follows_the_schema() {
    let doc = output_doc();
    let example = doc
        .split("## Example")
        .nth(1)
        .and_then(|s| s.split("```json\n").nth(1))
        .and_then(|s| s.split("```").next())
        .expect("a JSON example under ## Example");
    let json: Json = serde_json::from_str(example).expect("the example is JSON");
    assert_schema("docs/output.md", &json, true);
    assert_consistent("docs/output.md", &json);
    // It is abridged from the real output, not made up.
    let (_, real) = eval_json("examples/grid-dispatch.yaml");
    let real_facility = &real["facilities"][0];
    let facility = &json["facilities"][0];
    for key in ["id", "name", "determinations", "exposure"] {
        assert_eq!(facility[key], real_facility[key], "{key}");
    }
    for o in facility["outcomes"].as_array().unwrap() {
        let same = real_facility["outcomes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["rule"] == o["rule"])
            .unwrap();
        assert_eq!(o["status"], same["status"], "{}", o["rule"]);
        assert_eq!(o["due"], same["due"], "{}", o["rule"]);
    }
    for p in facility["penalties"].as_array().unwrap() {
        let same = real_facility["penalties"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["rule"] == p["rule"])
            .unwrap();
        assert_eq!(p["fines"], same["fines"], "{}", p["rule"]);
        assert_eq!(p["triggered"], same["triggered"], "{}", p["rule"]);
    }
    assert_eq!(json["summary"], real["summary"]);

    // The diagnostic shown last is the inventory's, as it is printed.
    let last = doc
        .rsplit("```json\n")
        .next()
        .and_then(|s| s.split("```").next())
        .unwrap();
    let shown: Json = serde_json::from_str(last).expect("the diagnostic example is JSON");
    let (_, inventory) = eval_json("examples/inventory.jsonl");
    assert_eq!(shown, inventory["diagnostics"][1]);
}

// ───────────────────────────── laws in force ─────────────────────────────

/// B1 of the language review: as of 2021-06-01 Decree 745 (in force from
/// 2021-09-01, art. 51) is not in force. Its duties are `not_in_force`, its
/// penalties do not apply, its determinations are not asserted, there is no
/// exposure, and the report says which pack and from when. Facts dated
/// after that day are warned about (F013) and not used; the exit status
/// stays 0.
#[test]
fn before_its_effective_date_the_decree_is_not_in_force() {
    let out = tiaoli(&[
        "eval",
        "examples/grid-dispatch.yaml",
        "--as-of",
        "2021-06-01",
        "--format",
        "json",
        "--explain",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: Json = serde_json::from_slice(&out.stdout).unwrap();
    assert_schema("grid-dispatch as of 2021-06-01", &json, true);
    assert_consistent("grid-dispatch as of 2021-06-01", &json);
    let f = &json["facilities"][0];
    assert_eq!(
        f["not_in_force"][0],
        serde_json::json!({ "pack": "decree-745", "effective": "2021-09-01", "expires": null })
    );
    for o in f["outcomes"].as_array().unwrap() {
        if o["pack"] == "mps-2020-guidance" {
            // The MPS guidance (2020-07-22) was already in force.
            assert_ne!(o["status"], "not_in_force", "{}", o["rule"]);
            continue;
        }
        assert_eq!(o["status"], "not_in_force", "{}", o["rule"]);
        assert!(o["due"].is_null(), "{}", o["rule"]);
        // Not in force, it decides nothing: no clause values are shown.
        assert_eq!(
            o["explanation"]["clauses"],
            serde_json::json!([]),
            "{}",
            o["rule"]
        );
    }
    for p in f["penalties"].as_array().unwrap() {
        assert_eq!(p["triggered"], "not_in_force", "{}", p["rule"]);
        assert_eq!(p["fines"], serde_json::json!([]), "{}", p["rule"]);
    }
    assert_eq!(f["determinations"]["cii"], "not_in_force");
    assert_eq!(f["exposure"]["max"], "0");
    // Every date after 2021-06-01 is warned about, at its value.
    let warned: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "F013")
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert!(
        warned.contains(
            &"`identification_date` is dated 2022-03-15, after the evaluation date 2021-06-01"
        ),
        "{warned:?}"
    );
    assert!(
        warned
            .iter()
            .all(|w| w.contains("after the evaluation date"))
    );
    assert!(warned.len() >= 3, "{warned:?}");

    // The human report says so, in both languages.
    let out = tiaoli(&[
        "eval",
        "examples/grid-dispatch.yaml",
        "--as-of",
        "2021-06-01",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.contains("decree-745 is not in force as of 2021-06-01 (in force from 2021-09-01)"),
        "{text}"
    );
    assert!(
        text.contains("Exposure (the operator's own fines): certain CNY 0 – CNY 0"),
        "{text}"
    );
    assert!(
        stderr(&out).contains("F013") || text.contains("F013"),
        "{}",
        stderr(&out)
    );
    let out = tiaoli(&[
        "eval",
        "examples/grid-dispatch.yaml",
        "--as-of",
        "2021-06-01",
        "--lang",
        "zh",
    ]);
    let text = stdout(&out);
    assert!(
        text.contains("截至2021-06-01，decree-745不在施行期内（自2021-09-01起施行）"),
        "{text}"
    );
}

/// A fact dated after `--as-of` is not used: the duty that needs it is
/// undecided and names it, where the same facility a day after the date
/// has it satisfied.
#[test]
fn a_future_dated_fact_is_unknown_and_listed_as_missing() {
    let dir = scratch("future");
    let file = dir.join("f.yaml");
    std::fs::write(
        &file,
        "id: f\nsector: energy\nidentified_cii: true\nidentification_date: 2022-03-15\nlast_assessment_date: 2024-06-18\n",
    )
    .unwrap();
    let file = file.to_str().unwrap();
    let run = |as_of: &str| {
        let out = tiaoli(&["eval", file, "--as-of", as_of, "--format", "json"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        serde_json::from_slice::<Json>(&out.stdout).unwrap()
    };
    let rule = |json: &Json| {
        json["facilities"][0]["outcomes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["rule"] == "annual_assessment")
            .cloned()
            .unwrap()
    };
    let before = run("2024-01-01");
    let diag = &before["diagnostics"][0];
    assert_eq!(diag["code"], "F013");
    assert_eq!(diag["severity"], "warning");
    assert_eq!(diag["labels"][0]["line"], 5);
    assert_eq!(diag["labels"][0]["column"], 23);
    // As of 2024-01-01 the identification's first year has passed, and the
    // assessment of 2024-06-18 had not happened yet.
    let o = rule(&before);
    assert_eq!(o["status"], "unknown");
    assert_eq!(o["missing"], serde_json::json!(["last_assessment_date"]));
    let after = run("2024-07-01");
    assert_eq!(after["diagnostics"], serde_json::json!([]));
    assert_eq!(rule(&after)["status"], "satisfied");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The readings a pack names (`reading …`) are shown with the outcomes that
/// rest on them, in English, in Chinese and in JSON.
#[test]
fn readings_named_in_the_pack_are_shown_in_every_output() {
    // The e-government platform's last drill is more than a year old: its
    // art. 15(3) breach rests on the pack's reading of 定期.
    let en = stdout(&tiaoli(&[
        "eval",
        "examples/e-gov-platform.yaml",
        "--as-of",
        AS_OF,
    ]));
    let drill = en
        .lines()
        .position(|l| l.contains("✗ emergency_drill"))
        .expect("emergency_drill is violated");
    let next = en.lines().nth(drill + 1).unwrap_or_default();
    assert!(
        next.trim_start()
            .starts_with("reading: The text sets no interval for “regularly”"),
        "{en}"
    );
    // An upcoming deadline shows its readings too (art. 17, two of them).
    assert!(
        en.contains(
            "reading: No assessment is needed yet within the first year after identification"
        ),
        "{en}"
    );
    // The guidance pack is cited by its parts and sections, not as articles.
    assert!(
        en.contains("· due 2027-06-15")
            || en.contains("mlps_annual_test  mps-2020-guidance part 2(2)"),
        "{en}"
    );

    let zh = stdout(&tiaoli(&[
        "eval",
        "examples/e-gov-platform.yaml",
        "--as-of",
        AS_OF,
        "--lang",
        "zh",
    ]));
    assert!(
        zh.contains("解读：“定期”未规定间隔：间隔由设施所属行业的规则包规定"),
        "{zh}"
    );
    assert!(!zh.contains("reading: "), "{zh}");

    let (_, json) = eval_json("examples/e-gov-platform.yaml");
    let outcome = |rule: &str| {
        json["facilities"][0]["outcomes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["rule"] == rule)
            .unwrap()
            .clone()
    };
    let readings = outcome("emergency_drill")["readings"].clone();
    assert_eq!(readings.as_array().map(Vec::len), Some(1), "{readings}");
    assert!(readings[0]["zh"].as_str().unwrap().starts_with("“定期”"));
    assert!(
        readings[0]["en"]
            .as_str()
            .unwrap()
            .contains("at least once a year")
    );
    assert_eq!(readings[0]["cite"], Json::Null);
    assert_eq!(
        outcome("annual_assessment")["readings"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );
    // A rule that names no reading says so with an empty list.
    assert_eq!(
        outcome("background_checks")["readings"],
        serde_json::json!([])
    );
}

/// The MPS 2020 guidance is its own pack (kind `guidance`), bundled and used
/// by default, cited by the guidance's parts and sections in every output.
#[test]
fn the_mps_guidance_is_bundled_and_cited_by_part_and_section() {
    let en = stdout(&tiaoli(&[
        "eval",
        "examples/grid-dispatch.yaml",
        "--as-of",
        AS_OF,
    ]));
    assert!(
        en.lines()
            .next()
            .unwrap_or_default()
            .contains("mps-2020-guidance 1.0.0"),
        "{en}"
    );
    assert!(
        en.contains("mlps_annual_test  mps-2020-guidance part 2(2)"),
        "{en}"
    );
    let zh = stdout(&tiaoli(&[
        "eval",
        "examples/grid-dispatch.yaml",
        "--as-of",
        AS_OF,
        "--lang",
        "zh",
    ]));
    assert!(
        zh.contains("mlps_annual_test  mps-2020-guidance 二（二）"),
        "{zh}"
    );
    assert!(!zh.contains("mps-2020-guidance 第2条"), "{zh}");

    let (_, json) = eval_json("examples/grid-dispatch.yaml");
    let pack = json["packs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "mps-2020-guidance")
        .unwrap()
        .clone();
    assert_eq!(pack["kind"], "guidance");
    assert_eq!(pack["citation"], "parts");
    let outcome = |rule: &str| {
        json["facilities"][0]["outcomes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["rule"] == rule)
            .unwrap()
            .clone()
    };
    // Part 二, section （六）; its reading rests on the Regulation's art. 50(2).
    let crypto = outcome("crypto_assessment");
    assert_eq!(crypto["article"], 2);
    assert_eq!(crypto["paragraph"], 6);
    assert_eq!(crypto["readings"][0]["cite"], "decree_745::art50.2");
    // The invented grade floor is gone; the regulation's art. 6 has no rules.
    assert!(
        json["facilities"][0]["outcomes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|o| o["rule"] != "mlps_grade"),
    );
}

/// `tiaoli explain` names the guidance's parts and sections too.
#[test]
fn explain_cites_the_guidance_by_part_and_section() {
    let out = stdout(&tiaoli(&[
        "explain",
        "art2",
        "--pack",
        "policies/mps-2020-guidance",
    ]));
    assert!(
        out.starts_with("mps-2020-guidance 第二部分 深入贯彻实施国家网络安全等级保护制度\nmps-2020-guidance part 2 · "),
        "{out}"
    );
    assert!(out.contains("[part 2(6)]"), "{out}");
    let out = stdout(&tiaoli(&[
        "explain",
        "crypto_assessment",
        "--pack",
        "policies/mps-2020-guidance",
    ]));
    assert!(
        out.starts_with("obligation `crypto_assessment` (mps-2020-guidance part 2(6))"),
        "{out}"
    );
}

/// Civil Code art. 203 at the command line (language review §3.8, B11): a
/// report received on 2025-07-01 gives the protection department until
/// 2025-10-09, the day after the National Day holiday, and a
/// re-identification that day is in time; a due date in a year without a
/// shipped holiday notice is not moved, and the output says so.
#[test]
fn a_deadline_ending_in_a_holiday_moves_past_it() {
    let dir = scratch("holiday");
    let file = dir.join("f.yaml");
    std::fs::write(
        &file,
        "id: f\nsector: energy\nidentified_cii: true\nidentification_date: 2022-03-15\n\
         major_change: true\nmajor_change_reported: true\nmajor_change_report_date: 2025-07-01\n\
         reidentification_date: 2025-10-09\nlast_assessment_date: 2030-02-01\n",
    )
    .unwrap();
    let file = file.to_str().unwrap();
    let out = tiaoli(&["eval", file, "--as-of", "2025-10-09", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: Json = serde_json::from_slice(&out.stdout).unwrap();
    let outcome = |json: &Json, rule: &str| {
        json["facilities"][0]["outcomes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["rule"] == rule)
            .cloned()
            .unwrap()
    };
    let o = outcome(&json, "reidentification");
    assert_eq!(o["status"], "satisfied");
    assert_eq!(o["due"], "2025-10-09");
    assert_eq!(o["calendar"], "covered");
    // The human report gives the same due date.
    let out = tiaoli(&["eval", file, "--as-of", "2025-10-09"]);
    assert!(
        stdout(&out).contains("2025-10-09  reidentification"),
        "{}",
        stdout(&out)
    );
    // 2031-02-01 is a Saturday, but no notice covers 2031: not moved.
    let out = tiaoli(&["eval", file, "--as-of", "2030-06-01", "--format", "json"]);
    let json: Json = serde_json::from_slice(&out.stdout).unwrap();
    let o = outcome(&json, "annual_assessment");
    assert_eq!(o["due"], "2031-02-01");
    assert_eq!(o["calendar"], "not covered: 2031");
    let out = tiaoli(&["eval", file, "--as-of", "2030-06-01"]);
    assert!(
        stdout(&out).contains("2031-02-01  annual_assessment  decree-745 art. 17 (holiday calendar not covered: 2031; not moved past holidays)"),
        "{}",
        stdout(&out)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

// ───────────────────── known absent, null, exact money ───────────────────

/// A scratch folder of this test's own.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tiaoli-eval-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `tiaoli eval FILE --as-of AS_OF --format json` on `text` written to
/// `dir/name`.
fn eval_text(dir: &Path, name: &str, text: &str, as_of: &str) -> (Option<i32>, Json) {
    std::fs::write(dir.join(name), text).unwrap();
    let out = tiaoli_in(dir, &["eval", name, "--as-of", as_of, "--format", "json"]);
    let json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{name}: not JSON ({e}):\n{}", stdout(&out)));
    (out.status.code(), json)
}

fn outcome_of<'j>(facility: &'j Json, rule: &str) -> &'j Json {
    facility["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["rule"] == rule)
        .unwrap_or_else(|| panic!("no outcome {rule}"))
}

/// language.md §3.1: `null` is "never assessed" / "not yet re-identified",
/// and past their deadlines both duties are violated.
#[test]
fn a_never_assessed_facility_is_in_breach_and_an_omitted_date_is_unknown() {
    let dir = scratch("never-assessed");
    let never = "\
id: never-assessed
sector: finance
identified_cii: true
identification_date: 2022-01-10
last_assessment_date: null      # never assessed
major_change: true
major_change_reported: true
major_change_report_date: 2025-01-31
reidentification_date: null     # not yet re-identified
";
    let (code, json) = eval_text(&dir, "never-assessed.yaml", never, "2025-06-01");
    assert_eq!(code, Some(0));
    assert_eq!(json["diagnostics"], Json::Array(vec![]));
    let f = &json["facilities"][0];
    let a = outcome_of(f, "annual_assessment");
    assert_eq!(a["status"], "violated", "{a}");
    assert_eq!(a["due"], "2023-01-10");
    assert_eq!(a["missing"], Json::Array(vec![]));
    let r = outcome_of(f, "reidentification");
    assert_eq!(r["status"], "violated", "{r}");
    assert_eq!(r["due"], "2025-04-30");
    // The explanation (`--explain`) shows the fact as known absent.
    let out = tiaoli_in(
        &dir,
        &[
            "eval",
            "never-assessed.yaml",
            "--as-of",
            "2025-06-01",
            "--format",
            "json",
            "--explain",
        ],
    );
    let explained: Json = serde_json::from_slice(&out.stdout).unwrap();
    let tree = &outcome_of(&explained["facilities"][0], "annual_assessment")["explanation"];
    let text = tree.to_string();
    assert!(
        text.contains("\"fact\":\"last_assessment_date\",\"value\":null"),
        "{text}"
    );

    // Omitted: unknown, naming the facts that would decide.
    let omitted: String = never
        .lines()
        .filter(|l| !l.contains("null"))
        .map(|l| format!("{l}\n"))
        .collect();
    let (_, json) = eval_text(&dir, "omitted.yaml", &omitted, "2025-06-01");
    let f = &json["facilities"][0];
    let a = outcome_of(f, "annual_assessment");
    assert_eq!(a["status"], "unknown");
    assert_eq!(a["missing"], serde_json::json!(["last_assessment_date"]));
    let r = outcome_of(f, "reidentification");
    assert_eq!(r["status"], "unknown");
    assert_eq!(r["missing"], serde_json::json!(["reidentification_date"]));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A null for a fact that is not optional is a warning at the value, on the
/// fast JSON-lines path as on the YAML one, and the record is still
/// evaluated with that fact unknown. Amounts finer than the fen or out of
/// range are errors at the value.
#[test]
fn null_for_a_required_fact_warns_and_bad_amounts_are_refused() {
    let dir = scratch("null-money");
    let lines = concat!(
        r#"{"id":"a","identified_cii":true,"identification_date":"2022-01-10","last_assessment_date":"2025-01-02","major_change":null}"#,
        "\n",
        r#"{"id":"b","daily_transaction_cny":"1000.005"}"#,
        "\n",
        r#"{"id":"c","daily_transaction_cny":-5}"#,
        "\n",
        r#"{"id":"d","daily_transaction_cny":100000000000000000000000000000}"#,
        "\n",
        r#"{"id":"e","daily_transaction_cny":"1000.10"}"#,
        "\n",
    );
    for (name, text) in [
        ("f.jsonl", lines.to_owned()),
        // The same first record in YAML, through the other reader.
        (
            "f.yaml",
            "id: a\nidentified_cii: true\nidentification_date: 2022-01-10\nlast_assessment_date: 2025-01-02\nmajor_change: ~\n"
                .to_owned(),
        ),
    ] {
        let (code, json) = eval_text(&dir, name, &text, "2025-06-01");
        let diags = json["diagnostics"].as_array().unwrap();
        let first = &diags[0];
        assert_eq!(first["code"], "F009", "{name}");
        assert_eq!(first["severity"], "warning");
        assert_eq!(
            first["message"],
            "`major_change` is null, but it is not an optional fact"
        );
        let l = &first["labels"][0];
        let span = &text[l["start"].as_u64().unwrap() as usize..l["end"].as_u64().unwrap() as usize];
        assert!(span == "null" || span == "~", "{name}: {span}");
        // Record a is evaluated, with major_change unknown.
        let a = &json["facilities"][0];
        assert_eq!(a["id"], "a");
        assert_eq!(outcome_of(a, "annual_assessment")["status"], "satisfied");
        let m = outcome_of(a, "major_change_report");
        assert_eq!(m["status"], "unknown");
        assert_eq!(
            m["missing"],
            serde_json::json!(["major_change", "major_change_reported"])
        );
        if name == "f.jsonl" {
            assert_eq!(code, Some(1));
            let codes: Vec<(&str, u64)> = diags
                .iter()
                .map(|d| (d["code"].as_str().unwrap(), d["labels"][0]["line"].as_u64().unwrap()))
                .collect();
            assert_eq!(
                codes,
                vec![("F009", 1), ("F010", 2), ("F011", 3), ("F011", 4)]
            );
            assert_eq!(diags[1]["message"], "`daily_transaction_cny` is 1000.005, finer than the fen");
            assert_eq!(
                diags[3]["message"],
                "`daily_transaction_cny` is 100000000000000000000000000000, outside the range of amounts"
            );
            assert_eq!(json["summary"]["evaluated"], 2);
            assert_eq!(json["summary"]["failed"], 3);
            assert_eq!(json["facilities"][1]["id"], "e");
        } else {
            assert_eq!(code, Some(0));
            assert_eq!(diags.len(), 1);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

// ───────────────────────── fact identity per pack ─────────────────────────

fn write_pack(dir: &Path, name: &str, rules: &str) {
    let pack = dir.join(name);
    std::fs::create_dir_all(&pack).unwrap();
    std::fs::write(
        pack.join("tiaoli.toml"),
        format!(
            "[pack]\nname = \"{name}\"\nversion = \"1.0.0\"\nkind = \"regulation\"\neffective = \"2021-09-01\"\n\n[pack.title]\nzh = \"示例\"\nen = \"Example\"\n\n[pack.issuer]\nzh = \"国务院\"\nen = \"State Council\"\n"
        ),
    )
    .unwrap();
    std::fs::write(pack.join("rules.tiaoli"), rules).unwrap();
}

/// architecture.md, appendix A: two packs declaring `sector` with different
/// types are refused by `check` (N015), so that no evaluation can read one
/// pack's boolean as the other's number.
#[test]
fn two_packs_declaring_a_fact_with_different_types_are_refused() {
    let dir = scratch("fact-identity");
    write_pack(
        &dir,
        "reg-a",
        "fact sector: bool { zh \"行业标志\" en \"sector flag\" }\ndetermination a_flag { title zh \"标志\" en \"flag\" value facility.sector }\n",
    );
    write_pack(
        &dir,
        "reg-b",
        "fact sector: int { zh \"行业编号\" en \"sector number\" }\ndetermination b_big { title zh \"编号大\" en \"big number\" value facility.sector > 3 }\n",
    );
    let out = tiaoli_in(&dir, &["check", "reg-a", "reg-b", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let json: Json = serde_json::from_slice(&out.stdout).unwrap();
    let diags = json["diagnostics"].as_array().unwrap();
    let codes: Vec<&str> = diags.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, vec!["N015"], "{json}");
    assert_eq!(
        diags[0]["message"],
        "fact `sector` is declared as `int` in pack `reg_b` and as `bool` in pack `reg_a`"
    );
    // Evaluation refuses the packs rather than read one type as the other.
    std::fs::write(dir.join("f.json"), "{\"sector\": true}").unwrap();
    let out = tiaoli_in(
        &dir,
        &[
            "eval",
            "f.json",
            "--pack",
            "reg-a",
            "--pack",
            "reg-b",
            "--as-of",
            "2025-06-01",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(!stdout(&out).contains("b_big"), "{}", stdout(&out));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Packs that agree on a fact's type share one facility key: both read the
/// value the facility gives once.
#[test]
fn two_packs_declaring_a_fact_with_one_type_share_it() {
    let dir = scratch("fact-shared");
    write_pack(
        &dir,
        "reg-a",
        "fact level: int { zh \"级别\" en \"level\" }\ndetermination a_high { title zh \"高\" en \"high\" value facility.level >= 3 }\n",
    );
    write_pack(
        &dir,
        "reg-b",
        "fact level: int { zh \"等级\" en \"grade\" }\ndetermination b_top { title zh \"最高\" en \"top\" value facility.level == 5 }\n",
    );
    let out = tiaoli_in(&dir, &["check", "reg-a", "reg-b"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for (level, high, top) in [(5, true, true), (3, true, false), (1, false, false)] {
        std::fs::write(dir.join("f.json"), format!("{{\"level\": {level}}}")).unwrap();
        let out = tiaoli_in(
            &dir,
            &[
                "eval",
                "f.json",
                "--pack",
                "reg-a",
                "--pack",
                "reg-b",
                "--as-of",
                "2025-06-01",
                "--format",
                "json",
            ],
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let json: Json = serde_json::from_slice(&out.stdout).unwrap();
        let d = &json["facilities"][0]["determinations"];
        assert_eq!(d["a_high"], Json::from(high), "{level}: {d}");
        assert_eq!(d["b_top"], Json::from(top), "{level}: {d}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A decimal fact too large to hold is out of range (F014), on the fast
/// JSON-lines path and through the full reader alike, never "found a
/// number"; scientific numerals in range are read exactly.
#[test]
fn an_overflowing_decimal_is_out_of_range_on_both_paths() {
    let dir = scratch("decimal-range");
    write_pack(
        &dir,
        "reg",
        "meta fact id: text { zh \"标识\" en \"id\" }\nfact ratio: decimal { zh \"比例\" en \"ratio\" }\ndetermination high { title zh \"高\" en \"high\" value facility.ratio > 0.5 }\n",
    );
    let lines = concat!(
        r#"{"id":"a","ratio":100000000000000000000000000000}"#,
        "\n",
        r#"{"id":"b","ratio":"100000000000000000000000000000"}"#,
        "\n",
        r#"{"id":"c","ratio":1e30}"#,
        "\n",
        r#"{"id":"d","ratio":7.5e-1}"#,
        "\n",
        r#"{"id":"e","ratio":"high"}"#,
        "\n",
    );
    let yaml = "id: a\nratio: 100000000000000000000000000000\n";
    for (name, text) in [("f.jsonl", lines), ("f.yaml", yaml)] {
        std::fs::write(dir.join(name), text).unwrap();
        let out = tiaoli_in(
            &dir,
            &[
                "eval",
                name,
                "--pack",
                "reg",
                "--as-of",
                "2025-06-01",
                "--format",
                "json",
            ],
        );
        assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
        let json: Json = serde_json::from_slice(&out.stdout).unwrap();
        let diags = json["diagnostics"].as_array().unwrap();
        let codes: Vec<&str> = diags.iter().map(|d| d["code"].as_str().unwrap()).collect();
        if name == "f.jsonl" {
            assert_eq!(codes, vec!["F014", "F014", "F014", "F004"], "{json}");
            assert_eq!(
                diags[2]["message"],
                "`ratio` is 1e30, outside the range of decimal numbers"
            );
            assert_eq!(
                diags[3]["message"],
                "`ratio` must be a decimal number, found a string"
            );
            // The in-range scientific value is read exactly: 0.75 > 0.5.
            let d = &json["facilities"][0];
            assert_eq!(d["id"], "d");
            assert_eq!(d["determinations"]["high"], true, "{d}");
        } else {
            assert_eq!(codes, vec!["F014"], "{json}");
        }
        assert_eq!(
            diags[0]["message"],
            "`ratio` is 100000000000000000000000000000, outside the range of decimal numbers"
        );
        let l = &diags[0]["labels"][0];
        assert_eq!(
            l["message"],
            "must be at most 79228162514264337593543950335 in size"
        );
        let span =
            &text[l["start"].as_u64().unwrap() as usize..l["end"].as_u64().unwrap() as usize];
        assert_eq!(span, "100000000000000000000000000000", "{name}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// `--format jsonl` (docs/output.md, "JSON lines"): a header, facility and
/// diagnostic lines, a summary; put back together without `type`, it is the
/// JSON document, which follows the schema.
#[test]
fn jsonl_output_of_every_example_is_the_documented_document_line_by_line() {
    for file in EXAMPLES.iter().copied().chain(["examples/inventory.jsonl"]) {
        for explain in [false, true] {
            let more: &[&str] = if explain { &["--explain"] } else { &[] };
            let (code, json) = eval_json_with(file, more);
            let args = ["eval", file, "--as-of", AS_OF, "--format", "jsonl"];
            let out = tiaoli(&[&args[..], more].concat());
            assert_eq!(out.status.code(), code, "{file}");
            let mut doc = serde_json::Map::new();
            let (mut facilities, mut diagnostics) = (Vec::new(), Vec::new());
            let mut types = Vec::new();
            for line in stdout(&out).lines() {
                let mut v: Json = serde_json::from_str(line)
                    .unwrap_or_else(|e| panic!("{file}: a line is not JSON ({e}): {line}"));
                let obj = v.as_object_mut().unwrap();
                assert_eq!(
                    obj.keys().next().map(String::as_str),
                    Some("type"),
                    "{file}"
                );
                let kind = obj.shift_remove("type").unwrap();
                types.push(kind.as_str().unwrap().to_owned());
                match kind.as_str().unwrap() {
                    "header" => doc.extend(obj.clone()),
                    "facility" => facilities.push(v),
                    "diagnostic" => diagnostics.push(v),
                    "summary" => {
                        doc.insert("facilities".into(), Json::Array(facilities.clone()));
                        doc.insert("diagnostics".into(), Json::Array(diagnostics.clone()));
                        doc.insert("summary".into(), v);
                    }
                    other => panic!("{file}: a line of type {other}"),
                }
            }
            assert_eq!(types.first().map(String::as_str), Some("header"), "{file}");
            assert_eq!(types.last().map(String::as_str), Some("summary"), "{file}");
            let doc = Json::Object(doc);
            assert_schema(file, &doc, explain);
            assert_eq!(doc, json, "{file}");
        }
    }
    // The documented example has the documented line types, in order.
    let output = output_doc();
    let section = output
        .split("## JSON lines")
        .nth(1)
        .and_then(|s| s.split("```text\n").nth(1))
        .and_then(|s| s.split("```").next())
        .expect("an example under ## JSON lines");
    let types: Vec<&str> = section
        .lines()
        .map(|l| {
            l.strip_prefix("{\"type\":\"")
                .and_then(|r| r.split('"').next())
                .expect("each line starts with its type")
        })
        .collect();
    assert_eq!(
        types,
        ["header", "facility", "diagnostic", "facility", "summary"]
    );
}

/// D13: an amount with more digits than a decimal holds is refused, never
/// rounded to a nearby amount; zeros after the last digit are harmless.
#[test]
fn amounts_past_28_digits_are_refused_not_rounded() {
    let dir = scratch("money-digits");
    let lines = concat!(
        r#"{"id":"a","daily_transaction_cny":"100.000000000000000000000000001"}"#,
        "\n",
        r#"{"id":"b","daily_transaction_cny":100.000000000000000000000000001}"#,
        "\n",
        r#"{"id":"c","daily_transaction_cny":"100.00000000000000000000000000000"}"#,
        "\n",
        r#"{"id":"d","daily_transaction_cny":"12.500"}"#,
        "\n",
    );
    let (code, json) = eval_text(&dir, "f.jsonl", lines, "2025-06-01");
    assert_eq!(code, Some(1));
    let diags = json["diagnostics"].as_array().unwrap();
    let codes: Vec<(&str, u64)> = diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap(),
                d["labels"][0]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(codes, vec![("F010", 1), ("F010", 2)]);
    let ids: Vec<&str> = json["facilities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["c", "d"]);
    let _ = std::fs::remove_dir_all(&dir);
}
