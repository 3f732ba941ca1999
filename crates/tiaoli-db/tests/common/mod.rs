//! Loading for the tests and the benchmark: the workspace crate's
//! discovery, as the language server loads.

#![expect(clippy::expect_used, reason = "test code")]

use std::path::{Path, PathBuf};

use tiaoli_db::Database;
use tiaoli_workspace::{Disk, discover};

pub const POLICIES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../policies");

/// Discovers the packs under `paths` and sets them in `db`.
pub fn load(db: &mut Database, paths: &[PathBuf]) {
    let layout = discover(&Disk, paths).expect("discovery");
    db.set_layout(&layout);
}

/// Loads `policies/` into a database.
pub fn policies(db: &mut Database) {
    load(db, &[Path::new(POLICIES).to_path_buf()]);
}

/// The file whose path ends with `suffix`.
pub fn file(db: &Database, suffix: &str) -> tiaoli_text::FileId {
    db.files()
        .into_iter()
        .find(|&f| db.path(f).is_some_and(|p| p.ends_with(suffix)))
        .expect("file loaded")
}
