//! The project configuration (`tiaoli_pack::parse_config`): found once per
//! run in the working folder or the nearest folder above it — a
//! `.tiaoli.toml`, or a `tiaoli.toml` with a `[tool]` table — and read
//! where the defaults are taken. A flag always wins; `TIAOLI_LANG` wins
//! over `lang`.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use tiaoli_diagnostics::Diagnostic;
use tiaoli_pack::Config;
use tiaoli_text::Sources;

/// The configuration in effect, and where it was found.
#[derive(Debug)]
pub struct Found {
    pub config: Config,
    /// Its folder: what `packs` are relative to.
    pub dir: PathBuf,
}

static FOUND: OnceLock<Option<Found>> = OnceLock::new();

/// A configuration file with errors: its diagnostics, against its text.
pub struct Invalid {
    pub file: PathBuf,
    pub diagnostics: Vec<Diagnostic>,
    pub sources: Sources,
}

/// Finds and reads the configuration; call once, before [`get`].
pub fn load() -> Result<(), Invalid> {
    let found = match find() {
        Some((file, in_manifest)) => read(&file, in_manifest)?,
        None => None,
    };
    let _ = FOUND.set(found);
    Ok(())
}

/// The configuration, if a file was found (None before [`load`]).
pub fn get() -> Option<&'static Found> {
    FOUND.get().and_then(Option::as_ref)
}

/// The configuration's diagnostics in `sources` (for `tiaoli check`, which
/// reports them with the packs'): empty when it is valid or absent.
pub fn diagnostics_into(sources: &mut Sources) -> Vec<Diagnostic> {
    let Some((file, in_manifest)) = find() else {
        return Vec::new();
    };
    let Ok(text) = std::fs::read_to_string(&file) else {
        return Vec::new();
    };
    let id = sources.add(display(&file), text.clone());
    tiaoli_pack::parse_config(&text, id, in_manifest)
        .err()
        .unwrap_or_default()
}

/// The `packs` of the configuration, relative to its folder.
pub fn packs() -> Option<Vec<PathBuf>> {
    let found = get()?;
    let packs = found.config.packs.as_ref()?;
    Some(
        packs
            .iter()
            .map(|p| {
                let p = Path::new(p);
                if p.is_absolute() || found.dir == Path::new(".") {
                    p.to_path_buf()
                } else {
                    found.dir.join(p)
                }
            })
            .collect(),
    )
}

/// The nearest `.tiaoli.toml` (false), or `tiaoli.toml` with `[tool]` (true).
fn find() -> Option<(PathBuf, bool)> {
    let cwd = std::env::current_dir().ok()?;
    for dir in cwd.ancestors() {
        let dot = dir.join(".tiaoli.toml");
        if dot.is_file() {
            return Some((relative(&cwd, dot), false));
        }
        let manifest = dir.join("tiaoli.toml");
        if manifest.is_file()
            && std::fs::read_to_string(&manifest).is_ok_and(|t| has_tool_table(&t))
        {
            return Some((relative(&cwd, manifest), true));
        }
    }
    None
}

/// A `[tool]` header line (the parser decides the rest).
fn has_tool_table(text: &str) -> bool {
    text.lines().any(|l| {
        let l = l.trim();
        l.starts_with("[tool]") || l.starts_with("[tool.")
    })
}

fn read(file: &Path, in_manifest: bool) -> Result<Option<Found>, Invalid> {
    let Ok(text) = std::fs::read_to_string(file) else {
        return Ok(None);
    };
    let mut sources = Sources::new();
    let id = sources.add(display(file), text.clone());
    match tiaoli_pack::parse_config(&text, id, in_manifest) {
        Ok(config) => Ok(config.map(|config| Found {
            config,
            dir: file
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."))
                .to_path_buf(),
        })),
        Err(diagnostics) => Err(Invalid {
            file: file.to_path_buf(),
            diagnostics,
            sources,
        }),
    }
}

/// `file` relative to the working folder when it is inside it.
fn relative(cwd: &Path, file: PathBuf) -> PathBuf {
    file.strip_prefix(cwd)
        .map(Path::to_path_buf)
        .unwrap_or(file)
}

fn display(file: &Path) -> String {
    file.display().to_string()
}
