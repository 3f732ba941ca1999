//! Bundles every pack under the repository's `policies/` into the library,
//! so that `tiaoli eval` needs no `--pack` and works from any directory. The
//! files bundled are each pack's `pack_files`, the same rule loading uses.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[path = "src/pack_files.rs"]
mod pack_files;

/// The disk, for the rule.
struct Disk;

impl pack_files::Tree for Disk {
    type Error = std::io::Error;

    fn entries(&self, dir: &Path) -> Result<Vec<PathBuf>, Self::Error> {
        Ok(std::fs::read_dir(dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect())
    }

    fn is_file(&self, path: &Path) -> bool {
        path.is_file()
    }

    fn is_dir(&self, path: &Path) -> bool {
        path.is_dir()
    }

    fn canonical_path(&self, path: &Path) -> PathBuf {
        path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
    }
}

fn bundled(policies: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for pack in pack_files::packs_under(&Disk, policies)? {
        files.extend(pack_files::pack_files(&Disk, &pack)?);
    }
    files.sort();
    files.dedup();
    Ok(files)
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let policies = root.join("policies");
    // A folder is watched whole: a new pack or file anywhere under it
    // triggers a rebuild.
    println!("cargo:rerun-if-changed={}", policies.display());
    let files = bundled(&policies).unwrap_or_else(|err| {
        println!("cargo:warning=cannot read {}: {err}", policies.display());
        Vec::new()
    });
    let mut out = String::from(
        "/// (path relative to the repository, contents) of every bundled pack file.\n",
    );
    out.push_str("pub static FILES: &[(&str, &str)] = &[\n");
    for f in &files {
        let rel = f
            .strip_prefix(&root)
            .unwrap_or(f)
            .to_string_lossy()
            .replace('\\', "/");
        let _ = writeln!(
            out,
            "    ({rel:?}, include_str!({:?})),",
            f.display().to_string()
        );
    }
    out.push_str("];\n");
    let target = Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("bundle.rs");
    if let Err(err) = std::fs::write(&target, out) {
        println!("cargo:warning=cannot write {}: {err}", target.display());
    }
}
