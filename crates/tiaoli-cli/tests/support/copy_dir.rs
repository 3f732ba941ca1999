//! A folder copied whole, for a test that edits a copy of a pack. Included
//! with `#[path]` by the files that use it (not in `common`, where an unused
//! helper would warn in every other file).

use std::path::Path;

/// Copies `from` into `to` (created), recursively; panics on any failure.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read folder") {
        let entry = entry.expect("folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy file");
        }
    }
}
