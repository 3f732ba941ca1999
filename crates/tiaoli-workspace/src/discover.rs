//! Discovery: which packs the given paths mean, their manifests, their
//! dependencies (by `path`, or by name in a parent folder), and every file's
//! text. No `.tiaoli` file is parsed here: the layout is the input of both
//! the batch load ([`crate::load`]) and the language server's database.

use std::path::{Path, PathBuf};

use tiaoli_check::Authority;
use tiaoli_diagnostics::{Code, Diagnostic, msg};
use tiaoli_pack::{Manifest, PackKind, parse_manifest};
use tiaoli_text::{FileId, Sources, TextRange};

use crate::host::{Contents, Host, IoError};
use crate::pack_files::{self, LOCKFILE, MANIFEST};

/// How far up a dependency named without `path` is looked for: in a folder
/// of its name next to the pack or next to one of its first parents.
const DEPENDENCY_SEARCH_DEPTH: usize = 4;

/// The packs the given paths mean, with their files read but not parsed.
#[derive(Debug, Default, Clone)]
pub struct Layout {
    /// Every manifest and `.tiaoli` file read, in reading order.
    pub sources: Sources,
    /// In loading order: the packs found, then their dependencies.
    pub packs: Vec<PackLayout>,
    /// Loading's own problems: manifests (M-codes), a file that is not
    /// UTF-8 (S009). The parse's and the checker's come later.
    pub diagnostics: Vec<Diagnostic>,
}

/// One pack folder, or a lone `.tiaoli` file checked as a pack of its own.
#[derive(Debug, Clone)]
pub struct PackLayout {
    /// The pack's folder (canonical), or the lone file's path.
    pub dir: PathBuf,
    /// The name as written in paths (`decree_745`).
    pub ident: String,
    /// None for a lone file, or when the manifest is invalid.
    pub manifest: Option<Manifest>,
    /// The manifest's file, even when it is invalid or not UTF-8.
    pub manifest_file: Option<FileId>,
    /// The `.tiaoli` files read as text, in path order.
    pub files: Vec<FileId>,
    /// `.tiaoli` files that are not UTF-8 (S009 reported; not parsed): the
    /// pack's other errors are then reported as with a syntax error.
    pub not_utf8: Vec<FileId>,
    /// Indices into [`Layout::packs`] of direct dependencies.
    pub deps: Vec<usize>,
    /// A dependency its manifest declares is not loaded (M002, M004): every
    /// name from it would be unknown, so the pack's own errors are not
    /// reported until it is found ([`hides_cascade`]).
    pub dependencies_missing: bool,
    pub authority: Authority,
    pub is_sector: bool,
    /// `model = true`: a model rule set, not the issuer's official rules.
    pub model: bool,
    /// The pack's signature (`tiaoli.sig`), when it has one and it holds
    /// for the files read: they are the files signed, and the signature
    /// verifies with the key it names. One that does not hold is M014 and
    /// is not kept. Whether the key is trusted is the caller's question
    /// ([`tiaoli_publish::Trust`]).
    pub signature: Option<tiaoli_publish::Signature>,
    /// The pack's lockfile (`tiaoli.lock`), when it has one.
    pub lockfile: Option<FileId>,
    /// The pack's content as it would be published: every file read (the
    /// manifest, the lockfile, the `.tiaoli` files) by its path under the
    /// pack's folder, `/`-separated, sorted. What lockfiles hash.
    pub content: Vec<(String, FileId)>,
    /// Named by the paths given (not only loaded as a dependency): the
    /// packs `tiaoli lock` writes lockfiles for.
    pub found: bool,
}

impl PackLayout {
    /// `.tiaoli` files of the pack, read or not.
    pub fn file_count(&self) -> usize {
        self.files.len() + self.not_utf8.len()
    }

    /// The manifest's days in force: (effective, expires).
    pub fn window(&self) -> (Option<jiff::civil::Date>, Option<jiff::civil::Date>) {
        self.manifest
            .as_ref()
            .map_or((None, None), Manifest::window)
    }
}

