//! The database answers what `tiaoli check` answers, and follows edits: a mistake typed into an article
//! is reported at its offset, and gone once undone.

#![expect(clippy::expect_used, reason = "test code")]

mod common;

use std::path::{Path, PathBuf};

use tiaoli_db::Database;
use tiaoli_diagnostics::{Code, Diagnostic};
use tiaoli_workspace::{Disk, Overlay};

/// What `tiaoli check policies` reports (the CLI's own pipeline,
/// `tiaoli_workspace::load` and `all_diagnostics`) with `file` as `db` has
/// it (an editor's unsaved text, over the disk).
fn batch(db: &Database, file: tiaoli_text::FileId) -> Vec<Diagnostic> {
    let mut host = Overlay::new(&Disk);
    let path = db.path(file).expect("path");
    host.open(Path::new(&path), db.text(file).expect("text").to_string());
    let ws = tiaoli_workspace::load(&host, &[PathBuf::from(common::POLICIES)]).expect("load");
    ws.all_diagnostics(&ws.check())
}

#[test]
fn the_policies_check_clean_as_with_the_cli() {
    let mut db = Database::new();
    common::policies(&mut db);
    // Every pack under policies/ (each folder with a manifest).
    let manifests = walk(Path::new(common::POLICIES))
        .filter(|p| p.file_name().is_some_and(|n| n == "tiaoli.toml"))
        .count();
    assert!(manifests >= 3);
    assert_eq!(db.packs().len(), manifests);
    let diagnostics = db.diagnostics().expect("not cancelled");
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    assert!(db.checked().expect("not cancelled").model.symbols.len() > 100);
}

#[test]
fn a_typed_mistake_is_reported_where_it_is_and_gone_when_undone() {
    let mut db = Database::new();
    common::policies(&mut db);
    let file = common::file(&db, "ch3-operator-duties.tiaoli");
    let original = db.text(file).expect("file").to_string();
    let at = original
        .find("requires facility.security_system_established")
        .expect("rule")
        + "requires ".len();
    // `facility.` becomes a name that is not declared: N001 at its offset.
    let edited = format!(
        "{}facilitx{}",
        &original[..at],
        &original[at + "facility".len()..]
    );
    db.set_file_text(file, edited.as_str());
    let diagnostics = db.file_diagnostics(file).expect("not cancelled");
    assert!(!diagnostics.is_empty());
    let primary = diagnostics[0].primary().expect("label");
    assert_eq!(primary.file, file);
    assert_eq!(primary.range.start(), at, "{diagnostics:#?}");
    assert_eq!(db.diagnostics().expect("not cancelled"), batch(&db, file));

    // A syntax error in one article: S001, and the rest still checked.
    let broken = edited.replacen("bearer operator", "bearer operator {", 1);
    db.set_file_text(file, broken.as_str());
    let diagnostics = db.file_diagnostics(file).expect("not cancelled");
    assert!(diagnostics.iter().any(|d| d.code.as_str().starts_with('S')));
    assert_eq!(db.diagnostics().expect("not cancelled"), batch(&db, file));

    db.set_file_text(file, original.as_str());
    assert!(db.file_diagnostics(file).expect("not cancelled").is_empty());
    assert!(db.diagnostics().expect("not cancelled").is_empty());
}

#[test]
fn a_file_outside_every_pack_gets_its_syntax_diagnostics() {
    let mut db = Database::new();
    let text = "fact x: int zh \"甲\" en \"x\"\narticle 1 {\n  title zh \"标题\n}\n";
    let file = db.add_file("lone.tiaoli", text);
    let diagnostics = db.file_diagnostics(file).expect("not cancelled");
    assert!(
        diagnostics.iter().any(|d| d.code == Code::S002),
        "{diagnostics:#?}"
    );
    assert_eq!(
        *db.parse(file).expect("not cancelled"),
        tiaoli_syntax::parse(text, file)
    );
    assert_eq!(db.file_for_path("lone.tiaoli"), Some(file));
    assert_eq!(db.pack_of(file), None);
    let sources = db.sources().expect("not cancelled");
    assert_eq!(sources.name(file), "lone.tiaoli");
}

/// Every file under `dir`.
fn walk(dir: &Path) -> impl Iterator<Item = PathBuf> {
    let mut stack = vec![dir.to_path_buf()];
    let mut files = Vec::new();
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.into_iter()
}
