//! Reading packs (from disk or from the bundle): discovery under the given paths, manifests,
//! dependencies found by `path` or by name in a parent folder, parsing.
//! All I/O of `check` happens here; the checker gets parsed packs.

use std::path::{Path, PathBuf};

use tiaoli_check::{Authority, CheckPack};
use tiaoli_diagnostics::{Code, Diagnostic};
use tiaoli_pack::{Manifest, PackKind, parse_manifest};
use tiaoli_text::Sources;

use crate::fs::{Contents, Fs, NotUtf8};

/// Everything loaded for one run.
#[derive(Debug, Default)]
pub struct Workspace {
    pub sources: Sources,
    pub packs: Vec<CheckPack>,
    pub diagnostics: Vec<Diagnostic>,
    /// Number of .tiaoli files read.
    pub files: usize,
    /// Each pack's manifest (None for a lone file or an invalid manifest),
    /// aligned with `packs`.
    pub manifests: Vec<Option<Manifest>>,
}

/// A pack folder, or a lone file checked as a pack of its own.
#[derive(Debug)]
enum Root {
    Pack(PathBuf),
    File(PathBuf),
    /// A folder with .tiaoli files but no manifest (reported, not loaded).
    NoManifest(PathBuf),
}

type ParsedFile = (tiaoli_text::FileId, tiaoli_syntax::ast::SourceFile);

/// An I/O problem: the message for the user (exit status 2).
pub type IoError = String;

