//! Fixtures for the feature tests: one pack of in-memory files, written as
//! `//- name.tiaoli` headers each followed by the file's text; `$0` marks
//! the cursor (and is removed). Or the real Decree 745 pack.

#![expect(dead_code, reason = "each test file uses a part")]
#![expect(clippy::expect_used, reason = "test support")]

use tiaoli_check::Authority;
use tiaoli_db::{Database, Pack};
use tiaoli_text::FileId;

pub struct Fixture {
    pub db: Database,
    /// The file holding `$0`, and the cursor's byte offset.
    pub file: FileId,
    pub offset: usize,
}

impl Fixture {
    pub fn text(&self, file: FileId) -> String {
        self.db.text(file).expect("file").to_string()
    }

    pub fn file_named(&self, suffix: &str) -> FileId {
        file_named(&self.db, suffix)
    }
}

pub fn file_named(db: &Database, suffix: &str) -> FileId {
    db.files()
        .into_iter()
        .find(|&f| db.path(f).is_some_and(|p| p.ends_with(suffix)))
        .expect("a file of that name")
}

pub fn fixture(spec: &str) -> Fixture {
    let mut db = Database::new();
    let mut files = Vec::new();
    let mut cursor = None;
    for part in spec.split("//- ").filter(|p| !p.trim().is_empty()) {
        let (name, body) = part.split_once('\n').expect("a header line");
        let (text, offset) = match body.find("$0") {
            Some(i) => (body.replacen("$0", "", 1), Some(i)),
            None => (body.to_owned(), None),
        };
        let id = db.add_file(format!("/fixture/{}", name.trim()), text);
        if let Some(o) = offset {
            cursor = Some((id, o));
        }
        files.push(id);
    }
    db.set_packs(
        vec![Pack {
            dir: "/fixture".into(),
            ident: "fixture".into(),
            manifest: None,
            manifest_file: None,
            files: files.clone(),
            deps: Vec::new(),
            authority: Authority::Regulation,
            is_sector: false,
            model: false,
            has_unread_files: false,
            lockfile: None,
            content: Vec::new(),
        }],
        Vec::new(),
    );
    let (file, offset) = cursor.unwrap_or((files[0], 0));
    Fixture { db, file, offset }
}

/// The Decree 745 pack, as on disk.
pub fn decree_745() -> Database {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../policies/decree-745");
    let mut db = Database::new();
    let manifest_text = std::fs::read_to_string(format!("{dir}/tiaoli.toml")).expect("manifest");
    let manifest_file = db.add_file(format!("{dir}/tiaoli.toml"), manifest_text.as_str());
    let manifest =
        tiaoli_pack::parse_manifest(&manifest_text, manifest_file).expect("a valid manifest");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("the pack")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "tiaoli"))
        .collect();
    paths.sort();
    let files = paths
        .iter()
        .map(|p| {
            db.add_file(
                p.display().to_string(),
                std::fs::read_to_string(p).expect("UTF-8"),
            )
        })
        .collect();
    db.set_packs(
        vec![Pack {
            dir: dir.into(),
            ident: manifest.ident(),
            manifest: Some(manifest),
            manifest_file: Some(manifest_file),
            files,
            deps: Vec::new(),
            authority: Authority::Regulation,
            is_sector: false,
            model: false,
            has_unread_files: false,
            lockfile: None,
            content: Vec::new(),
        }],
        Vec::new(),
    );
    db
}
