//! The one definition of a pack's content: which files under a pack folder
//! belong to the pack. Loading reads exactly these files, the bundle built
//! into the binary holds exactly these files, and signing (issue 11) will
//! hash exactly these files.
//!
//! A pack's files are its `tiaoli.toml`, its `tiaoli.lock` when it has
//! one (what it was tested against is part of what is published), and every
//! `.tiaoli` file in its
//! folder at any depth, except in a nested pack (a subfolder with a
//! `tiaoli.toml` of its own) and in a `source/` folder (reference texts such
//! as the decree as published, never read by tiaoli). Each real file is
//! taken once, whatever symlinks lead to it again; a symlink cycle ends.
//!
//! This file is pure (std only, no crate paths): `build.rs` includes it with
//! `#[path]`, so the bundle and the loader cannot disagree.

use std::path::{Path, PathBuf};

/// A pack's manifest: its presence makes a folder a pack.
pub const MANIFEST: &str = "tiaoli.toml";
/// A pack's lockfile: the packs it depends on, by version and content.
pub const LOCKFILE: &str = "tiaoli.lock";
/// The extension of pack source files.
pub const SOURCE_EXTENSION: &str = "tiaoli";
/// A folder of reference texts inside a pack: not pack content.
pub const REFERENCE_FOLDER: &str = "source";

/// What a walk of pack folders needs of a file tree (the disk, the bundle,
/// memory).
pub trait Tree {
    type Error;
    /// The entries of a folder, as paths under `dir`, in any order.
    fn entries(&self, dir: &Path) -> Result<Vec<PathBuf>, Self::Error>;
    fn is_file(&self, path: &Path) -> bool;
    fn is_dir(&self, path: &Path) -> bool;
    /// A path that identifies a file or folder whatever way it was reached.
    fn canonical_path(&self, path: &Path) -> PathBuf;
}

/// Whether `dir` is a pack folder (holds a manifest).
pub fn is_pack<T: Tree + ?Sized>(tree: &T, dir: &Path) -> bool {
    tree.is_file(&dir.join(MANIFEST))
}

/// Whether `path` names a pack source file (by its extension).
pub fn is_source(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == SOURCE_EXTENSION)
}

/// The files of the pack in `dir`: its manifest (when present), its
/// lockfile (when present) and its `.tiaoli` files, sorted by path
/// (component by component).
pub fn pack_files<T: Tree + ?Sized>(tree: &T, dir: &Path) -> Result<Vec<PathBuf>, T::Error> {
    let mut out = Vec::new();
    let manifest = dir.join(MANIFEST);
    if tree.is_file(&manifest) {
        out.push(manifest);
    }
    let lockfile = dir.join(LOCKFILE);
    if tree.is_file(&lockfile) {
        out.push(lockfile);
    }
    let mut seen = vec![tree.canonical_path(dir)];
    let mut files_seen = Vec::new();
    walk(tree, dir, &mut seen, &mut files_seen, &mut out)?;
    out.sort();
    Ok(out)
}

/// Depth-first with sorted entries: the `.tiaoli` files come out in path
/// order, each real folder and file once.
fn walk<T: Tree + ?Sized>(
    tree: &T,
    dir: &Path,
    seen: &mut Vec<PathBuf>,
    files_seen: &mut Vec<PathBuf>,
    out: &mut Vec<PathBuf>,
) -> Result<(), T::Error> {
    let mut entries = tree.entries(dir)?;
    entries.sort();
    for entry in entries {
        if tree.is_dir(&entry) {
            let canonical = tree.canonical_path(&entry);
            let reference = entry.file_name().is_some_and(|n| n == REFERENCE_FOLDER);
            if !reference && !is_pack(tree, &entry) && !seen.contains(&canonical) {
                seen.push(canonical);
                walk(tree, &entry, seen, files_seen, out)?;
            }
        } else if is_source(&entry) {
            let canonical = tree.canonical_path(&entry);
            if !files_seen.contains(&canonical) {
                files_seen.push(canonical);
                out.push(entry);
            }
        }
    }
    Ok(())
}

/// Every pack folder at or under `root`, nested packs included, each real
/// folder once, sorted: what the bundle holds is their [`pack_files`].
pub fn packs_under<T: Tree + ?Sized>(tree: &T, root: &Path) -> Result<Vec<PathBuf>, T::Error> {
    let mut out = Vec::new();
    let mut seen = Vec::new();
    find_packs(tree, root, &mut seen, &mut out)?;
    out.sort();
    Ok(out)
}

fn find_packs<T: Tree + ?Sized>(
    tree: &T,
    dir: &Path,
    seen: &mut Vec<PathBuf>,
    out: &mut Vec<PathBuf>,
) -> Result<(), T::Error> {
    let canonical = tree.canonical_path(dir);
    if seen.contains(&canonical) {
        return Ok(());
    }
    seen.push(canonical);
    if is_pack(tree, dir) {
        out.push(dir.to_path_buf());
    }
    let mut entries = tree.entries(dir)?;
    entries.sort();
    for entry in entries {
        let reference = entry.file_name().is_some_and(|n| n == REFERENCE_FOLDER);
        if !reference && tree.is_dir(&entry) {
            find_packs(tree, &entry, seen, out)?;
        }
    }
    Ok(())
}