pub fn load(fs: &dyn Fs, paths: &[PathBuf]) -> Result<Workspace, IoError> {
    let mut roots = Vec::new();
    // Folders already walked (canonical paths): a symlink back up the tree
    // (`l -> ..`) or to a folder seen before is not followed again.
    let mut seen = Vec::new();
    for path in paths {
        discover(fs, path, &mut roots, &mut seen)?;
    }
    let mut ws = Workspace::default();
    let mut manifests: Vec<Option<Manifest>> = Vec::new();
    let mut dirs: Vec<PathBuf> = Vec::new();
    let mut idents: Vec<String> = Vec::new();
    // Per pack: its parsed files, and whether any had syntax errors.
    let mut file_lists: Vec<(Vec<ParsedFile>, bool)> = Vec::new();
    let mut queue: Vec<Root> = roots;
    // Folders without a manifest, and dependencies that pointed at one.
    let mut no_manifest: Vec<PathBuf> = Vec::new();
    let mut missing_deps: Vec<(tiaoli_text::FileId, tiaoli_text::TextRange, PathBuf)> = Vec::new();
    let mut i = 0;
    while i < queue.len() {
        let (dir, files, manifest) = match &queue[i] {
            Root::Pack(dir) => {
                let canonical = fs.canonical(dir);
                if dirs.contains(&canonical) {
                    i += 1;
                    continue;
                }
                let manifest_path = dir.join("tiaoli.toml");
                let (id, text) = add_source(fs, &manifest_path, &mut ws)?;
                let manifest = match text.map(|text| parse_manifest(text, id)) {
                    Some(Ok(m)) => Some(m),
                    Some(Err(diags)) => {
                        ws.diagnostics.extend(diags);
                        None
                    }
                    None => None,
                };
                (canonical, tiaoli_files(fs, dir)?, manifest)
            }
            Root::File(file) => (file.clone(), vec![file.clone()], None),
            Root::NoManifest(dir) => {
                no_manifest.push(dir.clone());
                i += 1;
                continue;
            }
        };
        // Dependencies not loaded yet: from `path`, else a folder of that
        // name next to this pack or one of its parents.
        if let Some(m) = &manifest {
            for dep in &m.dependencies {
                match &dep.path {
                    Some(p) if fs.is_file(&dir.join(p).join("tiaoli.toml")) => {
                        queue.push(Root::Pack(dir.join(p)))
                    }
                    Some(p) => {
                        missing_deps.push((m.file, dep.span, fs.canonical(&dir.join(p))));
                        ws.diagnostics.push(
                            Diagnostic::new(Code::M002, format!("`{p}` has no `tiaoli.toml`"))
                                .with_primary(
                                    m.file,
                                    dep.span,
                                    format!(
                                        "`{}` is expected in `{}`",
                                        dep.name,
                                        dir.join(p).display()
                                    ),
                                )
                                .with_help(
                                    "point `path` at the folder that holds the pack's manifest",
                                ),
                        );
                    }
                    None => {
                        let found = dir
                            .ancestors()
                            .skip(1)
                            .take(4)
                            .map(|a| a.join(&dep.name))
                            .find(|d| fs.is_file(&d.join("tiaoli.toml")));
                        if let Some(found) = found {
                            queue.push(Root::Pack(found));
                        }
                    }
                }
            }
        }
        let mut parsed = Vec::new();
        let mut syntax_errors = false;
        for f in files {
            ws.files += 1;
            let (id, text) = add_source(fs, &f, &mut ws)?;
            let Some(text) = text else {
                // Not read: its names are unknown, so its pack's other
                // errors are reported as with a syntax error.
                syntax_errors = true;
                continue;
            };
            let p = tiaoli_syntax::parse(text, id);
            syntax_errors |= p.diagnostics.iter().any(Diagnostic::is_error);
            ws.diagnostics.extend(p.diagnostics);
            parsed.push((id, p.file));
        }
        idents.push(match &manifest {
            Some(m) => m.ident(),
            None => dir
                .file_stem()
                .map(|s| s.to_string_lossy().replace('-', "_"))
                .unwrap_or_default(),
        });
        dirs.push(dir);
        manifests.push(manifest);
        file_lists.push((parsed, syntax_errors));
        i += 1;
    }
    // Resolve dependencies among the packs whose manifests parsed.
    let valid: Vec<usize> = (0..manifests.len())
        .filter(|&k| manifests[k].is_some())
        .collect();
    let loaded: Vec<Manifest> = valid.iter().filter_map(|&k| manifests[k].clone()).collect();
    let resolution = tiaoli_pack::resolve(&loaded);
    // A dependency already reported as missing its manifest is not also
    // "not loaded".
    ws.diagnostics
        .extend(resolution.diagnostics.into_iter().filter(|d| {
            !(d.code == Code::M004
                && d.primary().is_some_and(|l| {
                    missing_deps
                        .iter()
                        .any(|(f, span, _)| *f == l.file && span.cover(l.range) == *span)
                }))
        }));
    for dir in no_manifest {
        if missing_deps
            .iter()
            .any(|(_, _, p)| *p == fs.canonical(&dir))
        {
            continue;
        }
        ws.diagnostics.push(
            Diagnostic::new(Code::M002, format!("`{}` holds .tiaoli files but no `tiaoli.toml`", display(&dir)))
                .with_help("a pack is a folder with a `tiaoli.toml` manifest; add one, or check the files one by one"),
        );
    }
    for (k, (files, has_syntax_errors)) in file_lists.into_iter().enumerate() {
        let (is_sector, deps) = match valid.iter().position(|&v| v == k) {
            Some(pos) => (
                manifests[k]
                    .as_ref()
                    .is_some_and(|m| m.kind == PackKind::Sector),
                resolution.deps[pos].iter().map(|&d| valid[d]).collect(),
            ),
            None => (false, Vec::new()),
        };
        let authority = manifests[k]
            .as_ref()
            .map_or(Authority::Regulation, |m| authority(m.kind));
        let model = manifests[k].as_ref().is_some_and(|m| m.model);
        ws.manifests.push(manifests[k].clone());
        ws.packs.push(CheckPack {
            ident: idents[k].clone(),
            is_sector,
            authority,
            model,
            deps,
            files,
            has_syntax_errors,
        });
    }
    // Articles' and rules' `in force` dates, within their packs' (M010).
    let windows: Vec<_> = ws
        .manifests
        .iter()
        .map(|m| {
            m.as_ref()
                .map_or((None, None), |m| (Some(m.effective), m.expires))
        })
        .collect();
    ws.diagnostics
        .extend(tiaoli_check::check_in_force(&ws.packs, &windows));
    Ok(ws)
}

/// A manifest kind's rank: regulation > guidance > sector > advisory.
pub fn authority(kind: PackKind) -> Authority {
    match kind {
        PackKind::Regulation => Authority::Regulation,
        PackKind::Guidance => Authority::Guidance,
        PackKind::Sector => Authority::Sector,
        PackKind::Advisory => Authority::Advisory,
    }
}

