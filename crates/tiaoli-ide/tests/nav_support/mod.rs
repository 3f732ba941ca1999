//! Databases for the navigation tests: the real packs of `policies/`, and
//! small multi-file fixtures with a cursor marker (`$0`).

#![allow(dead_code, reason = "each test file uses some of these helpers")]

use std::path::PathBuf;

use tiaoli_check::Authority;
use tiaoli_db::{Database, Pack};
use tiaoli_text::{FileId, TextRange};

/// The cursor in a fixture's text.
pub const CURSOR: &str = "$0";

/// A pack of a fixture: its ident, whether it is a sector pack, and its
/// files (path, text). Each pack depends on every pack before it.
pub type PackText<'a> = (&'a str, bool, &'a [(&'a str, &'a str)]);

/// A database of the packs, and the file and offset of the one `$0`
/// (removed from the text).
pub fn fixture(packs: &[PackText]) -> (Database, FileId, usize) {
    let mut db = Database::new();
    let mut cursor = None;
    let mut out = Vec::new();
    for (k, (ident, sector, files)) in packs.iter().enumerate() {
        let mut ids = Vec::new();
        for (path, text) in *files {
            let at = text.find(CURSOR);
            let id = db.add_file(*path, text.replacen(CURSOR, "", 1));
            if let Some(at) = at {
                assert!(cursor.is_none(), "one cursor per fixture");
                cursor = Some((id, at));
            }
            ids.push(id);
        }
        out.push(pack(ident, *sector, ids, (0..k).collect()));
    }
    db.set_packs(out, Vec::new());
    let (file, offset) = cursor.expect("the fixture has a `$0`");
    (db, file, offset)
}

/// A fixture without a cursor.
pub fn packs(packs: &[PackText]) -> Database {
    let mut db = Database::new();
    let mut out = Vec::new();
    for (k, (ident, sector, files)) in packs.iter().enumerate() {
        let ids = files.iter().map(|(p, t)| db.add_file(*p, *t)).collect();
        out.push(pack(ident, *sector, ids, (0..k).collect()));
    }
    db.set_packs(out, Vec::new());
    db
}

fn pack(ident: &str, sector: bool, files: Vec<FileId>, deps: Vec<usize>) -> Pack {
    Pack {
        dir: PathBuf::from(ident),
        ident: ident.to_owned(),
        manifest: None,
        manifest_file: None,
        files,
        deps,
        authority: if sector {
            Authority::Sector
        } else {
            Authority::Regulation
        },
        is_sector: sector,
        model: false,
        has_unread_files: false,
        lockfile: None,
        content: Vec::new(),
    }
}

/// The real packs: decree 745, the MPS guidance and the energy sector
/// pack (both depending on the decree), files by their repository paths.
pub fn policies() -> Database {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let mut db = Database::new();
    let mut out = Vec::new();
    for (ident, dir, sector, deps) in [
        ("decree_745", "policies/decree-745", false, vec![]),
        (
            "mps_2020_guidance",
            "policies/mps-2020-guidance",
            false,
            vec![0],
        ),
        ("energy", "policies/sectors/energy", true, vec![0]),
    ] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(format!("{root}/{dir}"))
            .expect("policies/ is readable")
            .map(|e| e.expect("a folder entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "tiaoli"))
            .collect();
        paths.sort();
        let ids = paths
            .iter()
            .map(|p| {
                let name = p.file_name().expect("a file name").to_string_lossy();
                let text = std::fs::read_to_string(p).expect("a pack file");
                db.add_file(format!("{dir}/{name}"), text)
            })
            .collect();
        out.push(pack(ident, sector, ids, deps));
    }
    db.set_packs(out, Vec::new());
    db
}

/// A file of the database by its path.
pub fn file(db: &Database, path: &str) -> FileId {
    db.file_for_path(path).expect("the file is loaded")
}

/// The offset of `needle` (its first occurrence) in a file, plus `delta`.
pub fn offset_of(db: &Database, file: FileId, needle: &str, delta: usize) -> usize {
    let text = db.text(file).expect("the file has text");
    text.find(needle).expect("the needle is in the file") + delta
}

/// The range of the first occurrence of `needle` in a file.
pub fn range_of(db: &Database, file: FileId, needle: &str) -> TextRange {
    let start = offset_of(db, file, needle, 0);
    TextRange::new(start, start + needle.len())
}

/// The text a range covers.
pub fn slice(db: &Database, file: FileId, range: TextRange) -> String {
    let text = db.text(file).expect("the file has text");
    text.get(range.as_range())
        .expect("the range is in the file")
        .to_owned()
}

/// Every whole-word occurrence of `word` in every loaded file, outside
/// comments: an oracle for the occurrences of a name used nowhere in
/// strings.
pub fn word_occurrences(db: &Database, word: &str) -> Vec<(FileId, TextRange)> {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = Vec::new();
    for f in db.files() {
        let text = db.text(f).expect("text");
        let mut line_start = 0;
        for line in text.split_inclusive('\n') {
            let code = line.find("//").map_or(line, |c| &line[..c]);
            let mut from = 0;
            while let Some(i) = code[from..].find(word) {
                let start = from + i;
                let end = start + word.len();
                let before = code[..start].chars().next_back();
                let after = code[end..].chars().next();
                if !before.is_some_and(is_ident) && !after.is_some_and(is_ident) {
                    out.push((f, TextRange::new(line_start + start, line_start + end)));
                }
                from = end;
            }
            line_start += line.len();
        }
    }
    out.sort();
    out
}
