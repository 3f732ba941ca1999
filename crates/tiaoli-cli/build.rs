//! Bundles every pack under the repository's `policies/` into the binary,
//! so that `tiaoli eval` needs no `--pack` and works from any directory.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// `seen`: canonical paths of the folders walked, so that a symlink cycle
/// under `policies/` ends and each real folder is bundled once.
fn walk(dir: &Path, out: &mut Vec<PathBuf>, seen: &mut Vec<PathBuf>) {
    let canonical = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    if seen.contains(&canonical) {
        return;
    }
    seen.push(canonical);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            // `source/` holds reference texts, not pack files.
            if path.file_name().is_some_and(|n| n != "source") {
                walk(&path, out, seen);
            }
        } else if path
            .extension()
            .is_some_and(|e| e == "tiaoli" || e == "toml")
        {
            out.push(path);
        }
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let policies = root.join("policies");
    println!("cargo:rerun-if-changed={}", policies.display());
    let mut files = Vec::new();
    walk(&policies, &mut files, &mut Vec::new());
    let mut out = String::from(
        "/// (path relative to the repository, contents) of every bundled pack file.\n",
    );
    out.push_str("pub static FILES: &[(&str, &str)] = &[\n");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
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
    // Folders too, so that new packs trigger a rebuild.
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| f.parent().map(Path::to_path_buf))
        .collect();
    dirs.sort();
    dirs.dedup();
    for d in dirs {
        println!("cargo:rerun-if-changed={}", d.display());
    }
    out.push_str("];\n");
    let target = Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("bundle.rs");
    if let Err(err) = std::fs::write(&target, out) {
        println!("cargo:warning=cannot write {}: {err}", target.display());
    }
}
