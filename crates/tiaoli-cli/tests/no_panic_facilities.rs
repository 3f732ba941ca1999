//! Facility files are user input: whatever they contain, reading, binding,
//! evaluating and rendering never panic, and every diagnostic points inside
//! the file on character boundaries. Inputs are the example files with
//! random damage.

#![expect(
    clippy::unwrap_used,
    reason = "test setup: the bundled packs must load"
)]

use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;
use tiaoli_eval::human::Lang;
use tiaoli_eval::{Program, evaluate, facility_json, human};
use tiaoli_text::Sources;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

/// Decree 745 and the energy pack, compiled once.
fn program() -> &'static Program {
    static PROGRAM: OnceLock<Program> = OnceLock::new();
    PROGRAM.get_or_init(|| {
        let paths = ["policies/decree-745", "policies/sectors/energy"].map(|p| root().join(p));
        let ws = tiaoli_workspace::load(&tiaoli_workspace::Disk, &paths).unwrap();
        let checked = ws.check();
        tiaoli_eval::compile(&ws.packs, &checked.model, &|f| ws.sources.text(f)).unwrap()
    })
}

fn examples() -> &'static [(String, String)] {
    static FILES: OnceLock<Vec<(String, String)>> = OnceLock::new();
    FILES.get_or_init(|| {
        [
            "grid-dispatch.yaml",
            "bank-core.json",
            "e-gov-platform.yaml",
            "inventory.jsonl",
        ]
        .iter()
        .map(|n| {
            let text = std::fs::read_to_string(root().join("examples").join(n)).unwrap();
            // A few inventory lines are enough to exercise the stream.
            let text = if n.ends_with(".jsonl") {
                text.lines().take(6).collect::<Vec<_>>().join("\n")
            } else {
                text
            };
            ((*n).to_owned(), text)
        })
        .collect()
    })
}

const PIECES: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "\"",
    ":",
    ",",
    "\n",
    "\n  ",
    "- ",
    "null",
    "~",
    "true",
    "1e400",
    "-0",
    "2024-02-30",
    "99999999999999999999999",
    "\"2024-13-01\"",
    "&a",
    "*a",
    "---",
    "运营者",
    "😀",
    "\\u0000",
    "# c",
    "''",
    "!!int ",
];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(PIECES).prop_map(str::to_owned),
        1 => "[a-z_\\p{Han}0-9 :\\-\\[\\]{}\",.]{0,12}",
    ]
}

/// (file, damage: position fraction, bytes to delete, text to insert)
fn damage() -> impl Strategy<Value = (usize, Vec<(f64, usize, String)>)> {
    (
        0usize..4,
        prop::collection::vec((0.0f64..1.0, 0usize..24, piece()), 1..6),
    )
}

fn apply(text: &str, edits: &[(f64, usize, String)]) -> String {
    let mut text = text.to_owned();
    for (at, del, ins) in edits {
        let mut start = ((text.len() as f64) * at) as usize;
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (start + del).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.replace_range(start..end, ins);
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(96)
    ))]

    #[test]
    fn damaged_facility_files_never_panic((file, edits) in damage()) {
        let p = program();
        let (name, original) = &examples()[file];
        let text = apply(original, &edits);
        let mut sources = Sources::new();
        let id = sources.add(name.clone(), text.clone());
        let format = tiaoli_input::detect(name, &text);
        for record in tiaoli_input::records(sources.text(id), id, format).take(20) {
            let diags = match record.node {
                Ok(node) => {
                    let (facility, diags) = tiaoli_eval::bind::bind(&p.schema, id, &node, "case");
                    let e = evaluate(p, &facility, jiff::civil::date(2026, 11, 21));
                    let _ = facility_json(p, &facility, &e, None).to_string();
                    let _ = human::render(p, &facility, &e, None, Lang::Zh, true);
                    diags
                }
                Err(diags) => diags,
            };
            for d in &diags {
                for l in &d.labels {
                    prop_assert_eq!(l.file, id);
                    prop_assert!(l.range.end() <= text.len(), "{:?} beyond the text", l.range);
                    prop_assert!(text.is_char_boundary(l.range.start()) && text.is_char_boundary(l.range.end()));
                }
            }
            let _ = tiaoli_diagnostics::render_human(&diags, &sources, tiaoli_diagnostics::HumanOptions::default());
        }
    }
}