impl Layout {
    /// The pack a file belongs to (as a manifest or a `.tiaoli` file).
    pub fn pack_of(&self, file: FileId) -> Option<usize> {
        self.packs.iter().position(|p| {
            p.manifest_file == Some(file) || p.files.contains(&file) || p.not_utf8.contains(&file)
        })
    }

    /// `.tiaoli` files read, over all packs.
    pub fn file_count(&self) -> usize {
        self.packs.iter().map(PackLayout::file_count).sum()
    }
}

/// A pack folder, or a lone file checked as a pack of its own.
#[derive(Debug)]
enum Root {
    Pack(PathBuf),
    File(PathBuf),
    /// A folder with .tiaoli files but no manifest (reported, not loaded).
    NoManifest(PathBuf),
}

/// Finds the packs under `paths` and what they depend on, and reads their
/// files. An error is a path that cannot be read at all.
pub fn discover(host: &dyn Host, paths: &[PathBuf]) -> Result<Layout, IoError> {
    let mut roots = Vec::new();
    // Folders already walked (canonical paths): a symlink back up the tree
    // (`l -> ..`) or to a folder seen before is not followed again.
    let mut seen = Vec::new();
    for path in paths {
        find_roots(host, path, &mut roots, &mut seen)?;
    }
    let mut layout = Layout::default();
    let found = roots.len();
    let mut queue: Vec<Root> = roots;
    // Folders without a manifest, and dependencies that pointed at one.
    let mut no_manifest: Vec<PathBuf> = Vec::new();
    let mut missing_deps: Vec<(FileId, TextRange, PathBuf)> = Vec::new();
    let mut i = 0;
    while let Some(root) = queue.get(i) {
        i += 1;
        let is_found = i <= found;
        let (dir, root_dir, files, manifest, manifest_file) = match root {
            Root::Pack(dir) => {
                let canonical = host.canonical(dir);
                if layout.packs.iter().any(|p| p.dir == canonical) {
                    continue;
                }
                let (id, readable) = add_source(host, &dir.join(MANIFEST), &mut layout)?;
                let manifest = if readable {
                    match parse_manifest(layout.sources.text(id), id) {
                        Ok(m) => Some(m),
                        Err(diags) => {
                            layout.diagnostics.extend(diags);
                            None
                        }
                    }
                } else {
                    None
                };
                let files: Vec<PathBuf> = crate::pack_files(host, dir)?
                    .into_iter()
                    .filter(|f| pack_files::is_source(f))
                    .collect();
                (canonical, Some(dir.clone()), files, manifest, Some(id))
            }
            Root::File(file) => (file.clone(), None, vec![file.clone()], None, None),
            Root::NoManifest(dir) => {
                no_manifest.push(dir.clone());
                continue;
            }
        };
        if let Some(m) = &manifest {
            find_dependencies(host, &dir, m, &mut queue, &mut missing_deps, &mut layout);
        }
        let mut read = Vec::new();
        let mut not_utf8 = Vec::new();
        let mut contents = Vec::new();
        for f in files {
            let (id, readable) = add_source(host, &f, &mut layout)?;
            if readable {
                read.push(id);
            } else {
                not_utf8.push(id);
            }
            contents.push((f, id));
        }
        let mut lockfile = None;
        let mut content = Vec::new();
        let signature = match (&root_dir, manifest_file) {
            (Some(root_dir), Some(manifest_id)) => {
                contents.push((root_dir.join(MANIFEST), manifest_id));
                let lock_path = root_dir.join(LOCKFILE);
                if host.is_file(&lock_path) {
                    let (id, _) = add_source(host, &lock_path, &mut layout)?;
                    contents.push((lock_path, id));
                    lockfile = Some(id);
                }
                content = contents
                    .iter()
                    .filter_map(|(path, id)| {
                        crate::signed::relative(root_dir, path)
                            .ok()
                            .map(|p| (p, *id))
                    })
                    .collect();
                content.sort();
                crate::signed::check(host, root_dir, &contents, manifest.as_ref(), &mut layout)
            }
            _ => None,
        };
        let ident = match &manifest {
            Some(m) => m.ident(),
            None => dir
                .file_stem()
                .map(|s| s.to_string_lossy().replace('-', "_"))
                .unwrap_or_default(),
        };
        layout.packs.push(PackLayout {
            ident,
            authority: manifest
                .as_ref()
                .map_or(Authority::Regulation, |m| authority(m.kind)),
            is_sector: manifest
                .as_ref()
                .is_some_and(|m| m.kind == PackKind::Sector),
            model: manifest.as_ref().is_some_and(|m| m.model),
            dir,
            manifest,
            manifest_file,
            files: read,
            not_utf8,
            deps: Vec::new(),
            dependencies_missing: false,
            signature,
            lockfile,
            content,
            found: is_found,
        });
    }
    resolve(&mut layout, &missing_deps);
    crate::locked::check(&mut layout);
    for dir in no_manifest {
        if missing_deps
            .iter()
            .any(|(_, _, p)| *p == host.canonical(&dir))
        {
            continue;
        }
        layout.diagnostics.push(
            Diagnostic::new(
                Code::M002,
                msg!(
                    en: "`{}` holds .tiaoli files but no `tiaoli.toml`",
                    zh: "`{}` 中有 .tiaoli 文件，但没有 `tiaoli.toml`",
                    display(&dir)
                ),
            )
            .with_help(msg!(
                en: "a pack is a folder with a `tiaoli.toml` manifest; add one, or check the files one by one",
                zh: "规则包是含有 `tiaoli.toml` 清单的文件夹；请添加清单，或逐个检查这些文件"
            )),
        );
    }
    Ok(layout)
}

