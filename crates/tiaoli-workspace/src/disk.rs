//! The host that reads the real file system.

use std::path::{Path, PathBuf};

use std::io::Read as _;

use crate::host::{Contents, Entry, Host, IoError};

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

    fn entry(&self, path: &Path) -> Result<Entry, IoError> {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => Ok(Entry::Dir),
            Ok(meta) if is_pipe_or_socket(&meta) => Ok(Entry::PipeOrSocket),
            Ok(_) => Ok(Entry::File),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Entry::Missing),
            Err(e) => Err(e.to_string()),
        }
    }

    fn real_path(&self, path: &Path) -> Result<PathBuf, IoError> {
        path.canonicalize().map_err(|e| e.to_string())
    }

    fn read_at_most(&self, path: &Path, max: u64) -> Result<Vec<u8>, IoError> {
        let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
        let mut bytes = Vec::new();
        file.take(max)
            .read_to_end(&mut bytes)
            .map_err(|e| e.to_string())?;
        Ok(bytes)
    }
}

#[cfg(unix)]
fn is_pipe_or_socket(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    t.is_fifo() || t.is_socket()
}

#[cfg(not(unix))]
fn is_pipe_or_socket(_: &std::fs::Metadata) -> bool {
    false
}
