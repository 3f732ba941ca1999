//! Where packs are read from: the disk, or the packs bundled into the
//! binary at build time (so `tiaoli eval` works from any directory).

use std::path::{Component, Path, PathBuf};

use crate::load::IoError;

mod bundle {
    include!(concat!(env!("OUT_DIR"), "/bundle.rs"));
}

/// A pack file as read: its text, or where it stops being UTF-8.
#[derive(Debug)]
pub enum Contents {
    Text(String),
    NotUtf8(NotUtf8),
}

/// A file that is not UTF-8: the text up to its first invalid byte is
/// exact (offsets into it are the file's), the rest is decoded lossily.
#[derive(Debug)]
pub struct NotUtf8 {
    pub text: String,
    /// Byte offset of the first invalid byte, and how many bytes are invalid.
    pub at: usize,
    pub len: usize,
    pub byte: u8,
}

impl Contents {
    fn of(bytes: Vec<u8>) -> Self {
        match String::from_utf8(bytes) {
            Ok(text) => Contents::Text(text),
            Err(e) => {
                let err = e.utf8_error();
                let at = err.valid_up_to();
                let bytes = e.into_bytes();
                let len = err.error_len().unwrap_or(bytes.len() - at);
                Contents::NotUtf8(NotUtf8 {
                    text: String::from_utf8_lossy(&bytes).into_owned(),
                    at,
                    len,
                    byte: bytes[at],
                })
            }
        }
    }
}

/// The few file operations loading needs.
pub trait Fs {
    fn read(&self, path: &Path) -> Result<String, IoError>;
    /// A pack file or manifest: a file that is not UTF-8 is not an I/O
    /// error but a diagnostic at its first invalid byte (S009).
    fn read_source(&self, path: &Path) -> Result<Contents, IoError> {
        self.read(path).map(Contents::Text)
    }
    fn is_file(&self, path: &Path) -> bool;
    fn is_dir(&self, path: &Path) -> bool;
    fn list_dir(&self, path: &Path) -> Result<Vec<PathBuf>, IoError>;
    /// A path that identifies a folder whatever way it was reached.
    fn canonical(&self, path: &Path) -> PathBuf;
}

#[derive(Debug)]
pub struct Disk;

impl Fs for Disk {
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

/// The contents of `policies/` as they were when the binary was built.
#[derive(Debug)]
pub struct Bundled;

/// The root folder of the bundled packs.
pub const BUNDLED_ROOT: &str = "policies";

impl Bundled {
    fn key(path: &Path) -> String {
        normalise(path).to_string_lossy().replace('\\', "/")
    }
}

impl Fs for Bundled {
    fn read(&self, path: &Path) -> Result<String, IoError> {
        let key = Self::key(path);
        bundle::FILES
            .iter()
            .find(|(p, _)| *p == key)
            .map(|(_, text)| (*text).to_owned())
            .ok_or_else(|| format!("`{key}` is not among the bundled packs"))
    }

    fn is_file(&self, path: &Path) -> bool {
        let key = Self::key(path);
        bundle::FILES.iter().any(|(p, _)| *p == key)
    }

    fn is_dir(&self, path: &Path) -> bool {
        let prefix = format!("{}/", Self::key(path));
        bundle::FILES.iter().any(|(p, _)| p.starts_with(&prefix))
    }

    fn list_dir(&self, path: &Path) -> Result<Vec<PathBuf>, IoError> {
        let prefix = format!("{}/", Self::key(path));
        let mut out: Vec<PathBuf> = bundle::FILES
            .iter()
            .filter_map(|(p, _)| p.strip_prefix(&prefix))
            .map(|rest| Path::new(&prefix).join(rest.split('/').next().unwrap_or(rest)))
            .collect();
        out.sort();
        out.dedup();
        Ok(out)
    }

    fn canonical(&self, path: &Path) -> PathBuf {
        normalise(path)
    }
}

/// Resolves `.` and `..` lexically.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}
