//! Every feature answers at any offset of every file, broken files
//! included, without panicking; ranges it returns are inside the file and
//! on character boundaries.

#![expect(clippy::expect_used, reason = "tests")]

mod nav_support;

use nav_support::{packs, policies};
use tiaoli_db::Database;
use tiaoli_ide::{
    Lang, document_symbols, folding_ranges, goto_definition, hover, inlay_hints, prepare_rename,
    references, rename, workspace_symbols,
};
use tiaoli_text::{FileId, TextRange};

fn assert_in(db: &Database, file: FileId, range: TextRange) {
    let text = db.text(file).expect("text");
    assert!(range.end() <= text.len(), "{range:?} past the end");
    assert!(
        text.is_char_boundary(range.start()) && text.is_char_boundary(range.end()),
        "{range:?} splits a character"
    );
}

fn every_feature_at(db: &Database, file: FileId, offset: usize) {
    if let Some(h) = hover(db, file, offset).expect("not cancelled") {
        assert_in(db, file, h.range);
    }
    for l in goto_definition(db, file, offset).expect("not cancelled") {
        assert_in(db, l.file, l.range);
    }
    for l in references(db, file, offset, true).expect("not cancelled") {
        assert_in(db, l.file, l.range);
    }
    if let Ok(r) = prepare_rename(db, file, offset).expect("not cancelled") {
        assert_in(db, file, r);
        for e in rename(db, file, offset, "renamed_here")
            .expect("not cancelled")
            .map(|r| r.edits)
            .unwrap_or_default()
        {
            assert_in(db, e.file, e.range);
        }
    }
}

fn every_file_feature(db: &Database, file: FileId) {
    let len = db.text(file).expect("text").len();
    for s in document_symbols(db, file).expect("not cancelled") {
        assert_in(db, file, s.range);
        assert_in(db, file, s.selection);
    }
    for f in folding_ranges(db, file).expect("not cancelled") {
        assert_in(db, file, f.range);
    }
    for lang in [Lang::Zh, Lang::En] {
        for h in inlay_hints(db, file, TextRange::new(0, len), lang).expect("not cancelled") {
            assert_in(db, file, TextRange::empty(h.offset));
        }
    }
}

#[test]
fn the_real_packs_answer_at_sampled_offsets() {
    let db = policies();
    for file in db.files() {
        every_file_feature(&db, file);
        let text = db.text(file).expect("text");
        // Every 61st character boundary, and the very end.
        let offsets = text
            .char_indices()
            .map(|(i, _)| i)
            .step_by(61)
            .chain([text.len()]);
        for offset in offsets {
            every_feature_at(&db, file, offset);
        }
    }
    assert!(
        !workspace_symbols(&db, "a")
            .expect("not cancelled")
            .is_empty()
    );
}

#[test]
fn broken_and_odd_files_answer_at_every_offset() {
    let texts = [
        "fact x: bool { zh \"甲\" en \"x\"\r\narticle 1 { title zh \"条\" en \"A\"\r\n  obligation o { requires facility.\r\n}\r\n",
        "\u{feff}define d = facility.x + 「」\n\nchapter 1 { articles 1..=",
        "test \"t\" { given { x = [ { y = 1, } ] } expect o is }\n",
        "",
        "// only a comment 中文\n",
    ];
    for text in texts {
        let db = packs(&[("p", false, &[("a.tiaoli", text)])]);
        let file = db.files()[0];
        every_file_feature(&db, file);
        for offset in text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len(), text.len() + 5])
        {
            every_feature_at(&db, file, offset);
        }
    }
}
