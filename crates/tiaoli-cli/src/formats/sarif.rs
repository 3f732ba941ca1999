//! SARIF 2.1.0 (OASIS): `check`'s diagnostics, and `eval`'s violated and
//! undecided outcomes (and its bad records) as results. `eval` streams its
//! results: the document's head (the tool and the pack rules, known before
//! any record is read), then results as they come, then its tail — so an
//! inventory is never held whole. Columns are Unicode code points, as
//! `columnKind` says.

use serde_json::{Value as Json, json};
use tiaoli_diagnostics::Severity;
use tiaoli_eval::Status;
use tiaoli_eval::human::view::{FacilityView, RuleView};

use super::{Located, full_message, uri};

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

fn driver(rules: Vec<Json>) -> Json {
    let mut driver = json!({
        "name": "tiaoli",
        "version": env!("CARGO_PKG_VERSION"),
        "rules": rules,
    });
    // A URI only when the build knows the repository's (the schema wants
    // an absolute one).
    let repository = env!("CARGO_PKG_REPOSITORY");
    if repository.starts_with("https://") {
        driver["informationUri"] = json!(repository);
    }
    driver
}

/// A diagnostic as a SARIF result (rule id: its code).
pub fn diagnostic_result(d: &Located) -> Json {
    let mut result = json!({
        "ruleId": d.code,
        "level": level(d.severity),
        "message": { "text": full_message(d) },
    });
    if let Some(file) = &d.file {
        result["locations"] = json!([{
            "physicalLocation": {
                "artifactLocation": { "uri": uri(file) },
                "region": {
                    "startLine": d.line,
                    "startColumn": d.column,
                    "endLine": d.end_line,
                    "endColumn": d.end_column,
                },
            },
        }]);
    }
    result
}

/// The rules metadata of the codes among `diags`, each once.
fn code_rules(diags: &[Located]) -> Vec<Json> {
    let mut seen: Vec<&str> = Vec::new();
    let mut rules = Vec::new();
    for d in diags {
        if seen.contains(&d.code) {
            continue;
        }
        seen.push(d.code);
        let mut rule = json!({
            "id": d.code,
            "shortDescription": { "text": d.summary },
        });
        if d.docs_url.starts_with("https://") {
            rule["helpUri"] = json!(d.docs_url);
        }
        rules.push(rule);
    }
    rules
}

/// `tiaoli check`: the whole document.
pub fn check_document(diags: &[Located]) -> String {
    let doc = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": driver(code_rules(diags)) },
            "columnKind": "unicodeCodePoints",
            "results": diags.iter().map(diagnostic_result).collect::<Vec<_>>(),
        }],
    });
    format!("{doc:#}\n")
}

/// `tiaoli eval`: the document up to its first result.
pub fn eval_head(rules: &[RuleView]) -> String {
    let rules: Vec<Json> = rules
        .iter()
        .map(|r| {
            let mut rule = json!({
                "id": r.id,
                "name": r.name,
                "shortDescription": { "text": r.title.as_deref().unwrap_or(&r.name) },
                "defaultConfiguration": { "level": "error" },
                "properties": { "pack": r.pack, "article": r.article, "kind": r.kind, "citation": r.cite },
            });
            if let Some(text) = &r.text {
                rule["fullDescription"] = json!({ "text": format!("{}: {text}", r.cite) });
            }
            rule
        })
        .collect();
    let head = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": driver(rules) },
            "columnKind": "unicodeCodePoints",
        }],
    })
    .to_string();
    // `…"columnKind":"unicodeCodePoints"}]}` → open `results` instead.
    format!("{},\"results\":[\n", &head[..head.len() - 3])
}

/// The end of `eval`'s document.
pub const EVAL_TAIL: &str = "\n]}]}\n";

/// A facility's violated and undecided outcomes as results, each a line
/// (without separators), located at its record.
pub fn facility_results(v: &FacilityView, file: &str, line: u32) -> Vec<String> {
    v.outcomes
        .iter()
        .filter(|o| matches!(o.status, Status::Violated | Status::Unknown))
        .map(|o| {
            let r = &o.rule;
            let mut text = format!(
                "{}: {} · {} — {}",
                v.id,
                r.title.as_deref().unwrap_or(&r.name),
                r.cite,
                o.status_word
            );
            if let Some(due) = o.due {
                text.push_str(&format!(" · {due}{}", o.due_note));
            }
            if !o.missing.is_empty() {
                text.push_str(&format!(" · {}", o.missing.join(", ")));
            }
            if let Some(why) = o.reason {
                text.push_str(&format!(" · {why}"));
            }
            json!({
                "ruleId": r.id,
                "ruleIndex": o.index,
                "level": if o.status == Status::Violated { "error" } else { "warning" },
                "message": { "text": text },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(file) },
                        "region": { "startLine": line },
                    },
                    "logicalLocations": [{ "name": v.id, "kind": "object" }],
                }],
                "partialFingerprints": { "tiaoli/facility-rule": format!("{}/{}", v.id, r.id) },
                "properties": {
                    "facility": v.id,
                    "status": o.status.as_str(),
                    "due": o.due.map(|d| d.to_string()),
                    "missing": o.missing,
                },
            })
            .to_string()
        })
        .collect()
}