/// Queues the dependencies of the pack in `dir` not loaded yet: from
/// `path`, else a folder of that name next to the pack or one of its
/// parents. A `path` without a manifest is M002.
fn find_dependencies(
    host: &dyn Host,
    dir: &Path,
    m: &Manifest,
    queue: &mut Vec<Root>,
    missing_deps: &mut Vec<(FileId, TextRange, PathBuf)>,
    layout: &mut Layout,
) {
    for dep in &m.dependencies {
        match &dep.path {
            Some(p) if host.is_file(&dir.join(p).join(MANIFEST)) => {
                queue.push(Root::Pack(dir.join(p)));
            }
            Some(p) => {
                missing_deps.push((m.file, dep.span, host.canonical(&dir.join(p))));
                layout.diagnostics.push(
                    Diagnostic::new(
                        Code::M002,
                        msg!(en: "`{p}` has no `tiaoli.toml`", zh: "`{p}` 中没有 `tiaoli.toml`"),
                    )
                    .with_primary(
                        m.file,
                        dep.span,
                        msg!(
                            en: "`{}` is expected in `{}`",
                            zh: "`{}` 应位于 `{}`",
                            dep.name,
                            dir.join(p).display()
                        ),
                    )
                    .with_help(msg!(
                        en: "point `path` at the folder that holds the pack's manifest",
                        zh: "请让 `path` 指向含有该规则包清单的文件夹"
                    )),
                );
            }
            None => {
                let found = dir
                    .ancestors()
                    .skip(1)
                    .take(DEPENDENCY_SEARCH_DEPTH)
                    .map(|a| a.join(&dep.name))
                    .find(|d| pack_files::is_pack(host, d));
                if let Some(found) = found {
                    queue.push(Root::Pack(found));
                }
            }
        }
    }
}

