//! A small loader for the tests and the benchmark, until the workspace
//! crate's `discover` lands: each given folder is a pack (manifest and
//! `.tiaoli` files, nested packs skipped); dependencies are resolved among
//! the given packs.

#![expect(clippy::expect_used, reason = "test code")]

use std::path::{Path, PathBuf};

use tiaoli_check::Authority;
use tiaoli_db::{Database, Pack};
use tiaoli_pack::{PackKind, parse_manifest};

pub const POLICIES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../policies");

/// The packs under `policies/`.
pub fn policy_dirs() -> Vec<PathBuf> {
    ["decree-745", "mps-2020-guidance", "sectors/energy"]
        .iter()
        .map(|d| Path::new(POLICIES).join(d))
        .collect()
}

/// Adds every pack's files to `db` and sets the packs.
pub fn load(db: &mut Database, dirs: &[PathBuf]) {
    let mut packs = Vec::new();
    let mut manifests = Vec::new();
    let mut diagnostics = Vec::new();
    for dir in dirs {
        let manifest_path = dir.join("tiaoli.toml");
        let text = std::fs::read_to_string(&manifest_path).expect("manifest");
        let manifest_file = db.add_file(manifest_path.display().to_string(), text.as_str());
        let manifest = match parse_manifest(&text, manifest_file) {
            Ok(m) => Some(m),
            Err(d) => {
                diagnostics.extend(d);
                None
            }
        };
        let mut paths = Vec::new();
        walk(dir, &mut paths);
        paths.sort();
        let files = paths
            .iter()
            .map(|p| {
                let text = std::fs::read_to_string(p).expect("UTF-8 file");
                db.add_file(p.display().to_string(), text)
            })
            .collect();
        let kind = manifest.as_ref().map_or(PackKind::Regulation, |m| m.kind);
        packs.push(Pack {
            dir: dir.clone(),
            ident: manifest.as_ref().map(|m| m.ident()).unwrap_or_default(),
            manifest_file: Some(manifest_file),
            files,
            not_utf8: Vec::new(),
            deps: Vec::new(),
            authority: match kind {
                PackKind::Regulation => Authority::Regulation,
                PackKind::Guidance => Authority::Guidance,
                PackKind::Sector => Authority::Sector,
                PackKind::Advisory => Authority::Advisory,
            },
            is_sector: kind == PackKind::Sector,
            model: manifest.as_ref().is_some_and(|m| m.model),
            manifest: manifest.clone(),
        });
        manifests.extend(manifest);
    }
    assert_eq!(manifests.len(), packs.len(), "every manifest parses");
    let resolution = tiaoli_pack::resolve(&manifests);
    for (pack, deps) in packs.iter_mut().zip(resolution.deps) {
        pack.deps = deps;
    }
    diagnostics.extend(resolution.diagnostics);
    db.set_packs(packs, diagnostics);
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable folder").flatten() {
        let p = entry.path();
        if p.is_dir() {
            if !p.join("tiaoli.toml").is_file() {
                walk(&p, out);
            }
        } else if p.extension().is_some_and(|x| x == "tiaoli") {
            out.push(p);
        }
    }
}

/// Loads `policies/` into a database.
pub fn policies(db: &mut Database) {
    load(db, &policy_dirs());
}

/// The file whose path ends with `suffix`.
pub fn file(db: &Database, suffix: &str) -> tiaoli_text::FileId {
    db.files()
        .into_iter()
        .find(|&f| db.path(f).is_some_and(|p| p.ends_with(suffix)))
        .expect("file loaded")
}
