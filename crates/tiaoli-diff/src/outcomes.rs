//! Whose outcomes change, and how: one facility's report (the JSON object
//! `tiaoli eval --format json` writes per facility) under the old pack and
//! under the new, compared rule by rule (by name), for the two packs being
//! compared only (not the packs they depend on).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

/// Which of a report's outcomes belong to a side's pack.
#[derive(Clone, Copy, Debug)]
pub struct Side<'a> {
    /// The pack's name as reports give it (`decree-745`).
    pub pack: &'a str,
    /// Its determinations, by name (reports list determinations by name
    /// only, whatever pack declares them).
    pub determinations: &'a BTreeSet<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum What {
    Determination,
    Duty,
    Penalty,
}

/// A rule whose outcome is not the same: its state before and after
/// (`None`: the pack has no such rule).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub what: What,
    pub rule: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FacilityDiff {
    pub id: String,
    pub name: Option<String>,
    pub changes: Vec<Change>,
}

/// Compares one facility's two reports.
pub fn compare(old: &Value, new: &Value, old_side: Side<'_>, new_side: Side<'_>) -> FacilityDiff {
    let mut changes = Vec::new();
    let (a, b) = (determinations(old, old_side), determinations(new, new_side));
    push_changes(&mut changes, What::Determination, a, b);
    let (a, b) = (duties(old, old_side.pack), duties(new, new_side.pack));
    push_changes(&mut changes, What::Duty, a, b);
    let (a, b) = (penalties(old, old_side.pack), penalties(new, new_side.pack));
    push_changes(&mut changes, What::Penalty, a, b);
    FacilityDiff {
        id: new["id"]
            .as_str()
            .or(old["id"].as_str())
            .unwrap_or_default()
            .to_owned(),
        name: new["name"].as_str().map(str::to_owned),
        changes,
    }
}

fn push_changes(
    out: &mut Vec<Change>,
    what: What,
    old: BTreeMap<String, String>,
    new: BTreeMap<String, String>,
) {
    let names: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for rule in names {
        let (a, b) = (old.get(rule), new.get(rule));
        if a != b {
            out.push(Change {
                what: what.clone(),
                rule: rule.clone(),
                old: a.cloned(),
                new: b.cloned(),
            });
        }
    }
}

fn determinations(report: &Value, side: Side<'_>) -> BTreeMap<String, String> {
    let Some(all) = report["determinations"].as_object() else {
        return BTreeMap::new();
    };
    all.iter()
        .filter(|(name, _)| side.determinations.contains(*name))
        .map(|(name, v)| {
            let state = match v {
                Value::Bool(true) => "true",
                Value::Bool(false) => "false",
                _ => "unknown",
            };
            (name.clone(), state.to_owned())
        })
        .collect()
}

fn duties(report: &Value, pack: &str) -> BTreeMap<String, String> {
    of_pack(report, "outcomes", pack)
        .map(|o| {
            let status = o["status"].as_str().unwrap_or("unknown").to_owned();
            (name(o), status)
        })
        .collect()
}

fn penalties(report: &Value, pack: &str) -> BTreeMap<String, String> {
    of_pack(report, "penalties", pack)
        .map(|p| {
            let mut state = match p["triggered"] {
                Value::Bool(true) => "triggered".to_owned(),
                Value::Bool(false) => "not triggered".to_owned(),
                _ => "unknown".to_owned(),
            };
            let fines: Vec<String> = p["fines"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|f| {
                    let on = f["on"].as_str().unwrap_or("?");
                    let min = f["min"].as_str().unwrap_or("?");
                    let max = f["max"].as_str().unwrap_or("?");
                    format!("{on} CNY {min}–{max}")
                })
                .collect();
            if !fines.is_empty() {
                state.push_str(&format!(" (fines: {})", fines.join(", ")));
            }
            (name(p), state)
        })
        .collect()
}

fn of_pack<'v>(report: &'v Value, key: &str, pack: &'v str) -> impl Iterator<Item = &'v Value> {
    report[key]
        .as_array()
        .into_iter()
        .flatten()
        .filter(move |o| o["pack"].as_str() == Some(pack))
}

fn name(o: &Value) -> String {
    o["rule"].as_str().unwrap_or_default().to_owned()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use serde_json::json;

    use super::{Side, What, compare};

    #[test]
    fn only_what_differs_in_the_compared_packs() {
        let dets: BTreeSet<String> = ["candidate".to_owned()].into();
        let none = BTreeSet::new();
        let old = json!({
            "id": "f1",
            "determinations": { "candidate": null, "cii": true },
            "outcomes": [
                { "rule": "a", "pack": "draft", "status": "violated" },
                { "rule": "b", "pack": "draft", "status": "satisfied" },
                { "rule": "z", "pack": "base", "status": "violated" }
            ],
            "penalties": [{ "rule": "p", "pack": "draft", "triggered": true, "fines": [] }]
        });
        let new = json!({
            "id": "f1",
            "determinations": { "candidate": true, "cii": false },
            "outcomes": [
                { "rule": "a", "pack": "final", "status": "violated" },
                { "rule": "c", "pack": "final", "status": "unknown" }
            ],
            "penalties": [{ "rule": "p", "pack": "final", "triggered": true,
                            "fines": [{ "on": "operator", "min": "100000", "max": "1000000" }] }]
        });
        let d = compare(
            &old,
            &new,
            Side {
                pack: "draft",
                determinations: &dets,
            },
            Side {
                pack: "final",
                determinations: &none,
            },
        );
        let got: Vec<(What, &str, Option<&str>, Option<&str>)> = d
            .changes
            .iter()
            .map(|c| {
                (
                    c.what.clone(),
                    c.rule.as_str(),
                    c.old.as_deref(),
                    c.new.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (What::Determination, "candidate", Some("unknown"), None),
                (What::Duty, "b", Some("satisfied"), None),
                (What::Duty, "c", None, Some("unknown")),
                (
                    What::Penalty,
                    "p",
                    Some("triggered"),
                    Some("triggered (fines: operator CNY 100000–1000000)")
                ),
            ]
        );
    }
}