/// Resolves dependencies among the packs whose manifests parsed, filling
/// each pack's `deps`.
fn resolve(layout: &mut Layout, missing_deps: &[(FileId, TextRange, PathBuf)]) {
    let valid: Vec<usize> = (0..layout.packs.len())
        .filter(|&k| layout.packs.get(k).is_some_and(|p| p.manifest.is_some()))
        .collect();
    let loaded: Vec<Manifest> = valid
        .iter()
        .filter_map(|&k| layout.packs.get(k).and_then(|p| p.manifest.clone()))
        .collect();
    let resolution = tiaoli_pack::resolve(&loaded);
    // A dependency already reported as missing its manifest is not also
    // "not loaded".
    layout
        .diagnostics
        .extend(resolution.diagnostics.into_iter().filter(|d| {
            !(d.code == Code::M004
                && d.primary().is_some_and(|l| {
                    missing_deps
                        .iter()
                        .any(|(f, span, _)| *f == l.file && span.cover(l.range) == *span)
                }))
        }));
    for pack in &mut layout.packs {
        let Some(manifest) = pack.manifest_file else {
            continue;
        };
        for d in &mut layout.diagnostics {
            if matches!(d.code, Code::M002 | Code::M004)
                && d.primary().is_some_and(|l| l.file == manifest)
            {
                pack.dependencies_missing = true;
                d.notes.push(tiaoli_diagnostics::msg!(
                    en: "`{}` is not checked until it is found: every name from it would be unknown",
                    zh: "找到该依赖之前不检查 `{}`：其中来自该依赖的每个名称都会是未知的",
                    pack.ident
                ));
            }
        }
    }
    for (pos, &k) in valid.iter().enumerate() {
        let deps = resolution
            .deps
            .get(pos)
            .map(|ds| ds.iter().filter_map(|&d| valid.get(d).copied()).collect())
            .unwrap_or_default();
        if let Some(pack) = layout.packs.get_mut(k) {
            pack.deps = deps;
        }
    }
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
fn find_roots(
    host: &dyn Host,
    path: &Path,
    roots: &mut Vec<Root>,
    seen: &mut Vec<PathBuf>,
) -> Result<(), IoError> {
    if host.is_file(path) {
        // A file inside a pack means the pack.
        match path.parent().filter(|p| pack_files::is_pack(host, p)) {
            Some(dir) => roots.push(Root::Pack(dir.to_path_buf())),
            None => roots.push(Root::File(path.to_path_buf())),
        }
        return Ok(());
    }
    if !host.is_dir(path) {
        return Err(format!(
            "cannot read `{}`: no such file or folder",
            path.display()
        ));
    }
    let canonical = host.canonical(path);
    if seen.contains(&canonical) {
        return Ok(());
    }
    seen.push(canonical);
    if pack_files::is_pack(host, path) {
        roots.push(Root::Pack(path.to_path_buf()));
        return Ok(());
    }
    let mut entries = host.list_dir(path)?;
    entries.sort();
    if entries.iter().any(|e| pack_files::is_source(e)) {
        roots.push(Root::NoManifest(path.to_path_buf()));
    }
    for entry in entries {
        if host.is_dir(&entry) {
            find_roots(host, &entry, roots, seen)?;
        }
    }
    Ok(())
}

/// The folder of the nearest `tiaoli.toml` at or above `file`'s folder:
/// the pack an editor's open file belongs to. None for a lone file.
pub fn pack_root_of(host: &dyn Host, file: &Path) -> Option<PathBuf> {
    let start = if host.is_dir(file) {
        file
    } else {
        file.parent().unwrap_or(Path::new(""))
    };
    let start = if start.as_os_str().is_empty() {
        Path::new(".")
    } else {
        start
    };
    start
        .ancestors()
        .find(|d| pack_files::is_pack(host, d))
        .map(Path::to_path_buf)
}

/// Reads a pack file or manifest into the layout's sources: its id, and
/// whether it is text. A file that is not UTF-8 is kept (decoded lossily)
/// with S009 at its first invalid byte.
fn add_source(
    host: &dyn Host,
    path: &Path,
    layout: &mut Layout,
) -> Result<(FileId, bool), IoError> {
    Ok(match host.read_source(path)? {
        Contents::Text(text) => (layout.sources.add(display(path), text), true),
        Contents::NotUtf8(bad) => {
            let id = layout.sources.add(display(path), bad.text.clone());
            layout.diagnostics.push(bad.diagnostic(id));
            (id, false)
        }
    })
}

/// A path as shown in diagnostics: as the user gave it, without `./`.
pub(crate) fn display(path: &Path) -> String {
    let s = path.display().to_string();
    s.strip_prefix("./").map(str::to_owned).unwrap_or(s)
}

/// Whether the checker's diagnostic `d` follows from a missing dependency:
/// it lies in a pack whose dependency is not loaded (`hidden` holds that
/// pack's files), so it is one of the hundreds of unknown names a single
/// M002 or M004 would otherwise bring (the M diagnostic says so).
pub fn hides_cascade(hidden: &[FileId], d: &Diagnostic) -> bool {
    d.primary().is_some_and(|l| hidden.contains(&l.file))
}
