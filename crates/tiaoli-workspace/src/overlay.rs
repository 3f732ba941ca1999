//! An editor's view of the files: open documents (their unsaved text) over
//! another host, usually the disk. The language server loads through it, so
//! a pack is checked as the user sees it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::host::{Contents, Entry, Host, IoError, normalise};

/// Documents by path over `base`: a document replaces the file of that
/// path, or adds one that is not on disk yet.
#[derive(Debug)]
pub struct Overlay<'a> {
    base: &'a dyn Host,
    /// Keyed by the base's canonical path, so that a document is found
    /// however its file is reached.
    docs: BTreeMap<PathBuf, String>,
}

impl<'a> Overlay<'a> {
    pub fn new(base: &'a dyn Host) -> Self {
        Overlay {
            base,
            docs: BTreeMap::new(),
        }
    }

    /// Opens or changes a document.
    pub fn open(&mut self, path: &Path, text: impl Into<String>) {
        let key = self.key(path);
        self.docs.insert(key, text.into());
    }

    /// Closes a document: the file is read from the base again.
    pub fn close(&mut self, path: &Path) {
        let key = self.key(path);
        self.docs.remove(&key);
    }

    /// The open document at `path`, if any.
    pub fn document(&self, path: &Path) -> Option<&str> {
        self.docs.get(&self.key(path)).map(String::as_str)
    }

    fn key(&self, path: &Path) -> PathBuf {
        normalise(&self.base.canonical(path))
    }
}

impl Host for Overlay<'_> {
    fn read(&self, path: &Path) -> Result<String, IoError> {
        match self.document(path) {
            Some(text) => Ok(text.to_owned()),
            None => self.base.read(path),
        }
    }

    fn read_source(&self, path: &Path) -> Result<Contents, IoError> {
        match self.document(path) {
            Some(text) => Ok(Contents::Text(text.to_owned())),
            None => self.base.read_source(path),
        }
    }

    fn is_file(&self, path: &Path) -> bool {
        self.document(path).is_some() || self.base.is_file(path)
    }

    fn is_dir(&self, path: &Path) -> bool {
        if self.base.is_dir(path) {
            return true;
        }
        let dir = self.key(path);
        self.docs.keys().any(|k| k != &dir && k.starts_with(&dir))
    }

    fn list_dir(&self, path: &Path) -> Result<Vec<PathBuf>, IoError> {
        let mut out = if self.base.is_dir(path) {
            self.base.list_dir(path)?
        } else if self.is_dir(path) {
            Vec::new()
        } else {
            return self.base.list_dir(path);
        };
        let dir = self.key(path);
        for key in self.docs.keys() {
            if let Ok(rest) = key.strip_prefix(&dir)
                && let Some(first) = rest.components().next()
                && !rest.as_os_str().is_empty()
            {
                out.push(path.join(first));
            }
        }
        out.sort();
        out.dedup();
        Ok(out)
    }

    fn canonical(&self, path: &Path) -> PathBuf {
        self.base.canonical(path)
    }

    fn entry(&self, path: &Path) -> Result<Entry, IoError> {
        if self.document(path).is_some() {
            return Ok(Entry::File);
        }
        match self.base.entry(path)? {
            // A folder that only holds documents not saved yet.
            Entry::Missing if self.is_dir(path) => Ok(Entry::Dir),
            other => Ok(other),
        }
    }

    fn real_path(&self, path: &Path) -> Result<PathBuf, IoError> {
        match self.base.real_path(path) {
            // A document not saved yet is where its path says.
            Err(_) if self.document(path).is_some() => Ok(self.key(path)),
            other => other,
        }
    }

    fn read_at_most(&self, path: &Path, max: u64) -> Result<Vec<u8>, IoError> {
        match self.document(path) {
            Some(text) => {
                let n = text.len().min(usize::try_from(max).unwrap_or(usize::MAX));
                Ok(text.as_bytes().get(..n).unwrap_or_default().to_vec())
            }
            None => self.base.read_at_most(path, max),
        }
    }
}
