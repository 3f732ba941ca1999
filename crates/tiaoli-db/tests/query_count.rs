//! What an edit re-runs, counted with salsa's execution events: editing
//! one article's body re-parses and re-checks exactly that article; moving
//! items without changing them re-parses and re-checks none; changing a
//! declaration re-checks every item; editing nothing re-runs nothing.

#![expect(clippy::expect_used, reason = "test code")]

mod common;

use tiaoli_db::Database;

fn count(executed: &[String], query: &str) -> usize {
    executed.iter().filter(|q| *q == query).count()
}

fn loaded() -> (Database, tiaoli_text::FileId, String) {
    let mut db = Database::logging();
    common::policies(&mut db);
    let file = common::file(&db, "ch3-operator-duties.tiaoli");
    db.file_diagnostics(file).expect("not cancelled");
    db.diagnostics().expect("not cancelled");
    let executed = db.take_executed();
    // The first run parses and checks every item of every file once.
    let items: usize = db
        .files()
        .into_iter()
        .filter(|f| db.path(*f).is_some_and(|p| p.ends_with(".tiaoli")))
        .map(|f| {
            tiaoli_syntax::item_chunks(&db.text(f).expect("text"), f)
                .chunks
                .len()
        })
        .sum();
    assert_eq!(count(&executed, "parse_item"), items, "{executed:?}");
    assert_eq!(count(&executed, "check_unit"), items, "{executed:?}");
    assert_eq!(count(&executed, "checked"), 1);
    let text = db.text(file).expect("text").to_string();
    (db, file, text)
}

#[test]
fn editing_one_article_reparses_and_rechecks_only_that_article() {
    let (mut db, file, text) = loaded();
    let at = text.find("同步规划建设使用").expect("article 12's title");
    let edited = format!("{}新{}", &text[..at], &text[at..]);
    db.set_file_text(file, edited.as_str());
    db.file_diagnostics(file).expect("not cancelled");
    let executed = db.take_executed();
    assert_eq!(count(&executed, "parse_item"), 1, "{executed:?}");
    assert_eq!(count(&executed, "chunks"), 1, "{executed:?}");
    // Only that article is checked again; declaring runs again (and finds
    // the scope unchanged), as does placing every item's result.
    assert_eq!(count(&executed, "check_unit"), 1, "{executed:?}");
    assert_eq!(count(&executed, "declared"), 1, "{executed:?}");
    assert_eq!(count(&executed, "checked"), 1, "{executed:?}");
    // No other file is scanned or parsed again, and no file's parse is
    // assembled: diagnostics come from the items'.
    assert_eq!(count(&executed, "parse"), 0, "{executed:?}");
    // The sector packs lock decree-745: their lockfiles are compared with
    // it again, hashing only the file edited.
    assert_eq!(count(&executed, "lock_diagnostics"), 1, "{executed:?}");
    assert_eq!(count(&executed, "file_sha256"), 1, "{executed:?}");
    let others = [
        "lock_diagnostics",
        "file_sha256",
        "chunks",
        "parse_item",
        "item_tree",
        "units",
        "syntax_diagnostics",
        "check_unit",
        "declared",
        "scope",
        "checked",
        "own",
    ];
    assert!(
        executed.iter().all(|q| others.contains(&q.as_str())),
        "{executed:?}"
    );
    // What it reports is what checking the edited text afresh reports.
    assert_eq!(db.diagnostics().expect("not cancelled"), afresh(&db));
}

#[test]
fn a_type_error_typed_into_one_article_is_found_by_rechecking_it_alone() {
    let (mut db, file, text) = loaded();
    let at = text.find("requires ").expect("a duty's condition") + "requires ".len();
    let edited = format!("{}1 + {}", &text[..at], &text[at..]);
    db.set_file_text(file, edited.as_str());
    let diagnostics = db.file_diagnostics(file).expect("not cancelled");
    let executed = db.take_executed();
    assert_eq!(count(&executed, "check_unit"), 1, "{executed:?}");
    assert!(
        diagnostics
            .iter()
            .any(|d| d.code.to_string().starts_with('T')),
        "{diagnostics:#?}"
    );
    assert_eq!(db.diagnostics().expect("not cancelled"), afresh(&db));
}

#[test]
fn changing_a_declaration_rechecks_every_item() {
    let (mut db, file, text) = loaded();
    let units = count(
        &{
            let mut fresh = Database::logging();
            common::policies(&mut fresh);
            fresh.diagnostics().expect("not cancelled");
            fresh.take_executed()
        },
        "check_unit",
    );
    // A new definition is a new declaration: the scope changes.
    db.set_file_text(file, format!("{text}\ndefine brand_new = true\n").as_str());
    db.file_diagnostics(file).expect("not cancelled");
    let executed = db.take_executed();
    assert_eq!(count(&executed, "check_unit"), units + 1, "{executed:?}");
    assert_eq!(db.diagnostics().expect("not cancelled"), afresh(&db));
}

/// What a new database with the same texts reports.
fn afresh(db: &Database) -> Vec<tiaoli_diagnostics::Diagnostic> {
    let mut fresh = Database::new();
    for f in db.files() {
        fresh.add_file(db.path(f).expect("path"), db.text(f).expect("text"));
    }
    fresh.set_packs(db.packs(), Vec::new());
    fresh.diagnostics().expect("not cancelled")
}

#[test]
fn moving_items_reparses_none() {
    let (mut db, file, text) = loaded();
    db.set_file_text(file, format!("\n\n// 新的注释\n{text}").as_str());
    let diagnostics = db.file_diagnostics(file).expect("not cancelled");
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    let executed = db.take_executed();
    assert_eq!(count(&executed, "parse_item"), 0, "{executed:?}");
    assert_eq!(count(&executed, "check_unit"), 0, "{executed:?}");
    // The moved items' spans are where they now are.
    let parse = db.parse(file).expect("not cancelled");
    let first = parse.file.items.first().expect("an item").span();
    assert_eq!(
        &db.text(file).expect("text")[first.as_range()][..10],
        "article 12"
    );
}

#[test]
fn editing_nothing_reruns_nothing() {
    let (mut db, file, text) = loaded();
    db.file_diagnostics(file).expect("not cancelled");
    assert_eq!(db.take_executed(), Vec::<String>::new());
    // Setting the same text is no edit.
    db.set_file_text(file, text.as_str());
    db.file_diagnostics(file).expect("not cancelled");
    db.diagnostics().expect("not cancelled");
    assert_eq!(db.take_executed(), Vec::<String>::new());
}
