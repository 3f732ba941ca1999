//! The packs bundled into the binary at build time (`build.rs`), so that
//! `tiaoli eval` needs no `--pack` and works from any directory.

use std::path::{Path, PathBuf};

use crate::host::{Host, IoError, normalise};

mod bundle {
    include!(concat!(env!("OUT_DIR"), "/bundle.rs"));
}

/// The [`pack_files`](crate::pack_files()) of every pack under `policies/`
/// as they were when the binary was built.
#[derive(Debug, Clone, Copy, Default)]
pub struct Bundled;

/// The root folder of the bundled packs.
pub const BUNDLED_ROOT: &str = "policies";

impl Bundled {
    fn key(path: &Path) -> String {
        normalise(path).to_string_lossy().replace('\\', "/")
    }

    /// Every bundled file's path (relative to the repository, `/`-separated)
    /// and text, sorted by path.
    pub fn files(&self) -> &'static [(&'static str, &'static str)] {
        bundle::FILES
    }
}

impl Host for Bundled {
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
