//! The streaming JSON writer (`write_facility`), for every example record
//! and every pack test's facility, in force and not, and for damaged
//! variants of them: it writes valid JSON exactly as serde_json would
//! serialize the same document (escapes, numbers, no key twice); without
//! `explain`, the same document less the explanation trees; with
//! `record_type`, a `"type"` first. (When the writer replaced the JSON-tree
//! builder, this suite compared the two byte for byte.)

#![expect(
    clippy::unwrap_used,
    reason = "test setup: the bundled packs and examples must load"
)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use jiff::civil::{Date, date};
use proptest::prelude::*;
use serde_json::Value as Json;
use tiaoli_check::{Authority, CheckPack};
use tiaoli_eval::bind::{RawKind, RawNode};
use tiaoli_eval::{Facility, JsonOptions, Program, evaluate, facility_json, write_facility};
use tiaoli_syntax::ast::{Given, Item};
use tiaoli_text::Sources;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The bundled packs as `tiaoli eval` loads them: with their days in force
/// and citation styles from their manifests. Also the pack tests' facilities
/// and dates.
struct Bundle {
    program: Program,
    tests: Vec<(String, Facility, Option<Date>)>,
}

fn bundle() -> &'static Bundle {
    static BUNDLE: OnceLock<Bundle> = OnceLock::new();
    BUNDLE.get_or_init(|| {
        let mut sources = Sources::new();
        let mut packs = Vec::new();
        let mut manifests = Vec::new();
        for (ident, dir, authority, deps) in [
            (
                "decree_745",
                "policies/decree-745",
                Authority::Regulation,
                vec![],
            ),
            (
                "mps_2020_guidance",
                "policies/mps-2020-guidance",
                Authority::Guidance,
                vec![0],
            ),
            (
                "energy",
                "policies/sectors/energy",
                Authority::Sector,
                vec![0],
            ),
        ] {
            let dir = root().join(dir);
            let toml = std::fs::read_to_string(dir.join("tiaoli.toml")).unwrap();
            let id = sources.add(dir.join("tiaoli.toml").display().to_string(), toml);
            let manifest = tiaoli_pack::parse_manifest(sources.text(id), id).unwrap();
            let mut paths: Vec<_> = std::fs::read_dir(&dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "tiaoli"))
                .collect();
            paths.sort();
            let mut files = Vec::new();
            for path in paths {
                let text = std::fs::read_to_string(&path).unwrap();
                let id = sources.add(path.display().to_string(), text);
                let parsed = tiaoli_syntax::parse(sources.text(id), id);
                assert!(parsed.diagnostics.is_empty(), "{}", path.display());
                files.push((id, std::sync::Arc::new(parsed.file)));
            }
            packs.push(CheckPack {
                ident: ident.into(),
                is_sector: authority == Authority::Sector,
                authority,
                model: manifest.model,
                deps,
                files,
                has_syntax_errors: false,
            });
            manifests.push(manifest);
        }
        let checked = tiaoli_check::check(&packs);
        assert!(checked.diagnostics.iter().all(|d| !d.is_error()));
        let mut program =
            tiaoli_eval::compile(&packs, &checked.model, &|f| sources.text(f)).unwrap();
        program.set_packs_in_force(
            manifests
                .iter()
                .map(|m| tiaoli_eval::PackInForce {
                    ident: m.ident(),
                    name: m.name.clone(),
                    window: tiaoli_eval::Window {
                        from: m.window().0,
                        until: m.expires,
                    },
                })
                .collect(),
        );
        for m in &manifests {
            let style = match m.citation {
                tiaoli_pack::CitationStyle::Articles => tiaoli_eval::CiteStyle::Articles,
                tiaoli_pack::CitationStyle::Parts => tiaoli_eval::CiteStyle::Parts,
            };
            program.set_citation_style(&m.ident(), style);
        }
        let mut tests = Vec::new();
        for pack in &packs {
            for (file, source) in &pack.files {
                for item in &source.items {
                    let Item::Test(test) = item else { continue };
                    let node = match &test.given {
                        Some(Given::Inline { facts, span }) => {
                            tiaoli_eval::pack_tests::given_node(facts, *span)
                        }
                        Some(Given::File(path)) => {
                            let dir = Path::new(sources.name(*file)).parent().unwrap();
                            let full = dir.join(&path.value);
                            let text = std::fs::read_to_string(&full).unwrap();
                            let name = full.display().to_string();
                            let format = tiaoli_input::detect(&name, &text);
                            let id = sources.add(name, text);
                            let record = tiaoli_input::records(sources.text(id), id, format)
                                .next()
                                .unwrap();
                            record.node.unwrap()
                        }
                        None => continue,
                    };
                    let (f, _) =
                        tiaoli_eval::bind::bind(&program.schema, *file, &node, &test.name.value);
                    tests.push((test.name.value.clone(), f, test.as_of.map(|(d, _)| d)));
                }
            }
        }
        assert!(tests.len() > 50, "only {} pack tests", tests.len());
        Bundle { program, tests }
    })
}

