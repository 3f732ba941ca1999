//! The host that reads the real file system.

use std::path::{Path, PathBuf};

use crate::host::{Contents, Host, IoError};

/// The file system, as it is.
#[derive(Debug, Clone, Copy, Default)]
pub struct Disk;

impl Host for Disk {
    fn read(&self, path: &Path) -> Result<String, IoError> {
        let bytes =
            std::fs::read(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        // The text as it is on disk, CRLF included: every offset reported
        // is a byte offset into the file.
        String::from_utf8(bytes).map_err(|_| format!("`{}` is not UTF-8 text", path.display()))
    }

    fn read_source(&self, path: &Path) -> Result<Contents, IoError> {
        std::fs::read(path)
            .map(Contents::of)
            .map_err(|e| format!("cannot read `{}`: {e}", path.display()))
    }

    fn is_file(&self, path: &Path) -> bool {
        path.is_file()
    }

    fn is_dir(&self, path: &Path) -> bool {
        path.is_dir()
    }

    fn list_dir(&self, dir: &Path) -> Result<Vec<PathBuf>, IoError> {
        let rd =
            std::fs::read_dir(dir).map_err(|e| format!("cannot read `{}`: {e}", dir.display()))?;
        Ok(rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
    }

    fn canonical(&self, path: &Path) -> PathBuf {
        path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
    }
}