/// Finds pack folders (or lone files) under `path`. `seen` holds the
/// canonical paths of the folders already walked; each is walked once.
fn discover(
    fs: &dyn Fs,
    path: &Path,
    roots: &mut Vec<Root>,
    seen: &mut Vec<PathBuf>,
) -> Result<(), IoError> {
    if fs.is_file(path) {
        // A file inside a pack means the pack.
        match path.parent().filter(|p| fs.is_file(&p.join("tiaoli.toml"))) {
            Some(dir) => roots.push(Root::Pack(dir.to_path_buf())),
            None => roots.push(Root::File(path.to_path_buf())),
        }
        return Ok(());
    }
    if !fs.is_dir(path) {
        return Err(format!(
            "cannot read `{}`: no such file or folder",
            path.display()
        ));
    }
    let canonical = fs.canonical(path);
    if seen.contains(&canonical) {
        return Ok(());
    }
    seen.push(canonical);
    if fs.is_file(&path.join("tiaoli.toml")) {
        roots.push(Root::Pack(path.to_path_buf()));
        return Ok(());
    }
    let mut entries = fs.list_dir(path)?;
    entries.sort();
    if entries
        .iter()
        .any(|e| e.extension().is_some_and(|x| x == "tiaoli"))
    {
        roots.push(Root::NoManifest(path.to_path_buf()));
    }
    for entry in entries {
        if fs.is_dir(&entry) {
            discover(fs, &entry, roots, seen)?;
        }
    }
    Ok(())
}

/// The .tiaoli files of a pack folder (recursively, skipping nested packs),
/// in a stable order. Each real folder and file is taken once, whatever
/// symlinks lead to it again (a symlink cycle ends there).
pub fn tiaoli_files(fs: &dyn Fs, dir: &Path) -> Result<Vec<PathBuf>, IoError> {
    let mut out = Vec::new();
    let mut seen = vec![fs.canonical(dir)];
    let mut files_seen = Vec::new();
    walk_pack(fs, dir, &mut seen, &mut files_seen, &mut out)?;
    Ok(out)
}

fn walk_pack(
    fs: &dyn Fs,
    dir: &Path,
    seen: &mut Vec<PathBuf>,
    files_seen: &mut Vec<PathBuf>,
    out: &mut Vec<PathBuf>,
) -> Result<(), IoError> {
    let mut entries = fs.list_dir(dir)?;
    entries.sort();
    for entry in entries {
        if fs.is_dir(&entry) {
            let canonical = fs.canonical(&entry);
            if !fs.is_file(&entry.join("tiaoli.toml")) && !seen.contains(&canonical) {
                seen.push(canonical);
                walk_pack(fs, &entry, seen, files_seen, out)?;
            }
        } else if entry.extension().is_some_and(|e| e == "tiaoli") {
            let canonical = fs.canonical(&entry);
            if !files_seen.contains(&canonical) {
                files_seen.push(canonical);
                out.push(entry);
            }
        }
    }
    Ok(())
}

/// Reads a pack file or manifest into the workspace's sources. The text is
/// None when the file is not UTF-8; S009 is then reported at its first
/// invalid byte.
fn add_source<'w>(
    fs: &dyn Fs,
    path: &Path,
    ws: &'w mut Workspace,
) -> Result<(tiaoli_text::FileId, Option<&'w str>), IoError> {
    Ok(match fs.read_source(path)? {
        Contents::Text(text) => {
            let id = ws.sources.add(display(path), text);
            (id, Some(ws.sources.text(id)))
        }
        Contents::NotUtf8(bad) => {
            let id = ws.sources.add(display(path), bad.text.clone());
            ws.diagnostics.push(not_utf8(id, &bad));
            (id, None)
        }
    })
}

/// S009 at the first byte of `bad` that is not UTF-8.
pub fn not_utf8(file: tiaoli_text::FileId, bad: &NotUtf8) -> Diagnostic {
    Diagnostic::new(
        Code::S009,
        format!(
            "the file is not UTF-8 text: byte {} is 0x{:02X}",
            bad.at, bad.byte
        ),
    )
    .with_primary(
        file,
        tiaoli_text::TextRange::new(bad.at, bad.at + bad.len),
        "the first byte that is not UTF-8",
    )
    .with_help(
        "tiaoli reads pack files as UTF-8; save the file as UTF-8 (not GBK, GB 18030 or ANSI)",
    )
}

fn display(path: &Path) -> String {
    let s = path.display().to_string();
    s.strip_prefix("./").map(str::to_owned).unwrap_or(s)
}

/// The default path: ./policies.
pub fn default_paths(paths: &[PathBuf]) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from("policies")]
    } else {
        paths.to_vec()
    }
}
