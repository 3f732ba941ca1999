//! A file tree held in memory, symlinks included: for tests, and for any
//! caller whose packs are not on a disk.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::host::{Contents, Host, IoError, normalise};

/// How many symlinks one path may pass through (Linux's limit): past it
/// the path resolves to nothing, as `ELOOP` does.
const MAX_LINKS: usize = 40;

/// Files (as bytes) and symlinks by path; folders are implied by what they
/// hold. Paths are taken lexically (`.` and `..` resolved).
#[derive(Debug, Clone, Default)]
pub struct Memory {
    files: BTreeMap<PathBuf, Vec<u8>>,
    /// Link → its target as written (relative to the link's folder, or
    /// absolute).
    links: BTreeMap<PathBuf, PathBuf>,
}

impl Memory {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) a file.
    pub fn insert(&mut self, path: impl AsRef<Path>, contents: impl Into<Vec<u8>>) {
        self.files.insert(normalise(path.as_ref()), contents.into());
    }

    /// The same, for building a tree in one expression.
    #[must_use]
    pub fn with(mut self, path: impl AsRef<Path>, contents: impl Into<Vec<u8>>) -> Self {
        self.insert(path, contents);
        self
    }

    /// Adds a symlink at `path` pointing at `target` (`..`, `../other`, or
    /// an absolute path).
    pub fn link(&mut self, path: impl AsRef<Path>, target: impl AsRef<Path>) {
        self.links
            .insert(normalise(path.as_ref()), target.as_ref().to_path_buf());
    }

    /// Where `path` really is, following links; None past [`MAX_LINKS`].
    fn resolve(&self, path: &Path) -> Option<PathBuf> {
        let mut hops = 0;
        let mut out = PathBuf::new();
        for component in normalise(path).components() {
            out.push(component);
            while let Some(target) = self.links.get(&out) {
                hops += 1;
                if hops > MAX_LINKS {
                    return None;
                }
                let base = out.parent().map(Path::to_path_buf).unwrap_or_default();
                out = normalise(&base.join(target));
            }
        }
        Some(out)
    }

    /// The names directly inside the real folder `dir`.
    fn children(&self, dir: &Path) -> BTreeSet<PathBuf> {
        self.files
            .keys()
            .chain(self.links.keys())
            .filter_map(|p| p.strip_prefix(dir).ok())
            .filter_map(|rest| rest.components().next())
            .map(|c| PathBuf::from(c.as_os_str()))
            .collect()
    }

    fn bytes(&self, path: &Path) -> Result<&[u8], IoError> {
        self.resolve(path)
            .and_then(|real| self.files.get(&real))
            .map(Vec::as_slice)
            .ok_or_else(|| format!("cannot read `{}`: no such file", path.display()))
    }
}

impl Host for Memory {
    fn read(&self, path: &Path) -> Result<String, IoError> {
        String::from_utf8(self.bytes(path)?.to_vec())
            .map_err(|_| format!("`{}` is not UTF-8 text", path.display()))
    }

    fn read_source(&self, path: &Path) -> Result<Contents, IoError> {
        Ok(Contents::of(self.bytes(path)?.to_vec()))
    }

    fn is_file(&self, path: &Path) -> bool {
        self.resolve(path)
            .is_some_and(|real| self.files.contains_key(&real))
    }

    fn is_dir(&self, path: &Path) -> bool {
        self.resolve(path).is_some_and(|real| {
            !self.files.contains_key(&real)
                && !self.links.contains_key(&real)
                && !self.children(&real).is_empty()
        })
    }

    fn list_dir(&self, path: &Path) -> Result<Vec<PathBuf>, IoError> {
        if !self.is_dir(path) {
            return Err(format!("cannot read `{}`: no such folder", path.display()));
        }
        let real = self.resolve(path).unwrap_or_default();
        Ok(self
            .children(&real)
            .into_iter()
            .map(|name| path.join(name))
            .collect())
    }

    fn canonical(&self, path: &Path) -> PathBuf {
        self.resolve(path).unwrap_or_else(|| normalise(path))
    }

    fn real_path(&self, path: &Path) -> Result<PathBuf, IoError> {
        self.resolve(path)
            .ok_or_else(|| "too many levels of symbolic links".to_owned())
    }

    fn read_at_most(&self, path: &Path, max: u64) -> Result<Vec<u8>, IoError> {
        let bytes = self.bytes(path)?;
        let n = bytes.len().min(usize::try_from(max).unwrap_or(usize::MAX));
        Ok(bytes.get(..n).unwrap_or_default().to_vec())
    }
}
