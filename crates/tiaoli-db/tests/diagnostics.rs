//! The database answers what the batch pipeline (parse every file, check
//! every pack) answers, and follows edits: a mistake typed into an article
//! is reported at its offset, and gone once undone.

#![expect(clippy::expect_used, reason = "test code")]

mod common;

use tiaoli_db::Database;
use tiaoli_diagnostics::{Code, Diagnostic};

/// The batch pipeline over the same files, as `tiaoli check` runs it.
fn batch(db: &Database) -> Vec<Diagnostic> {
    let mut packs = Vec::new();
    let mut out = Vec::new();
    for pack in db.packs() {
        let mut has_syntax_errors = false;
        let mut files = Vec::new();
        for &id in &pack.files {
            let text = db.text(id).expect("file");
            let p = tiaoli_syntax::parse(&text, id);
            has_syntax_errors |= p.diagnostics.iter().any(Diagnostic::is_error);
            out.extend(p.diagnostics);
            files.push((id, p.file));
        }
        packs.push(tiaoli_check::CheckPack {
            ident: pack.ident.clone(),
            is_sector: pack.is_sector,
            authority: pack.authority,
            model: pack.model,
            deps: pack.deps.clone(),
            files,
            has_syntax_errors,
        });
    }
    let windows: Vec<_> = db.packs().iter().map(tiaoli_db::Pack::in_force).collect();
    out.extend(tiaoli_check::check_in_force(&packs, &windows));
    out.extend(tiaoli_check::check(&packs).diagnostics);
    out.sort_by_key(Diagnostic::sort_key);
    out
}

#[test]
fn the_policies_check_clean_as_with_the_cli() {
    let mut db = Database::new();
    common::policies(&mut db);
    assert!(db.packs().len() == 3);
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
    assert_eq!(db.diagnostics().expect("not cancelled"), batch(&db));

    // A syntax error in one article: S001, and the rest still checked.
    let broken = edited.replacen("bearer operator", "bearer operator {", 1);
    db.set_file_text(file, broken.as_str());
    let diagnostics = db.file_diagnostics(file).expect("not cancelled");
    assert!(diagnostics.iter().any(|d| d.code.as_str().starts_with('S')));
    assert_eq!(db.diagnostics().expect("not cancelled"), batch(&db));

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
