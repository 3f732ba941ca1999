//! Shared by the evaluator's integration tests: load the bundled Decree 745
//! pack, and build facilities from JSON.

#![expect(dead_code, reason = "each test file uses a part")]
#![expect(
    clippy::panic,
    reason = "a disagreement between readings should fail the test loudly"
)]
#![expect(
    clippy::unwrap_used,
    reason = "a test whose packs or facts do not load should fail loudly"
)]

use std::path::Path;

use tiaoli_check::CheckPack;
use tiaoli_eval::bind::{RawKey, RawKind, RawNode};
use tiaoli_eval::{Evaluation, Facility, Missing, Program, Status, Tri, Value, missing_names};
use tiaoli_text::{FileId, Sources, TextRange};

pub fn decree() -> Program {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies/decree-745");
    let mut sources = Sources::new();
    let mut files = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    for path in paths
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "tiaoli"))
    {
        let id = sources.add(
            path.display().to_string(),
            std::fs::read_to_string(&path).unwrap(),
        );
        let parsed = tiaoli_syntax::parse(sources.text(id), id);
        assert!(parsed.diagnostics.is_empty());
        files.push((id, parsed.file));
    }
    let packs = vec![CheckPack {
        ident: "decree_745".into(),
        is_sector: false,
        authority: tiaoli_check::Authority::Regulation,
        model: false,
        deps: vec![],
        files,
        has_syntax_errors: false,
    }];
    let checked = tiaoli_check::check(&packs);
    assert!(
        checked.diagnostics.iter().all(|d| !d.is_error()),
        "{:?}",
        checked.diagnostics
    );
    tiaoli_eval::compile(&packs, &checked.model, &|f| sources.text(f)).unwrap()
}

pub fn raw(v: &serde_json::Value) -> RawNode {
    let span = TextRange::default();
    let kind = match v {
        serde_json::Value::Null => RawKind::Null,
        serde_json::Value::Bool(b) => RawKind::Bool(*b),
        serde_json::Value::Number(n) => RawKind::Number(n.to_string()),
        serde_json::Value::String(s) => RawKind::Str(s.clone()),
        serde_json::Value::Array(a) => RawKind::List(a.iter().map(raw).collect()),
        serde_json::Value::Object(o) => RawKind::Map(
            o.iter()
                .map(|(k, v)| {
                    (
                        RawKey {
                            name: k.clone(),
                            span,
                        },
                        raw(v),
                    )
                })
                .collect(),
        ),
    };
    RawNode { kind, span }
}

pub fn facility(program: &Program, v: serde_json::Value) -> Facility {
    let (f, diags) = tiaoli_eval::bind::bind(&program.schema, FileId(0), &raw(&v), "test");
    assert!(diags.is_empty(), "{diags:?}");
    f
}

/// Parses, checks (asserting no errors) and compiles packs written inline:
/// a regulation pack `reg` from `regulation`, and, if given, a sector pack
/// `sec` depending on it from `sector`.
pub fn compile_src(regulation: &str, sector: Option<&str>) -> Program {
    let mut sources = Sources::new();
    let mut parse = |name: &str, text: &str| {
        let id = sources.add(name.to_owned(), text.to_owned());
        let parsed = tiaoli_syntax::parse(sources.text(id), id);
        assert!(
            parsed.diagnostics.is_empty(),
            "{name}: {:?}",
            parsed.diagnostics
        );
        (id, parsed.file)
    };
    let mut packs = vec![CheckPack {
        ident: "reg".into(),
        is_sector: false,
        authority: tiaoli_check::Authority::Regulation,
        model: false,
        deps: vec![],
        files: vec![parse("reg.tiaoli", regulation)],
        has_syntax_errors: false,
    }];
    if let Some(sector) = sector {
        packs.push(CheckPack {
            ident: "sec".into(),
            is_sector: true,
            authority: tiaoli_check::Authority::Sector,
            model: true,
            deps: vec![0],
            files: vec![parse("sec.tiaoli", sector)],
            has_syntax_errors: false,
        });
    }
    let checked = tiaoli_check::check(&packs);
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{} {}", d.code.as_str(), d.message))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    tiaoli_eval::compile(&packs, &checked.model, &|f| sources.text(f)).unwrap()
}

/// Binds a facility from JSON, returning the diagnostics.
pub fn bind_json(
    program: &Program,
    v: &serde_json::Value,
) -> (Facility, Vec<tiaoli_diagnostics::Diagnostic>) {
    tiaoli_eval::bind::bind(&program.schema, FileId(0), &raw(v), "test")
}

/// Holds a clause's two readings equal on one evaluation: the value of the
/// definition `v_NAME` against the status of the obligation `o_NAME` that
/// `requires` the same clause. Counts what was seen in `seen` (true, false,
/// unknown) and returns, for an unknown value, its missing facts and the
/// duty's, for the caller's own checks.
pub fn readings_agree<'e>(
    program: &Program,
    e: &'e Evaluation,
    name: &str,
    context: &str,
    seen: &mut [usize; 3],
) -> Option<(&'e Missing, &'e Missing)> {
    let v = program
        .values
        .iter()
        .position(|v| v.meta.name == format!("v_{name}"))
        .unwrap_or_else(|| panic!("no v_{name}"));
    let d = program
        .duties
        .iter()
        .position(|d| d.meta.name == format!("o_{name}"))
        .unwrap_or_else(|| panic!("no o_{name}"));
    let (value, duty) = (&e.values[v], &e.duties[d]);
    let context = format!("{context}: {value:?} vs {duty:?}");
    match value {
        Tri::Known(Value::Bool(true)) => {
            assert_eq!(duty.status, Status::Satisfied, "{context}");
            seen[0] += 1;
            None
        }
        Tri::Known(Value::Bool(false)) => {
            assert_eq!(duty.status, Status::Violated, "{context}");
            seen[1] += 1;
            None
        }
        Tri::Unknown(m) => {
            assert_eq!(duty.status, Status::Unknown, "{context}");
            assert_eq!(
                missing_names(program, m),
                missing_names(program, &duty.missing),
                "{context}"
            );
            seen[2] += 1;
            Some((m, &duty.missing))
        }
        other => panic!("{context}: not a boolean: {other:?}"),
    }
}
