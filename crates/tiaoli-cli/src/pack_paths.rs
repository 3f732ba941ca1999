//! What `check`, `test` and `coverage` refuse before and after looking for
//! packs (review B13): a file that is not part of a pack (`check README.md`
//! gave 123 syntax errors), and paths under which no pack is found (which
//! gave "checked 0 packs: no problems", exit 0).

use std::path::{Path, PathBuf};

use tiaoli_workspace::Layout;

/// Exit status when no pack is found: 1, a result (nothing was checked),
/// as `eval --fail-on` treats an input with no records.
pub const NO_PACK: u8 = 1;

/// Err for a file that is neither a `.tiaoli` file nor a pack's manifest
/// or lockfile (a usage error: exit status 2).
pub fn refuse_other_files(paths: &[PathBuf]) -> Result<(), String> {
    for path in paths {
        if path.is_file() && !is_pack_file(path) {
            return Err(format!(
                "`{}` is not a .tiaoli file: give a pack folder (with tiaoli.toml), a folder of packs, or .tiaoli files",
                path.display()
            ));
        }
    }
    Ok(())
}

pub fn is_pack_file(path: &Path) -> bool {
    path.extension().is_some_and(|x| x == "tiaoli")
        || path
            .file_name()
            .is_some_and(|n| n == "tiaoli.toml" || n == "tiaoli.lock")
}

/// True, after warning, when the layout holds no pack and nothing was
/// reported while looking (a folder of `.tiaoli` files with no manifest is
/// reported by loading, and that report is what the user needs).
pub fn none_found(layout: &Layout, paths: &[PathBuf]) -> bool {
    if !layout.packs.is_empty() || !layout.diagnostics.is_empty() {
        return false;
    }
    let shown: Vec<String> = paths.iter().map(|p| format!("`{}`", p.display())).collect();
    stderr!(
        "warning: no pack found under {} (a pack is a folder with a tiaoli.toml manifest)",
        shown.join(", ")
    );
    true
}
