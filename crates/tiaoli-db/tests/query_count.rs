//! What an edit re-runs, counted with salsa's execution events: editing
//! one article's body re-parses exactly that article; moving items without
//! changing them re-parses none; editing nothing re-runs nothing.

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
    let executed = db.take_executed();
    // The first run parses every item of every file once.
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
    assert_eq!(count(&executed, "checked"), 1);
    let text = db.text(file).expect("text").to_string();
    (db, file, text)
}

#[test]
fn editing_one_article_reparses_only_that_article() {
    let (mut db, file, text) = loaded();
    let at = text.find("同步规划建设使用").expect("article 12's title");
    let edited = format!("{}新{}", &text[..at], &text[at..]);
    db.set_file_text(file, edited.as_str());
    db.file_diagnostics(file).expect("not cancelled");
    let executed = db.take_executed();
    assert_eq!(count(&executed, "parse_item"), 1, "{executed:?}");
    assert_eq!(count(&executed, "chunks"), 1, "{executed:?}");
    assert_eq!(count(&executed, "parse"), 1, "{executed:?}");
    // The check is coarse: it runs again over every pack.
    assert_eq!(count(&executed, "checked"), 1, "{executed:?}");
    // No other file is scanned or parsed again.
    assert_eq!(executed.len(), 4, "{executed:?}");
}

#[test]
fn moving_items_reparses_none() {
    let (mut db, file, text) = loaded();
    db.set_file_text(file, format!("\n\n// 新的注释\n{text}").as_str());
    let diagnostics = db.file_diagnostics(file).expect("not cancelled");
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    let executed = db.take_executed();
    assert_eq!(count(&executed, "parse_item"), 0, "{executed:?}");
    assert_eq!(count(&executed, "parse"), 1, "{executed:?}");
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