/// Every record of the examples, as raw trees (for damaging) and bound.
fn example_nodes() -> &'static Vec<(String, RawNode)> {
    static NODES: OnceLock<Vec<(String, RawNode)>> = OnceLock::new();
    NODES.get_or_init(|| {
        let mut sources = Sources::new();
        let mut out = Vec::new();
        for name in [
            "examples/grid-dispatch.yaml",
            "examples/bank-core.json",
            "examples/e-gov-platform.yaml",
            "examples/inventory.jsonl",
        ] {
            let text = std::fs::read_to_string(root().join(name)).unwrap();
            let format = tiaoli_input::detect(name, &text);
            let id = sources.add(name.to_owned(), text);
            for record in tiaoli_input::records(sources.text(id), id, format) {
                if let Ok(node) = record.node {
                    out.push((format!("{name}#{}", record.index + 1), node));
                }
            }
        }
        assert!(out.len() > 40);
        out
    })
}

fn written(
    p: &Program,
    f: &Facility,
    as_of: Date,
    name: Option<&str>,
    opts: JsonOptions,
) -> String {
    let e = evaluate(p, f, as_of);
    let mut out = String::new();
    write_facility(&mut out, p, f, &e, name, opts);
    out
}

/// The writer's three forms, against each other and against serde_json.
fn assert_same(p: &Program, f: &Facility, as_of: Date, what: &str) {
    let name = Some("名称 \"quoted\"\n");
    let explain = JsonOptions {
        explain: true,
        record_type: false,
    };
    let explained = written(p, f, as_of, name, explain);
    let tree: Json = serde_json::from_str(&explained).unwrap();
    assert_eq!(explained, tree.to_string(), "{what}");
    let e = evaluate(p, f, as_of);
    assert_eq!(facility_json(p, f, &e, name), tree, "{what}");

    // Without explanations: the same document, less the trees.
    let mut short = tree.clone();
    for list in ["outcomes", "penalties"] {
        let items = short[list].as_array_mut().unwrap();
        assert!(!items.is_empty(), "{what}");
        for item in items {
            let tree = item.as_object_mut().unwrap().shift_remove("explanation");
            assert!(tree.is_some_and(|t| t["rule"] == item["rule"]), "{what}");
        }
    }
    let plain = written(p, f, as_of, name, JsonOptions::default());
    assert_eq!(plain, short.to_string(), "{what}");

    let typed = written(
        p,
        f,
        as_of,
        name,
        JsonOptions {
            explain: false,
            record_type: true,
        },
    );
    assert_eq!(
        typed,
        format!("{{\"type\":\"facility\",{}", &plain[1..]),
        "{what}"
    );
}

const DATES: [Date; 3] = [date(2026, 11, 21), date(2021, 6, 1), date(2020, 8, 1)];

#[test]
fn every_example_record_is_written_as_serde_json_would() {
    let b = bundle();
    for (what, node) in example_nodes() {
        let (f, _) = tiaoli_eval::bind::bind(&b.program.schema, node_file(), node, what);
        for as_of in DATES {
            assert_same(&b.program, &f, as_of, &format!("{what} as of {as_of}"));
        }
    }
}

#[test]
fn every_pack_test_facility_is_written_as_serde_json_would() {
    let b = bundle();
    for (name, f, as_of) in &b.tests {
        for as_of in as_of.iter().copied().chain(DATES) {
            assert_same(&b.program, f, as_of, &format!("{name} as of {as_of}"));
        }
    }
}

fn node_file() -> tiaoli_text::FileId {
    tiaoli_text::FileId(0)
}

/// An example record with some of its facts left out (so outcomes turn
/// unknown, with reasons and missing facts) and text facts replaced by
/// strings that need escaping.
fn damaged(node: &RawNode, drop: u64, text: &str) -> RawNode {
    let mut node = node.clone();
    if let RawKind::Map(entries) = &mut node.kind {
        let mut k = 0;
        entries.retain(|_| {
            k += 1;
            drop & (1 << (k % 64)) == 0
        });
        for (key, value) in entries.iter_mut() {
            if matches!(key.name.as_str(), "name" | "operator" | "id")
                && matches!(value.kind, RawKind::Str(_))
            {
                value.kind = RawKind::Str(text.to_owned());
            }
        }
    }
    node
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(32)
    ))]

    #[test]
    fn damaged_records_are_written_as_serde_json_would(
        which in 0usize..1000,
        drop in any::<u64>(),
        text in "[a-z\\x00-\\x1f\"\\\\条例\u{2028}]{0,12}",
        day in 0i64..4000,
    ) {
        let b = bundle();
        let nodes = example_nodes();
        let (what, node) = &nodes[which % nodes.len()];
        let (f, _) = tiaoli_eval::bind::bind(&b.program.schema, node_file(), &damaged(node, drop, &text), what);
        let as_of = date(2018, 1, 1).checked_add(jiff::Span::new().days(day)).unwrap();
        let explain = JsonOptions { explain: true, record_type: false };
        let explained = written(&b.program, &f, as_of, Some(&text), explain);
        let tree: Json = serde_json::from_str(&explained).unwrap();
        prop_assert_eq!(&explained, &tree.to_string());
        prop_assert_eq!(&tree["name"], &Json::from(text.as_str()));
        let parsed: Json = serde_json::from_str(&written(&b.program, &f, as_of, None, JsonOptions::default())).unwrap();
        prop_assert!(parsed["outcomes"][0].get("explanation").is_none());
    }
}
