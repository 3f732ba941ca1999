//! Where packs are read from: the few file operations loading needs, behind
//! a trait so that the disk, the bundle built into the binary, memory (tests)
//! and an editor's open documents over the disk (the language server) all
//! load the same way.

use std::path::{Component, Path, PathBuf};

use tiaoli_diagnostics::{Code, Diagnostic, msg};
use tiaoli_text::{FileId, TextRange};

use crate::pack_files::Tree;

/// An I/O problem: the message for the user (`tiaoli` exits with status 2).
pub type IoError = String;

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
    /// The contents of a file read as bytes.
    pub fn of(bytes: Vec<u8>) -> Self {
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
                    byte: bytes.get(at).copied().unwrap_or_default(),
                })
            }
        }
    }
}

impl NotUtf8 {
    /// S009 at the first byte that is not UTF-8, in `file` (this file).
    pub fn diagnostic(&self, file: FileId) -> Diagnostic {
        Diagnostic::new(
            Code::S009,
            msg!(
                en: "the file is not UTF-8 text: byte {} is 0x{:02X}",
                zh: "此文件不是 UTF-8 文本：偏移量 {} 处的字节为 0x{:02X}",
                self.at,
                self.byte
            ),
        )
        .with_primary(
            file,
            TextRange::new(self.at, self.at + self.len),
            msg!(
                en: "the first byte that is not UTF-8",
                zh: "第一个不属于 UTF-8 的字节"
            ),
        )
        .with_help(msg!(
            en: "tiaoli reads pack files as UTF-8; save the file as UTF-8 (not GBK, GB 18030 or ANSI)",
            zh: "tiaoli 按 UTF-8 读取规则包文件；请将文件保存为 UTF-8（而不是 GBK、GB 18030 或 ANSI）"
        ))
    }
}

/// The few file operations loading needs.
pub trait Host: Send + Sync + std::fmt::Debug {
    fn read(&self, path: &Path) -> Result<String, IoError>;
    /// A pack file or manifest: a file that is not UTF-8 is not an I/O
    /// error but a diagnostic at its first invalid byte (S009).
    fn read_source(&self, path: &Path) -> Result<Contents, IoError> {
        self.read(path).map(Contents::Text)
    }
    fn is_file(&self, path: &Path) -> bool;
    fn is_dir(&self, path: &Path) -> bool;
    /// The entries of a folder, as paths under `path`, in any order.
    fn list_dir(&self, path: &Path) -> Result<Vec<PathBuf>, IoError>;
    /// A path that identifies a folder whatever way it was reached.
    fn canonical(&self, path: &Path) -> PathBuf;

    /// What `path` names (links followed), before reading a file that is
    /// not a pack file (a pack test's `given file`); an error is the
    /// system's own message.
    fn entry(&self, path: &Path) -> Result<Entry, IoError> {
        Ok(if self.is_dir(path) {
            Entry::Dir
        } else if self.is_file(path) {
            Entry::File
        } else {
            Entry::Missing
        })
    }

    /// Where `path` really is (links followed); an error is the system's
    /// own message.
    fn real_path(&self, path: &Path) -> Result<PathBuf, IoError> {
        Ok(self.canonical(path))
    }

    /// At most the first `max` bytes of the file at `path` (a device that
    /// never ends included); an error is the system's own message.
    fn read_at_most(&self, path: &Path, max: u64) -> Result<Vec<u8>, IoError> {
        let mut bytes = match self.read_source(path)? {
            Contents::Text(text) => text.into_bytes(),
            Contents::NotUtf8(n) => n.text.into_bytes(),
        };
        bytes.truncate(usize::try_from(max).unwrap_or(usize::MAX));
        Ok(bytes)
    }
}

/// What a path names, for [`Host::entry`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Missing,
    Dir,
    /// A pipe or a socket: opening it could wait for ever.
    PipeOrSocket,
    /// A file, or a device: something to read (with a cap).
    File,
}

impl Tree for dyn Host + '_ {
    type Error = IoError;

    fn entries(&self, dir: &Path) -> Result<Vec<PathBuf>, IoError> {
        self.list_dir(dir)
    }

    fn is_file(&self, path: &Path) -> bool {
        Host::is_file(self, path)
    }

    fn is_dir(&self, path: &Path) -> bool {
        Host::is_dir(self, path)
    }

    fn canonical_path(&self, path: &Path) -> PathBuf {
        self.canonical(path)
    }
}

/// Resolves `.` and `..` lexically.
pub(crate) fn normalise(path: &Path) -> PathBuf {
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
