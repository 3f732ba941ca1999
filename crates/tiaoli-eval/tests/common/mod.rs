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

use std::path::{Path, PathBuf};

use tiaoli_eval::bind::{RawKey, RawKind, RawNode};
use tiaoli_eval::{Evaluation, Facility, Missing, Program, Status, Tri, Value, missing_names};
use tiaoli_text::{FileId, TextRange};
use tiaoli_workspace::{Disk, Host, Memory};

pub fn decree() -> Program {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies/decree-745");
    compile_clean(&Disk, &[dir])
}

/// Loads the packs under `paths` as `tiaoli` does, asserts that they load
/// with no syntax diagnostic and check with no error, and compiles them.
pub fn compile_clean(host: &dyn Host, paths: &[PathBuf]) -> Program {
    let ws = tiaoli_workspace::load(host, paths).unwrap();
    let checked = ws.check();
    // Errors, and any syntax diagnostic at all.
    let errors: Vec<_> = ws
        .all_diagnostics(&checked)
        .iter()
        .filter(|d| d.is_error() || d.code.as_str().starts_with('S'))
        .map(|d| format!("{} {}", d.code.as_str(), d.message))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    tiaoli_eval::compile(&ws.packs, &checked.model, &|f| ws.sources.text(f)).unwrap()
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
/// a regulation pack `reg` from `regulation`, and, if given, a model sector
/// pack `sec` depending on it from `sector`.
pub fn compile_src(regulation: &str, sector: Option<&str>) -> Program {
    let manifest = |name: &str, kind: &str, rest: &str| {
        // In force since long before any date a test uses.
        format!(
            "[pack]\nname = \"{name}\"\nversion = \"1.0.0\"\nkind = \"{kind}\"\n\
             effective = \"1900-01-01\"\n{rest}\n[pack.title]\nzh = \"测\"\nen = \"Test\"\n\n\
             [pack.issuer]\nzh = \"测\"\nen = \"Test\"\n"
        )
    };
    let mut tree = Memory::new()
        .with("reg/tiaoli.toml", manifest("reg", "regulation", ""))
        .with("reg/reg.tiaoli", regulation);
    let mut paths = vec![PathBuf::from("reg")];
    if let Some(sector) = sector {
        let sec = manifest("sec", "sector", "model = true\n")
            + "\n[dependencies]\nreg = { version = \"^1.0\", path = \"../reg\" }\n";
        tree.insert("sec/tiaoli.toml", sec);
        tree.insert("sec/sec.tiaoli", sector);
        paths.push(PathBuf::from("sec"));
    }
    compile_clean(&tree, &paths)
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
